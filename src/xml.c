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
	/* libxml2's own nesting limit (256 without XML_PARSE_HUGE) follows ours, so that the
	 * depth cap can be raised as well as lowered */
	xmlParserMaxDepth = (unsigned int)limits_get()->xml_max_depth + 1;
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

/*
 * Count attributes of the start tag at buf[p] == '<'; returns index after the tag. *empty
 * tells an empty-element tag ("<a/>"), which opens no level of nesting.
 */
static size_t scan_tag(const char *buf, size_t len, size_t p, size_t *n_attrs, int *empty)
{
	char quote = 0;

	*n_attrs = 0;
	*empty = 0;
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
			*empty = buf[p - 1] == '/';
			return p + 1;
		}
	}
	return len;
}

/* The line of byte POS, for messages (only computed on the way to an error). */
static size_t line_of(const char *buf, size_t pos)
{
	size_t line = 1;

	for (size_t i = 0; i < pos; i++)
		line += buf[i] == '\n';
	return line;
}

/*
 * Encodings in which the byte scan below sees every '<', '=' and '>' as libxml2 will: UTF-8
 * and the single-byte supersets of ASCII. Anything else (UTF-7, UTF-16, UTF-32, EBCDIC...)
 * could hide a DOCTYPE or 200,000 attributes from it; DISA's whole library is UTF-8.
 */
static int encoding_ok(const char *e, size_t n)
{
	static const char ok[] =
	    "|utf-8|us-ascii|ascii|iso-8859-1|latin1|iso-8859-15|windows-1252|";
	char want[48];

	if (n == 0 || n + 3 > sizeof(want) || memchr(e, '|', n))
		return 0;
	want[0] = '|';
	for (size_t i = 0; i < n; i++)
		want[i + 1] = (e[i] >= 'A' && e[i] <= 'Z') ? (char)(e[i] - 'A' + 'a') : e[i];
	want[n + 1] = '|';
	want[n + 2] = '\0';
	return strstr(ok, want) != NULL;
}

/* The encoding the XML declaration at buf (after any BOM) names, if any, must be one of ours. */
static int check_declared_encoding(const char *buf, size_t len, const char *name)
{
	const char *end, *e;
	char quote;
	size_t n;

	if (len < 6 || memcmp(buf, "<?xml", 5) != 0)
		return 0;
	end = memchr(buf, '>', len);
	if (!end)
		return 0;
	for (e = buf; e + 8 <= end && memcmp(e, "encoding", 8) != 0; e++)
		;
	if (e + 8 > end)
		return 0;
	for (e += 8; e < end && (*e == ' ' || *e == '=' || *e == '\t'); e++)
		;
	if (e >= end || (*e != '"' && *e != '\''))
		return 0; /* malformed: libxml2 says so */
	quote = *e++;
	for (n = 0; e + n < end && e[n] != quote; n++)
		;
	if (!encoding_ok(e, n))
		return error_set(ERR_FORMAT,
				 "%s:1: encoding '%.*s' is not accepted (UTF-8, ASCII, ISO-8859-1, "
				 "ISO-8859-15 or windows-1252)",
				 name, (int)(n < 40 ? n : 40), e);
	return 0;
}

/* Text the byte scan can read: no NUL byte (UTF-16, UTF-32), '<' first, a known encoding. */
static int check_encoding(const char *buf, size_t len, const char *name)
{
	const char *nul = memchr(buf, '\0', len);
	size_t p = 0;

	if (nul)
		return error_set(ERR_FORMAT,
				 "%s:%zu: NUL byte (UTF-16 or UTF-32 text is not accepted)", name,
				 line_of(buf, (size_t)(nul - buf)));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	while (p < len && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\r' || buf[p] == '\n'))
		p++;
	if (p < len && buf[p] != '<')
		return error_set(ERR_FORMAT,
				 "%s:%zu: not XML in UTF-8 (the first character is not '<')", name,
				 line_of(buf, p));
	return check_declared_encoding(buf + p, len - p, name);
}

int xml_prescan(const char *buf, size_t len, const char *name)
{
	const struct limits *lim = limits_get();
	const unsigned char *u = (const unsigned char *)buf;
	size_t p = 0, depth = 0;

	if (len > lim->xml_max_bytes)
		return error_set(ERR_LIMIT, "%s: document is %zu bytes, over the limit of %zu", name,
				 len, lim->xml_max_bytes);
	if (len >= 2 && u[0] == 0x1f && u[1] == 0x8b)
		return error_set(ERR_FORMAT, "%s: gzip-compressed data, not XML", name);
	if (len >= 3 && memcmp(buf, "BZh", 3) == 0)
		return error_set(ERR_FORMAT, "%s: bzip2-compressed data, not XML", name);
	if (len >= 6 && memcmp(buf, "\xfd" "7zXZ", 5) == 0)
		return error_set(ERR_FORMAT, "%s: xz-compressed data, not XML", name);
	if (check_encoding(buf, len, name) < 0)
		return -1;
	while (p < len) {
		const char *lt = memchr(buf + p, '<', len - p);
		size_t n_attrs;
		int empty;

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
					 "(DOCTYPE or entity declaration at line %zu)",
					 name, line_of(buf, p));
		} else if (len - p >= 2 && buf[p + 1] == '/') {
			depth -= depth > 0;
			p += 2;
		} else if (len - p >= 2 && is_name_start((unsigned char)buf[p + 1])) {
			size_t start = p;

			p = scan_tag(buf, len, p, &n_attrs, &empty);
			if (n_attrs > lim->xml_max_attrs)
				return error_set(ERR_LIMIT,
						 "%s:%zu: an element has %zu attributes, %s %zu",
						 name, line_of(buf, start), n_attrs,
						 "over the limit of", lim->xml_max_attrs);
			if (!empty && ++depth > lim->xml_max_depth)
				return error_set(ERR_LIMIT,
						 "%s:%zu: elements nested more than %zu deep", name,
						 line_of(buf, start), lim->xml_max_depth);
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
