/*
 * tailoring.c - site values from an XCCDF 1.2 tailoring file (see tailoring.h)
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evaluate.h"
#include "tailoring.h"
#include "xml.h"

#define NS_XCCDF12 "http://checklists.nist.gov/xccdf/1.2"

static int is_xccdf(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST NS_XCCDF12) &&
	       (!name || xmlStrEqual(n->name, BAD_CAST name));
}

void eval_values_free(struct eval_values *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_items; i++) {
		free(v->items[i].idref);
		free(v->items[i].value);
	}
	free(v->items);
	free(v->source);
	free(v->profile_id);
	free(v->benchmark_id);
	free(v->tailoring_id);
	free(v->version);
	free(v->version_time);
	free(v);
}

const char *eval_values_get(const struct eval_values *v, const char *idref)
{
	for (size_t i = v ? v->n_items : 0; i-- > 0;)
		if (strcmp(v->items[i].idref, idref) == 0)
			return v->items[i].value;
	return NULL;
}

static int is_number(const char *s)
{
	char *end;

	if (!*s)
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

static int add_setvalue(struct eval_values *v, xmlNodePtr sv, const char *path,
			const struct eval_content *content)
{
	xmlChar *idref = xmlGetProp(sv, BAD_CAST "idref");
	xmlChar *text = xmlNodeGetContent(sv);
	struct eval_setvalue *n;
	int number = 0, ret = -1;

	if (!idref || !*idref) {
		error_set(ERR_FORMAT, "%s: line %ld: set-value without idref", path,
			  xmlGetLineNo(sv));
		goto out;
	}
	if (content && !eval_content_has_value(content, (const char *)idref, &number)) {
		error_set(ERR_FORMAT,
			  "%s: line %ld: set-value '%s' names no Value of benchmark '%s'", path,
			  xmlGetLineNo(sv), (const char *)idref,
			  eval_content_benchmark_id(content));
		goto out;
	}
	if (number && !is_number(text ? (const char *)text : "")) {
		error_set(ERR_FORMAT, "%s: line %ld: set-value '%s': '%s' is not a number", path,
			  xmlGetLineNo(sv), (const char *)idref, text ? (const char *)text : "");
		goto out;
	}
	n = realloc(v->items, (v->n_items + 1) * sizeof(*n));
	if (!n) {
		error_oom();
		goto out;
	}
	v->items = n;
	n = &v->items[v->n_items++];
	n->idref = strdup((const char *)idref);
	n->value = strdup(text ? (const char *)text : "");
	ret = n->idref && n->value ? 0 : error_oom();
out:
	xmlFree(idref);
	xmlFree(text);
	return ret;
}

/* Only set-value changes anything; refuse what would change the rules rather than ignore it. */
static int read_profile(struct eval_values *v, xmlNodePtr profile, const char *path,
			const struct eval_content *content)
{
	static const char *const refused[] = {"select", "refine-value", "refine-rule",
					      "set-complex-value"};
	xmlChar *id = xmlGetProp(profile, BAD_CAST "id");

	v->profile_id = strdup(id ? (const char *)id : "");
	xmlFree(id);
	if (!v->profile_id)
		return error_oom();
	for (xmlNodePtr n = profile->children; n; n = n->next) {
		if (!is_xccdf(n, NULL))
			continue;
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			if (xmlStrEqual(n->name, BAD_CAST refused[i]))
				return error_set(ERR_FORMAT,
						 "%s: line %ld: %s is not supported; a tailoring "
						 "file may only set values (set-value)",
						 path, xmlGetLineNo(n), refused[i]);
		if (xmlStrEqual(n->name, BAD_CAST "set-value") &&
		    add_setvalue(v, n, path, content) < 0)
			return -1;
	}
	return 0;
}

/*
 * Tailoring@id, version and version@time: a TestResult's tailoring-file must name them; and
 * benchmark@id, the benchmark the file is for, when it says.
 */
static int read_identity(struct eval_values *v, xmlNodePtr root, const char *path)
{
	xmlNodePtr version = NULL;
	xmlChar *id = xmlGetProp(root, BAD_CAST "id"), *time = NULL, *text = NULL;
	int ret = -1;

	for (xmlNodePtr n = root->children; n && !version; n = n->next)
		if (is_xccdf(n, "version"))
			version = n;
	for (xmlNodePtr n = root->children; n && !v->benchmark_id; n = n->next)
		if (is_xccdf(n, "benchmark") && xmlHasProp(n, BAD_CAST "id")) {
			xmlChar *b = xmlGetProp(n, BAD_CAST "id");
			v->benchmark_id = b ? strdup((const char *)b) : NULL;
			xmlFree(b);
			if (!v->benchmark_id) {
				error_oom();
				goto out;
			}
		}
	if (version) {
		time = xmlGetProp(version, BAD_CAST "time");
		text = xmlNodeGetContent(version);
	}
	if (!id || !*id || !time || !*time || !text) {
		error_set(ERR_FORMAT, "%s: the Tailoring needs an id and a version with a time",
			  path);
		goto out;
	}
	v->tailoring_id = strdup((const char *)id);
	v->version = strdup((const char *)text);
	v->version_time = strdup((const char *)time);
	ret = v->tailoring_id && v->version && v->version_time ? 0 : error_oom();
out:
	xmlFree(id);
	xmlFree(time);
	xmlFree(text);
	return ret;
}

int tailoring_load(struct eval_values **out, const char *path, const struct eval_content *content)
{
	struct eval_values *v = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, profile = NULL;
	int ret = -1;

	*out = NULL;
	if (xml_parse_file(&doc, path) < 0)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!is_xccdf(root, "Tailoring")) {
		error_set(ERR_FORMAT, "%s: not an XCCDF 1.2 Tailoring document", path);
		goto out;
	}
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!is_xccdf(n, "Profile"))
			continue;
		if (profile) {
			error_set(ERR_FORMAT,
				  "%s: line %ld: more than one Profile; scapula applies "
				  "exactly one",
				  path, xmlGetLineNo(n));
			goto out;
		}
		profile = n;
	}
	if (!profile) {
		error_set(ERR_FORMAT, "%s: no Profile", path);
		goto out;
	}
	if (!(v = calloc(1, sizeof(*v))) || !(v->source = strdup(path))) {
		error_oom();
		goto out;
	}
	if (read_identity(v, root, path) < 0 || read_profile(v, profile, path, content) < 0)
		goto out;
	*out = v;
	v = NULL;
	ret = 0;
out:
	eval_values_free(v);
	xmlFreeDoc(doc);
	return ret;
}
