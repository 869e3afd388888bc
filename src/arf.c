/*
 * arf.c - ARF 1.1 writer (see arf.h)
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arf.h"
#include "error.h"
#include "version.h"

#define NS_ARF	       "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_CORE	       "http://scap.nist.gov/schema/reporting-core/1.1"
#define NS_AI	       "http://scap.nist.gov/schema/asset-identification/1.1"
#define NS_ARFVOCAB    "http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#"
#define NS_XCCDF12     "http://checklists.nist.gov/xccdf/1.2"
#define NS_OVAL_COMMON "http://oval.mitre.org/XMLSchema/oval-common-5"

/* The document being built; libxml2 calls that fail set oom and the build is dropped. */
struct builder {
	xmlDocPtr doc;
	xmlNsPtr arf, core, ai, xccdf;
	int oom;
	char end[32]; /* end time, for every rule-result */
};

static xmlNodePtr node(struct builder *b, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		       const char *text)
{
	xmlNodePtr n = parent ? xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text)
			      : xmlNewDocNode(b->doc, ns, BAD_CAST name, NULL);

	if (!n)
		b->oom = 1;
	return n;
}

static void prop(struct builder *b, xmlNodePtr n, const char *name, const char *value)
{
	if (n && value && !xmlNewProp(n, BAD_CAST name, BAD_CAST value))
		b->oom = 1;
}

/* ---- time ------------------------------------------------------------------------------ */

void arf_time_format(char *buf, size_t size, time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

int arf_time_now(time_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!sde) {
		*out = time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (!*sde || *end || errno || v < 0 || !isdigit((unsigned char)*sde))
		return error_set(ERR_USAGE, "SOURCE_DATE_EPOCH: '%s' is not a number of seconds",
				 sde);
	*out = (time_t)v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

int arf_time_parse(time_t *out, const char *text)
{
	int Y, M, D, h, m, s, oh = 0, om = 0, sign = 0;
	const char *p = text;

	if (!text || strlen(text) < 20 || !digits(p, 4, &Y) || p[4] != '-' ||
	    !digits(p + 5, 2, &M) || p[7] != '-' || !digits(p + 8, 2, &D) ||
	    (p[10] != 'T' && p[10] != 't') || !digits(p + 11, 2, &h) || p[13] != ':' ||
	    !digits(p + 14, 2, &m) || p[16] != ':' || !digits(p + 17, 2, &s))
		goto bad;
	p += 19;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if ((*p == '+' || *p == '-') && digits(p + 1, 2, &oh) && p[3] == ':' &&
		 digits(p + 4, 2, &om))
		sign = *p == '-' ? -1 : 1, p += 6;
	else
		goto bad;
	if (*p || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || s > 60 || oh > 23 ||
	    om > 59)
		goto bad;
	*out = (time_t)(days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + m * 60 +
			s - sign * (oh * 3600 + om * 60));
	return 0;
bad:
	return error_set(ERR_FORMAT, "'%s' is not an RFC 3339 date and time", text ? text : "");
}

/* ---- asset ----------------------------------------------------------------------------- */

/* AI wants dotted quads without leading zeros and IPv6 in full (eight groups). */
static int normal_ip(char *out, size_t size, const char *ip, int *v6)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, ip, a) == 1) {
		*v6 = 0;
		return inet_ntop(AF_INET, a, out, (socklen_t)size) != NULL;
	}
	if (inet_pton(AF_INET6, ip, a) != 1)
		return 0;
	*v6 = 1;
	snprintf(out, size, "%x:%x:%x:%x:%x:%x:%x:%x", a[0] << 8 | a[1], a[2] << 8 | a[3],
		 a[4] << 8 | a[5], a[6] << 8 | a[7], a[8] << 8 | a[9], a[10] << 8 | a[11],
		 a[12] << 8 | a[13], a[14] << 8 | a[15]);
	return 1;
}

/* "00-15-5D-0A-01-02" -> "00:15:5D:0A:01:02"; 0 if it is no MAC-48. */
static int normal_mac(char *out, size_t size, const char *mac)
{
	if (strlen(mac) != 17 || size < 18)
		return 0;
	for (int i = 0; i < 17; i++) {
		char c = mac[i];
		if (i % 3 == 2) {
			if (c != '-' && c != ':')
				return 0;
			out[i] = ':';
		} else if (isxdigit((unsigned char)c)) {
			out[i] = c;
		} else {
			return 0;
		}
	}
	out[17] = '\0';
	return 1;
}

/* AI's hostname-type: [\w\-]+(\.[\w\-]+)* (ASCII is enough for host names). */
static int ai_hostname(const char *s)
{
	int label = 0;

	for (; *s; s++) {
		if (isalnum((unsigned char)*s) || *s == '_' || *s == '-')
			label++;
		else if (*s == '.' && label)
			label = 0;
		else
			return 0;
	}
	return label > 0;
}

static void add_asset(struct builder *b, xmlNodePtr assets, const struct arf_host *h)
{
	xmlNodePtr asset = node(b, assets, b->arf, "asset", NULL);
	xmlNodePtr dev = node(b, asset, b->ai, "computing-device", NULL);
	xmlNodePtr conns = node(b, dev, b->ai, "connections", NULL);
	char buf[64];
	int v6;

	prop(b, asset, "id", ARF_ASSET_ID);
	for (size_t i = 0; i < h->n_ips; i++) {
		xmlNodePtr ip;
		if (!normal_ip(buf, sizeof(buf), h->ips[i], &v6))
			continue;
		ip = node(b, node(b, conns, b->ai, "connection", NULL), b->ai, "ip-address", NULL);
		node(b, ip, b->ai, v6 ? "ip-v6" : "ip-v4", buf);
	}
	for (size_t i = 0; i < h->n_macs; i++)
		if (normal_mac(buf, sizeof(buf), h->macs[i]))
			node(b, node(b, conns, b->ai, "connection", NULL), b->ai, "mac-address",
			     buf);
	if (conns && !conns->children) {
		xmlUnlinkNode(conns);
		xmlFreeNode(conns);
	}
	if (h->fqdn && *h->fqdn)
		node(b, dev, b->ai, "fqdn", h->fqdn);
	if (ai_hostname(h->hostname))
		node(b, dev, b->ai, "hostname", h->hostname);
}

static void add_relationship(struct builder *b, xmlNodePtr rels, const char *type,
			     const char *subject, const char *ref)
{
	xmlNodePtr r = node(b, rels, b->core, "relationship", NULL);

	prop(b, r, "type", type);
	prop(b, r, "subject", subject);
	node(b, r, b->core, "ref", ref);
}

/* Copy the root of FROM under PARENT: with its subtree when DEEP, else the element alone. */
static xmlNodePtr add_copy(struct builder *b, xmlNodePtr parent, xmlDocPtr from, int deep)
{
	/* xmlDocCopyNode: 1 copies the subtree, 2 the element with its attributes and namespaces */
	xmlNodePtr copy = xmlDocCopyNode(xmlDocGetRootElement(from), b->doc, deep ? 1 : 2);

	if (!copy || !xmlAddChild(parent, copy)) {
		xmlFreeNode(copy);
		b->oom = 1;
		return NULL;
	}
	return copy;
}

/* ---- XCCDF TestResult ------------------------------------------------------------------ */

/* xccdf_scapula_testresult_<host>: an NCName, so anything else becomes '_'. */
static void result_id(char *out, size_t size, const char *host)
{
	size_t o = (size_t)snprintf(out, size, "xccdf_scapula_testresult_");

	for (; *host && o + 1 < size; host++)
		out[o++] =
		    isalnum((unsigned char)*host) || *host == '-' || *host == '.' ? *host : '_';
	out[o] = '\0';
}

static void add_fact(struct builder *b, xmlNodePtr facts, const char *name, const char *type,
		     const char *value)
{
	xmlNodePtr f = node(b, facts, b->xccdf, "fact", value);

	prop(b, f, "name", name);
	prop(b, f, "type", type);
}

static void add_target(struct builder *b, xmlNodePtr tr, const struct arf_host *h)
{
	xmlNodePtr facts;

	node(b, tr, b->xccdf, "target", h->hostname);
	for (size_t i = 0; i < h->n_ips; i++)
		node(b, tr, b->xccdf, "target-address", h->ips[i]);
	facts = node(b, tr, b->xccdf, "target-facts", NULL);
	add_fact(b, facts, "urn:xccdf:fact:asset:identifier:host_name", "string", h->hostname);
	if (h->fqdn && *h->fqdn)
		add_fact(b, facts, "urn:xccdf:fact:asset:identifier:fqdn", "string", h->fqdn);
	for (size_t i = 0; i < h->n_ips; i++)
		add_fact(b, facts,
			 strchr(h->ips[i], ':') ? "urn:xccdf:fact:asset:identifier:ipv6"
						: "urn:xccdf:fact:asset:identifier:ipv4",
			 "string", h->ips[i]);
	for (size_t i = 0; i < h->n_macs; i++)
		add_fact(b, facts, "urn:xccdf:fact:asset:identifier:mac", "string", h->macs[i]);
	for (size_t i = 0; i < h->n_facts; i++)
		add_fact(b, facts, h->facts[i].name, h->facts[i].type ? h->facts[i].type : "string",
			 h->facts[i].value ? h->facts[i].value : "");
	if (facts && !facts->children) {
		xmlUnlinkNode(facts);
		xmlFreeNode(facts);
	}
	facts = node(b, tr, b->xccdf, "target-id-ref", NULL);
	prop(b, facts, "system", NS_AI);
	prop(b, facts, "name", ARF_ASSET_ID);
	prop(b, facts, "href", ""); /* required by the schema; the asset is in this document */
}

static void add_check(struct builder *b, xmlNodePtr rr, const struct eval_rule *r)
{
	xmlNodePtr chk;

	if (!r->check_system)
		return;
	chk = node(b, rr, b->xccdf, "check", NULL);
	prop(b, chk, "system", r->check_system);
	for (size_t i = 0; i < r->n_exports; i++) {
		xmlNodePtr e = node(b, chk, b->xccdf, "check-export", NULL);
		prop(b, e, "value-id", r->exports[i].value_id);
		prop(b, e, "export-name", r->exports[i].export_name);
	}
	if (r->definition_id) {
		xmlNodePtr ref = node(b, chk, b->xccdf, "check-content-ref", NULL);
		prop(b, ref, "href", "#" ARF_OVAL_REPORT_ID);
		prop(b, ref, "name", r->definition_id);
	}
}

static void add_evidence(struct builder *b, xmlNodePtr rr, const struct eval_rule *r)
{
	xmlNodePtr chk, ref;

	if (!r->evidence_object)
		return;
	chk = node(b, rr, b->xccdf, "check", NULL);
	prop(b, chk, "system", EVAL_EVIDENCE_SYSTEM);
	ref = node(b, chk, b->xccdf, "check-content-ref", NULL);
	prop(b, ref, "href", "#" ARF_OVAL_REPORT_ID);
	prop(b, ref, "name", r->evidence_object);
}

static void add_rule_result(struct builder *b, xmlNodePtr tr, const struct eval_rule *r)
{
	xmlNodePtr rr = node(b, tr, b->xccdf, "rule-result", NULL), msg;

	prop(b, rr, "idref", r->rule_id);
	prop(b, rr, "role", "full");
	prop(b, rr, "time", b->end);
	prop(b, rr, "severity", r->severity);
	prop(b, rr, "weight", r->weight);
	prop(b, rr, "version", r->version);
	node(b, rr, b->xccdf, "result", eval_verdict_name(r->result));
	for (size_t i = 0; i < r->n_idents; i++) {
		xmlNodePtr id = node(b, rr, b->xccdf, "ident", r->idents[i].id);
		prop(b, id, "system", r->idents[i].system);
	}
	msg = node(b, rr, b->xccdf, "message", r->details);
	prop(b, msg, "severity", "info");
	add_check(b, rr, r);
	add_evidence(b, rr, r);
}

static void add_head(struct builder *b, xmlNodePtr tr, const struct arf_input *in)
{
	const struct arf_host *h = in->host;
	const struct eval_values *t = in->tailoring;
	xmlNodePtr n = node(b, tr, b->xccdf, "benchmark", NULL);

	prop(b, n, "href", eval_content_benchmark_href(in->content));
	prop(b, n, "id", eval_content_benchmark_id(in->content));
	if (t) {
		const char *base = strrchr(t->source, '/');
		n = node(b, tr, b->xccdf, "tailoring-file", NULL);
		prop(b, n, "href", base ? base + 1 : t->source);
		prop(b, n, "id", t->tailoring_id);
		prop(b, n, "version", t->version);
		prop(b, n, "time", t->version_time);
	}
	node(b, tr, b->xccdf, "title", "scapula evaluation of collected facts");
	if (h->identity) {
		n = node(b, tr, b->xccdf, "identity", h->identity);
		prop(b, n, "authenticated", h->authenticated ? "true" : "false");
		prop(b, n, "privileged", h->privileged ? "true" : "false");
	}
	if (t)
		prop(b, node(b, tr, b->xccdf, "profile", NULL), "idref", t->profile_id);
}

static xmlNodePtr test_result(struct builder *b, const struct arf_input *in)
{
	const struct eval_result *r = in->result;
	xmlNodePtr tr = node(b, NULL, NULL, "TestResult", NULL), n;
	char id[256], start[32], score[64];

	if (!tr)
		return NULL;
	b->xccdf = xmlNewNs(tr, BAD_CAST NS_XCCDF12, NULL);
	xmlSetNs(tr, b->xccdf);
	result_id(id, sizeof(id), in->host->hostname);
	arf_time_format(start, sizeof(start), in->start_time);
	prop(b, tr, "id", id);
	prop(b, tr, "start-time", start);
	prop(b, tr, "end-time", b->end);
	prop(b, tr, "test-system", "cpe:/a:scapula:scapula:" SCAPULA_VERSION);
	prop(b, tr, "version", eval_content_benchmark_version(in->content));
	add_head(b, tr, in);
	add_target(b, tr, in->host);
	for (size_t i = 0; i < r->n_values; i++)
		prop(b, node(b, tr, b->xccdf, "set-value", r->values[i].value), "idref",
		     r->values[i].id);
	for (size_t i = 0; i < r->n_rules; i++)
		add_rule_result(b, tr, &r->rules[i]);
	snprintf(score, sizeof(score), "%.2f", r->score);
	n = node(b, tr, b->xccdf, "score", score);
	snprintf(score, sizeof(score), "%.2f", r->score_max);
	prop(b, n, "system", "urn:xccdf:scoring:default");
	prop(b, n, "maximum", score);
	return tr;
}

/* ---- the collection -------------------------------------------------------------------- */

/* The results were produced now (or at SOURCE_DATE_EPOCH), not when libopenscap said. */
static void set_oval_timestamp(struct builder *b, xmlNodePtr oval)
{
	for (xmlNodePtr g = oval ? oval->children : NULL; g; g = g->next) {
		if (g->type != XML_ELEMENT_NODE || !xmlStrEqual(g->name, BAD_CAST "generator"))
			continue;
		for (xmlNodePtr t = g->children; t; t = t->next)
			if (t->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(t->name, BAD_CAST "timestamp"))
				xmlNodeSetContent(t, BAD_CAST b->end);
	}
}

static xmlNodePtr add_report(struct builder *b, xmlNodePtr reports, const char *id)
{
	xmlNodePtr rep = node(b, reports, b->arf, "report", NULL);

	prop(b, rep, "id", id);
	return node(b, rep, b->arf, "content", NULL);
}

static void build(struct builder *b, xmlNodePtr root, const struct arf_input *in)
{
	xmlNodePtr rels = node(b, root, b->core, "relationships", NULL);
	xmlNodePtr reqs = node(b, root, b->arf, "report-requests", NULL);
	xmlNodePtr req = node(b, reqs, b->arf, "report-request", NULL);
	xmlNodePtr assets = node(b, root, b->arf, "assets", NULL);
	xmlNodePtr reports = node(b, root, b->arf, "reports", NULL);
	xmlNodePtr content, tr;

	if (rels && !xmlNewNs(rels, BAD_CAST NS_ARFVOCAB, BAD_CAST "arfvocab"))
		b->oom = 1;
	add_relationship(b, rels, "arfvocab:createdFor", ARF_XCCDF_REPORT_ID, ARF_REQUEST_ID);
	add_relationship(b, rels, "arfvocab:isAbout", ARF_XCCDF_REPORT_ID, ARF_ASSET_ID);
	add_relationship(b, rels, "arfvocab:createdFor", ARF_OVAL_REPORT_ID, ARF_REQUEST_ID);
	add_relationship(b, rels, "arfvocab:isAbout", ARF_OVAL_REPORT_ID, ARF_ASSET_ID);
	prop(b, req, "id", ARF_REQUEST_ID);
	add_copy(b, node(b, req, b->arf, "content", NULL), eval_content_ds(in->content),
		 !in->shallow_request);
	add_asset(b, assets, in->host);
	content = add_report(b, reports, ARF_XCCDF_REPORT_ID);
	tr = test_result(b, in);
	if (tr && (!content || !xmlAddChild(content, tr))) {
		xmlFreeNode(tr);
		b->oom = 1;
	}
	content = add_report(b, reports, ARF_OVAL_REPORT_ID);
	set_oval_timestamp(b, add_copy(b, content, in->result->oval_results, 1));
}

int arf_write(xmlDocPtr *out, const struct arf_input *in)
{
	struct builder b;
	xmlNodePtr root;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if (!in || !in->content || !in->result || !in->result->oval_results || !in->host ||
	    !in->host->hostname || !*in->host->hostname)
		return error_set(ERR_INTERNAL,
				 "arf: incomplete input (host name, content, results)");
	arf_time_format(b.end, sizeof(b.end), in->end_time);
	if (!(b.doc = xmlNewDoc(BAD_CAST "1.0")) ||
	    !(root = xmlNewDocNode(b.doc, NULL, BAD_CAST "asset-report-collection", NULL))) {
		xmlFreeDoc(b.doc);
		return error_oom();
	}
	xmlDocSetRootElement(b.doc, root);
	b.arf = xmlNewNs(root, BAD_CAST NS_ARF, BAD_CAST "arf");
	b.core = xmlNewNs(root, BAD_CAST NS_CORE, BAD_CAST "core");
	b.ai = xmlNewNs(root, BAD_CAST NS_AI, BAD_CAST "ai");
	if (!b.arf || !b.core || !b.ai) {
		xmlFreeDoc(b.doc);
		return error_oom();
	}
	xmlSetNs(root, b.arf);
	build(&b, root, in);
	if (b.oom) {
		xmlFreeDoc(b.doc);
		return error_oom();
	}
	*out = b.doc;
	return 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *ns, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
		    xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

xmlNodePtr arf_test_result(xmlDocPtr arf)
{
	xmlNodePtr reports = child(xmlDocGetRootElement(arf), NS_ARF, "reports");

	for (xmlNodePtr r = reports ? reports->children : NULL; r; r = r->next) {
		xmlChar *id;
		int match;

		if (r->type != XML_ELEMENT_NODE || !xmlStrEqual(r->name, BAD_CAST "report"))
			continue;
		id = xmlGetProp(r, BAD_CAST "id");
		match = id && xmlStrEqual(id, BAD_CAST ARF_XCCDF_REPORT_ID);
		xmlFree(id);
		if (match)
			return child(child(r, NS_ARF, "content"), NS_XCCDF12, "TestResult");
	}
	return NULL;
}
