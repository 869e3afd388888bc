/*
 * tailoring.h - site values from an XCCDF 1.2 tailoring file
 *
 * scapula takes from a tailoring file only what a site may change without touching the
 * STIG's rules: the set-value elements of its one Profile (e.g. a MaxHopCount of 30 instead
 * of the STIG's 60). A select, refine-value or refine-rule is refused rather than ignored, so
 * a tailoring never seems to do something it does not.
 */
#ifndef SCAPULA_TAILORING_H
#define SCAPULA_TAILORING_H

#include <stddef.h>

struct eval_content;

struct eval_setvalue {
	char *idref; /* the XCCDF Value id, "xccdf_mil.disa.stig_value_max_hop_count" */
	char *value; /* the text of set-value */
};

struct eval_values {
	char *source;	    /* the file name, for messages and the TestResult's tailoring-file */
	char *tailoring_id; /* Tailoring@id */
	char *version;	    /* Tailoring/version */
	char *version_time; /* Tailoring/version@time */
	char *profile_id;   /* the tailoring Profile's id */
	char *benchmark_id; /* Tailoring/benchmark@id: the benchmark it is for, or NULL */
	struct eval_setvalue *items; /* in document order; a later idref overrides an earlier one */
	size_t n_items;
};

/*
 * Load the tailoring file PATH. When CONTENT is not NULL, every set-value idref must name a
 * Value of its benchmark, and a number Value must get a number; otherwise the error names
 * PATH and the idref. On success *out is the caller's, freed with eval_values_free.
 */
int tailoring_load(struct eval_values **out, const char *path, const struct eval_content *content);

/* The value set for IDREF (the last one wins), or NULL; borrowed from V. V may be NULL. */
const char *eval_values_get(const struct eval_values *v, const char *idref);

void eval_values_free(struct eval_values *v);

#endif
