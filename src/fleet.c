/*
 * fleet.c - the fleet index page
 *
 * Built as an HTML tree with libxml2, so every host name, STIG id and error message is
 * escaped by the serializer; no script, a Content-Security-Policy that allows nothing but
 * the inline style.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>

#include "atomic.h"
#include "error.h"
#include "fleet.h"
#include "version.h"

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

static void cell_num(xmlNodePtr tr, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	el(tr, "td", buf);
}

static void host_row(xmlNodePtr tbody, const struct scan_summary *s)
{
	xmlNodePtr tr = el(tbody, "tr", NULL), td, a;
	const char *end, *start;
	char href[256], open[64];

	td = el(tr, "td", NULL);
	if (s->error[0]) {
		el(td, "span", s->hostname);
		el(tr, "td", "error");
		xmlSetProp(el(tr, "td", s->error), (const xmlChar *)"colspan", (const xmlChar *)"8");
		return;
	}
	/* the host's folder is the last-but-one part of its ARF path */
	end = strrchr(s->arf, '/');
	start = end;
	while (start && start > s->arf && start[-1] != '/')
		start--;
	snprintf(href, sizeof(href), "%.*s/report.html", end ? (int)(end - start) : 0,
		 start ? start : "");
	a = el(td, "a", s->hostname);
	xmlSetProp(a, (const xmlChar *)"href", (const xmlChar *)href);
	el(tr, "td", s->role);
	el(tr, "td", s->stig);
	el(tr, "td", s->release);
	cell_num(tr, s->by_result[0]);
	cell_num(tr, s->by_result[1]);
	cell_num(tr, s->by_result[2] + s->by_result[3]);
	cell_num(tr, s->by_result[5]);
	snprintf(open, sizeof(open), "%zu / %zu / %zu", s->open_by_cat[1], s->open_by_cat[2],
		 s->open_by_cat[3]);
	el(tr, "td", open);
}

static htmlDocPtr build(const struct scan_summary *sums, size_t n)
{
	htmlDocPtr doc = htmlNewDoc((const xmlChar *)"about:legacy-compat", NULL);
	xmlNodePtr html = xmlNewNode(NULL, (const xmlChar *)"html"), head, body, table, tr, meta;
	static const char *const cols[] = {"Host", "Role", "STIG", "Release", "Pass", "Fail",
					   "Error", "Not checked", "Open CAT I / II / III"};

	xmlDocSetRootElement(doc, html);
	xmlSetProp(html, (const xmlChar *)"lang", (const xmlChar *)"en");
	head = el(html, "head", NULL);
	meta = el(head, "meta", NULL);
	xmlSetProp(meta, (const xmlChar *)"charset", (const xmlChar *)"utf-8");
	meta = el(head, "meta", NULL);
	xmlSetProp(meta, (const xmlChar *)"http-equiv", (const xmlChar *)"Content-Security-Policy");
	xmlSetProp(meta, (const xmlChar *)"content",
		   (const xmlChar *)"default-src 'none'; style-src 'unsafe-inline'");
	el(head, "title", "scapula scan");
	el(head, "style", "body{font:14px/1.45 system-ui,sans-serif;margin:2em}"
			  "table{border-collapse:collapse}th,td{padding:.3em .6em;"
			  "border-bottom:1px solid #d8dee4;text-align:left}th{background:#f6f8fa}");
	body = el(html, "body", NULL);
	el(body, "h1", "STIG scan");
	el(body, "p", "scapula " SCAPULA_VERSION);
	table = el(body, "table", NULL);
	tr = el(el(table, "thead", NULL), "tr", NULL);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		el(tr, "th", cols[i]);
	body = el(table, "tbody", NULL);
	for (size_t i = 0; i < n; i++)
		host_row(body, &sums[i]);
	return doc;
}

int fleet_write_index(const char *outdir, const struct scan_summary *sums, size_t n)
{
	static const char *const index_file[] = {"index.html", NULL};
	htmlDocPtr doc = build(sums, n);
	xmlChar *buf = NULL;
	int len = 0, ret;
	char path[4096];

	htmlDocDumpMemoryFormat(doc, &buf, &len, 1);
	xmlFreeDoc(doc);
	if (!buf)
		return error_oom();
	snprintf(path, sizeof(path), "%s/index.html", outdir);
	ret = atomic_clean_stale(outdir, index_file);
	if (ret >= 0)
		ret = atomic_write_buffer(path, buf, (size_t)len);
	xmlFree(buf);
	return ret;
}
