/*
 * report.h - from an ARF (scapula's, as arf.c writes it) to the report model, and from the
 * model to every report format
 */
#ifndef SCAPULA_REPORT_H
#define SCAPULA_REPORT_H

#include <stddef.h>

#include <libxml/tree.h>

enum report_format {
	REPORT_HTML = 1 << 0,
	REPORT_CKL = 1 << 1,
	REPORT_CKLB = 1 << 2,
	REPORT_CSV = 1 << 3,
	REPORT_ALL = 0xf,
};

/* File names scan writes next to each arf.xml. */
const char *report_file_name(enum report_format f);

/*
 * Build the report model (report_model.h) from ARF, an asset report collection holding one
 * XCCDF 1.2 TestResult and, in its report request, the data stream with the benchmark.
 * NAME names the ARF in errors. *out is the caller's.
 */
int report_model_from_arf(xmlDocPtr *out, xmlDocPtr arf, const char *name);

/* The report stylesheets (xslt/report.xsl, xslt/ckl.xsl), loaded once per run. */
struct report_styles;
int report_styles_load(struct report_styles **out, const char *xslt_dir);
void report_styles_free(struct report_styles *st);

/* The folder of our stylesheets: $SCAPULA_XSLT_DIR, else the source tree's xslt/. Borrowed. */
const char *report_xslt_dir(void);

/*
 * Render MODEL as format F into a new buffer (*buf is the caller's, free()). HTML and CKL are
 * XSLT under the security preferences of xslt.c; CKLB and CSV are written by checklist.c.
 */
int report_render(char **buf, size_t *len, xmlDocPtr model, enum report_format f,
		  const struct report_styles *st);

/*
 * Where format F of host HOST's reports goes: the path into OUT (SIZE bytes), folders made.
 * CTX is report_write's. 0, or -1 with the error set.
 */
typedef int (*report_path_fn)(char *out, size_t size, enum report_format f, const char *host,
			      void *ctx);

/*
 * Render every format in FORMATS from ARF (NAME names it in errors), then write each one
 * atomically where PATH_FOR says: nothing is written when any render fails.
 */
int report_write(xmlDocPtr arf, const char *name, unsigned formats,
		 const struct report_styles *st, report_path_fn path_for, void *ctx);

/* A stable name-based UUID (RFC 4122 version 5, SHA-1) for the NUL-separated parts. */
void uuid_v5(char out[37], const char *const *parts, size_t n_parts);

#endif
