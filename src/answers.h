/*
 * answers.h - answer files: a person's verdicts for rules no check can decide
 *
 * An answer file (schema content/answers.xsd, documented in docs/answers.md) gives, per Vuln id
 * and per host name or DEFAULT, the result and comment for a rule — applied only when the
 * evaluated result is the one the answer expects (usually notchecked), as Evaluate-STIG's
 * answer files are. An applied answer is recorded as an XCCDF override (old result, new result,
 * authority, remark), so it can never pass for an automated verdict.
 */
#ifndef SCAPULA_ANSWERS_H
#define SCAPULA_ANSWERS_H

#include <stddef.h>

struct answer {
	char *vuln;     /* "V-228380" */
	char *host;     /* host name, or "DEFAULT" */
	char *expected; /* XCCDF result the evaluation must have given: "notchecked", ... */
	char *result;   /* XCCDF result to record: pass | fail | notapplicable | informational */
	char *comment;  /* the reviewer's words; "" when none */
};

struct answers {
	char *path;  /* the file, for the override's authority */
	char *stig;  /* benchmark id the answers are for; "" for any */
	struct answer *items;
	size_t n_items;
};

/* Load and validate PATH. Errors name the file and the answer (line). *out is the caller's. */
int answers_load(struct answers **out, const char *path);
void answers_free(struct answers *a);

/*
 * The answer for VULN on HOST whose expected result is EVALUATED: the host's own answer if it
 * has one, else DEFAULT's; NULL when none applies. Borrowed from A.
 */
const struct answer *answers_find(const struct answers *a, const char *vuln, const char *host,
				  const char *evaluated);

#endif
