/*
 * evaluate.h - evaluate a SCAP 1.3 source data stream against one host's collected facts
 *
 * libopenscap evaluates the XCCDF policy; its OVAL engine callback evaluates each rule's
 * OVAL definition against system characteristics built from the facts. libopenscap is never
 * given a probe session, so nothing of the machine scapula runs on is ever read: an object
 * the facts do not hold comes out unknown (absent) or error (collected with an error), never
 * pass or fail. (xccdf_session, which `oscap xccdf eval` uses, would probe this machine for
 * any missing object; it is not used.)
 *
 * Load the content once per scan with eval_content_load, then call evaluate_host for each
 * host. Calls on one eval_content must not run concurrently (libopenscap's XCCDF policy
 * model is shared); load one eval_content per thread to evaluate in parallel.
 */
#ifndef SCAPULA_EVALUATE_H
#define SCAPULA_EVALUATE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "tailoring.h"

#define EVAL_OVAL_SYSTEM "http://oval.mitre.org/XMLSchema/oval-definitions-5"

/*
 * An evidence rule (a manual check whose evidence the collector gathers) carries, besides
 * its manual check, <check system="urn:scapula:evidence"> with a check-content-ref whose
 * name is an OVAL object of the content's OVAL component: the rule stays notchecked and its
 * details list everything the facts hold for that object.
 */
#define EVAL_EVIDENCE_SYSTEM "urn:scapula:evidence"

/* XCCDF 1.2 results, in libopenscap's order (xccdf_test_result_type_t). */
enum eval_verdict {
	EVAL_PASS = 1,
	EVAL_FAIL,
	EVAL_ERROR,
	EVAL_UNKNOWN,
	EVAL_NOTAPPLICABLE,
	EVAL_NOTCHECKED,
	EVAL_NOTSELECTED,
	EVAL_INFORMATIONAL,
	EVAL_FIXED,
};

/* The XCCDF spelling: "pass", "fail", "error", "unknown", "notapplicable", ... */
const char *eval_verdict_name(enum eval_verdict v);

struct eval_export {
	char *value_id;	   /* XCCDF Value id */
	char *export_name; /* OVAL external variable id */
};

struct eval_ident {
	char *system; /* "http://cyber.mil/cci" */
	char *id;     /* "CCI-001184" */
};

struct eval_rule {
	char *rule_id; /* "xccdf_mil.disa.stig_rule_SV-228375r879636_rule" */
	enum eval_verdict result;
	char *severity; /* "low" | "medium" | "high" | "info" | "unknown" */
	char *weight;	/* "10.0" */
	char *version;	/* the rule's <version> (the STIG id), or NULL */
	struct eval_ident *idents;
	size_t n_idents;
	char *check_system;    /* the check that was used, or NULL for a rule without one */
	char *definition_id;   /* its check-content-ref name for an OVAL check, else NULL */
	char *check_content;   /* its check-content text (manual checks), else NULL */
	char *evidence_object; /* an evidence rule's OVAL object id, else NULL */
	struct eval_export *exports;
	size_t n_exports;
	/*
	 * What a reviewer reads: for an OVAL rule, one line per object seen (which passed,
	 * which failed, the values seen and the value expected) or why nothing could be
	 * judged; for a manual rule, the check text. Never NULL.
	 */
	char *details;
};

/* A Value exported to the OVAL checks, with the value this evaluation used. */
struct eval_value {
	char *id;
	char *value;
	int tailored; /* set from the tailoring file rather than the benchmark's default */
	int unset;    /* no value at all: a site value the STIG leaves to the site, not yet set */
};

struct eval_result {
	struct eval_rule *rules; /* in benchmark order, one per rule (notselected included) */
	size_t n_rules;
	struct eval_value *values; /* sorted by id */
	size_t n_values;
	double score; /* urn:xccdf:scoring:default */
	double score_max;
	/*
	 * The OVAL 5.11 results document: libopenscap's results, with the definitions section
	 * copied from the content's original OVAL document and the system characteristics
	 * given to evaluate_host. Valid for `oscap oval validate --results`.
	 */
	xmlDocPtr oval_results;
};

struct eval_content;

/*
 * Load the SCAP 1.3 source data stream PATH: its (first) XCCDF 1.2 benchmark and the one
 * OVAL definitions component its rules refer to. Refuses content that would make
 * libopenscap touch this machine (platform applicability, which it tests locally) and
 * rules whose OVAL definition or exported variable is missing. On success *out is the
 * caller's, freed with eval_content_free.
 */
int eval_content_load(struct eval_content **out, const char *path);

/* The same from LEN bytes of BUF (need not be NUL-terminated); NAME names it in errors. */
int eval_content_load_buffer(struct eval_content **out, const char *buf, size_t len,
			     const char *name);

void eval_content_free(struct eval_content *c);

/* Borrowed from C, valid until eval_content_free. */
xmlDocPtr eval_content_ds(const struct eval_content *c);   /* the data stream as parsed */
xmlDocPtr eval_content_oval(const struct eval_content *c); /* the OVAL definitions */
const char *eval_content_path(const struct eval_content *c);
const char *eval_content_benchmark_id(const struct eval_content *c);
const char *eval_content_benchmark_version(const struct eval_content *c);
const char *eval_content_benchmark_href(const struct eval_content *c); /* "#component-id" */

/* Whether the benchmark has a Value VALUE_ID; *is_number tells its type. */
int eval_content_has_value(const struct eval_content *c, const char *value_id, int *is_number);

/*
 * Evaluate every rule of CONTENT against SYSCHAR (OVAL 5.11 system characteristics, from
 * syschar_build; borrowed), with the site values TAILORED (may be NULL). On success *out is
 * the caller's, freed with eval_result_free.
 */
int evaluate_host(struct eval_result **out, const struct eval_content *content, xmlDocPtr syschar,
		  const struct eval_values *tailored);

void eval_result_free(struct eval_result *r);

#endif
