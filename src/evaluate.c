/*
 * evaluate.c - probe-free evaluation through libopenscap's XCCDF policy (see evaluate.h)
 *
 * Per host, everything libopenscap mutates is built afresh from bytes kept in the content:
 * the OVAL definition model (external variables are bound into it and local variables cache
 * their values in it), the system characteristics model, the results model and the XCCDF
 * policy. Nothing of one host can leak into the next, and freeing them frees everything.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <openscap/ds_sds_session.h>
#include <openscap/oscap.h>
#include <openscap/oscap_error.h>
#include <openscap/oscap_source.h>
#include <openscap/oval_definitions.h>
#include <openscap/oval_results.h>
#include <openscap/oval_system_characteristics.h>
#include <openscap/oval_variables.h>
#include <openscap/xccdf_benchmark.h>
#include <openscap/xccdf_policy.h>

#include "bind.h"
#include "error.h"
#include "evaluate.h"
#include "finding.h"
#include "limits.h"
#include "xml.h"

#define NS_XCCDF12 "http://checklists.nist.gov/xccdf/1.2"

/* One XCCDF Value exported to one OVAL external variable. */
struct export_map {
	char *value_id;
	char *export_name;
};

struct eval_content {
	char *path;
	xmlDocPtr ds;	  /* our own parse, for the ARF report request */
	xmlDocPtr oval;	  /* the OVAL component, for the results' definitions section */
	char *oval_bytes; /* the same, serialized: each host imports its own model from it */
	size_t oval_len;
	char *oval_href;		  /* what the rules' check-content-refs call it */
	xmlHashTablePtr oval_ids;	  /* id -> test or state element of oval */
	xmlHashTablePtr typed_fields;	  /* record field names some state compares as a number */
	struct xccdf_policy_model *model; /* owns the benchmark */
	struct xccdf_benchmark *benchmark;
	char *benchmark_href;
	struct export_map *exports; /* sorted by export_name */
	size_t n_exports;
};

/* What the engine callback needs; per thread, because libopenscap takes its user pointer once. */
struct host_ctx {
	struct oval_result_system *rsys;
	const struct eval_value *bound; /* value per export, parallel to content->exports */
	const struct eval_content *content;
	int failed; /* libopenscap passed a value other than the one bound */
};

static _Thread_local struct host_ctx *current_host;

const char *eval_verdict_name(enum eval_verdict v)
{
	static const char *const names[] = {
	    [EVAL_PASS] = "pass",
	    [EVAL_FAIL] = "fail",
	    [EVAL_ERROR] = "error",
	    [EVAL_UNKNOWN] = "unknown",
	    [EVAL_NOTAPPLICABLE] = "notapplicable",
	    [EVAL_NOTCHECKED] = "notchecked",
	    [EVAL_NOTSELECTED] = "notselected",
	    [EVAL_INFORMATIONAL] = "informational",
	    [EVAL_FIXED] = "fixed",
	};

	if (v < EVAL_PASS || v > EVAL_FIXED)
		return "unknown";
	return names[v];
}

/* Turn libopenscap's pending error into ours, naming WHAT; returns -1. */
static int eval_oscap_error(const char *what)
{
	char *msg = oscap_err() ? oscap_err_get_full_error() : NULL;
	int ret;

	if (msg) {
		/* drop libopenscap's " [./src/file.c:123]" and trailing blanks */
		char *loc = strstr(msg, " [./src/");
		size_t n;
		if (loc)
			*loc = '\0';
		n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
			msg[--n] = '\0';
	}
	ret = error_set(ERR_FORMAT, "%s: %s", what, msg && *msg ? msg : "libopenscap failed");
	free(msg);
	oscap_clearerr();
	return ret;
}

static pthread_once_t oscap_once = PTHREAD_ONCE_INIT;

static void oscap_init_once(void)
{
	/* Mandatory: without it libopenscap's XSLT-based exports fail while returning 0. */
	oscap_init();
}

static int cmp_export_name(const void *a, const void *b)
{
	return strcmp(((const struct export_map *)a)->export_name,
		      ((const struct export_map *)b)->export_name);
}

static const struct export_map *content_find_export(const struct eval_content *c, const char *name)
{
	struct export_map key = {.export_name = (char *)name};

	if (!name || !c->n_exports)
		return NULL;
	return bsearch(&key, c->exports, c->n_exports, sizeof(key), cmp_export_name);
}

xmlDocPtr eval_content_ds(const struct eval_content *c)
{
	return c->ds;
}

xmlDocPtr eval_content_oval(const struct eval_content *c)
{
	return c->oval;
}

const char *eval_content_path(const struct eval_content *c)
{
	return c->path;
}

const char *eval_content_benchmark_id(const struct eval_content *c)
{
	return xccdf_benchmark_get_id(c->benchmark);
}

const char *eval_content_benchmark_version(const struct eval_content *c)
{
	const char *v = xccdf_benchmark_get_version(c->benchmark);

	return v ? v : "";
}

const char *eval_content_benchmark_href(const struct eval_content *c)
{
	return c->benchmark_href;
}

int eval_content_has_value(const struct eval_content *c, const char *value_id, int *is_number)
{
	struct xccdf_item *item = xccdf_benchmark_get_item(c->benchmark, value_id);

	if (!item || xccdf_item_get_type(item) != XCCDF_VALUE)
		return 0;
	if (is_number)
		*is_number = xccdf_value_get_type(xccdf_item_to_value(item)) == XCCDF_TYPE_NUMBER;
	return 1;
}

void eval_content_free(struct eval_content *c)
{
	if (!c)
		return;
	if (c->model)
		xccdf_policy_model_free(c->model);
	for (size_t i = 0; i < c->n_exports; i++) {
		free(c->exports[i].value_id);
		free(c->exports[i].export_name);
	}
	free(c->exports);
	xmlFreeDoc(c->ds);
	xmlHashFree(c->oval_ids, NULL);
	xmlHashFree(c->typed_fields, NULL);
	xmlFreeDoc(c->oval);
	free(c->oval_bytes);
	free(c->oval_href);
	free(c->benchmark_href);
	free(c->path);
	free(c);
}

/* The first node EXPR selects in C's data stream, or NULL; -1 with the error set. */
static int first_match(xmlNodePtr *out, const struct eval_content *c, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(c->ds);
	xmlXPathObjectPtr res = NULL;

	*out = NULL;
	if (!ctx)
		return error_oom();
	xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST NS_XCCDF12);
	xmlXPathRegisterNs(ctx, BAD_CAST "ds",
			   BAD_CAST "http://scap.nist.gov/schema/scap/source/1.2");
	xmlXPathRegisterNs(ctx, BAD_CAST "xlink", BAD_CAST "http://www.w3.org/1999/xlink");
	res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!res)
		return error_oom();
	if (res->nodesetval && res->nodesetval->nodeNr > 0)
		*out = res->nodesetval->nodeTab[0];
	xmlXPathFreeObject(res);
	return 0;
}

/*
 * Refuse what would make libopenscap read this machine: platform applicability (CPE), which
 * it tests here through OVAL probes (and which would make every rule notapplicable), and
 * component-refs outside the data stream ("file:..." is read from this machine's disk).
 */
static int refuse_local_access(const struct eval_content *c)
{
	xmlNodePtr n;
	xmlChar *v;

	if (first_match(&n, c, "//x:Benchmark//x:platform") < 0)
		return -1;
	if (n) {
		v = xmlGetProp(n, BAD_CAST "idref");
		error_set(ERR_FORMAT,
			  "%s: line %ld: platform '%s': applicability would be tested on this "
			  "machine, not on the host the facts describe; remove the platform",
			  c->path, xmlGetLineNo(n), v ? (const char *)v : "");
		xmlFree(v);
		return -1;
	}
	if (first_match(&n, c, "//ds:component-ref[not(starts-with(@xlink:href, '#'))]") < 0)
		return -1;
	if (n) {
		v = xmlGetNsProp(n, BAD_CAST "href", BAD_CAST "http://www.w3.org/1999/xlink");
		error_set(ERR_FORMAT,
			  "%s: line %ld: component-ref to '%s' outside the data stream; only "
			  "components inside it ('#id') are read",
			  c->path, xmlGetLineNo(n), v ? (const char *)v : "");
		xmlFree(v);
		return -1;
	}
	return 0;
}

/*
 * An `extends` chain that loops or names nothing crashes libopenscap 1.3.7 (a Profile that
 * extends itself through another segfaults it): refuse it in every Benchmark of the data
 * stream before libopenscap sees any, as bind does for the XCCDF it converts.
 */
static int refuse_extends_loops(const struct eval_content *c)
{
	xmlNodePtr root = xmlDocGetRootElement(c->ds);

	for (xmlNodePtr comp = root ? root->children : NULL; comp; comp = comp->next) {
		if (comp->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNodePtr b = comp->children; b; b = b->next)
			if (b->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(b->name, BAD_CAST "Benchmark") &&
			    xccdf_check_extends(b, c->path) < 0)
				return -1;
	}
	return 0;
}

/* Find the id of the ds:component holding the Benchmark BENCHMARK_ID: "#component-id". */
static int find_benchmark_href(struct eval_content *c)
{
	const char *id = xccdf_benchmark_get_id(c->benchmark);
	xmlNodePtr root = xmlDocGetRootElement(c->ds);

	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "component"))
			continue;
		for (xmlNodePtr b = n->children; b; b = b->next) {
			xmlChar *bid, *cid;
			int match;

			if (b->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(b->name, BAD_CAST "Benchmark"))
				continue;
			bid = xmlGetProp(b, BAD_CAST "id");
			match = bid && id && strcmp((const char *)bid, id) == 0;
			xmlFree(bid);
			if (!match)
				continue;
			cid = xmlGetProp(n, BAD_CAST "id");
			if (cid) {
				size_t len = strlen((const char *)cid) + 2;
				c->benchmark_href = malloc(len);
				if (c->benchmark_href)
					snprintf(c->benchmark_href, len, "#%s", (const char *)cid);
				xmlFree(cid);
			}
			return c->benchmark_href ? 0 : error_oom();
		}
	}
	return error_set(ERR_FORMAT, "%s: no ds:component holds benchmark '%s'", c->path,
			 id ? id : "");
}

/* Rules' OVAL references, collected while walking the benchmark; strings borrowed from it. */
struct def_ref {
	const char *rule_id;
	const char *def_id; /* or the object id of an evidence check */
	int evidence;
};

struct loader {
	struct eval_content *c;
	struct def_ref *refs;
	size_t n_refs, cap_refs;
};

static int add_ref(struct loader *l, const char *rule_id, const char *def_id, int evidence)
{
	if (l->n_refs == l->cap_refs) {
		size_t cap = l->cap_refs ? 2 * l->cap_refs : 64;
		struct def_ref *n = realloc(l->refs, cap * sizeof(*n));
		if (!n)
			return error_oom();
		l->refs = n;
		l->cap_refs = cap;
	}
	l->refs[l->n_refs].rule_id = rule_id;
	l->refs[l->n_refs].evidence = evidence;
	l->refs[l->n_refs++].def_id = def_id;
	return 0;
}

static int add_export(struct eval_content *c, const char *rule_id, const char *value_id,
		      const char *name)
{
	struct export_map *n;

	if (!value_id || !name)
		return error_set(ERR_FORMAT,
				 "%s: rule '%s': check-export without value-id or "
				 "export-name",
				 c->path, rule_id);
	if (!eval_content_has_value(c, value_id, NULL))
		return error_set(
		    ERR_FORMAT,
		    "%s: rule '%s' exports Value '%s', which the benchmark does not have", c->path,
		    rule_id, value_id);
	for (size_t i = 0; i < c->n_exports; i++) {
		if (strcmp(c->exports[i].export_name, name) != 0)
			continue;
		if (strcmp(c->exports[i].value_id, value_id) == 0)
			return 0;
		return error_set(ERR_FORMAT,
				 "%s: OVAL variable '%s' is exported from both Value '%s' and "
				 "Value '%s' (rule '%s')",
				 c->path, name, c->exports[i].value_id, value_id, rule_id);
	}
	n = realloc(c->exports, (c->n_exports + 1) * sizeof(*n));
	if (!n)
		return error_oom();
	c->exports = n;
	n = &c->exports[c->n_exports];
	n->value_id = strdup(value_id);
	n->export_name = strdup(name);
	c->n_exports++;
	return n->value_id && n->export_name ? 0 : error_oom();
}

static int scan_oval_check(struct loader *l, const char *rule_id, const struct xccdf_check *chk,
			   int evidence)
{
	struct eval_content *c = l->c;
	struct xccdf_check_content_ref_iterator *refs = xccdf_check_get_content_refs(chk);
	struct xccdf_check_export_iterator *exps = xccdf_check_get_exports(chk);
	int ret = 0;

	while (ret == 0 && xccdf_check_content_ref_iterator_has_more(refs)) {
		struct xccdf_check_content_ref *r = xccdf_check_content_ref_iterator_next(refs);
		const char *href = xccdf_check_content_ref_get_href(r);
		const char *name = xccdf_check_content_ref_get_name(r);

		if (!href || !name)
			ret = error_set(ERR_FORMAT,
					"%s: rule '%s': an OVAL check-content-ref needs "
					"both href and name (a definition or object id)",
					c->path, rule_id);
		else if (c->oval_href && strcmp(c->oval_href, href) != 0)
			ret = error_set(ERR_FORMAT,
					"%s: rule '%s' refers to OVAL document '%s' "
					"besides '%s'; one OVAL component is supported",
					c->path, rule_id, href, c->oval_href);
		else if (!c->oval_href && !(c->oval_href = strdup(href)))
			ret = error_oom();
		else
			ret = add_ref(l, rule_id, name, evidence);
	}
	while (ret == 0 && xccdf_check_export_iterator_has_more(exps)) {
		struct xccdf_check_export *e = xccdf_check_export_iterator_next(exps);
		ret = add_export(c, rule_id, xccdf_check_export_get_value(e),
				 xccdf_check_export_get_name(e));
	}
	xccdf_check_content_ref_iterator_free(refs);
	xccdf_check_export_iterator_free(exps);
	return ret;
}

static int scan_checks(struct loader *l, const char *rule_id, struct xccdf_check_iterator *it,
		       int depth)
{
	int ret = 0;

	while (ret == 0 && xccdf_check_iterator_has_more(it)) {
		struct xccdf_check *chk = xccdf_check_iterator_next(it);
		const char *sys = xccdf_check_get_system(chk);

		if (xccdf_check_get_complex(chk))
			ret = depth > 16 ? error_set(ERR_LIMIT,
						     "%s: rule '%s': complex-check nested "
						     "too deep",
						     l->c->path, rule_id)
					 : scan_checks(l, rule_id, xccdf_check_get_children(chk),
						       depth + 1);
		else if (sys && strcmp(sys, EVAL_OVAL_SYSTEM) == 0)
			ret = scan_oval_check(l, rule_id, chk, 0);
		else if (sys && strcmp(sys, EVAL_EVIDENCE_SYSTEM) == 0)
			ret = scan_oval_check(l, rule_id, chk, 1);
	}
	xccdf_check_iterator_free(it);
	return ret;
}

static int scan_items(struct loader *l, struct xccdf_item_iterator *it, int depth)
{
	int ret = 0;

	while (ret == 0 && xccdf_item_iterator_has_more(it)) {
		struct xccdf_item *item = xccdf_item_iterator_next(it);
		xccdf_type_t t = xccdf_item_get_type(item);

		if (t == XCCDF_RULE) {
			struct xccdf_rule *r = xccdf_item_to_rule(item);
			ret = scan_checks(l, xccdf_rule_get_id(r), xccdf_rule_get_checks(r), 0);
		} else if (t == XCCDF_GROUP) {
			ret = depth > 64
				  ? error_set(ERR_LIMIT, "%s: groups nested too deep", l->c->path)
				  : scan_items(l, xccdf_item_get_content(item), depth + 1);
		}
	}
	xccdf_item_iterator_free(it);
	return ret;
}

/* Import an OVAL definition model from the content's bytes (a new one each time). */
static struct oval_definition_model *import_defs(const struct eval_content *c)
{
	struct oscap_source *src =
	    oscap_source_new_from_memory(c->oval_bytes, c->oval_len, c->oval_href);
	struct oval_definition_model *defs = src ? oval_definition_model_import_source(src) : NULL;

	if (!defs)
		eval_oscap_error(c->path);
	oscap_source_free(src);
	return defs;
}

/* Every definition a rule names and every variable a rule exports must exist. */
static int check_refs(const struct loader *l)
{
	const struct eval_content *c = l->c;
	struct oval_definition_model *defs = import_defs(c);
	int ret = -1;

	if (!defs)
		return -1;
	for (size_t i = 0; i < l->n_refs; i++) {
		const struct def_ref *r = &l->refs[i];
		if (r->evidence
			? oval_definition_model_get_object(defs, (char *)r->def_id) != NULL
			: oval_definition_model_get_definition(defs, (char *)r->def_id) != NULL)
			continue;
		error_set(ERR_FORMAT,
			  "%s: rule '%s' refers to OVAL %s '%s', which '%s' does not "
			  "have",
			  c->path, r->rule_id, r->evidence ? "object" : "definition", r->def_id,
			  c->oval_href);
		goto out;
	}
	for (size_t i = 0; i < c->n_exports; i++) {
		struct oval_variable *v =
		    oval_definition_model_get_variable(defs, c->exports[i].export_name);
		if (!v || oval_variable_get_type(v) != OVAL_VARIABLE_EXTERNAL) {
			error_set(ERR_FORMAT,
				  "%s: Value '%s' is exported as '%s', which is no "
				  "external_variable of '%s'",
				  c->path, c->exports[i].value_id, c->exports[i].export_name,
				  c->oval_href);
			goto out;
		}
	}
	ret = 0;
out:
	oval_definition_model_free(defs);
	return ret;
}

/*
 * libopenscap 1.3.7 dereferences NULL (and crashes) when a state compares a record field as
 * int, float, version or boolean and the item's field is null (status "does not exist").
 * Remember which field names states compare that way.
 */
static int note_typed_fields(struct eval_content *c, xmlNodePtr state)
{
	static const char *const crashing[] = {"int", "float", "version", "boolean"};

	for (xmlNodePtr e = state->children; e; e = e->next) {
		for (xmlNodePtr f = e->type == XML_ELEMENT_NODE ? e->children : NULL; f;
		     f = f->next) {
			xmlChar *dt, *name;
			int hit = 0;

			if (f->type != XML_ELEMENT_NODE || !xmlStrEqual(f->name, BAD_CAST "field"))
				continue;
			dt = xmlGetProp(f, BAD_CAST "datatype");
			for (size_t i = 0; dt && i < sizeof(crashing) / sizeof(crashing[0]); i++)
				hit |= xmlStrEqual(dt, BAD_CAST crashing[i]);
			xmlFree(dt);
			name = hit ? xmlGetProp(f, BAD_CAST "name") : NULL;
			hit = name && !xmlHashLookup(c->typed_fields, name)
				  ? xmlHashAddEntry(c->typed_fields, name, c)
				  : 0;
			xmlFree(name);
			if (hit < 0)
				return error_oom();
		}
	}
	return 0;
}

/* Tests and states by id, to find which external variables a test's states use. */
static int index_oval(struct eval_content *c)
{
	xmlNodePtr root = xmlDocGetRootElement(c->oval);

	if (!(c->oval_ids = xmlHashCreate(256)) || !(c->typed_fields = xmlHashCreate(16)))
		return error_oom();
	for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
		if (sec->type != XML_ELEMENT_NODE || (!xmlStrEqual(sec->name, BAD_CAST "tests") &&
						      !xmlStrEqual(sec->name, BAD_CAST "states")))
			continue;
		for (xmlNodePtr n = sec->children; n; n = n->next) {
			xmlChar *id =
			    n->type == XML_ELEMENT_NODE ? xmlGetProp(n, BAD_CAST "id") : NULL;
			int rc = id && !xmlHashLookup(c->oval_ids, id)
				     ? xmlHashAddEntry(c->oval_ids, id, n)
				     : 0;
			xmlFree(id);
			if (rc < 0)
				return error_oom();
			if (xmlStrEqual(sec->name, BAD_CAST "states") &&
			    n->type == XML_ELEMENT_NODE && note_typed_fields(c, n) < 0)
				return -1;
		}
	}
	return 0;
}

/* Copy the OVAL component out of the session: bytes for libopenscap, a document for us. */
static int take_oval(struct eval_content *c, struct ds_sds_session *sess)
{
	struct oscap_source *src = ds_sds_session_get_component_by_href(sess, c->oval_href);
	char *buf = NULL;
	size_t len = 0;
	int ret;

	if (!src)
		return error_set(ERR_FORMAT, "%s: the data stream has no component for '%s'",
				 c->path, c->oval_href);
	if (oscap_source_get_raw_memory(src, &buf, &len) != 0 || !buf)
		return eval_oscap_error(c->path);
	c->oval_bytes = malloc(len + 1);
	if (!c->oval_bytes) {
		free(buf);
		return error_oom();
	}
	memcpy(c->oval_bytes, buf, len);
	c->oval_bytes[len] = '\0';
	c->oval_len = len;
	free(buf);
	ret = xml_parse(&c->oval, c->oval_bytes, c->oval_len, c->oval_href);
	return ret < 0 ? error_prefix("%s", c->path) : index_oval(c);
}

static xccdf_test_result_type_t oval_engine(struct xccdf_policy *policy, const char *rule_id,
					    const char *def_id, const char *href,
					    struct xccdf_value_binding_iterator *bindings,
					    struct xccdf_check_import_iterator *imports, void *usr);

static int content_load_oscap(struct eval_content *c, const char *buf, size_t len)
{
	struct oscap_source *src = oscap_source_new_from_memory(buf, len, c->path);
	struct ds_sds_session *sess = src ? ds_sds_session_new_from_source(src) : NULL;
	struct loader l = {.c = c};
	struct oscap_source *bsrc;
	int ret = -1;

	if (!sess || !(bsrc = ds_sds_session_select_checklist(sess, NULL, NULL, NULL)) ||
	    !(c->benchmark = xccdf_benchmark_import_source(bsrc))) {
		eval_oscap_error(c->path);
		goto out;
	}
	c->model = xccdf_policy_model_new(c->benchmark);
	if (!c->model || !xccdf_policy_model_register_engine_and_query_callback(
			     c->model, (char *)EVAL_OVAL_SYSTEM, oval_engine, NULL, NULL)) {
		eval_oscap_error(c->path);
		goto out;
	}
	if (scan_items(&l, xccdf_benchmark_get_content(c->benchmark), 0) < 0)
		goto out;
	if (!c->oval_href) {
		error_set(ERR_FORMAT, "%s: no rule has an OVAL check; nothing to evaluate",
			  c->path);
		goto out;
	}
	qsort(c->exports, c->n_exports, sizeof(*c->exports), cmp_export_name);
	if (take_oval(c, sess) < 0 || check_refs(&l) < 0)
		goto out;
	ret = 0;
out:
	free(l.refs);
	ds_sds_session_free(sess);
	oscap_source_free(src);
	return ret;
}

int eval_content_load_buffer(struct eval_content **out, const char *buf, size_t len,
			     const char *name)
{
	struct eval_content *c = NULL;
	xmlNodePtr root;
	int ret = -1;

	*out = NULL;
	pthread_once(&oscap_once, oscap_init_once);
	c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(name))) {
		error_oom();
		goto out;
	}
	if (xml_parse(&c->ds, buf, len, name) < 0)
		goto out;
	root = xmlDocGetRootElement(c->ds);
	if (!root || !root->ns || !xmlStrEqual(root->name, BAD_CAST "data-stream-collection") ||
	    !xmlStrEqual(root->ns->href, BAD_CAST "http://scap.nist.gov/schema/scap/source/1.2")) {
		error_set(ERR_FORMAT, "%s: not a SCAP source data stream (root element '%s')", name,
			  root ? (const char *)root->name : "");
		goto out;
	}
	if (refuse_local_access(c) < 0 || refuse_extends_loops(c) < 0 ||
	    content_load_oscap(c, buf, len) < 0 || find_benchmark_href(c) < 0)
		goto out;
	*out = c;
	c = NULL;
	ret = 0;
out:
	eval_content_free(c);
	return ret;
}

int eval_content_load(struct eval_content **out, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (file_read_all(&buf, &len, path, limits_get()->xml_max_bytes) < 0)
		return -1;
	ret = eval_content_load_buffer(out, buf, len, path);
	free(buf);
	return ret;
}

/* ---- one host ---------------------------------------------------------------------- */

struct host {
	struct host_ctx ctx;
	struct oval_definition_model *defs;
	struct oval_syschar_model *sys;
	struct oval_results_model *res;
	struct xccdf_policy *policy;
	struct eval_value *bound; /* parallel to content->exports */
};

static xccdf_test_result_type_t map_oval_result(oval_result_t r, oval_definition_class_t cls)
{
	/* A vulnerability or patch definition that is true means the system is affected. */
	int inverse = cls == OVAL_CLASS_VULNERABILITY || cls == OVAL_CLASS_PATCH;

	switch (r) {
	case OVAL_RESULT_TRUE:
		return inverse ? XCCDF_RESULT_FAIL : XCCDF_RESULT_PASS;
	case OVAL_RESULT_FALSE:
		return inverse ? XCCDF_RESULT_PASS : XCCDF_RESULT_FAIL;
	case OVAL_RESULT_UNKNOWN:
		return XCCDF_RESULT_UNKNOWN;
	case OVAL_RESULT_NOT_APPLICABLE:
		return XCCDF_RESULT_NOT_APPLICABLE;
	case OVAL_RESULT_NOT_EVALUATED:
		return XCCDF_RESULT_NOT_CHECKED;
	default:
		return XCCDF_RESULT_ERROR;
	}
}

/*
 * The values libopenscap hands the callback must be the ones bound into the OVAL model
 * before evaluation (the same XCCDF policy computed both); anything else is a bug we
 * would rather see as an error than as a silently wrong verdict.
 */
static int bindings_match(const struct host_ctx *h, struct xccdf_value_binding_iterator *it,
			  int *unset)
{
	*unset = 0;
	while (xccdf_value_binding_iterator_has_more(it)) {
		struct xccdf_value_binding *b = xccdf_value_binding_iterator_next(it);
		const char *name = xccdf_value_binding_get_name(b);
		const char *set = xccdf_value_binding_get_setvalue(b);
		const char *val = set ? set : xccdf_value_binding_get_value(b);
		const struct export_map *e = content_find_export(h->content, name);
		const struct eval_value *bound = e ? &h->bound[e - h->content->exports] : NULL;

		if (!bound || strcmp(bound->value, val ? val : "") != 0)
			return 0;
		if (bound->unset)
			*unset = 1;
	}
	return 1;
}

static xccdf_test_result_type_t oval_engine(struct xccdf_policy *policy, const char *rule_id,
					    const char *def_id, const char *href,
					    struct xccdf_value_binding_iterator *bindings,
					    struct xccdf_check_import_iterator *imports, void *usr)
{
	struct host_ctx *h = current_host;
	struct oval_result_definition *rdef;
	struct oval_definition *def;
	int unset;

	/* rule_id is always NULL here (libopenscap 1.3.7); href and def_id are borrowed. */
	(void)policy, (void)rule_id, (void)imports, (void)usr;
	if (!h || !def_id || !href || strcmp(href, h->content->oval_href) != 0)
		return XCCDF_RESULT_ERROR;
	if (!bindings_match(h, bindings, &unset)) {
		h->failed = 1;
		return XCCDF_RESULT_ERROR;
	}
	/* a site value the site has not set yet: nothing to compare against */
	if (unset)
		return XCCDF_RESULT_NOT_CHECKED;
	if (oval_result_system_eval_definition(h->rsys, def_id) != 0) {
		oscap_clearerr();
		return XCCDF_RESULT_ERROR;
	}
	rdef = oval_result_system_get_definition(h->rsys, def_id);
	def = rdef ? oval_result_definition_get_definition(rdef) : NULL;
	if (!def)
		return XCCDF_RESULT_ERROR;
	return map_oval_result(oval_result_definition_get_result(rdef),
			       oval_definition_get_class(def));
}

static void host_release(struct host *h, size_t n_exports)
{
	if (h->policy)
		xccdf_policy_free(h->policy); /* with its results and our nameless profile */
	if (h->res)
		oval_results_model_free(h->res);
	if (h->sys)
		oval_syschar_model_free(h->sys);
	if (h->defs)
		oval_definition_model_free(h->defs); /* with the bound variable model */
	for (size_t i = 0; h->bound && i < n_exports; i++) {
		free(h->bound[i].id);
		free(h->bound[i].value);
	}
	free(h->bound);
}

static int null_typed_field(const struct eval_content *c, xmlNodePtr f)
{
	xmlChar *status, *name;
	int hit;

	if (f->type != XML_ELEMENT_NODE || !xmlStrEqual(f->name, BAD_CAST "field"))
		return 0;
	status = xmlGetProp(f, BAD_CAST "status");
	name = xmlGetProp(f, BAD_CAST "name");
	hit = status && name && xmlStrEqual(status, BAD_CAST "does not exist") &&
	      xmlHashLookup(c->typed_fields, name);
	xmlFree(status);
	xmlFree(name);
	return hit;
}

/*
 * Remove from DOC the null record fields states compare as numbers or booleans (see
 * note_typed_fields): libopenscap then reports a missing field, an error for that object,
 * instead of crashing. Returns how many it removed.
 */
static size_t drop_null_typed_fields(const struct eval_content *c, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), data = NULL;
	size_t n = 0;

	for (xmlNodePtr x = root ? root->children : NULL; x && !data; x = x->next)
		if (x->type == XML_ELEMENT_NODE && xmlStrEqual(x->name, BAD_CAST "system_data"))
			data = x;
	for (xmlNodePtr item = data ? data->children : NULL; item; item = item->next)
		for (xmlNodePtr e = item->children; e; e = e->next)
			for (xmlNodePtr f = e->children, next; f; f = next) {
				next = f->next;
				if (null_typed_field(c, f)) {
					xmlUnlinkNode(f);
					xmlFreeNode(f);
					n++;
				}
			}
	return n;
}

/* The system characteristics as libopenscap may safely read them, serialized. */
static int syschar_bytes(xmlChar **buf, int *len, const struct eval_content *c, xmlDocPtr sc)
{
	xmlDocPtr copy = NULL;

	*buf = NULL;
	if (xmlHashSize(c->typed_fields) > 0) {
		if (!(copy = xmlCopyDoc(sc, 1)))
			return error_oom();
		if (drop_null_typed_fields(c, copy) == 0) {
			xmlFreeDoc(copy);
			copy = NULL;
		}
	}
	/*
	 * Indented, never compact: libopenscap 1.3.7 reads record entities, items and objects
	 * without checking for an empty element, so after <x/> it has read one node too far.
	 * Compact, the empty value of a cmdlet that returned nothing (<value datatype="record"
	 * status="does not exist"/></cmdlet_item>) swallowed the next item's start tag: that
	 * item was left hollow and every test on it came out false. A newline after each
	 * element is the node it skips harmlessly (syschar_build puts no text between elements,
	 * so the format applies everywhere).
	 */
	xmlDocDumpFormatMemory(copy ? copy : sc, buf, len, 1);
	xmlFreeDoc(copy);
	if (!*buf || *len <= 0)
		return error_set(ERR_INTERNAL, "cannot serialize the system characteristics");
	return 0;
}

static int host_models(struct host *h, const struct eval_content *c, xmlDocPtr syschar)
{
	struct oval_syschar_model *list[2] = {NULL, NULL};
	struct oval_result_system_iterator *it;
	struct oscap_source *src;
	xmlChar *buf = NULL;
	int len = 0, rc;

	if (!(h->defs = import_defs(c)))
		return -1;
	if (syschar_bytes(&buf, &len, c, syschar) < 0)
		return -1;
	src = oscap_source_new_from_memory((const char *)buf, (size_t)len, "syschar.xml");
	xmlFree(buf);
	h->sys = oval_syschar_model_new(h->defs);
	rc = src && h->sys ? oval_syschar_model_import_source(h->sys, src) : -1;
	if (src)
		oscap_source_free(src);
	if (rc != 0)
		return eval_oscap_error("system characteristics");
	list[0] = h->sys;
	h->res = oval_results_model_new(h->defs, list);
	if (!h->res)
		return eval_oscap_error("OVAL results");
	oval_results_model_set_export_system_characteristics(h->res, true);
	it = oval_results_model_get_systems(h->res);
	h->ctx.rsys =
	    oval_result_system_iterator_has_more(it) ? oval_result_system_iterator_next(it) : NULL;
	oval_result_system_iterator_free(it);
	return h->ctx.rsys ? 0 : error_set(ERR_INTERNAL, "OVAL results model has no system");
}

/* A nameless profile carrying the site's set-values; xccdf_policy_free frees it. */
static int host_policy(struct host *h, const struct eval_content *c, const struct eval_values *t)
{
	struct xccdf_profile *profile = NULL;

	for (size_t i = 0; t && i < t->n_items; i++) {
		struct xccdf_setvalue *sv;

		if (!eval_content_has_value(c, t->items[i].idref, NULL))
			return error_set(ERR_FORMAT,
					 "%s: set-value '%s' names no Value of benchmark "
					 "'%s'",
					 t->source, t->items[i].idref,
					 eval_content_benchmark_id(c));
		if (!profile && !(profile = xccdf_profile_new()))
			return error_oom();
		sv = xccdf_setvalue_new();
		if (!sv || !xccdf_setvalue_set_item(sv, t->items[i].idref) ||
		    !xccdf_setvalue_set_value(sv, t->items[i].value) ||
		    !xccdf_profile_add_setvalue(profile, sv)) {
			xccdf_profile_free((struct xccdf_item *)profile);
			return error_oom();
		}
	}
	h->policy = xccdf_policy_new(c->model, profile);
	if (!h->policy) {
		if (profile)
			xccdf_profile_free((struct xccdf_item *)profile);
		return eval_oscap_error(c->path);
	}
	return 0;
}

/* Compute each exported value under the policy and bind it into the OVAL model. */
static int host_bind(struct host *h, const struct eval_content *c, const struct eval_values *t)
{
	struct oval_variable_model *vm = oval_variable_model_new();

	if (!vm)
		return error_oom();
	h->bound = calloc(c->n_exports ? c->n_exports : 1, sizeof(*h->bound));
	if (!h->bound) {
		oval_variable_model_free(vm);
		return error_oom();
	}
	for (size_t i = 0; i < c->n_exports; i++) {
		const struct export_map *e = &c->exports[i];
		struct xccdf_item *item = xccdf_benchmark_get_item(c->benchmark, e->value_id);
		const char *v = xccdf_policy_get_value_of_item(h->policy, item);
		struct oval_variable *var =
		    oval_definition_model_get_variable(h->defs, e->export_name);

		oscap_clearerr();
		/* An empty Value is a site value the STIG leaves to the site: its rules are
		 * not checked until a tailoring file sets it (see oval_engine). */
		h->bound[i].unset = !v || !*v;
		h->bound[i].id = strdup(e->value_id);
		h->bound[i].value = strdup(v ? v : "");
		h->bound[i].tailored = eval_values_get(t, e->value_id) != NULL;
		if (!h->bound[i].id || !h->bound[i].value) {
			oval_variable_model_free(vm);
			return error_oom();
		}
		oval_variable_model_add(vm, e->export_name, "", oval_variable_get_datatype(var),
					h->bound[i].value);
	}
	oval_definition_model_bind_variable_model(h->defs, vm); /* the model owns vm now */
	h->ctx.bound = h->bound;
	h->ctx.content = c;
	return 0;
}

static const char *severity_name(xccdf_level_t l)
{
	switch (l) {
	case XCCDF_INFO:
		return "info";
	case XCCDF_LOW:
		return "low";
	case XCCDF_MEDIUM:
		return "medium";
	case XCCDF_HIGH:
		return "high";
	default:
		return "unknown";
	}
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The check libopenscap used: the first OVAL one, else the first one (manual checks). */
static const struct xccdf_check *rule_check(const struct xccdf_rule *rule)
{
	struct xccdf_check_iterator *it = xccdf_rule_get_checks(rule);
	const struct xccdf_check *first = NULL, *oval = NULL;

	while (!oval && xccdf_check_iterator_has_more(it)) {
		const struct xccdf_check *chk = xccdf_check_iterator_next(it);
		const char *sys = xccdf_check_get_system(chk);

		if (!first)
			first = chk;
		if (!xccdf_check_get_complex(chk) && sys && strcmp(sys, EVAL_OVAL_SYSTEM) == 0)
			oval = chk;
	}
	xccdf_check_iterator_free(it);
	return oval ? oval : first;
}

static int fill_idents(struct eval_rule *r, const struct xccdf_rule *rule)
{
	struct xccdf_ident_iterator *it = xccdf_rule_get_idents(rule);
	int ret = 0;

	while (ret == 0 && xccdf_ident_iterator_has_more(it)) {
		struct xccdf_ident *id = xccdf_ident_iterator_next(it);
		struct eval_ident *n = realloc(r->idents, (r->n_idents + 1) * sizeof(*n));

		if (!n) {
			ret = error_oom();
			break;
		}
		r->idents = n;
		n = &r->idents[r->n_idents++];
		n->system = strdup(xccdf_ident_get_system(id) ? xccdf_ident_get_system(id) : "");
		n->id = strdup(xccdf_ident_get_id(id) ? xccdf_ident_get_id(id) : "");
		if (!n->system || !n->id)
			ret = error_oom();
	}
	xccdf_ident_iterator_free(it);
	return ret;
}

static int fill_check(struct eval_rule *r, const struct xccdf_check *chk)
{
	struct xccdf_check_content_ref_iterator *refs;
	struct xccdf_check_export_iterator *exps;
	int ret = 0;

	if (!chk)
		return 0;
	r->check_system = dup_or_null(xccdf_check_get_system(chk));
	r->check_content = dup_or_null(xccdf_check_get_content(chk));
	refs = xccdf_check_get_content_refs(chk);
	if (r->check_system && strcmp(r->check_system, EVAL_OVAL_SYSTEM) == 0 &&
	    xccdf_check_content_ref_iterator_has_more(refs))
		r->definition_id = dup_or_null(
		    xccdf_check_content_ref_get_name(xccdf_check_content_ref_iterator_next(refs)));
	xccdf_check_content_ref_iterator_free(refs);
	exps = xccdf_check_get_exports(chk);
	while (ret == 0 && xccdf_check_export_iterator_has_more(exps)) {
		struct xccdf_check_export *e = xccdf_check_export_iterator_next(exps);
		struct eval_export *n = realloc(r->exports, (r->n_exports + 1) * sizeof(*n));

		if (!n) {
			ret = error_oom();
			break;
		}
		r->exports = n;
		n = &r->exports[r->n_exports++];
		n->value_id = dup_or_null(xccdf_check_export_get_value(e));
		n->export_name = dup_or_null(xccdf_check_export_get_name(e));
	}
	xccdf_check_export_iterator_free(exps);
	return ret;
}

/* An evidence check's object: the name of its first check-content-ref. */
static int fill_evidence(struct eval_rule *r, const struct xccdf_rule *rule)
{
	struct xccdf_check_iterator *it = xccdf_rule_get_checks(rule);

	while (!r->evidence_object && xccdf_check_iterator_has_more(it)) {
		const struct xccdf_check *chk = xccdf_check_iterator_next(it);
		const char *sys = xccdf_check_get_system(chk);
		struct xccdf_check_content_ref_iterator *refs;

		if (!sys || strcmp(sys, EVAL_EVIDENCE_SYSTEM) != 0)
			continue;
		refs = xccdf_check_get_content_refs(chk);
		if (xccdf_check_content_ref_iterator_has_more(refs)) {
			const char *name = xccdf_check_content_ref_get_name(
			    xccdf_check_content_ref_iterator_next(refs));
			r->evidence_object = name ? strdup(name) : NULL;
		}
		xccdf_check_content_ref_iterator_free(refs);
	}
	xccdf_check_iterator_free(it);
	return 0;
}

static int fill_rule(struct eval_rule *r, const struct eval_content *c, const char *idref,
		     xccdf_test_result_type_t res)
{
	struct xccdf_item *item = xccdf_benchmark_get_item(c->benchmark, idref);
	struct xccdf_rule *rule;
	char weight[32];

	if (!item || xccdf_item_get_type(item) != XCCDF_RULE)
		return error_set(ERR_INTERNAL, "%s: result for unknown rule '%s'", c->path, idref);
	rule = xccdf_item_to_rule(item);
	snprintf(weight, sizeof(weight), "%.1f", (double)xccdf_rule_get_weight(rule));
	r->rule_id = strdup(idref);
	r->result = (enum eval_verdict)res;
	r->severity = strdup(severity_name(xccdf_rule_get_severity(rule)));
	r->weight = strdup(weight);
	r->version = dup_or_null(xccdf_rule_get_version(rule));
	if (!r->rule_id || !r->severity || !r->weight)
		return error_oom();
	if (fill_idents(r, rule) < 0 || fill_evidence(r, rule) < 0)
		return -1;
	return fill_check(r, rule_check(rule));
}

static int collect_rules(struct eval_result *out, const struct eval_content *c,
			 struct xccdf_result *xres)
{
	struct xccdf_rule_result_iterator *it = xccdf_result_get_rule_results(xres);
	size_t cap = 0;
	int ret = 0;

	while (ret == 0 && xccdf_rule_result_iterator_has_more(it)) {
		struct xccdf_rule_result *rr = xccdf_rule_result_iterator_next(it);

		if (out->n_rules == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct eval_rule *n = realloc(out->rules, ncap * sizeof(*n));
			if (!n) {
				ret = error_oom();
				break;
			}
			out->rules = n;
			cap = ncap;
		}
		memset(&out->rules[out->n_rules], 0, sizeof(out->rules[0]));
		ret = fill_rule(&out->rules[out->n_rules++], c, xccdf_rule_result_get_idref(rr),
				xccdf_rule_result_get_result(rr));
	}
	xccdf_rule_result_iterator_free(it);
	return ret;
}

static int cmp_value_id(const void *a, const void *b)
{
	return strcmp(((const struct eval_value *)a)->id, ((const struct eval_value *)b)->id);
}

static int add_value(struct eval_result *out, const char *id, const char *value, int tailored)
{
	struct eval_value *n;

	for (size_t i = 0; i < out->n_values; i++)
		if (strcmp(out->values[i].id, id) == 0)
			return 0;
	n = realloc(out->values, (out->n_values + 1) * sizeof(*n));
	if (!n)
		return error_oom();
	out->values = n;
	n = &out->values[out->n_values++];
	n->id = strdup(id);
	n->value = strdup(value);
	n->tailored = tailored;
	return n->id && n->value ? 0 : error_oom();
}

/* The values used: every exported one, and every tailored one even if no check uses it. */
static int collect_values(struct eval_result *out, const struct host *h,
			  const struct eval_content *c, const struct eval_values *t)
{
	for (size_t i = 0; i < c->n_exports; i++)
		if (add_value(out, h->bound[i].id, h->bound[i].value, h->bound[i].tailored) < 0)
			return -1;
	for (size_t i = t ? t->n_items : 0; i-- > 0;)
		if (add_value(out, t->items[i].idref, t->items[i].value, 1) < 0)
			return -1;
	if (out->n_values)
		qsort(out->values, out->n_values, sizeof(*out->values), cmp_value_id);
	return 0;
}

static void collect_score(struct eval_result *out, struct xccdf_policy *policy,
			  struct xccdf_result *xres)
{
	struct xccdf_score *s = xccdf_policy_get_score(policy, xres, "urn:xccdf:scoring:default");

	out->score = s ? (double)xccdf_score_get_score(s) : 0.0;
	out->score_max = s ? (double)xccdf_score_get_maximum(s) : 100.0;
	if (s)
		xccdf_score_free(s);
}

static xmlNodePtr child_element(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

/* Replace OLD (in DOC) with a deep copy of the root element of FROM. */
static int replace_with_copy(xmlDocPtr doc, xmlNodePtr old, xmlDocPtr from)
{
	xmlNodePtr copy = xmlDocCopyNode(xmlDocGetRootElement(from), doc, 1);

	if (!copy)
		return error_oom();
	xmlReplaceNode(old, copy);
	xmlFreeNode(old);
	return 0;
}

static int add_tested_variable(xmlNodePtr test, const xmlChar *id, const char *value)
{
	xmlNodePtr tv = xmlNewTextChild(test, test->ns, BAD_CAST "tested_variable",
					BAD_CAST(value ? value : ""));

	return tv && xmlNewProp(tv, BAD_CAST "variable_id", id) ? 0 : error_oom();
}

static int has_tested_variable(xmlNodePtr test, const xmlChar *id)
{
	int seen = 0;

	for (xmlNodePtr t = test->children; t && !seen; t = t->next) {
		xmlChar *v = t->type == XML_ELEMENT_NODE &&
				     xmlStrEqual(t->name, BAD_CAST "tested_variable")
				 ? xmlGetProp(t, BAD_CAST "variable_id")
				 : NULL;
		seen = v && xmlStrEqual(v, id);
		xmlFree(v);
	}
	return seen;
}

static int local_values(xmlNodePtr test, const xmlChar *id, struct oval_definition_model *defs,
			int depth);

/* The local variables COMP (a local variable's component) is computed from, recursively. */
static int component_locals(xmlNodePtr test, struct oval_component *comp,
			    struct oval_definition_model *defs, int depth)
{
	struct oval_component_iterator *it;
	int rc = 0;

	if (!comp || depth > 8)
		return 0;
	switch (oval_component_get_type(comp)) {
	case OVAL_COMPONENT_LITERAL:
	case OVAL_COMPONENT_OBJECTREF:
		return 0;
	case OVAL_COMPONENT_VARREF: {
		struct oval_variable *v = oval_component_get_variable(comp);
		return v ? local_values(test, BAD_CAST oval_variable_get_id(v), defs, depth + 1) : 0;
	}
	default:
		it = oval_component_get_function_components(comp);
		while (rc == 0 && oval_component_iterator_has_more(it))
			rc = component_locals(test, oval_component_iterator_next(it), defs, depth + 1);
		oval_component_iterator_free(it);
		return rc;
	}
}

/*
 * Add the values a local variable took for this host (libopenscap caches them in DEFS), and
 * those of the local variables it is computed from: a reviewer reading "nothing can match"
 * sees the site's list it was computed from (finding.c).
 */
static int local_values(xmlNodePtr test, const xmlChar *id, struct oval_definition_model *defs,
			int depth)
{
	struct oval_variable *v = oval_definition_model_get_variable(defs, (const char *)id);
	struct oval_value_iterator *it;
	int rc = 0;

	if (!v || oval_variable_get_type(v) != OVAL_VARIABLE_LOCAL || has_tested_variable(test, id))
		return 0;
	it = oval_variable_get_values(v);
	while (rc == 0 && oval_value_iterator_has_more(it))
		rc = add_tested_variable(test, id,
					 oval_value_get_text(oval_value_iterator_next(it)));
	oval_value_iterator_free(it);
	return rc < 0 ? rc : component_locals(test, oval_variable_get_component(v), defs, depth);
}

/*
 * Add a tested_variable for each variable STATE (or its record fields) refers to: an
 * external one with the value bound for this host, a local one with the values it took.
 */
static int state_variables(xmlNodePtr test, xmlNodePtr state, const struct eval_content *c,
			   const struct host *h, int depth)
{
	for (xmlNodePtr n = state ? state->children : NULL; n && depth < 4; n = n->next) {
		xmlChar *ref =
		    n->type == XML_ELEMENT_NODE ? xmlGetProp(n, BAD_CAST "var_ref") : NULL;
		const struct export_map *e = ref ? content_find_export(c, (const char *)ref) : NULL;
		int rc = 0;

		if (e && !has_tested_variable(test, ref))
			rc = add_tested_variable(test, ref, h->bound[e - c->exports].value);
		else if (ref && !e)
			rc = local_values(test, ref, h->defs, 0);
		xmlFree(ref);
		if (rc < 0 || (n->type == XML_ELEMENT_NODE &&
			       state_variables(test, n, c, h, depth + 1) < 0))
			return -1;
	}
	return 0;
}

/*
 * libopenscap records the values of variables its states use, but not of those a record
 * field uses (a cmdlet_state's MaxHopCount field with var_ref): add them, so the results
 * say which site value each verdict was reached with.
 */
static int add_tested_variables(xmlNodePtr tests, const struct eval_content *c,
				const struct host *h)
{
	for (xmlNodePtr t = tests ? tests->children : NULL; t; t = t->next) {
		xmlChar *id =
		    t->type == XML_ELEMENT_NODE ? xmlGetProp(t, BAD_CAST "test_id") : NULL;
		xmlNodePtr dtest = id ? xmlHashLookup(c->oval_ids, id) : NULL;
		int rc = 0;

		xmlFree(id);
		for (xmlNodePtr s = dtest ? dtest->children : NULL; s && rc == 0; s = s->next) {
			xmlChar *ref = s->type == XML_ELEMENT_NODE
					   ? xmlGetProp(s, BAD_CAST "state_ref")
					   : NULL;
			if (ref)
				rc = state_variables(t, xmlHashLookup(c->oval_ids, ref), c, h, 0);
			xmlFree(ref);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * libopenscap writes record-typed object entities (cmdlet_object's select) as stray
 * fields, which fails the OVAL results schema: it is asked to leave the definitions out
 * (export_oval), and the content's own document goes in their place, before the results.
 * The system characteristics are those we were given, which is what the verdicts were
 * computed from.
 */
static int fix_oval_results(xmlDocPtr doc, const struct eval_content *c, xmlDocPtr syschar,
			    const struct host *h)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr dirs = child_element(root, "directives");
	xmlNodePtr results = child_element(root, "results");
	xmlNodePtr sys = child_element(results, "system");
	xmlNodePtr sc = child_element(sys, "oval_system_characteristics");
	xmlNodePtr defs;

	if (!dirs || !results || !sc)
		return error_set(ERR_INTERNAL, "libopenscap's OVAL results lack %s",
				 !dirs ? "directives" : !results ? "results" : "system characteristics");
	/* the definitions are included after all: include_source_definitions' default, true */
	xmlUnsetProp(dirs, BAD_CAST "include_source_definitions");
	defs = xmlDocCopyNode(xmlDocGetRootElement(c->oval), doc, 1);
	if (!defs || !xmlAddPrevSibling(results, defs)) {
		xmlFreeNode(defs);
		return error_oom();
	}
	if (replace_with_copy(doc, sc, syschar) < 0)
		return -1;
	return add_tested_variables(child_element(sys, "tests"), c, h);
}

static int export_oval(xmlDocPtr *out, struct host *h, const struct eval_content *c,
		       xmlDocPtr syschar)
{
	struct oval_directives_model *dirs = oval_directives_model_new();
	struct oscap_source *src = NULL;
	char *buf = NULL;
	size_t len = 0;
	int ret = -1;

	*out = NULL;
	if (!dirs)
		return error_oom();
	/* not the definitions: libopenscap's copy is replaced anyway (fix_oval_results), and
	 * writing and reading it back was a tenth of a host's time */
	oval_result_directives_set_included(oval_directives_model_get_defdirs(dirs), false);
	src = oval_results_model_export_source(h->res, dirs, "oval-results.xml");
	if (!src || oscap_source_get_raw_memory(src, &buf, &len) != 0 || !buf) {
		eval_oscap_error("OVAL results");
		goto out;
	}
	if (xml_parse(out, buf, len, "OVAL results") < 0 ||
	    fix_oval_results(*out, c, syschar, h) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0) {
		xmlFreeDoc(*out);
		*out = NULL;
	}
	free(buf);
	if (src)
		oscap_source_free(src);
	oval_directives_model_free(dirs);
	return ret;
}

/* Why an automated rule was not checked: a site value it compares against is not set. */
static int unset_details(struct eval_rule *r)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return error_oom();
	fprintf(f, "Not checked: this rule compares against a value the STIG leaves to the site "
		   "(its EDSP), and no tailoring file sets it:");
	for (size_t i = 0; i < r->n_exports; i++)
		fprintf(f, " %s", r->exports[i].value_id);
	fprintf(f, ". Set it with --tailoring (see 'scapula tailor') to check this rule.");
	if (r->check_content)
		fprintf(f, "\n\n%s", r->check_content);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return error_oom();
	}
	free(r->details);
	r->details = buf;
	return 0;
}

static int rule_details(struct eval_rule *r, struct finding_ctx *fc)
{
	if (r->definition_id && r->result == EVAL_NOTCHECKED && r->n_exports)
		return unset_details(r);
	if (r->definition_id && r->result != EVAL_NOTSELECTED)
		return finding_details(&r->details, fc, r->definition_id, r->result);
	return finding_text(&r->details, r->result, r->check_content, fc, r->evidence_object);
}

int evaluate_host(struct eval_result **out, const struct eval_content *c, xmlDocPtr syschar,
		  const struct eval_values *tailored)
{
	struct host h;
	struct eval_result *r = NULL;
	struct xccdf_result *xres;
	struct finding_ctx *fc = NULL;
	int ret = -1;

	*out = NULL;
	memset(&h, 0, sizeof(h));
	if (!syschar || !xmlDocGetRootElement(syschar))
		return error_set(ERR_INTERNAL, "no system characteristics to evaluate");
	if (!(r = calloc(1, sizeof(*r)))) {
		error_oom();
		goto out;
	}
	if (host_models(&h, c, syschar) < 0 || host_policy(&h, c, tailored) < 0 ||
	    host_bind(&h, c, tailored) < 0)
		goto out;
	current_host = &h.ctx;
	xres = xccdf_policy_evaluate(h.policy);
	current_host = NULL;
	if (!xres) {
		eval_oscap_error(c->path);
		goto out;
	}
	if (h.ctx.failed) {
		error_set(ERR_INTERNAL, "%s: libopenscap passed values other than those bound",
			  c->path);
		goto out;
	}
	if (collect_rules(r, c, xres) < 0 || collect_values(r, &h, c, tailored) < 0)
		goto out;
	collect_score(r, h.policy, xres);
	if (export_oval(&r->oval_results, &h, c, syschar) < 0)
		goto out;
	if (!(fc = finding_ctx_new(c->oval, r->oval_results)))
		goto out;
	for (size_t i = 0; i < r->n_rules; i++)
		if (rule_details(&r->rules[i], fc) < 0)
			goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	finding_ctx_free(fc);
	host_release(&h, c->n_exports);
	eval_result_free(r);
	oscap_clearerr();
	return ret;
}

static void rule_release(struct eval_rule *r)
{
	free(r->rule_id);
	free(r->severity);
	free(r->weight);
	free(r->version);
	for (size_t i = 0; i < r->n_idents; i++) {
		free(r->idents[i].system);
		free(r->idents[i].id);
	}
	free(r->idents);
	free(r->check_system);
	free(r->definition_id);
	free(r->check_content);
	free(r->evidence_object);
	for (size_t i = 0; i < r->n_exports; i++) {
		free(r->exports[i].value_id);
		free(r->exports[i].export_name);
	}
	free(r->exports);
	free(r->details);
}

void eval_result_free(struct eval_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rules; i++)
		rule_release(&r->rules[i]);
	free(r->rules);
	for (size_t i = 0; i < r->n_values; i++) {
		free(r->values[i].id);
		free(r->values[i].value);
	}
	free(r->values);
	xmlFreeDoc(r->oval_results);
	free(r);
}
