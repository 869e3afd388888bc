/*
 * benchmark.h - the model of a STIG: a benchmark and its rules
 *
 * Built from an XCCDF 1.1 or 1.2 Benchmark element, or from each XCCDF Benchmark inside a
 * SCAP 1.2/1.3 source data stream collection. All strings are owned by the model (UTF-8,
 * never NULL for the fields marked "always"; "" when absent in the source).
 */
#ifndef SCAPULA_BENCHMARK_H
#define SCAPULA_BENCHMARK_H

#include <stddef.h>

#include <libxml/tree.h>

/* The fields DISA embeds, escaped, inside each rule's <description>. */
enum desc_field {
	DESC_VULN_DISCUSSION,
	DESC_FALSE_POSITIVES,
	DESC_FALSE_NEGATIVES,
	DESC_DOCUMENTABLE,
	DESC_MITIGATIONS,
	DESC_SEVERITY_OVERRIDE_GUIDANCE,
	DESC_POTENTIAL_IMPACTS,
	DESC_THIRD_PARTY_TOOLS,
	DESC_MITIGATION_CONTROL,
	DESC_RESPONSIBILITY,
	DESC_IA_CONTROLS,
	DESC_N_FIELDS
};

/* "VulnDiscussion", "FalsePositives", ... */
const char *desc_field_name(enum desc_field f);

/* "vuln_discussion", "false_positives", ...: the key used in JSON output. */
const char *desc_field_key(enum desc_field f);

/*
 * Split a rule's description text (as libxml2 returns it, entities decoded once) into the
 * fields DISA embeds as escaped tags: "<VulnDiscussion>...</VulnDiscussion><FalsePositives>...".
 * A hand-written scanner, never an XML parser: the first "<Name>" of each field opens it and the
 * next "</Name>" closes it (an unterminated field runs to the next field's opening tag or the
 * end); inside, &lt; &gt; &amp; &quot; &apos; are decoded exactly once and anything else is kept
 * as it is. Any input is accepted (fuzz target). OUT[i] are new strings, "" for fields not
 * present; on failure (-1, out of memory) nothing is left allocated.
 */
int desc_parse(char *out[DESC_N_FIELDS], const char *text, size_t len);

/* A check beyond a rule's first one (some old DISA benchmarks carry two or three). */
struct rule_check {
	char *system;   /* always */
	char *ref_href; /* always */
	char *ref_name; /* always */
	char *text;     /* always */
};

/* A fix text beyond a rule's first one. */
struct rule_fix {
	char *id;   /* always: fixtext@fixref */
	char *text; /* always */
};

/* An ident that is neither a CCI nor a legacy id (CCE, CVE, ...). */
struct rule_ident {
	char *system; /* always */
	char *value;  /* always */
};

struct rule {
	char *group_id;    /* always: "V-228375" (XCCDF 1.2: the full xccdf_..._group_... id) */
	char *group_title; /* always: "SRG-APP-000219" */
	char *rule_id;     /* always: "SV-228375r879636_rule" */
	char *stig_id;     /* always: <version>, "EX16-MB-000220" */
	char *severity;    /* always: "high" | "medium" | "low" | "unknown" | "info" */
	char *weight;      /* always: "10.0" */
	char *title;       /* always */
	char *description; /* always: the raw description text (entities already decoded once) */
	char *desc[DESC_N_FIELDS]; /* always: the embedded fields, decoded; "" when absent */
	char *fix_text;    /* always */
	char *fix_id;      /* always: fixtext@fixref, else fix@id */
	char *check_system;   /* always: check@system ("C-30608r572123_chk" for DISA) */
	char *check_ref_href; /* always: check-content-ref@href */
	char *check_ref_name; /* always: check-content-ref@name ("M" for manual) */
	char *check_text;     /* always: check-content text */
	char **ccis;        /* "CCI-001184", in document order */
	size_t n_ccis;
	char **legacy_ids;  /* "SV-95375", "V-80665" */
	size_t n_legacy_ids;
	char *ref_title, *ref_publisher, *ref_type, *ref_subject;
	char *ref_identifier; /* always: dc:identifier, the STIG Viewer TargetKey ("4223") */
	/* The fields above hold a rule's first fixtext and check; any further ones are here. */
	struct rule_fix *more_fixes;
	size_t n_more_fixes;
	struct rule_check *more_checks;
	size_t n_more_checks;
	struct rule_ident *idents; /* other idents, in document order */
	size_t n_idents;
};

struct profile {
	char *id;    /* always */
	char *title; /* always */
	char **selected; /* idrefs selected="true", in document order */
	size_t n_selected;
};

struct benchmark {
	char *id;           /* always: "MS_Exchange_2016_Mailbox_Server_STIG" */
	char *xccdf_version; /* always: "1.1" or "1.2" */
	char *title;        /* always */
	char *description;  /* always */
	char *version;      /* always: <version>, "2" */
	char *release_info; /* always: plain-text release-info, "Release: 6 Benchmark Date: 24 Jan 2024" */
	char *status;       /* always: "accepted" */
	char *status_date;  /* always: "2023-12-18" */
	char *source;       /* always: the entry path (package_entry.path), plus "#component-id" in a data stream */
	char *notice;       /* always */
	char *ref_publisher, *ref_source; /* always */
	char *generator;    /* always: plain-text generator */
	struct profile *profiles;
	size_t n_profiles;
	struct rule *rules; /* in document order */
	size_t n_rules;
};

/* Severity → CAT: high 1, medium 2, low 3, else 0. */
int rule_cat(const struct rule *r);

/* "CAT I", "CAT II", "CAT III", or "" when the severity has no category. */
const char *rule_cat_name(const struct rule *r);

/* "V2R6" from version "2" and release_info "Release: 6 ..."; writes "" when unknown. */
void benchmark_short_version(const struct benchmark *b, char *buf, size_t size);

/*
 * The title without the words every DISA title repeats ("Security Technical Implementation
 * Guide", "Microsoft"), spaces collapsed: "Exchange 2016 Mailbox Server". A new string in *OUT.
 */
int benchmark_short_title(char **out, const struct benchmark *b);

/* "24 Jan 2024" from release_info; borrowed pointer into b->release_info or "". */
const char *benchmark_date(const struct benchmark *b, size_t *len);

/*
 * Build the model from one XCCDF Benchmark element (1.1 or 1.2). SOURCE is copied into
 * b->source. On error the message names SOURCE and the rule.
 */
int benchmark_from_xml(struct benchmark **out, xmlNodePtr benchmark_el, const char *source);

void benchmark_free(struct benchmark *b);

/*
 * What a document is, by its root element and namespace.
 */
enum doc_kind {
	DOC_OTHER = 0,
	DOC_XCCDF11,    /* http://checklists.nist.gov/xccdf/1.1 Benchmark */
	DOC_XCCDF12,    /* http://checklists.nist.gov/xccdf/1.2 Benchmark */
	DOC_DATASTREAM, /* http://scap.nist.gov/schema/scap/source/1.2 data-stream-collection */
};
enum doc_kind doc_kind_of(xmlDocPtr doc);

/*
 * Called once per benchmark found in a document; the benchmark is borrowed for the call.
 * Return 0 to go on, -1 to stop (error set).
 */
typedef int (*benchmark_visit_fn)(const struct benchmark *b, void *ctx);

/*
 * Every benchmark in the package at PATH, one at a time, streamed (never all at once).
 * A benchmark that cannot be read is reported through ON_BAD (with the error set) and the walk
 * goes on; if ON_BAD is NULL, the walk stops with -1. Non-benchmark XML is skipped.
 */
typedef void (*benchmark_bad_fn)(const char *source, void *ctx);
int benchmark_walk(const char *path, benchmark_visit_fn fn, benchmark_bad_fn on_bad, void *ctx);

#endif
