/*
 * xml.c - hardened XML loading (docs/security.md, items 1 and 2)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "error.h"
#include "limits.h"
#include "xml.h"

#define MAX_PREFIXES 8

static char *allowed[MAX_PREFIXES];
static size_t n_allowed;

/* The first libxml2 error of the parse in progress (per thread). */
static _Thread_local char xml_err[512];
static _Thread_local int xml_err_line;

static void structured_error(void *ctx, xmlErrorPtr err)
{
	size_t n;

	(void)ctx;
	if (!err || err->level < XML_ERR_ERROR || xml_err[0])
		return;
	snprintf(xml_err, sizeof(xml_err), "%s", err->message ? err->message : "parse error");
	n = strlen(xml_err);
	while (n && (xml_err[n - 1] == '\n' || xml_err[n - 1] == ' '))
		xml_err[--n] = '\0';
	xml_err_line = err->line;
}

static int path_allowed(const char *url)
{
	const char *path = url;

	if (!url)
		return 0;
	if (strncmp(url, "file://", 7) == 0)
		path = url + 7;
	if (strstr(path, "..") || strchr(path, ':'))
		return 0;
	for (size_t i = 0; i < n_allowed; i++)
		if (strncmp(path, allowed[i], strlen(allowed[i])) == 0)
			return 1;
	return 0;
}

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (path_allowed(url))
		return xmlNewInputFromFile(ctxt, url);
	if (!xml_err[0])
		snprintf(xml_err, sizeof(xml_err), "refused to load external resource '%s'",
			 url ? url : "(null)");
	return NULL;
}

void xml_global_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetStructuredErrorFunc(NULL, structured_error);
	xmlSetGenericErrorFunc(NULL, NULL);
}

void xml_allow_prefix(const char *prefix)
{
	if (n_allowed < MAX_PREFIXES && prefix && *prefix == '/')
		allowed[n_allowed++] = strdup(prefix);
}

static int is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

/* Skip "<!--...-->", "<?...?>", "<![CDATA[...]]>" starting at p; returns the index after it. */
static size_t skip_markup(const char *buf, size_t len, size_t p, const char *end_tok)
{
	size_t el = strlen(end_tok);

	for (; p + el <= len; p++)
		if (memcmp(buf + p, end_tok, el) == 0)
			return p + el;
	return len;
}

/* Count attributes of the start tag at buf[p] == '<'; returns index after the tag. */
static size_t scan_tag(const char *buf, size_t len, size_t p, size_t *n_attrs)
{
	char quote = 0;

	*n_attrs = 0;
	for (p++; p < len; p++) {
		char c = buf[p];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '=') {
			(*n_attrs)++;
		} else if (c == '>') {
			return p + 1;
		}
	}
	return len;
}

int xml_prescan(const char *buf, size_t len, const char *name)
{
	const struct limits *lim = limits_get();
	const unsigned char *u = (const unsigned char *)buf;
	size_t p = 0;

	if (len > lim->xml_max_bytes)
		return error_set(ERR_LIMIT, "%s: document is %zu bytes, over the limit of %zu", name,
				 len, lim->xml_max_bytes);
	if (len >= 2 && u[0] == 0x1f && u[1] == 0x8b)
		return error_set(ERR_FORMAT, "%s: gzip-compressed data, not XML", name);
	if (len >= 3 && memcmp(buf, "BZh", 3) == 0)
		return error_set(ERR_FORMAT, "%s: bzip2-compressed data, not XML", name);
	if (len >= 6 && memcmp(buf, "\xfd" "7zXZ", 5) == 0)
		return error_set(ERR_FORMAT, "%s: xz-compressed data, not XML", name);
	while (p < len) {
		const char *lt = memchr(buf + p, '<', len - p);
		size_t n_attrs;

		if (!lt)
			break;
		p = (size_t)(lt - buf);
		if (len - p >= 4 && memcmp(buf + p, "<!--", 4) == 0) {
			p = skip_markup(buf, len, p + 4, "-->");
		} else if (len - p >= 9 && memcmp(buf + p, "<![CDATA[", 9) == 0) {
			p = skip_markup(buf, len, p + 9, "]]>");
		} else if (len - p >= 2 && buf[p + 1] == '?') {
			p = skip_markup(buf, len, p + 2, "?>");
		} else if (len - p >= 2 && buf[p + 1] == '!') {
			return error_set(ERR_FORMAT,
					 "%s: document type declarations are not accepted "
					 "(DOCTYPE or entity declaration at byte %zu)",
					 name, p);
		} else if (len - p >= 2 && is_name_start((unsigned char)buf[p + 1])) {
			p = scan_tag(buf, len, p, &n_attrs);
			if (n_attrs > lim->xml_max_attrs)
				return error_set(ERR_LIMIT,
						 "%s: an element has %zu attributes, over the limit of %zu",
						 name, n_attrs, lim->xml_max_attrs);
		} else {
			p++;
		}
	}
	return 0;
}

int xml_parse(xmlDocPtr *out, const char *buf, size_t len, const char *name)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	int opts = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

	*out = NULL;
	if (xml_prescan(buf, len, name) < 0)
		return -1;
	if (len > (size_t)INT32_MAX)
		return error_set(ERR_LIMIT, "%s: document too large", name);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return error_oom();
	xml_err[0] = '\0';
	xml_err_line = 0;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, opts);
	if (!doc || !ctxt->wellFormed || doc->intSubset || doc->extSubset) {
		if (xml_err[0] && xml_err_line)
			error_set(ERR_FORMAT, "%s:%d: not well-formed XML: %s", name, xml_err_line,
				  xml_err);
		else if (xml_err[0])
			error_set(ERR_FORMAT, "%s: not well-formed XML: %s", name, xml_err);
		else
			error_set(ERR_FORMAT, "%s: not well-formed XML", name);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	if (!xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return error_set(ERR_FORMAT, "%s: no root element", name);
	}
	xmlFreeParserCtxt(ctxt);
	*out = doc;
	return 0;
}

int file_read_all(char **out, size_t *out_len, const char *path, size_t max)
{
	FILE *f = NULL;
	struct stat st;
	char *buf = NULL;
	size_t n;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	f = fopen(path, "rb");
	if (!f) {
		error_set(ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		error_set(ERR_IO, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > max) {
		error_set(ERR_LIMIT, "%s: file is %lld bytes, over the limit of %zu", path,
			  (long long)st.st_size, max);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		error_oom();
		goto out;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		error_set(ERR_IO, "%s: read error", path);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return ret;
}

int xml_parse_file(xmlDocPtr *out, const char *path)
{
	char *buf;
	size_t len;
	int ret;

	*out = NULL;
	if (file_read_all(&buf, &len, path, limits_get()->xml_max_bytes) < 0)
		return -1;
	ret = xml_parse(out, buf, len, path);
	free(buf);
	return ret;
}
