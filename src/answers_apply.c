/*
 * answers_apply.c - answers into the XCCDF TestResult of an ARF, as overrides
 */
#include <stdio.h>
#include <string.h>

#include "answers_apply.h"
#include "arf.h"
#include "error.h"

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_XCCDF12 "http://checklists.nist.gov/xccdf/1.2"

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* First NS:NAME below TOP in document order. */
static xmlNodePtr find_below(xmlNodePtr top, const char *ns, const char *name)
{
	for (xmlNodePtr c = top ? top->children : NULL; c; c = c->next) {
		xmlNodePtr hit;
		if (is_el(c, ns, name))
			return c;
		if (c->type == XML_ELEMENT_NODE && (hit = find_below(c, ns, name)))
			return hit;
	}
	return NULL;
}

static xmlNodePtr top_child(xmlDocPtr arf, const char *name)
{
	xmlNodePtr root = xmlDocGetRootElement(arf);

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (is_el(c, NS_ARF, name))
			return c;
	return NULL;
}

/* The Rule element with id ID below N (Groups nest), or NULL. */
static xmlNodePtr find_rule(xmlNodePtr n, const char *id)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		xmlNodePtr hit = NULL;
		if (is_el(c, NS_XCCDF12, "Rule")) {
			xmlChar *rid = xmlGetProp(c, (const xmlChar *)"id");
			int same = rid && strcmp((const char *)rid, id) == 0;
			xmlFree(rid);
			if (same)
				return c;
		} else if (is_el(c, NS_XCCDF12, "Group") && (hit = find_rule(c, id))) {
			return hit;
		}
	}
	return NULL;
}

/* The Vuln id ("V-228375") of rule ID: its Group's id, else the rule id's own tail. */
static void vuln_of(char *out, size_t size, xmlNodePtr bench, const char *id)
{
	xmlNodePtr rule = find_rule(bench, id);
	xmlChar *gid = rule && is_el(rule->parent, NS_XCCDF12, "Group")
			       ? xmlGetProp(rule->parent, (const xmlChar *)"id")
			       : NULL;
	const char *src = gid ? (const char *)gid : id;
	const char *v = strstr(src, "_group_") ? strstr(src, "_group_") + 7
		       : strstr(src, "_rule_") ? strstr(src, "_rule_") + 6
					       : src;

	snprintf(out, size, "%s", v);
	xmlFree(gid);
}

static xmlNodePtr result_of(xmlNodePtr rr)
{
	for (xmlNodePtr c = rr->children; c; c = c->next)
		if (is_el(c, NS_XCCDF12, "result"))
			return c;
	return NULL;
}

static void add_override(xmlNodePtr result, const struct answer *x, const char *old,
			 const char *when, const char *path)
{
	xmlNodePtr o = xmlNewNode(result->ns, (const xmlChar *)"override");
	char authority[1200];

	snprintf(authority, sizeof(authority), "answer file: %s", path);
	xmlSetProp(o, (const xmlChar *)"time", (const xmlChar *)when);
	xmlSetProp(o, (const xmlChar *)"authority", (const xmlChar *)authority);
	xmlNewTextChild(o, result->ns, (const xmlChar *)"old-result", (const xmlChar *)old);
	xmlNewTextChild(o, result->ns, (const xmlChar *)"new-result", (const xmlChar *)x->result);
	xmlNewTextChild(o, result->ns, (const xmlChar *)"remark", (const xmlChar *)x->comment);
	xmlAddNextSibling(result, o);
	xmlNodeSetContent(result, (const xmlChar *)x->result);
}

int answers_apply_arf(xmlDocPtr arf, const struct answers *a, const char *host, const char *when)
{
	xmlNodePtr tr = arf_test_result(arf);
	xmlNodePtr bench = find_below(top_child(arf, "report-requests"), NS_XCCDF12, "Benchmark");
	int applied = 0;

	if (!tr || !bench)
		return error_set(ERR_INTERNAL, "answers: ARF without TestResult or benchmark");
	if (a->stig[0]) {
		xmlChar *bid = xmlGetProp(bench, (const xmlChar *)"id");
		const char *b = bid ? (const char *)bid : "";
		int other = strstr(b, "_benchmark_") ? strcmp(strstr(b, "_benchmark_") + 11, a->stig)
						   : strcmp(b, a->stig);
		xmlFree(bid);
		if (other)
			return 0;
	}
	for (xmlNodePtr rr = tr->children; rr; rr = rr->next) {
		xmlNodePtr res = is_el(rr, NS_XCCDF12, "rule-result") ? result_of(rr) : NULL;
		xmlChar *idref, *old;
		const struct answer *x;
		char vuln[128];

		if (!res)
			continue;
		idref = xmlGetProp(rr, (const xmlChar *)"idref");
		old = xmlNodeGetContent(res);
		vuln_of(vuln, sizeof(vuln), bench, idref ? (const char *)idref : "");
		x = answers_find(a, vuln, host, old ? (const char *)old : "");
		if (x) {
			add_override(res, x, (const char *)old, when, a->path);
			applied++;
		}
		xmlFree(idref);
		xmlFree(old);
	}
	return applied;
}
