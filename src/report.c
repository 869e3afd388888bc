/*
 * report.c - ARF → report model → HTML, CKL, CKLB, CSV
 *
 * Reports are made from the ARF alone: the benchmark texts come from the data stream kept in the
 * ARF's report request, the verdicts, finding details and answers from the XCCDF TestResult,
 * the host from the asset and the TestResult's target facts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "atomic.h"
#include "benchmark.h"
#include "checklist.h"
#include "error.h"
#include "report.h"
#include "report_model.h"
#include "version.h"
#include "xslt.h"

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_XCCDF12 "http://checklists.nist.gov/xccdf/1.2"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"

/* Fixed namespace of scapula's name-based UUIDs. */
static const unsigned char uuid_ns[16] = {0x5c, 0xa9, 0x01, 0xa0, 0x7e, 0x1d, 0x4b, 0x3c,
					  0x9f, 0x10, 0x3a, 0x5e, 0x00, 0x2c, 0x6b, 0x11};

void uuid_v5(char out[37], const char *const *parts, size_t n_parts)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	EVP_DigestUpdate(ctx, uuid_ns, sizeof(uuid_ns));
	for (size_t i = 0; i < n_parts; i++)
		EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]) + 1);
	EVP_DigestFinal_ex(ctx, md, &md_len);
	EVP_MD_CTX_free(ctx);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", md[0],
		 md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11],
		 md[12], md[13], md[14], md[15]);
}

int report_write(xmlDocPtr arf, const char *name, unsigned formats,
		 const struct report_styles *st, report_path_fn path_for, void *ctx)
{
	static const enum report_format order[] = {REPORT_HTML, REPORT_CKL, REPORT_CKLB, REPORT_CSV};
	char *bufs[4] = {NULL, NULL, NULL, NULL};
	size_t lens[4] = {0, 0, 0, 0};
	xmlDocPtr model = NULL;
	const char *host;
	char path[4096];
	int ret = -1;

	if (report_model_from_arf(&model, arf, name) < 0)
		goto out;
	for (size_t i = 0; i < 4; i++)
		if ((formats & order[i]) && report_render(&bufs[i], &lens[i], model, order[i], st) < 0) {
			error_prefix("%s", name);
			goto out;
		}
	host = model_attr(model_first(xmlDocGetRootElement(model), "host"), "hostname");
	for (size_t i = 0; i < 4; i++)
		if ((formats & order[i]) &&
		    (path_for(path, sizeof(path), order[i], host, ctx) < 0 ||
		     atomic_write_buffer(path, bufs[i], lens[i]) < 0))
			goto out;
	ret = 0;
out:
	for (size_t i = 0; i < 4; i++)
		free(bufs[i]);
	xmlFreeDoc(model);
	return ret;
}

const char *report_file_name(enum report_format f)
{
	switch (f) {
	case REPORT_HTML:
		return "report.html";
	case REPORT_CKL:
		return "checklist.ckl";
	case REPORT_CKLB:
		return "checklist.cklb";
	case REPORT_CSV:
		return "results.csv";
	default:
		return NULL;
	}
}

static int is_ns_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* First element NS:NAME in document order below TOP (depth-first, iterative). */
static xmlNodePtr find_desc(xmlNodePtr top, const char *ns, const char *name)
{
	xmlNodePtr n = top ? top->children : NULL;

	while (n) {
		if (is_ns_el(n, ns, name))
			return n;
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != top)
			n = n->parent;
		if (!n || n == top)
			break;
		n = n->next;
	}
	return NULL;
}

static xmlNodePtr child_ns(xmlNodePtr parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_ns_el(c, ns, name))
			return c;
	return NULL;
}

/* Text of N (all text below it); "" for NULL. Caller frees. */
static char *text_of(xmlNodePtr n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	char *s = strdup(t ? (const char *)t : "");

	xmlFree(t);
	return s;
}

/* The part of an XCCDF 1.2 id after "_rule_" / "_group_" (DISA's own ids), else the id. */
static const char *short_id(const char *id, const char *kind)
{
	const char *p = strstr(id, kind);

	return p ? p + strlen(kind) : id;
}

/* The value of the TestResult's target fact NAME ("" if absent). Caller frees. */
static char *fact_of(xmlNodePtr tr, const char *name)
{
	xmlNodePtr facts = child_ns(tr, NS_XCCDF12, "target-facts");

	for (xmlNodePtr f = facts ? facts->children : NULL; f; f = f->next) {
		xmlChar *n;
		int hit;

		if (!is_ns_el(f, NS_XCCDF12, "fact"))
			continue;
		n = xmlGetProp(f, (const xmlChar *)"name");
		hit = n && strcmp((const char *)n, name) == 0;
		xmlFree(n);
		if (hit)
			return text_of(f);
	}
	return strdup("");
}

static void set_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)(value ? value : ""));
}

static void set_attr_owned(xmlNodePtr n, const char *name, char *value)
{
	set_attr(n, name, value);
	free(value);
}

static xmlNodePtr add_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, parent->ns, (const xmlChar *)name,
			       (const xmlChar *)(text ? text : ""));
}

/* Every target fact NAME as a child element ELEMENT of HOST. */
static void add_facts(xmlNodePtr host, xmlNodePtr tr, const char *name, const char *element)
{
	xmlNodePtr facts = child_ns(tr, NS_XCCDF12, "target-facts");

	for (xmlNodePtr f = facts ? facts->children : NULL; f; f = f->next) {
		xmlChar *n = is_ns_el(f, NS_XCCDF12, "fact") ? xmlGetProp(f, (const xmlChar *)"name")
							     : NULL;
		if (n && strcmp((const char *)n, name) == 0) {
			char *v = text_of(f);
			add_text(host, element, v);
			free(v);
		}
		xmlFree(n);
	}
}

/* Every ip-v4, ip-v6 (as "ip") and mac-address (as "mac") of the ARF's asset DEV, in order. */
static void add_asset_addresses(xmlNodePtr host, xmlNodePtr dev)
{
	xmlNodePtr conns = child_ns(dev, NS_AI, "connections");

	for (xmlNodePtr c = conns ? conns->children : NULL; c; c = c->next) {
		xmlNodePtr ip = child_ns(c, NS_AI, "ip-address");
		xmlNodePtr a = ip ? child_ns(ip, NS_AI, "ip-v4") : NULL;
		char *v;

		if (ip && !a)
			a = child_ns(ip, NS_AI, "ip-v6");
		if (!a && !(a = child_ns(c, NS_AI, "mac-address")))
			continue;
		v = text_of(a);
		add_text(host, ip ? "ip" : "mac", v);
		free(v);
	}
}

/*
 * The addresses come from the ARF's asset when it has one: that is the ARF's own identification
 * of the host, normalized (a MAC as 00:15:5D:0A:01:02); the checklists must agree with it.
 */
static void build_host(xmlNodePtr root, xmlNodePtr tr, xmlNodePtr dev)
{
	xmlNodePtr host = xmlNewChild(root, root->ns, (const xmlChar *)"host", NULL);

	set_attr_owned(host, "hostname", text_of(child_ns(tr, NS_XCCDF12, "target")));
	set_attr_owned(host, "fqdn", fact_of(tr, "urn:xccdf:fact:asset:identifier:fqdn"));
	set_attr_owned(host, "role", fact_of(tr, "urn:scapula:fact:exchange_role"));
	set_attr_owned(host, "exchange-version", fact_of(tr, "urn:scapula:fact:exchange_version"));
	set_attr_owned(host, "os", fact_of(tr, "urn:scapula:fact:os"));
	set_attr_owned(host, "os-version", fact_of(tr, "urn:scapula:fact:os_version"));
	if (dev) {
		add_asset_addresses(host, dev);
		return;
	}
	add_facts(host, tr, "urn:xccdf:fact:asset:identifier:ipv4", "ip");
	add_facts(host, tr, "urn:xccdf:fact:asset:identifier:mac", "mac");
}

struct counts {
	size_t by_result[9];
	size_t open_by_cat[4];
};

static const char *const result_names[] = {"pass",          "fail",         "error",
					   "unknown",       "notchecked",   "notapplicable",
					   "informational", "notselected",  "fixed"};

static void count_result(struct counts *c, const char *result, int cat)
{
	for (size_t i = 0; i < 9; i++)
		if (strcmp(result, result_names[i]) == 0)
			c->by_result[i]++;
	if (strcmp(result, "fail") == 0 && cat >= 1 && cat <= 3)
		c->open_by_cat[cat]++;
}

static xmlNodePtr find_result(xmlNodePtr tr, const char *rule_id)
{
	for (xmlNodePtr c = tr->children; c; c = c->next) {
		xmlChar *idref;
		int hit;

		if (!is_ns_el(c, NS_XCCDF12, "rule-result"))
			continue;
		idref = xmlGetProp(c, (const xmlChar *)"idref");
		hit = idref && strcmp((const char *)idref, rule_id) == 0;
		xmlFree(idref);
		if (hit)
			return c;
	}
	return NULL;
}

/* Finding details: the rule-result's messages, one paragraph each. */
static char *details_of(xmlNodePtr rr)
{
	size_t len = 0;
	char *out = calloc(1, 1);

	for (xmlNodePtr m = rr ? rr->children : NULL; m && out; m = m->next) {
		char *t, *grown;

		if (!is_ns_el(m, NS_XCCDF12, "message"))
			continue;
		t = text_of(m);
		grown = realloc(out, len + strlen(t) + 3);
		if (grown) {
			if (len) {
				memcpy(grown + len, "\n\n", 2);
				len += 2;
			}
			memcpy(grown + len, t, strlen(t) + 1);
			len += strlen(t);
		}
		out = grown;
		free(t);
	}
	return out ? out : strdup("");
}

static const char *class_of(xmlNodePtr rr)
{
	xmlNodePtr check = child_ns(rr, NS_XCCDF12, "check");
	xmlChar *sys = check ? xmlGetProp(check, (const xmlChar *)"system") : NULL;
	const char *cls = "manual";

	if (sys && strstr((const char *)sys, "oval-definitions-5"))
		cls = child_ns(check, NS_XCCDF12, "check-export") ? "site-value" : "automated";
	else if (sys && strcmp((const char *)sys, "urn:scapula:evidence") == 0)
		cls = "evidence";
	xmlFree(sys);
	return cls;
}

/*
 * The check a person reads: DISA's manual check, the one with check-content. A bound rule's
 * first check is the OVAL one (no text, its ref an OVAL definition id), DISA's comes after it.
 */
static struct rule_check manual_check(const struct rule *r)
{
	struct rule_check c = {r->check_system, r->check_ref_href, r->check_ref_name,
			       r->check_text};

	for (size_t i = 0; !c.text[0] && i < r->n_more_checks; i++)
		if (r->more_checks[i].text[0])
			c = r->more_checks[i];
	return c;
}

static void build_rule_texts(xmlNodePtr el, const struct rule *r, xmlNodePtr rr)
{
	xmlNodePtr override = rr ? child_ns(rr, NS_XCCDF12, "override") : NULL;
	char *details = details_of(rr);
	char *comment = text_of(override ? child_ns(override, NS_XCCDF12, "remark") : NULL);

	add_text(el, "title", r->title);
	for (int f = 0; f < DESC_N_FIELDS; f++)
		set_attr(add_text(el, "field", r->desc[f]), "name",
			 desc_field_name((enum desc_field)f));
	add_text(el, "check-content", manual_check(r).text);
	add_text(el, "fix-text", r->fix_text);
	for (size_t i = 0; i < r->n_ccis; i++)
		add_text(el, "cci", r->ccis[i]);
	for (size_t i = 0; i < r->n_legacy_ids; i++)
		add_text(el, "legacy", r->legacy_ids[i]);
	add_text(el, "details", details);
	add_text(el, "comment", comment);
	free(details);
	free(comment);
}

static void build_rule(xmlNodePtr stig, const struct rule *r, xmlNodePtr tr, const char *host,
		       const char *bench_id, struct counts *c)
{
	xmlNodePtr el = xmlNewChild(stig, stig->ns, (const xmlChar *)"rule", NULL);
	xmlNodePtr rr = find_result(tr, r->rule_id);
	char *result = text_of(rr ? child_ns(rr, NS_XCCDF12, "result") : NULL);
	const char *vuln = short_id(r->group_id, "_group_");
	const char *uuid_parts[] = {host, bench_id, vuln};
	struct rule_check check = manual_check(r);
	char uuid[37], cat[4];

	if (!*result) {
		free(result);
		result = strdup("notselected");
	}
	uuid_v5(uuid, uuid_parts, 3);
	snprintf(cat, sizeof(cat), "%d", rule_cat(r));
	set_attr(el, "vuln", vuln);
	set_attr(el, "rule-id", short_id(r->rule_id, "_rule_"));
	set_attr(el, "stig-id", r->stig_id);
	set_attr(el, "severity", r->severity);
	set_attr(el, "cat", cat);
	set_attr(el, "weight", r->weight);
	set_attr(el, "group-title", r->group_title);
	set_attr(el, "target-key", r->ref_identifier);
	set_attr(el, "check-ref-name", check.ref_name[0] ? check.ref_name : "M");
	set_attr(el, "check-ref-href", check.ref_href);
	set_attr(el, "result", result);
	set_attr(el, "ckl-status", ckl_status_of(result));
	set_attr(el, "class", rr ? class_of(rr) : "manual");
	set_attr(el, "uuid", uuid);
	build_rule_texts(el, r, rr);
	count_result(c, result, rule_cat(r));
	free(result);
}

static void set_summary(xmlNodePtr stig, const struct counts *c)
{
	xmlNodePtr s = xmlNewChild(stig, stig->ns, (const xmlChar *)"summary", NULL);
	char n[32];

	for (size_t i = 0; i < 8; i++) {
		snprintf(n, sizeof(n), "%zu", c->by_result[i]);
		set_attr(s, result_names[i], n);
	}
	for (int cat = 1; cat <= 3; cat++) {
		char name[16];
		snprintf(name, sizeof(name), "cat%d-open", cat);
		snprintf(n, sizeof(n), "%zu", c->open_by_cat[cat]);
		set_attr(s, name, n);
	}
}

static char *display_name(const char *title)
{
	const char *long_form = "Security Technical Implementation Guide";
	const char *p = strstr(title, long_form);
	size_t n = strlen(title) + 8;
	char *out = malloc(n);

	if (!out)
		return NULL;
	if (p)
		snprintf(out, n, "%.*sSTIG%s", (int)(p - title), title, p + strlen(long_form));
	else
		snprintf(out, n, "%s", title);
	return out;
}

static void set_stig_attrs(xmlNodePtr el, const struct benchmark *b, const char *bench_id)
{
	char shortv[32], size[32], uuid[37], *ref;
	const char *uuid_parts[] = {bench_id, b->version, b->release_info};
	const char *file = strrchr(b->source, '/');
	size_t date_len = 0;
	const char *date = benchmark_date(b, &date_len);
	char *datez = strndup(date, date_len);
	size_t ref_len = strlen(b->title) + strlen(b->version) + strlen(b->release_info) + 32;

	benchmark_short_version(b, shortv, sizeof(shortv));
	snprintf(size, sizeof(size), "%zu", b->n_rules);
	uuid_v5(uuid, uuid_parts, 3);
	ref = malloc(ref_len);
	if (ref)
		snprintf(ref, ref_len, "%s :: Version %s, %s", b->title, b->version,
			 b->release_info);
	set_attr(el, "id", bench_id);
	set_attr(el, "title", b->title);
	set_attr_owned(el, "display-name", display_name(b->title));
	set_attr(el, "version", b->version);
	set_attr(el, "short-version", shortv);
	set_attr(el, "release-info", b->release_info);
	set_attr_owned(el, "benchmark-date", datez);
	set_attr(el, "filename", file ? file + 1 : b->source);
	set_attr(el, "target-key", b->n_rules ? b->rules[0].ref_identifier : "");
	set_attr(el, "classification", "UNCLASSIFIED");
	set_attr(el, "notice", b->notice[0] ? b->notice : "terms-of-use");
	set_attr(el, "source", b->ref_source);
	set_attr(el, "uuid", uuid);
	set_attr_owned(el, "stig-ref", ref);
	set_attr(el, "size", size);
	add_text(el, "description", b->description);
}

static int build_stig(xmlNodePtr root, const struct benchmark *b, xmlNodePtr tr, const char *host)
{
	xmlNodePtr el = xmlNewChild(root, root->ns, (const xmlChar *)"stig", NULL);
	const char *bench_id = short_id(b->id, "_benchmark_");
	struct counts c;

	memset(&c, 0, sizeof(c));
	set_stig_attrs(el, b, bench_id);
	for (size_t i = 0; i < b->n_rules; i++)
		build_rule(el, &b->rules[i], tr, host, bench_id, &c);
	set_summary(el, &c);
	/* the summary reads best before the rules */
	xmlAddPrevSibling(model_first(el, "rule") ? model_first(el, "rule") : el->last,
			  model_first(el, "summary"));
	return 0;
}

/*
 * The TestResult's test-system, as far as it fits a message: another tool's ARF shapes its
 * results, findings and benchmark its own way, and a report made from it could say "pass"
 * where that tool meant something else.
 */
static const char *test_system_of(xmlNodePtr tr)
{
	static _Thread_local char ts[128];
	xmlChar *v = xmlGetProp(tr, (const xmlChar *)"test-system");

	snprintf(ts, sizeof(ts), "%s", v ? (const char *)v : "");
	xmlFree(v);
	return ts;
}

static int written_by_scapula(xmlNodePtr tr)
{
	static const char cpe[] = "cpe:/a:scapula:scapula:";

	return strncmp(test_system_of(tr), cpe, sizeof(cpe) - 1) == 0;
}

static int locate(xmlNodePtr *tr, xmlNodePtr *bench, xmlDocPtr arf, const char *name)
{
	xmlNodePtr root = xmlDocGetRootElement(arf);

	if (!is_ns_el(root, NS_ARF, "asset-report-collection"))
		return error_set(ERR_FORMAT, "%s: not an ARF 1.1 asset report collection", name);
	*tr = find_desc(child_ns(root, NS_ARF, "reports"), NS_XCCDF12, "TestResult");
	if (!*tr)
		return error_set(ERR_FORMAT, "%s: holds no XCCDF 1.2 TestResult", name);
	if (!written_by_scapula(*tr))
		return error_set(ERR_FORMAT,
				 "%s:%ld: TestResult written by '%s', not by scapula; reports are "
				 "made only from scapula's ARF",
				 name, xmlGetLineNo(*tr), test_system_of(*tr));
	*bench = find_desc(child_ns(root, NS_ARF, "report-requests"), NS_XCCDF12, "Benchmark");
	if (!*bench)
		return error_set(ERR_FORMAT,
				 "%s: its report request holds no XCCDF benchmark (not written by scapula?)",
				 name);
	if (!child_ns(*tr, NS_XCCDF12, "target"))
		return error_set(ERR_FORMAT, "%s: TestResult names no target", name);
	return 0;
}

int report_model_from_arf(xmlDocPtr *out, xmlDocPtr arf, const char *name)
{
	xmlNodePtr tr = NULL, bench = NULL, root, score, dev;
	struct benchmark *b = NULL;
	xmlDocPtr doc;
	char *host, *v;
	const char *uuid_parts[2];
	char uuid[37];

	*out = NULL;
	if (locate(&tr, &bench, arf, name) < 0 || benchmark_from_xml(&b, bench, name) < 0)
		return -1;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"report", NULL);
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)REPORT_NS, NULL));
	xmlDocSetRootElement(doc, root);
	host = text_of(child_ns(tr, NS_XCCDF12, "target"));
	uuid_parts[0] = host;
	uuid_parts[1] = short_id(b->id, "_benchmark_");
	uuid_v5(uuid, uuid_parts, 2);
	set_attr(root, "generator", "scapula " SCAPULA_VERSION);
	set_attr(root, "marking", "CUI");
	set_attr(root, "uuid", uuid);
	v = (char *)xmlGetProp(tr, (const xmlChar *)"end-time");
	set_attr(root, "scan-time", v);
	xmlFree(v);
	set_attr_owned(root, "collected", fact_of(tr, "urn:scapula:fact:collected"));
	score = child_ns(tr, NS_XCCDF12, "score");
	set_attr_owned(root, "score", text_of(score));
	dev = find_desc(child_ns(xmlDocGetRootElement(arf), NS_ARF, "assets"), NS_AI,
			"computing-device");
	build_host(root, tr, dev);
	build_stig(root, b, tr, host);
	{
		size_t n = strlen(host) + strlen(uuid_parts[1]) + 2;
		char *title = malloc(n);
		if (title)
			snprintf(title, n, "%s_%s", host, uuid_parts[1]);
		set_attr_owned(root, "title", title);
	}
	free(host);
	benchmark_free(b);
	*out = doc;
	return 0;
}

struct report_styles {
	xsltStylesheetPtr html;
	xsltStylesheetPtr ckl;
};

const char *report_xslt_dir(void)
{
	const char *env = getenv("SCAPULA_XSLT_DIR");

	return env && *env ? env : SCAPULA_SOURCE_DIR "/xslt";
}

int report_styles_load(struct report_styles **out, const char *xslt_dir)
{
	struct report_styles *st = calloc(1, sizeof(*st));
	char path[4096];

	*out = NULL;
	if (!st)
		return error_oom();
	snprintf(path, sizeof(path), "%s/report.xsl", xslt_dir);
	if (xslt_stylesheet_load(&st->html, path) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/ckl.xsl", xslt_dir);
	if (xslt_stylesheet_load(&st->ckl, path) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	report_styles_free(st);
	return -1;
}

void report_styles_free(struct report_styles *st)
{
	if (!st)
		return;
	xslt_stylesheet_free(st->html);
	xslt_stylesheet_free(st->ckl);
	free(st);
}

static int render_cklb(char **buf, size_t *len, xmlDocPtr model)
{
	json_t *doc;
	char *s;

	if (cklb_from_model(&doc, model) < 0)
		return -1;
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return error_oom();
	*len = strlen(s);
	*buf = s;
	return 0;
}

int report_render(char **buf, size_t *len, xmlDocPtr model, enum report_format f,
		  const struct report_styles *st)
{
	*buf = NULL;
	*len = 0;
	switch (f) {
	case REPORT_HTML:
		return xslt_apply_to_buffer(buf, len, st->html, model, NULL, "report model");
	case REPORT_CKL:
		return xslt_apply_to_buffer(buf, len, st->ckl, model, NULL, "report model");
	case REPORT_CKLB:
		return render_cklb(buf, len, model);
	case REPORT_CSV:
		return csv_from_model(buf, len, model, 1);
	default:
		return error_set(ERR_INTERNAL, "unknown report format");
	}
}
