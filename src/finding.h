/*
 * finding.h - finding details: what a reviewer reads for one evaluated rule
 *
 * Built from the OVAL documents alone (the content's definitions and the OVAL results with
 * their system characteristics), so it works for any content: for each object a test looked
 * at (a receive connector, a database, the transport configuration...) one line says whether
 * it passed, the values seen and the values the state expects; when nothing could be judged
 * it says why (the facts hold nothing for the object, or its collection failed and how).
 *
 * The verdict itself is always libopenscap's. The per-object pass/fail marks are computed
 * here (the same comparisons, PCRE included) because OVAL results record one result per
 * item, and a cmdlet item holds every object the cmdlet returned.
 */
#ifndef SCAPULA_FINDING_H
#define SCAPULA_FINDING_H

#include <libxml/tree.h>

#include "evaluate.h"

struct finding_ctx;

/*
 * Index DEFINITIONS (an oval_definitions document) and RESULTS (an oval_results document
 * with system characteristics); both borrowed and must outlive the context. NULL on
 * failure, with the error set.
 */
struct finding_ctx *finding_ctx_new(xmlDocPtr definitions, xmlDocPtr results);

void finding_ctx_free(struct finding_ctx *fc);

/* Details for OVAL definition DEFINITION_ID, whose rule came out VERDICT. *out is the caller's. */
int finding_details(char **out, struct finding_ctx *fc, const char *definition_id,
		    enum eval_verdict verdict);

/*
 * Details for a rule without an OVAL check (manual): its check text, and, when
 * EVIDENCE_OBJECT names an OVAL object (an evidence rule), everything the facts hold for it,
 * for the reviewer to judge. FC may be NULL when there is no evidence. *out is the caller's.
 */
int finding_text(char **out, enum eval_verdict verdict, const char *check_content,
		 struct finding_ctx *fc, const char *evidence_object);

/*
 * Compare SEEN (NULL: the property is null) with EXPECTED under the OVAL OPERATION and
 * DATATYPE, as libopenscap does. 1 true, 0 false, -1 cannot tell (an operation or datatype
 * not handled here). Exposed for the unit tests.
 */
int finding_compare(const char *seen, const char *operation, const char *datatype,
		    const char *expected);

#endif
