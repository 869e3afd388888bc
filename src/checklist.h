/*
 * checklist.h - STIG Viewer 3 checklist (CKLB) and CSV from the report model
 *
 * The report model (urn:scapula:report:1, built by report.c from an ARF) is the single source
 * of every report: CKL and HTML are XSLT over it, CKLB and CSV are written here.
 */
#ifndef SCAPULA_CHECKLIST_H
#define SCAPULA_CHECKLIST_H

#include <stddef.h>

#include <jansson.h>
#include <libxml/tree.h>

/* The CKLB document (DISA's STIG Viewer 3 JSON schema 1.0) for MODEL; *out is the caller's. */
int cklb_from_model(json_t **out, xmlDocPtr model);

/*
 * CSV rows for MODEL (RFC 4180, CRLF line ends, UTF-8): hostname, STIG, Vuln id, rule id,
 * STIG id, CAT, status, title, finding details (one line), CCIs. With HEADER, the header row
 * first. Appends to *buf (grown with realloc; *buf may be NULL with *len 0).
 */
int csv_from_model(char **buf, size_t *len, xmlDocPtr model, int header);

#endif
