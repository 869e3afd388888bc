/*
 * bind.c - DISA XCCDF 1.1 + binding + OVAL → XCCDF 1.2 → SCAP 1.3 source data stream
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/hash.h>
#include <libxml/parserInternals.h>

#include "benchmark.h"
#include "bind.h"
#include "error.h"
#include "package.h"
#include "xml.h"
#include "xslt.h"

#define DS_NS_PREFIX "scapula" /* the [^_]+ part of scap_X_collection_… ids */
#define XLINK_NS     "http://www.w3.org/1999/xlink"
#define CATALOG_NS   "urn:oasis:names:tc:entity:xmlns:xml:catalog"
#define OVAL_SYSTEM  OVAL_DEFS_NS
#define TS_LEN	     20 /* "2024-01-24T00:00:00" + NUL */

static const char *const status_names[] = {"ok", "drift", "unbound", "removed", "-"};

const char *bind_status_name(enum bind_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(status_names[0]) ? status_names[s] : "?";
}

/* ---- DOM helpers ---- */

static int is_xccdf(xmlNodePtr n, const char *name)
{
	const char *ns;

	if (!n || n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href)
		return 0;
	ns = (const char *)n->ns->href;
	if (strcmp(ns, XCCDF11_NS) != 0 && strcmp(ns, XCCDF12_NS) != 0)
		return 0;
	return !name || strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr first_xccdf_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (is_xccdf(c, name))
			return c;
	return NULL;
}

/* Attribute NAME as a borrowed string valid while N lives, or "" (libxml2 keeps it in the node). */
static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)name, NULL);

	if (a && a->children && a->children->type == XML_TEXT_NODE && !a->children->next &&
	    a->children->content)
		return (const char *)a->children->content;
	return "";
}

/* The text of N as a new string ("" for NULL), or NULL when out of memory. */
static char *text_dup(xmlNodePtr n)
{
	xmlChar *v = n ? xmlNodeGetContent(n) : NULL;
	char *s = strdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static xmlNodePtr new_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return xmlNewTextChild(parent, ns, (const xmlChar *)name, (const xmlChar *)text);
}

static int set_attr(xmlNodePtr n, const char *name, const char *value)
{
	return xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value) ? 0 : error_oom();
}

/* Copy S into an id-safe form (NCName characters only) for data-stream ids. */
static void id_safe(char *dst, size_t size, const char *s)
{
	size_t i = 0;

	for (; *s && i + 1 < size; s++) {
		char c = *s;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		dst[i++] = ok ? c : '-';
	}
	dst[i] = '\0';
}

static void format_epoch(char out[TS_LEN], long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, TS_LEN, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(out, TS_LEN, "1970-01-01T00:00:00");
}

/* S starts with SHAPE, where 'd' stands for any digit and other characters for themselves. */
static int matches_shape(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (!*s || (*shape == 'd' ? (*s < '0' || *s > '9') : *s != *shape))
			return 0;
	return 1;
}

/* A timestamp from a date or dateTime found in the input, or the epoch when malformed. */
static void timestamp_from_date(char out[TS_LEN], const char *date)
{
	if (matches_shape(date, "dddd-dd-ddTdd:dd:dd"))
		snprintf(out, TS_LEN, "%.19s", date);
	else if (matches_shape(date, "dddd-dd-dd"))
		snprintf(out, TS_LEN, "%.10sT00:00:00", date);
	else
		snprintf(out, TS_LEN, "1970-01-01T00:00:00");
}

/* ---- hostile structure: extends chains ---- */

struct ext_item {
	const char *extends; /* borrowed from the document; "" when none */
	int state;	     /* 0 not visited, 1 on the current chain, 2 known to end well */
};

static void free_ext_item(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

/* Gather id → extends for every element of kind KIND below N. */
static int gather_extends(xmlHashTablePtr table, xmlNodePtr n, const char *kind, const char *name)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		struct ext_item *it;

		if (!is_xccdf(c, NULL))
			continue;
		if (strcmp((const char *)c->name, kind) == 0 && *attr(c, "id")) {
			it = calloc(1, sizeof(*it));
			if (!it)
				return error_oom();
			it->extends = attr(c, "extends");
			if (xmlHashAddEntry(table, (const xmlChar *)attr(c, "id"), it) != 0) {
				free(it);
				return error_set(ERR_FORMAT, "%s:%ld: %s id '%s' is used twice",
						 name, xmlGetLineNo(c), kind, attr(c, "id"));
			}
		}
		if (gather_extends(table, c, kind, name) < 0)
			return -1;
	}
	return 0;
}

struct ext_walk {
	xmlHashTablePtr table;
	const char *kind, *name;
	int failed;
};

/* Follow ID's chain; every item on it is marked, so the whole check is linear. */
static void walk_chain(void *payload, void *data, const xmlChar *id)
{
	struct ext_item *it = payload;
	struct ext_walk *w = data;
	const char *cur = (const char *)id;

	while (!w->failed && it && it->state == 0 && *it->extends) {
		struct ext_item *next = xmlHashLookup(w->table, (const xmlChar *)it->extends);
		it->state = 1;
		if (!next) {
			error_set(ERR_FORMAT, "%s: %s '%s' extends '%s', which does not exist",
				  w->name, w->kind, cur, it->extends);
			w->failed = 1;
		} else if (next->state == 1) {
			error_set(ERR_FORMAT, "%s: %s '%s' extends '%s' in a loop", w->name,
				  w->kind, cur, it->extends);
			w->failed = 1;
		}
		cur = it->extends;
		it = next;
	}
	/* Everything on a chain that ended well is settled. */
	for (it = payload; !w->failed && it && it->state == 1;
	     it = xmlHashLookup(w->table, (const xmlChar *)it->extends))
		it->state = 2;
}

int xccdf_check_extends(xmlNodePtr benchmark, const char *name)
{
	static const char *const kinds[] = {"Profile", "Group", "Rule", "Value"};
	int ret = 0;

	for (size_t k = 0; ret == 0 && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct ext_walk w = {xmlHashCreate(64), kinds[k], name, 0};

		if (!w.table)
			return error_oom();
		ret = gather_extends(w.table, benchmark, kinds[k], name);
		if (ret == 0) {
			xmlHashScan(w.table, walk_chain, &w);
			ret = w.failed ? -1 : 0;
		}
		xmlHashFree(w.table, free_ext_item);
	}
	return ret;
}

/* ---- what must not reach the data stream ---- */

static int unwanted(xmlNodePtr n)
{
	static const char *const names[] = {
	    "platform",	  /* CPE applicability is tested on the scanner, never the target */
	    "TestResult", /* results have no place in source content */
	    "signature",  /* no longer valid once the benchmark is rewritten */
	    "platform-definitions",
	    "Platform-Specification",
	    "cpe-list",
	    "impact-metric",
	    /* deprecated in 1.2: OpenSCAP's stylesheet emits them as raw, unescaped text */
	};

	if (!is_xccdf(n, NULL))
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

static void strip_unwanted(xmlNodePtr n)
{
	xmlNodePtr c = n->children;

	while (c) {
		xmlNodePtr next = c->next;
		if (unwanted(c)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			strip_unwanted(c);
		}
		c = next;
	}
}

/* Remove every check-content-ref from CHECK: DISA's point at a manual file that never ships. */
static void strip_content_refs(xmlNodePtr check)
{
	xmlNodePtr c = check->children;

	while (c) {
		xmlNodePtr next = c->next;
		if (is_xccdf(c, "check-content-ref")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
}

/* ---- rules: drift and checks ---- */

struct rules_ctx {
	struct bind_checklist *cl;
	size_t cap;
	const struct binding *b;
	const char *name;
	xmlHashTablePtr vulns; /* Vuln ids seen in the benchmark */
	xmlNsPtr ns;	       /* XCCDF 1.1 */
};

static int severity_cat(const char *sev)
{
	if (strcmp(sev, "high") == 0)
		return 1;
	if (strcmp(sev, "medium") == 0)
		return 2;
	if (strcmp(sev, "low") == 0)
		return 3;
	return 0;
}

static struct bind_row *new_row(struct bind_checklist *cl, size_t *cap)
{
	if (cl->n_rows == *cap) {
		size_t n = *cap ? 2 * *cap : 64;
		struct bind_row *r = realloc(cl->rows, n * sizeof(*r));
		if (!r) {
			error_oom();
			return NULL;
		}
		cl->rows = r;
		*cap = n;
	}
	memset(&cl->rows[cl->n_rows], 0, sizeof(cl->rows[0]));
	return &cl->rows[cl->n_rows++];
}

static int fill_row(struct bind_row *row, const char *vuln, const char *stig_id,
		    const char *rule_id, const struct binding_rule *br)
{
	row->vuln = strdup(vuln);
	row->stig_id = strdup(stig_id);
	row->rule_id = strdup(rule_id);
	row->definition = strdup(br ? br->definition : "");
	row->cls = br ? br->cls : RULE_MANUAL;
	return row->vuln && row->stig_id && row->rule_id && row->definition ? 0 : error_oom();
}

/* The check text DISA wrote: the first check-content of the rule's checks. */
static xmlNodePtr rule_check_content(xmlNodePtr rule)
{
	for (xmlNodePtr c = rule->children; c; c = c->next) {
		xmlNodePtr cc = is_xccdf(c, "check") ? first_xccdf_child(c, "check-content") : NULL;
		if (cc)
			return cc;
	}
	return NULL;
}

/*
 * <check system=OVAL><check-export…/>*<check-content-ref href name/></check> in namespace NS;
 * VALUE_PREFIX makes Value ids from the binding's value ids.
 */
static xmlNodePtr oval_check(xmlNsPtr ns, const struct binding *b, const struct binding_rule *br,
			     const char *value_prefix)
{
	xmlNodePtr check = xmlNewNode(ns, (const xmlChar *)"check"), ref;
	char id[512];

	if (!check || set_attr(check, "system", OVAL_SYSTEM) < 0)
		goto fail;
	for (size_t i = 0; i < br->n_exports; i++) {
		const struct binding_value *v = binding_value_find(b, br->exports[i]);
		xmlNodePtr e = new_child(check, ns, "check-export", NULL);
		snprintf(id, sizeof(id), "%s%s", value_prefix, v->id);
		if (!e || set_attr(e, "value-id", id) < 0 ||
		    set_attr(e, "export-name", v->variable) < 0)
			goto fail;
	}
	ref = new_child(check, ns, "check-content-ref", NULL);
	if (!ref || set_attr(ref, "href", b->oval_href) < 0 ||
	    set_attr(ref, "name", br->definition) < 0)
		goto fail;
	return check;
fail:
	xmlFreeNode(check);
	error_oom();
	return NULL;
}

/* Drop DISA's content refs; a check left with nothing to say goes too. */
static void clean_checks(xmlNodePtr rule)
{
	xmlNodePtr c = rule->children;

	while (c) {
		xmlNodePtr next = c->next;
		if (is_xccdf(c, "check")) {
			strip_content_refs(c);
			if (!first_xccdf_child(c, NULL)) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
		c = next;
	}
}

static int rewrite_checks(const struct rules_ctx *x, xmlNodePtr rule, const struct binding_rule *br)
{
	xmlNodePtr check, first;

	clean_checks(rule);
	if (!br || !rule_class_checked(br->cls))
		return 0;
	check = oval_check(x->ns, x->b, br, "");
	if (!check)
		return -1;
	first = first_xccdf_child(rule, "check");
	if (!first)
		first = first_xccdf_child(rule, "complex-check");
	if (first ? !xmlAddPrevSibling(first, check) : !xmlAddChild(rule, check)) {
		xmlFreeNode(check);
		return error_oom();
	}
	return 0;
}

static int bind_rule(struct rules_ctx *x, xmlNodePtr rule, const char *vuln)
{
	const struct binding_rule *br = binding_rule_find(x->b, vuln);
	char *stig_id = text_dup(first_xccdf_child(rule, "version"));
	char *text = text_dup(rule_check_content(rule));
	char fp[65];
	struct bind_row *row;
	int ret = -1;

	if (!stig_id || !text) {
		error_oom();
		goto out;
	}
	if (xmlHashAddEntry(x->vulns, (const xmlChar *)vuln, (void *)1) != 0) {
		error_set(ERR_FORMAT, "%s:%ld: %s holds more than one rule", x->name,
			  xmlGetLineNo(rule), vuln);
		goto out;
	}
	row = new_row(x->cl, &x->cap);
	if (!row || fill_row(row, vuln, stig_id, attr(rule, "id"), br) < 0 ||
	    check_fingerprint(fp, text) < 0)
		goto out;
	row->cat = severity_cat(attr(rule, "severity"));
	row->status = !br ? BIND_UNBOUND : strcmp(fp, br->check_sha256) ? BIND_DRIFT : BIND_OK;
	ret = rewrite_checks(x, rule, br);
out:
	free(stig_id);
	free(text);
	return ret;
}

static int bind_items(struct rules_ctx *x, xmlNodePtr parent, const char *vuln)
{
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (is_xccdf(c, "Group")) {
			const char *id = attr(c, "id");
			if (bind_items(x, c, strncmp(id, "V-", 2) == 0 ? id : vuln) < 0)
				return -1;
		} else if (is_xccdf(c, "Rule")) {
			if (!vuln)
				return error_set(
				    ERR_FORMAT,
				    "%s:%ld: rule '%s' is not inside a Vuln group (V-…)", x->name,
				    xmlGetLineNo(c), attr(c, "id"));
			if (bind_rule(x, c, vuln) < 0)
				return -1;
		}
	}
	return 0;
}

/* Rows for binding rules the benchmark does not have, in binding order. */
static int removed_rows(struct rules_ctx *x)
{
	for (size_t i = 0; i < x->b->n_rules; i++) {
		const struct binding_rule *br = &x->b->rules[i];
		struct bind_row *row;

		if (xmlHashLookup(x->vulns, (const xmlChar *)br->vuln))
			continue;
		row = new_row(x->cl, &x->cap);
		if (!row || fill_row(row, br->vuln, br->stig_id, "", br) < 0)
			return -1;
		row->status = BIND_REMOVED;
	}
	return 0;
}

/* ---- XCCDF Values ---- */

/* Where Values go in a Benchmark: after the Profiles, before Values, Groups and Rules. */
static xmlNodePtr value_anchor(xmlNodePtr root, int *before)
{
	xmlNodePtr last_profile = NULL;

	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (is_xccdf(c, "Profile"))
			last_profile = c;
		else if (is_xccdf(c, "Value") || is_xccdf(c, "Group") || is_xccdf(c, "Rule") ||
			 is_xccdf(c, "TestResult") || is_xccdf(c, "signature")) {
			*before = 1;
			return last_profile ? last_profile->next : c;
		}
	}
	*before = 0;
	return last_profile;
}

static xmlNodePtr new_value(xmlNsPtr ns, const struct binding_value *v, const char *id)
{
	xmlNodePtr n = xmlNewNode(ns, (const xmlChar *)"Value");

	/* interactive: the STIG leaves this value to the site, so a tool should ask for it. */
	if (!n || set_attr(n, "id", id) < 0 || set_attr(n, "type", v->type) < 0 ||
	    (v->required && set_attr(n, "interactive", "true") < 0) ||
	    !new_child(n, ns, "title", *v->title ? v->title : v->id) ||
	    !new_child(n, ns, "description", *v->description ? v->description : v->id) ||
	    !new_child(n, ns, "value", v->default_value)) {
		xmlFreeNode(n);
		error_oom();
		return NULL;
	}
	return n;
}

/* Add B's values to ROOT; ID_PREFIX ("" in 1.1, "xccdf_NS_value_" in 1.2) makes their ids. */
static int add_values(xmlNodePtr root, xmlNsPtr ns, const struct binding *b, const char *id_prefix)
{
	int before = 0;
	xmlNodePtr anchor = value_anchor(root, &before);

	for (size_t i = b->n_values; i-- > 0;) {
		char id[512];
		xmlNodePtr v;

		snprintf(id, sizeof(id), "%s%s", id_prefix, b->values[i].id);
		v = new_value(ns, &b->values[i], id);
		if (!v)
			return -1;
		/* Inserted last-to-first in front of the anchor, so they keep the binding's order.
		 */
		if (!(anchor
			  ? (before ? xmlAddPrevSibling(anchor, v) : xmlAddNextSibling(anchor, v))
			  : xmlAddChild(root, v))) {
			xmlFreeNode(v);
			return error_oom();
		}
		anchor = v;
		before = 1;
	}
	return 0;
}

/* ---- XCCDF 1.1 → 1.2 ---- */

/* OpenSCAP's stylesheet marks ids it cannot resolve "dangling reference to X!". */
static int check_converted(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		int bad = v && strstr((const char *)v, "dangling reference to ");
		if (bad)
			error_set(ERR_FORMAT, "%s: %s/@%s refers to an id the benchmark lacks (%s)",
				  name, (const char *)n->name, (const char *)a->name,
				  (const char *)v);
		xmlFree(v);
		if (bad)
			return -1;
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->name == xmlStringTextNoenc)
			return error_set(ERR_FORMAT,
					 "%s: %s: the conversion produced unescaped text", name,
					 (const char *)n->name);
		if (c->type == XML_ELEMENT_NODE && check_converted(c, name) < 0)
			return -1;
	}
	return 0;
}

static int convert_to_12(xmlDocPtr *out, xmlDocPtr doc11, const char *name)
{
	static const char *const params[] = {"reverse_DNS", DISA_REVERSE_DNS, NULL};
	xsltStylesheetPtr style = NULL;
	xmlNodePtr root;
	xmlAttrPtr schema_loc;
	int ret = -1;

	*out = NULL;
	if (xslt_stylesheet_load(&style, OPENSCAP_XCCDF_11_TO_12) < 0 ||
	    xslt_apply(out, style, doc11, params, name) < 0)
		goto out;
	root = xmlDocGetRootElement(*out);
	if (!root || !is_xccdf(root, "Benchmark") ||
	    strcmp((const char *)root->ns->href, XCCDF12_NS) != 0) {
		error_set(ERR_INTERNAL, "%s: the XCCDF 1.2 conversion gave no Benchmark", name);
		goto out;
	}
	/* DISA's schemaLocation names the XCCDF 1.1 schema: wrong from here on. */
	schema_loc = xmlHasNsProp(root, (const xmlChar *)"schemaLocation",
				  (const xmlChar *)"http://www.w3.org/2001/XMLSchema-instance");
	if (schema_loc)
		xmlRemoveProp(schema_loc);
	if (check_converted(root, name) < 0 || set_attr(root, "style", "SCAP_1.3") < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0) {
		xmlFreeDoc(*out);
		*out = NULL;
	}
	xslt_stylesheet_free(style);
	return ret;
}

static int check_no_value_clash(xmlNodePtr root, const struct binding *b, const char *name)
{
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (is_xccdf(c, "Value") && binding_value_find(b, attr(c, "id")))
			return error_set(ERR_FORMAT, "%s: the benchmark already has a Value '%s'",
					 name, attr(c, "id"));
	return 0;
}

/* "V2R6" from <version>2</version> and plain-text release-info "Release: 6 …". */
static void short_release(char *buf, size_t size, xmlNodePtr root)
{
	char *version = text_dup(first_xccdf_child(root, "version"));
	const char *rel = NULL;
	xmlChar *info = NULL;

	buf[0] = '\0';
	for (xmlNodePtr c = root->children; c && !info; c = c->next)
		if (is_xccdf(c, "plain-text") && strcmp(attr(c, "id"), "release-info") == 0)
			info = xmlNodeGetContent(c);
	if (info)
		rel = strstr((const char *)info, "Release: ");
	if (version && *version && rel && rel[9] >= '0' && rel[9] <= '9')
		snprintf(buf, size, "V%sR%ld", version, strtol(rel + 9, NULL, 10));
	free(version);
	xmlFree(info);
}

/* ---- one checklist from DISA's benchmark ---- */

static int checklist_names(struct bind_checklist *cl, const char *benchmark, const char *release,
			   const struct binding *b)
{
	cl->benchmark = strdup(benchmark);
	cl->release = strdup(release);
	cl->written_against = strdup(b->written_against);
	cl->binding_path = strdup(b->path);
	return cl->benchmark && cl->release && cl->written_against && cl->binding_path
		   ? 0
		   : error_oom();
}

static int build_from_disa(xmlDocPtr *out, struct bind_checklist *cl, char ts[TS_LEN],
			   const struct bind_source *s, long long epoch)
{
	xmlNodePtr orig = xmlDocGetRootElement(s->xccdf), root, status;
	struct rules_ctx x = {cl, 0, s->binding, s->name, NULL, NULL};
	xmlDocPtr doc = NULL;
	char release[64];
	int ret = -1;

	*out = NULL;
	if (!orig || !is_xccdf(orig, "Benchmark") ||
	    strcmp((const char *)orig->ns->href, XCCDF11_NS))
		return error_set(ERR_FORMAT,
				 "%s: not an XCCDF 1.1 Benchmark (bind reads DISA's "
				 "manual benchmarks)",
				 s->name);
	if (xccdf_check_extends(orig, s->name) < 0)
		return -1;
	doc = xmlCopyDoc(s->xccdf, 1);
	x.vulns = xmlHashCreate(256);
	if (!doc || !x.vulns) {
		error_oom();
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	x.ns = root->ns;
	strip_unwanted(root);
	short_release(release, sizeof(release), root);
	if (checklist_names(cl, attr(root, "id"), release, s->binding) < 0 ||
	    check_no_value_clash(root, s->binding, s->name) < 0 || bind_items(&x, root, NULL) < 0 ||
	    removed_rows(&x) < 0 || add_values(root, root->ns, s->binding, "") < 0)
		goto out;
	status = first_xccdf_child(root, "status");
	if (epoch >= 0)
		format_epoch(ts, epoch);
	else
		timestamp_from_date(ts, status ? attr(status, "date") : "");
	ret = convert_to_12(out, doc, s->name);
out:
	xmlHashFree(x.vulns, NULL);
	xmlFreeDoc(doc);
	return ret;
}

/* ---- one checklist from the content alone ---- */

/* "scapula.exchange2016" from the first definition id "oval:scapula.exchange2016:def:…". */
static void content_namespace(char *buf, size_t size, const struct binding *b)
{
	for (size_t i = 0; i < b->n_rules; i++) {
		const char *d = b->rules[i].definition, *end;
		if (strncmp(d, "oval:", 5) == 0 && (end = strchr(d + 5, ':')) && end > d + 5) {
			char ns[256];
			snprintf(ns, sizeof(ns), "%.*s", (int)(end - d - 5), d + 5);
			id_safe(buf, size, ns);
			for (char *p = buf; *p; p++)
				if (*p == '_')
					*p = '-'; /* xccdf_X_…: X may not hold '_' */
			return;
		}
	}
	snprintf(buf, size, "%s", DS_NS_PREFIX);
}

static char *oval_title(const struct binding *b, const char *def_id)
{
	xmlNodePtr def = binding_oval_definition(b, def_id), md = NULL, t = NULL;

	for (xmlNodePtr c = def ? def->children : NULL; c && !md; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "metadata") == 0)
			md = c;
	for (xmlNodePtr c = md ? md->children : NULL; c && !t; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "title") == 0)
			t = c;
	return text_dup(t);
}

static int own_rule(xmlNodePtr root, const struct binding *b, const struct binding_rule *br,
		    const char *xns)
{
	char id[512], prefix[300];
	char *title = *br->definition ? oval_title(b, br->definition) : strdup("");
	xmlNodePtr group, rule, check = NULL;
	int ret = -1;

	if (!title)
		return error_oom();
	snprintf(id, sizeof(id), "xccdf_%s_group_%s", xns, br->vuln);
	group = new_child(root, root->ns, "Group", NULL);
	if (!group || set_attr(group, "id", id) < 0 ||
	    !new_child(group, root->ns, "title", br->vuln))
		goto out;
	snprintf(id, sizeof(id), "xccdf_%s_rule_%s", xns, br->vuln);
	rule = new_child(group, root->ns, "Rule", NULL);
	if (!rule || set_attr(rule, "id", id) < 0 || set_attr(rule, "severity", *br->severity ? br->severity : "unknown") < 0 ||
	    (*br->stig_id && !new_child(rule, root->ns, "version", br->stig_id)) ||
	    !new_child(rule, root->ns, "title",
		       *title	     ? title
		       : *br->reason ? br->reason
				     : br->vuln) ||
	    !new_child(rule, root->ns, "description", *br->reason ? br->reason : br->vuln))
		goto out;
	snprintf(prefix, sizeof(prefix), "xccdf_%s_value_", xns);
	if (rule_class_checked(br->cls) &&
	    (!(check = oval_check(root->ns, b, br, prefix)) || !xmlAddChild(rule, check)))
		goto out;
	ret = 0;
out:
	free(title);
	return ret < 0 ? error_oom() : ret; /* every failure above is an allocation */
}

static xmlNodePtr oval_generator_timestamp(xmlDocPtr oval)
{
	xmlNodePtr gen = NULL;

	for (xmlNodePtr c = xmlDocGetRootElement(oval)->children; c && !gen; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "generator") == 0)
			gen = c;
	for (xmlNodePtr c = gen ? gen->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "timestamp") == 0)
			return c;
	return NULL;
}

static int own_header(xmlNodePtr root, const struct binding *b, const char *xns, const char *ts)
{
	char id[512], date[11], text[1024];
	xmlNodePtr status;

	snprintf(id, sizeof(id), "xccdf_%s_benchmark_%s", xns, b->benchmark);
	snprintf(date, sizeof(date), "%.10s", ts);
	if (set_attr(root, "id", id) < 0 || set_attr(root, "style", "SCAP_1.3") < 0)
		return -1;
	xmlNodeSetLang(root, (const xmlChar *)"en");
	status = new_child(root, root->ns, "status", "draft");
	snprintf(text, sizeof(text), "scapula checks for %s", b->benchmark);
	if (!status || set_attr(status, "date", date) < 0 ||
	    !new_child(root, root->ns, "title", text))
		return error_oom();
	snprintf(text, sizeof(text),
		 "scapula's own checks for the rules of %s, written against its release %s. Rule "
		 "titles are scapula's; bind DISA's benchmark to get DISA's text.",
		 b->benchmark, b->written_against);
	if (!new_child(root, root->ns, "description", text) ||
	    !new_child(root, root->ns, "version", b->written_against))
		return error_oom();
	return 0;
}

static int build_from_content(xmlDocPtr *out, struct bind_checklist *cl, char ts[TS_LEN],
			      const struct binding *b, long long epoch)
{
	char xns[128], prefix[160];
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)"Benchmark", NULL) : NULL;
	xmlNsPtr ns = root ? xmlNewNs(root, (const xmlChar *)XCCDF12_NS, NULL) : NULL;
	size_t cap = 0;
	int ret = -1;

	*out = NULL;
	if (!ns) {
		xmlFreeNode(root);
		xmlFreeDoc(doc);
		return error_oom();
	}
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	if (epoch >= 0) {
		format_epoch(ts, epoch);
	} else {
		xmlNodePtr t = oval_generator_timestamp(b->oval);
		char *s = text_dup(t);
		timestamp_from_date(ts, s ? s : "");
		free(s);
	}
	content_namespace(xns, sizeof(xns), b);
	snprintf(prefix, sizeof(prefix), "xccdf_%s_value_", xns);
	if (checklist_names(cl, b->benchmark, "", b) < 0 || own_header(root, b, xns, ts) < 0 ||
	    add_values(root, ns, b, prefix) < 0)
		goto out;
	for (size_t i = 0; i < b->n_rules; i++) {
		const struct binding_rule *br = &b->rules[i];
		struct bind_row *row = new_row(cl, &cap);
		if (!row || fill_row(row, br->vuln, br->stig_id, "", br) < 0 ||
		    own_rule(root, b, br, xns) < 0)
			goto out;
		row->status = BIND_NO_SOURCE;
	}
	*out = doc;
	doc = NULL;
	ret = 0;
out:
	xmlFreeDoc(doc);
	return ret;
}

/* ---- the data stream ---- */

struct ds_build {
	xmlDocPtr doc;
	xmlNodePtr root, stream, checklists, checks;
	xmlNsPtr ds, xlink, cat;
	const struct binding *ovals[64]; /* OVAL documents already added, by binding */
	char oval_ids[64][256];		 /* and the id stem of each one's component */
	size_t n_ovals;
	long long epoch;
};

static xmlNodePtr component_ref(struct ds_build *d, xmlNodePtr list, const char *stem)
{
	char id[512], href[512];
	xmlNodePtr ref = xmlNewChild(list, d->ds, (const xmlChar *)"component-ref", NULL);

	snprintf(id, sizeof(id), "scap_%s_cref_%s", DS_NS_PREFIX, stem);
	snprintf(href, sizeof(href), "#scap_%s_comp_%s", DS_NS_PREFIX, stem);
	if (!ref || set_attr(ref, "id", id) < 0 ||
	    !xmlSetNsProp(ref, d->xlink, (const xmlChar *)"href", (const xmlChar *)href))
		return NULL;
	return ref;
}

static int component(struct ds_build *d, const char *stem, const char *ts, xmlNodePtr content)
{
	char id[512];
	xmlNodePtr comp = xmlNewChild(d->root, d->ds, (const xmlChar *)"component", NULL);
	xmlNodePtr copy = xmlDocCopyNode(content, d->doc, 1);

	snprintf(id, sizeof(id), "scap_%s_comp_%s", DS_NS_PREFIX, stem);
	if (!comp || !copy || set_attr(comp, "id", id) < 0 || set_attr(comp, "timestamp", ts) < 0 ||
	    !xmlAddChild(comp, copy)) {
		xmlFreeNode(copy);
		return error_oom();
	}
	xmlReconciliateNs(d->doc, copy);
	return 0;
}

/* The component stem of B's OVAL document, adding the document on first use. */
static const char *oval_stem(struct ds_build *d, const struct binding *b)
{
	char stem[256], ts[TS_LEN];
	int clash = 0;

	for (size_t i = 0; i < d->n_ovals; i++) {
		if (strcmp(d->ovals[i]->oval_path, b->oval_path) == 0)
			return d->oval_ids[i];
		clash += strncmp(d->ovals[i]->oval_href, b->oval_href, 200) == 0;
	}
	if (d->n_ovals == sizeof(d->ovals) / sizeof(d->ovals[0])) {
		error_set(ERR_LIMIT, "more than %zu OVAL documents in one data stream", d->n_ovals);
		return NULL;
	}
	id_safe(stem, 200, b->oval_href);
	if (clash) /* two folders' OVAL files of the same name */
		snprintf(stem + strlen(stem), sizeof(stem) - strlen(stem), "-%d", clash + 1);
	if (d->epoch >= 0) {
		format_epoch(ts, d->epoch);
	} else {
		char *s = text_dup(oval_generator_timestamp(b->oval));
		timestamp_from_date(ts, s ? s : "");
		free(s);
	}
	if (!component_ref(d, d->checks, stem) ||
	    component(d, stem, ts, xmlDocGetRootElement(b->oval)) < 0) {
		error_oom();
		return NULL;
	}
	d->ovals[d->n_ovals] = b;
	snprintf(d->oval_ids[d->n_ovals], sizeof(d->oval_ids[0]), "%s", stem);
	return d->oval_ids[d->n_ovals++];
}

static int ds_skeleton(struct ds_build *d, const struct bind_checklist *lists, size_t n,
		       const char *latest)
{
	char ids[2048] = "", safe[2048], id[2200];

	for (size_t i = 0; i < n; i++)
		snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%s", i ? "_" : "",
			 lists[i].benchmark);
	id_safe(safe, sizeof(safe), ids);
	d->doc = xmlNewDoc((const xmlChar *)"1.0");
	d->root = d->doc
		      ? xmlNewDocNode(d->doc, NULL, (const xmlChar *)"data-stream-collection", NULL)
		      : NULL;
	if (!d->root)
		return error_oom();
	xmlDocSetRootElement(d->doc, d->root);
	d->ds = xmlNewNs(d->root, (const xmlChar *)SDS_NS, (const xmlChar *)"ds");
	d->xlink = xmlNewNs(d->root, (const xmlChar *)XLINK_NS, (const xmlChar *)"xlink");
	d->cat = xmlNewNs(d->root, (const xmlChar *)CATALOG_NS, (const xmlChar *)"cat");
	if (!d->ds || !d->xlink || !d->cat)
		return error_oom();
	xmlSetNs(d->root, d->ds);
	snprintf(id, sizeof(id), "scap_%s_collection_%s", DS_NS_PREFIX, safe);
	if (set_attr(d->root, "id", id) < 0 || set_attr(d->root, "schematron-version", "1.3") < 0)
		return -1;
	d->stream = xmlNewChild(d->root, d->ds, (const xmlChar *)"data-stream", NULL);
	snprintf(id, sizeof(id), "scap_%s_datastream_%s", DS_NS_PREFIX, safe);
	if (!d->stream || set_attr(d->stream, "id", id) < 0 ||
	    set_attr(d->stream, "scap-version", "1.3") < 0 ||
	    set_attr(d->stream, "use-case", "OTHER") < 0 ||
	    set_attr(d->stream, "timestamp", latest) < 0)
		return error_oom();
	d->checklists = xmlNewChild(d->stream, d->ds, (const xmlChar *)"checklists", NULL);
	d->checks = xmlNewChild(d->stream, d->ds, (const xmlChar *)"checks", NULL);
	return d->checklists && d->checks ? 0 : error_oom();
}

static int ds_checklist(struct ds_build *d, const struct bind_checklist *l, xmlDocPtr bench,
			const char *ts, const struct binding *b, const char *oval)
{
	char stem[300], safe[256], uri[512];
	xmlNodePtr ref, catalog, u;

	id_safe(safe, sizeof(safe), l->benchmark);
	snprintf(stem, sizeof(stem), "%s-xccdf.xml", safe);
	snprintf(uri, sizeof(uri), "#scap_%s_cref_%s", DS_NS_PREFIX, oval);
	ref = component_ref(d, d->checklists, stem);
	catalog = ref ? xmlNewChild(ref, d->cat, (const xmlChar *)"catalog", NULL) : NULL;
	u = catalog ? xmlNewChild(catalog, d->cat, (const xmlChar *)"uri", NULL) : NULL;
	if (!u || set_attr(u, "name", b->oval_href) < 0 || set_attr(u, "uri", uri) < 0)
		return error_oom();
	return component(d, stem, ts, xmlDocGetRootElement(bench));
}

/* Compose the collection from N converted benchmarks (already in data-stream order). */
static int compose(xmlDocPtr *out, const struct bind_checklist *lists, xmlDocPtr *benches,
		   char (*ts)[TS_LEN], const struct binding *const *bindings, size_t n,
		   long long epoch)
{
	struct ds_build *d = calloc(1, sizeof(*d));
	const char *latest = ts[0];
	const char **stems = calloc(n, sizeof(*stems));
	int ret = -1;

	*out = NULL;
	if (!d || !stems) {
		error_oom();
		goto out;
	}
	d->epoch = epoch;
	for (size_t i = 1; i < n; i++)
		if (strcmp(ts[i], latest) > 0)
			latest = ts[i];
	if (ds_skeleton(d, lists, n, latest) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) /* OVAL components first, as SCAP content usually has */
		if (!(stems[i] = oval_stem(d, bindings[i])))
			goto out;
	for (size_t i = 0; i < n; i++)
		if (ds_checklist(d, &lists[i], benches[i], ts[i], bindings[i], stems[i]) < 0)
			goto out;
	*out = d->doc;
	d->doc = NULL;
	ret = 0;
out:
	if (d)
		xmlFreeDoc(d->doc);
	free(d);
	free(stems);
	return ret;
}

/* ---- entry points ---- */

static void checklist_release(struct bind_checklist *l)
{
	for (size_t i = 0; i < l->n_rows; i++) {
		free(l->rows[i].vuln);
		free(l->rows[i].stig_id);
		free(l->rows[i].rule_id);
		free(l->rows[i].definition);
	}
	free(l->rows);
	free(l->benchmark);
	free(l->release);
	free(l->written_against);
	free(l->binding_path);
}

void bind_result_free(struct bind_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_lists; i++)
		checklist_release(&r->lists[i]);
	free(r->lists);
	xmlFreeDoc(r->ds);
	free(r);
}

size_t bind_count_status(const struct bind_checklist *l, enum bind_status s)
{
	size_t k = 0;

	for (size_t i = 0; i < l->n_rows; i++)
		k += l->rows[i].status == s;
	return k;
}

struct bind_work {
	struct bind_checklist list;
	xmlDocPtr bench;
	char ts[TS_LEN];
	const struct binding *binding;
	const char *name;
};

static int cmp_work(const void *a, const void *b)
{
	const struct bind_work *x = a, *y = b;

	return strcmp(x->list.benchmark, y->list.benchmark);
}

/* Sort by benchmark id (stable output whatever the package order) and refuse duplicates. */
static int order_work(struct bind_work *w, size_t n)
{
	qsort(w, n, sizeof(*w), cmp_work);
	for (size_t i = 1; i < n; i++)
		if (strcmp(w[i - 1].list.benchmark, w[i].list.benchmark) == 0)
			return error_set(ERR_FORMAT,
					 "%s and %s are both benchmark %s; give one release",
					 w[i - 1].name, w[i].name, w[i].list.benchmark);
	return 0;
}

static int finish(struct bind_result *r, struct bind_work *w, size_t n, long long epoch)
{
	xmlDocPtr *benches = calloc(n, sizeof(*benches));
	char(*ts)[TS_LEN] = calloc(n, sizeof(*ts));
	const struct binding **bindings = calloc(n, sizeof(*bindings));
	int ret = -1;

	if (!benches || !ts || !bindings) {
		error_oom();
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		r->lists[i] = w[i].list;
		memset(&w[i].list, 0, sizeof(w[i].list));
		r->n_lists++;
		benches[i] = w[i].bench;
		memcpy(ts[i], w[i].ts, TS_LEN);
		bindings[i] = w[i].binding;
	}
	ret = compose(&r->ds, r->lists, benches, ts, bindings, n, epoch);
out:
	free(benches);
	free(ts);
	free(bindings);
	return ret;
}

int bind_build(struct bind_result **out, const struct bind_source *src, size_t n, long long epoch)
{
	struct bind_result *r = calloc(1, sizeof(*r));
	struct bind_work *w = calloc(n ? n : 1, sizeof(*w));
	int ret = -1;

	*out = NULL;
	if (!r || !w || !(r->lists = calloc(n ? n : 1, sizeof(*r->lists)))) {
		error_oom();
		goto out;
	}
	if (!n) {
		error_set(ERR_USAGE, "nothing to bind");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		w[i].binding = src[i].binding;
		w[i].name = src[i].xccdf ? src[i].name : src[i].binding->path;
		if ((src[i].xccdf
			 ? build_from_disa(&w[i].bench, &w[i].list, w[i].ts, &src[i], epoch)
			 : build_from_content(&w[i].bench, &w[i].list, w[i].ts, src[i].binding,
					      epoch)) < 0)
			goto out;
	}
	if (order_work(w, n) < 0 || finish(r, w, n, epoch) < 0)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	for (size_t i = 0; w && i < n; i++) {
		checklist_release(&w[i].list);
		xmlFreeDoc(w[i].bench);
	}
	free(w);
	bind_result_free(r);
	return ret;
}

/* ---- finding the benchmarks in a package ---- */

struct find_ctx {
	struct bind_package *out;
	size_t cap_found, cap_skipped;
	const struct content *content;
	const char *stig;
	char seen[1024]; /* ids met, for messages */
	size_t n_seen;
};

static void note_seen(struct find_ctx *f, const char *id)
{
	size_t n = strlen(f->seen);

	if (f->n_seen++ < 12)
		snprintf(f->seen + n, sizeof(f->seen) - n, "%s%s", n ? ", " : "", id);
	else if (f->n_seen == 13)
		snprintf(f->seen + n, sizeof(f->seen) - n, ", …");
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (*cap ? 2 * *cap : 8) * size);
	if (!p)
		return error_oom();
	*v = p;
	*cap = *cap ? 2 * *cap : 8;
	return 0;
}

static int keep(struct find_ctx *f, xmlDocPtr doc, const char *name, const char *id)
{
	struct bind_found *b;

	if (grow((void **)&f->out->found, &f->cap_found, f->out->n_found, sizeof(*b)) < 0) {
		xmlFreeDoc(doc);
		return -1;
	}
	b = &f->out->found[f->out->n_found];
	b->doc = doc;
	b->name = strdup(name);
	b->id = strdup(id);
	f->out->n_found++;
	return b->name && b->id ? 0 : error_oom();
}

static int skip(struct find_ctx *f, const char *name, const char *id)
{
	size_t n = strlen(name) + strlen(id) + 4;
	char *s = malloc(n);

	if (!s || grow((void **)&f->out->skipped, &f->cap_skipped, f->out->n_skipped,
		       sizeof(char *)) < 0) {
		free(s);
		return error_oom();
	}
	snprintf(s, n, "%s (%s)", id, name);
	f->out->skipped[f->out->n_skipped++] = s;
	return 0;
}

static int visit_entry(const struct package_entry *e, void *ctx)
{
	struct find_ctx *f = ctx;
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *id;
	int ret;

	if (xml_parse(&doc, e->data, e->len, e->path) < 0)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (doc_kind_of(doc) != DOC_XCCDF11) {
		xmlFreeDoc(doc);
		return 0;
	}
	id = attr(root, "id");
	note_seen(f, id);
	if (f->stig ? strcmp(id, f->stig) == 0 : content_find(f->content, id) != NULL)
		return keep(f, doc, e->path, id); /* doc is kept even on error: released later */
	ret = f->stig ? 0 : skip(f, e->path, id);
	xmlFreeDoc(doc);
	return ret;
}

static void content_ids(char *buf, size_t size, const struct content *c)
{
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_bindings; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "",
			 c->bindings[i].benchmark);
}

/* Two releases of one benchmark (a folder of releases): which one is meant is unknowable. */
static int check_unique(const struct bind_package *p, const char *path)
{
	for (size_t i = 0; i < p->n_found; i++)
		for (size_t j = i + 1; j < p->n_found; j++)
			if (strcmp(p->found[i].id, p->found[j].id) == 0)
				return error_set(
				    ERR_FORMAT, "%s holds benchmark %s twice (%s and %s)", path,
				    p->found[i].id, p->found[i].name, p->found[j].name);
	return 0;
}

int bind_package_read(struct bind_package *out, const char *path, const struct content *c,
		      const char *stig)
{
	struct find_ctx f = {out, 0, 0, c, stig, "", 0};
	char have[1024];

	memset(out, 0, sizeof(*out));
	content_ids(have, sizeof(have), c);
	if (package_walk(path, visit_entry, &f) < 0)
		goto fail;
	if (stig && !out->n_found) {
		error_set(ERR_NOTFOUND, "%s has no benchmark '%s' (it holds: %s)", path, stig,
			  f.n_seen ? f.seen : "none");
		goto fail;
	}
	if (stig && !content_find(c, stig)) {
		error_set(ERR_NOTFOUND, "no content binds benchmark '%s' (%s binds: %s)", stig,
			  c->dir, have);
		goto fail;
	}
	if (check_unique(out, path) < 0)
		goto fail;
	if (!out->n_found) {
		if (f.n_seen)
			error_set(ERR_NOTFOUND,
				  "no content binds the benchmarks of %s (%s); %s binds %s", path,
				  f.seen, c->dir, have);
		else
			error_set(ERR_NOTFOUND, "%s holds no XCCDF 1.1 benchmark", path);
		goto fail;
	}
	return 0;
fail:
	bind_package_release(out);
	return -1;
}

void bind_package_release(struct bind_package *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_found; i++) {
		xmlFreeDoc(p->found[i].doc);
		free(p->found[i].name);
		free(p->found[i].id);
	}
	free(p->found);
	for (size_t i = 0; i < p->n_skipped; i++)
		free(p->skipped[i]);
	free(p->skipped);
	memset(p, 0, sizeof(*p));
}
