/*
 * answers.c - load answer files (urn:scapula:answers:1)
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answers.h"
#include "error.h"
#include "xml.h"

#define NS_ANSWERS "urn:scapula:answers:1"

static const char *const results[] = {"pass", "fail", "notapplicable", "informational", NULL};
static const char *const expectable[] = {"notchecked", "pass", "fail", "error", "unknown",
					 "notapplicable", "informational", NULL};

static int in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, NS_ANSWERS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static char *prop(xmlNodePtr n, const char *name, const char *dflt)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = strdup(v ? (const char *)v : (dflt ? dflt : ""));

	xmlFree(v);
	return s;
}

static int vuln_ok(const char *v)
{
	if (strncmp(v, "V-", 2) != 0 || !v[2])
		return 0;
	for (v += 2; *v; v++)
		if (*v < '0' || *v > '9')
			return 0;
	return 1;
}

static int load_answer(struct answer *a, xmlNodePtr n, const char *vuln, const char *path)
{
	xmlChar *c = xmlNodeGetContent(n);

	a->vuln = strdup(vuln);
	a->host = prop(n, "host", "DEFAULT");
	a->expected = prop(n, "expected", "notchecked");
	a->result = prop(n, "result", "");
	a->comment = strdup(c ? (const char *)c : "");
	xmlFree(c);
	if (!a->vuln || !a->host || !a->expected || !a->result || !a->comment)
		return error_oom();
	if (!in_list(a->result, results))
		return error_set(ERR_FORMAT,
				 "%s:%ld: %s: result '%s' is not one of pass, fail, notapplicable, "
				 "informational",
				 path, xmlGetLineNo(n), vuln, a->result);
	if (!in_list(a->expected, expectable))
		return error_set(ERR_FORMAT, "%s:%ld: %s: expected result '%s' is not an XCCDF result",
				 path, xmlGetLineNo(n), vuln, a->expected);
	if (!*a->host)
		return error_set(ERR_FORMAT, "%s:%ld: %s: empty host", path, xmlGetLineNo(n), vuln);
	return 0;
}

static int load_vuln(struct answers *out, xmlNodePtr v, const char *path)
{
	char *vuln = prop(v, "id", "");
	int ret = 0;

	if (!vuln_ok(vuln)) {
		ret = error_set(ERR_FORMAT, "%s:%ld: '%s' is not a Vuln id (V-number)", path,
				xmlGetLineNo(v), vuln);
		goto out;
	}
	for (xmlNodePtr n = v->children; n && ret == 0; n = n->next) {
		struct answer *grown;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is_el(n, "answer")) {
			ret = error_set(ERR_FORMAT, "%s:%ld: unexpected element '%s' in %s", path,
					xmlGetLineNo(n), (const char *)n->name, vuln);
			break;
		}
		grown = realloc(out->items, (out->n_items + 1) * sizeof(*grown));
		if (!grown) {
			ret = error_oom();
			break;
		}
		out->items = grown;
		memset(&grown[out->n_items], 0, sizeof(*grown));
		ret = load_answer(&grown[out->n_items++], n, vuln, path);
	}
out:
	free(vuln);
	return ret;
}

int answers_load(struct answers **out, const char *path)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	struct answers *a = NULL;
	int ret = -1;

	*out = NULL;
	if (xml_parse_file(&doc, path) < 0)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!is_el(root, "answers")) {
		error_set(ERR_FORMAT, "%s: not an answer file (root must be answers in %s)", path,
			  NS_ANSWERS);
		goto out;
	}
	a = calloc(1, sizeof(*a));
	if (!a || !(a->path = strdup(path)) || !(a->stig = prop(root, "stig", ""))) {
		error_oom();
		goto out;
	}
	for (xmlNodePtr v = root->children; v; v = v->next) {
		if (v->type != XML_ELEMENT_NODE)
			continue;
		if (!is_el(v, "vuln")) {
			error_set(ERR_FORMAT, "%s:%ld: unexpected element '%s'", path,
				  xmlGetLineNo(v), (const char *)v->name);
			goto out;
		}
		if (load_vuln(a, v, path) < 0)
			goto out;
	}
	*out = a;
	a = NULL;
	ret = 0;
out:
	answers_free(a);
	xmlFreeDoc(doc);
	return ret;
}

void answers_free(struct answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_items; i++) {
		free(a->items[i].vuln);
		free(a->items[i].host);
		free(a->items[i].expected);
		free(a->items[i].result);
		free(a->items[i].comment);
	}
	free(a->items);
	free(a->path);
	free(a->stig);
	free(a);
}

const struct answer *answers_find(const struct answers *a, const char *vuln, const char *host,
				  const char *evaluated)
{
	const struct answer *dflt = NULL;

	if (!a)
		return NULL;
	for (size_t i = 0; i < a->n_items; i++) {
		const struct answer *x = &a->items[i];
		if (strcmp(x->vuln, vuln) != 0 || strcmp(x->expected, evaluated) != 0)
			continue;
		if (strcasecmp(x->host, host) == 0)
			return x;
		if (strcmp(x->host, "DEFAULT") == 0 && !dflt)
			dflt = x;
	}
	return dflt;
}
