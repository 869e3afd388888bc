/*
 * xml.h - the only way scapula parses XML
 *
 * Every document is read into memory first (with a byte cap) and parsed from there with
 * XML_PARSE_NONET and none of NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER.
 * A pre-scan of the bytes rejects, before libxml2 sees them: compressed data, any DOCTYPE
 * (so no entity can be declared, let alone expanded), and elements with too many attributes
 * (libxml2 2.9 checks attribute uniqueness in quadratic time).
 */
#ifndef SCAPULA_XML_H
#define SCAPULA_XML_H

#include <stddef.h>
#include <libxml/tree.h>

/*
 * Process-wide set-up, called once before any parse: installs a deny-all external entity
 * loader (NONET alone does not stop file://) and routes libxml2's diagnostics into the error
 * channel instead of stderr.
 */
void xml_global_init(void);

/*
 * Allow the external entity loader to open files below PREFIX (a folder of trusted
 * stylesheets, e.g. our own xslt/ or OpenSCAP's). Everything else stays denied.
 */
void xml_allow_prefix(const char *prefix);

/*
 * Parse LEN bytes of BUF. NAME names the document in errors (a path, or "pkg.zip:entry.xml").
 * On success *out is a new document the caller frees with xmlFreeDoc.
 * Errors name NAME and, where libxml2 gives one, the line.
 */
int xml_parse(xmlDocPtr *out, const char *buf, size_t len, const char *name);

/* Read PATH into memory (at most the XML byte cap) and parse it as xml_parse does. */
int xml_parse_file(xmlDocPtr *out, const char *path);

/*
 * Check BUF without parsing: no compressed data, no DOCTYPE, attribute count per element
 * within the cap, size within the cap. Used by xml_parse; exposed for the fuzz targets.
 */
int xml_prescan(const char *buf, size_t len, const char *name);

/* Read a whole regular file into a new NUL-terminated buffer of at most MAX bytes. */
int file_read_all(char **out, size_t *out_len, const char *path, size_t max);

#endif
