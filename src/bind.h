/*
 * bind.h - DISA benchmark + our OVAL content → SCAP 1.3 source data stream
 *
 * For each DISA XCCDF 1.1 benchmark: rules are matched to the binding by Vuln id (the Group
 * id), so a new rule-id revision keeps its binding; each rule's check text is fingerprinted and
 * compared with the binding's (content drift: the STIG changed the check after ours was
 * written). The benchmark is then converted to XCCDF 1.2 by OpenSCAP's stylesheet (ids
 * xccdf_mil.disa.stig_rule_SV-…), with:
 *   - DISA's check-content-ref (name "M", a file that does not exist) removed everywhere;
 *   - for automated and site-value rules, a first check of system OVAL pointing at the OVAL
 *     definition by href (the binding's OVAL file name) and name (definition id), with a
 *     check-export per site value (export-name = OVAL variable id, value-id = the Value id);
 *     DISA's check-content follows as a second, manual check, so reports keep the check text
 *     (libopenscap picks the check whose system has an engine);
 *   - evidence and manual rules keep DISA's check-content only (not checked);
 *   - one XCCDF Value per binding value (xccdf_mil.disa.stig_value_<id>, default = STIG's);
 *   - every <platform> removed (libopenscap checks CPEs on the scanning host, which would make
 *     every rule notapplicable), and deprecated 1.1 elements, TestResults and signatures too;
 *   - cyclic or dangling `extends` rejected first (a cycle crashes libopenscap 1.3.7).
 * With no benchmark, a binding alone gives a benchmark of our own (ids
 * xccdf_<content namespace>_rule_V-228375, titles from the OVAL metadata).
 *
 * The data stream: one data-stream (scap-version 1.3, use-case OTHER) with one checklist per
 * benchmark (sorted by id), each with a catalog mapping the OVAL href to the OVAL component's
 * ref, and one check per OVAL document. Ids scap_scapula_{collection,datastream,cref,comp}_….
 * Timestamps come from the caller (SOURCE_DATE_EPOCH) or else the benchmark's status date (the
 * OVAL generator timestamp for content alone), so the same inputs give the same bytes.
 */
#ifndef SCAPULA_BIND_H
#define SCAPULA_BIND_H

#include <stddef.h>

#include <libxml/tree.h>

#include "content.h"

#define XCCDF11_NS		"http://checklists.nist.gov/xccdf/1.1"
#define XCCDF12_NS		"http://checklists.nist.gov/xccdf/1.2"
#define SDS_NS			"http://scap.nist.gov/schema/scap/source/1.2"
#define DISA_REVERSE_DNS	"mil.disa.stig"
#define OPENSCAP_XCCDF_11_TO_12 "/usr/share/openscap/xsl/xccdf_1.1_to_1.2.xsl"

enum bind_status {
	BIND_OK,	/* bound; the check text is the one the check was written against */
	BIND_DRIFT,	/* bound; the check text changed since: review the check */
	BIND_UNBOUND,	/* in the benchmark, not in the binding: treated as manual */
	BIND_REMOVED,	/* in the binding, not in the benchmark */
	BIND_NO_SOURCE, /* content alone: no DISA check text to compare */
};

/* "ok", "drift", "unbound", "removed", "-". */
const char *bind_status_name(enum bind_status s);

struct bind_row {
	char *vuln;    /* "V-228375" */
	char *stig_id; /* "EX16-MB-000220" (the benchmark's; else the binding's) */
	char *rule_id; /* "SV-228375r879636_rule"; "" for content alone and removed rules */
	int cat;       /* 1, 2, 3; 0 when unknown */
	enum rule_class cls;
	char *definition; /* "" when none */
	enum bind_status status;
};

struct bind_checklist {
	char *benchmark;       /* DISA's benchmark id */
	char *release;	       /* "V2R6"; "" for content alone */
	char *written_against; /* the binding's release */
	char *binding_path;
	struct bind_row *rows; /* the benchmark's rules in document order, then removed ones */
	size_t n_rows;
};

struct bind_result {
	struct bind_checklist *lists; /* in data-stream order (sorted by benchmark id) */
	size_t n_lists;
	xmlDocPtr ds; /* the source data stream collection */
};

struct bind_source {
	xmlDocPtr xccdf;  /* DISA's XCCDF 1.1 benchmark (not modified), or NULL: content alone */
	const char *name; /* names the XCCDF in errors (package path and entry) */
	const struct binding *binding;
};

/*
 * Build the data stream for N sources (two sources may not share a benchmark id).
 * EPOCH >= 0 sets every timestamp (seconds since 1970, UTC); -1 uses the dates in the inputs.
 * On success *out is the caller's (bind_result_free).
 */
int bind_build(struct bind_result **out, const struct bind_source *src, size_t n, long long epoch);

void bind_result_free(struct bind_result *r);

/* The XCCDF 1.1 benchmarks of a package that bind will work on. */
struct bind_found {
	xmlDocPtr doc; /* the benchmark document, parsed */
	char *name;    /* where it came from: "pkg.zip:inner.zip:U_…-xccdf.xml" */
	char *id;      /* its benchmark id */
};

struct bind_package {
	struct bind_found *found; /* in package order */
	size_t n_found;
	char **skipped; /* "ID (where)" for benchmarks without content, left out */
	size_t n_skipped;
};

/*
 * Walk the package at PATH (zip, zip of zips, folder, file) and keep each XCCDF 1.1
 * benchmark that C binds; with STIG not NULL, keep only the benchmark of that id (an error if
 * it has no binding). Any XML entry that cannot be parsed is an error naming it. Errors too
 * when nothing is kept, naming what the package holds. Release with bind_package_release.
 */
int bind_package_read(struct bind_package *out, const char *path, const struct content *c,
		      const char *stig);
void bind_package_release(struct bind_package *p);

/* Count of rows in L with status S. */
size_t bind_count_status(const struct bind_checklist *l, enum bind_status s);

/*
 * Reject what libopenscap 1.3.7 cannot survive in an XCCDF 1.1 or 1.2 Benchmark: an `extends`
 * chain (Profile, Group, Rule, Value) that loops or names nothing. NAME names the document.
 */
int xccdf_check_extends(xmlNodePtr benchmark, const char *name);

#endif
