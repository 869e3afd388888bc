/*
 * report_model.h - the report model: what every report is made from
 *
 * One XML document in the namespace urn:scapula:report:1 (docs/report-model.md), built from an
 * ARF alone: host, then per benchmark its metadata, counts and every rule with its texts,
 * result, checklist status, finding details and answer comment. HTML and CKL are XSLT over it
 * (xslt/report.xsl, xslt/ckl.xsl); CKLB and CSV are written from it by checklist.c.
 */
#ifndef SCAPULA_REPORT_MODEL_H
#define SCAPULA_REPORT_MODEL_H

#include <libxml/tree.h>

#define REPORT_NS "urn:scapula:report:1"

/* Borrowed accessors over the model; never NULL ("" when absent), valid while the doc lives. */
xmlNodePtr model_first(xmlNodePtr parent, const char *name);
xmlNodePtr model_next(xmlNodePtr node, const char *name);
const char *model_attr(xmlNodePtr node, const char *name);
const char *model_text(xmlNodePtr node);
const char *model_child_text(xmlNodePtr parent, const char *name);
/* The text of <field name="NAME"> under a rule. */
const char *model_field(xmlNodePtr rule, const char *name);

/* XCCDF result → STIG Viewer status (NotAFinding, Open, Not_Applicable, Not_Reviewed). */
const char *ckl_status_of(const char *xccdf_result);

#endif
