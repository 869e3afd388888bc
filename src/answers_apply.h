/*
 * answers_apply.h - record answers in an ARF's XCCDF TestResult as overrides
 */
#ifndef SCAPULA_ANSWERS_APPLY_H
#define SCAPULA_ANSWERS_APPLY_H

#include <libxml/tree.h>

#include "answers.h"

/*
 * For every rule-result whose rule (by its Group's Vuln id, from the benchmark in the ARF's
 * report request) has an answer for HOST expecting the evaluated result: set the new result and
 * add an XCCDF override (time WHEN, authority "answer file: PATH", old and new result, the
 * comment as remark). Returns the number applied, or -1 with the error set.
 */
int answers_apply_arf(xmlDocPtr arf, const struct answers *a, const char *host, const char *when);

#endif
