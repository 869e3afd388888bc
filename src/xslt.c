/*
 * xslt.c - XSLT with libxslt's security preferences on, per transform
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

#include "error.h"
#include "xml.h"
#include "xslt.h"

/*
 * The first diagnostic libxslt gave, gathered from its printf-style pieces: its first two
 * lines, since libxslt puts the location ("runtime error: file x.xsl line 3 element
 * value-of") on a line of its own before the message.
 */
struct xslt_errors {
	char msg[768];
	int lines; /* complete lines gathered so far */
	int count; /* diagnostics seen */
};

static _Thread_local struct xslt_errors parse_errors;

static void collect(struct xslt_errors *e, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void collect(struct xslt_errors *e, const char *fmt, va_list ap)
{
	size_t n = strlen(e->msg);

	if (e->lines >= 2)
		return;
	if (e->lines == 0 && n == 0)
		e->count++;
	vsnprintf(e->msg + n, sizeof(e->msg) - n, fmt, ap);
	n = strlen(e->msg);
	if (n && e->msg[n - 1] == '\n') {
		while (n && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
			e->msg[--n] = '\0';
		if (++e->lines == 1 && n + 2 < sizeof(e->msg))
			memcpy(e->msg + n, "; ", 3);
	}
}

static void transform_error(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void transform_error(void *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	collect(ctx, fmt, ap);
	va_end(ap);
}

static void parse_error(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void parse_error(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	collect(&parse_errors, fmt, ap);
	va_end(ap);
}

static const char *first_error(struct xslt_errors *e)
{
	size_t n = strlen(e->msg);

	if (n >= 2 && strcmp(e->msg + n - 2, "; ") == 0)
		e->msg[n - 2] = '\0'; /* only one line came */
	return e->msg[0] ? e->msg : "error in the stylesheet";
}

int xslt_stylesheet_parse(xsltStylesheetPtr *out, const char *buf, size_t len, const char *name)
{
	xmlDocPtr doc;
	xsltStylesheetPtr style;

	*out = NULL;
	if (xml_parse(&doc, buf, len, name) < 0)
		return -1;
	memset(&parse_errors, 0, sizeof(parse_errors));
	/* Stylesheet compilation reports through the global handler only. */
	xsltSetGenericErrorFunc(NULL, parse_error);
	style = xsltParseStylesheetDoc(doc);
	/* libxslt only warns about some mistakes (an unknown xsl: element): refuse those too. */
	if (!style || style->errors || parse_errors.count) {
		if (style)
			xsltFreeStylesheet(style); /* owns doc */
		else
			xmlFreeDoc(doc);
		return error_set(ERR_FORMAT, "%s: not a usable stylesheet: %s", name,
				 first_error(&parse_errors));
	}
	*out = style;
	return 0;
}

int xslt_stylesheet_load(xsltStylesheetPtr *out, const char *path)
{
	char *buf;
	size_t len;
	int ret;

	*out = NULL;
	if (file_read_all(&buf, &len, path, (size_t)64 * 1024 * 1024) < 0)
		return -1;
	ret = xslt_stylesheet_parse(out, buf, len, path);
	free(buf);
	return ret;
}

void xslt_stylesheet_free(xsltStylesheetPtr style)
{
	if (style)
		xsltFreeStylesheet(style);
}

static xsltSecurityPrefsPtr deny_all_prefs(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (!sec)
		return NULL;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid)) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

/* Run the transform; on success *out_res is the result document. */
static int run(xmlDocPtr *out_res, xsltStylesheetPtr style, xmlDocPtr doc,
	       const char *const *params, const char *name)
{
	xsltTransformContextPtr ctxt = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	struct xslt_errors errs;
	xmlDocPtr res = NULL;
	int ret = -1;

	*out_res = NULL;
	memset(&errs, 0, sizeof(errs));
	ctxt = xsltNewTransformContext(style, doc);
	sec = deny_all_prefs();
	if (!ctxt || !sec || xsltSetCtxtSecurityPrefs(sec, ctxt) != 0) {
		error_oom();
		goto out;
	}
	xsltSetTransformErrorFunc(ctxt, &errs, transform_error);
	/* libxslt's default adds NOENT and DTDLOAD; we want neither. */
	xsltSetCtxtParseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	ctxt->maxTemplateDepth = XSLT_MAX_TEMPLATE_DEPTH;
	ctxt->opLimit = XSLT_OP_LIMIT;
	if (ctxt->xpathCtxt)
		ctxt->xpathCtxt->opLimit = XSLT_OP_LIMIT;
	if (params && xsltQuoteUserParams(ctxt, (const char **)params) != 0) {
		error_set(ERR_INTERNAL, "%s: bad stylesheet parameters: %s", name,
			  first_error(&errs));
		goto out;
	}
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	if (!res || errs.count || ctxt->state != XSLT_STATE_OK) {
		error_set(ERR_FORMAT, "%s: transform failed: %s", name,
			  errs.msg[0] ? first_error(&errs) : "stopped by the stylesheet");
		goto out;
	}
	*out_res = res;
	res = NULL;
	ret = 0;
out:
	xmlFreeDoc(res);
	if (ctxt)
		xsltFreeTransformContext(ctxt);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	return ret;
}

int xslt_apply(xmlDocPtr *out, xsltStylesheetPtr style, xmlDocPtr doc, const char *const *params,
	       const char *name)
{
	return run(out, style, doc, params, name);
}

int xslt_apply_to_buffer(char **out, size_t *out_len, xsltStylesheetPtr style, xmlDocPtr doc,
			 const char *const *params, const char *name)
{
	xmlDocPtr res;
	xmlChar *buf = NULL;
	int len = 0;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	if (run(&res, style, doc, params, name) < 0)
		return -1;
	if (xsltSaveResultToString(&buf, &len, res, style) < 0 || len < 0) {
		error_set(ERR_NOMEM, "%s: cannot serialize the transform result", name);
		goto out;
	}
	*out = malloc((size_t)len + 1);
	if (!*out) {
		error_oom();
		goto out;
	}
	if (len)
		memcpy(*out, buf, (size_t)len);
	(*out)[len] = '\0';
	*out_len = (size_t)len;
	ret = 0;
out:
	xmlFree(buf);
	xmlFreeDoc(res);
	return ret;
}
