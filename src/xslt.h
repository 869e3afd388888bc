/*
 * xslt.h - the only way scapula runs XSLT (docs/security.md, item 3)
 *
 * libxslt's security is off by default. Every transform here runs under its own
 * xsltSecurityPrefs that forbid reading and writing files, creating folders and any network
 * access (so document(), exsl:document and xsl:document fail), with NONET parse options, a
 * template recursion cap and an operation cap. Any error or warning libxslt raises during the
 * transform (a refused access included) fails it: a report made from half a transform is
 * worse than none.
 *
 * Stylesheets are trusted files (ours, or OpenSCAP's under /usr/share/openscap/xsl/); they are
 * still read through xml_parse_file. A stylesheet that imports others needs the folder allowed
 * with xml_allow_prefix first.
 */
#ifndef SCAPULA_XSLT_H
#define SCAPULA_XSLT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>

/* Caps applied to each transform. */
#define XSLT_MAX_TEMPLATE_DEPTH 200
#define XSLT_OP_LIMIT		50000000UL /* converting DISA's largest benchmark (1.5 MB) takes about 1M */

/* Load the stylesheet at PATH. On success *out is the caller's (xslt_stylesheet_free). */
int xslt_stylesheet_load(xsltStylesheetPtr *out, const char *path);

/* Load a stylesheet from LEN bytes of BUF; NAME names it in errors. */
int xslt_stylesheet_parse(xsltStylesheetPtr *out, const char *buf, size_t len, const char *name);

void xslt_stylesheet_free(xsltStylesheetPtr style);

/*
 * Apply STYLE to DOC. PARAMS is NULL or a NULL-terminated list of name, value pairs; values
 * are plain strings (quoted for the stylesheet, never evaluated as XPath). NAME names the
 * input in errors. On success *out is a new document (xmlFreeDoc).
 */
int xslt_apply(xmlDocPtr *out, xsltStylesheetPtr style, xmlDocPtr doc, const char *const *params,
	       const char *name);

/*
 * Apply STYLE to DOC and serialize the result by the stylesheet's xsl:output (html, text,
 * xml). On success *out is a new buffer (free), *out_len its length.
 */
int xslt_apply_to_buffer(char **out, size_t *out_len, xsltStylesheetPtr style, xmlDocPtr doc,
			 const char *const *params, const char *name);

#endif
