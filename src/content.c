/*
 * content.c - binding files, their OVAL documents, and the check-text fingerprint
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "content.h"
#include "error.h"
#include "version.h"
#include "xml.h"

#define CONTENT_MAX_DEPTH 4
#define CONTENT_MAX_FILES 1000
#define BINDING_SUFFIX	  ".binding.xml"

static const char *const class_names[] = {"automated", "site-value", "evidence", "manual"};

const char *rule_class_name(enum rule_class c)
{
	return (unsigned)c < sizeof(class_names) / sizeof(class_names[0]) ? class_names[c] : "?";
}

int rule_class_checked(enum rule_class c)
{
	return c == RULE_AUTOMATED || c == RULE_SITE_VALUE;
}

const char *content_default_dir(void)
{
	const char *env = getenv("SCAPULA_CONTENT_DIR");

	return env && *env ? env : SCAPULA_SOURCE_DIR "/content";
}

/* ---- fingerprint ---- */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int check_fingerprint(char out[65], const char *text)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(text), n = 0;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	char *norm = malloc(len + 1);
	int pending_space = 0;

	out[0] = '\0';
	if (!norm)
		return error_oom();
	for (const char *p = text; *p; p++) {
		if (is_ws(*p)) {
			pending_space = n > 0;
			continue;
		}
		if (pending_space)
			norm[n++] = ' ';
		pending_space = 0;
		norm[n++] = *p;
	}
	if (!EVP_Digest(norm, n, md, &md_len, EVP_sha256(), NULL) || md_len != 32) {
		free(norm);
		return error_set(ERR_INTERNAL, "SHA-256 is not available from libcrypto");
	}
	free(norm);
	for (unsigned int i = 0; i < md_len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

/* ---- small DOM helpers ---- */

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

static xmlNodePtr child_el(xmlNodePtr parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_el(c, ns, name))
			return c;
	return NULL;
}

/* A copy of attribute NAME (no namespace), or NULL when absent (or out of memory). */
static char *attr_dup(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A copy of the text of N's first child element NAME, "" when there is none. */
static char *child_text_dup(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c = child_el(n, ns, name);
	xmlChar *v = c ? xmlNodeGetContent(c) : NULL;
	char *s = strdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static int required(char **out, xmlNodePtr n, const char *name, const char *path, const char *where)
{
	*out = attr_dup(n, name);
	if (!*out)
		return error_set(ERR_FORMAT, "%s:%ld: %s has no '%s' attribute", path,
				 xmlGetLineNo(n), where, name);
	if (!**out)
		return error_set(ERR_FORMAT, "%s:%ld: %s has an empty '%s' attribute", path,
				 xmlGetLineNo(n), where, name);
	return 0;
}

static int optional(char **out, xmlNodePtr n, const char *name)
{
	*out = attr_dup(n, name);
	if (!*out)
		*out = strdup("");
	return *out ? 0 : error_oom();
}

/* ---- OVAL lookups ---- */

static xmlNodePtr oval_section(xmlDocPtr oval, const char *name)
{
	return child_el(xmlDocGetRootElement(oval), OVAL_DEFS_NS, name);
}

static xmlNodePtr find_by_id(xmlNodePtr section, const char *name, const char *id)
{
	for (xmlNodePtr c = section ? section->children : NULL; c; c = c->next) {
		xmlChar *v;
		int match;

		if (!is_el(c, OVAL_DEFS_NS, name))
			continue;
		v = xmlGetNoNsProp(c, (const xmlChar *)"id");
		match = v && strcmp((const char *)v, id) == 0;
		xmlFree(v);
		if (match)
			return c;
	}
	return NULL;
}

xmlNodePtr binding_oval_definition(const struct binding *b, const char *id)
{
	if (!b->oval || !id || !*id)
		return NULL;
	return find_by_id(oval_section(b->oval, "definitions"), "definition", id);
}

static int load_oval(struct binding *b)
{
	xmlNodePtr root;

	if (xml_parse_file(&b->oval, b->oval_path) < 0)
		return error_prefix("%s: oval=\"%s\"", b->path, b->oval_href);
	root = xmlDocGetRootElement(b->oval);
	if (!is_el(root, OVAL_DEFS_NS, "oval_definitions"))
		return error_set(ERR_FORMAT, "%s: not an OVAL definitions document (root '%s')",
				 b->oval_path, (const char *)root->name);
	if (!oval_section(b->oval, "definitions"))
		return error_set(ERR_FORMAT, "%s: no definitions", b->oval_path);
	return 0;
}

/* ---- binding file ---- */

static int is_true(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	int yes = v && (strcmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0);

	xmlFree(v);
	return yes;
}

static int is_number(const char *s)
{
	char *end;

	if (!*s || *s == ' ')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

static int parse_value(struct binding_value *v, xmlNodePtr n, const struct binding *b)
{
	xmlNodePtr var;
	xmlChar *dt;
	int numeric, bad;

	if (required(&v->id, n, "id", b->path, "a value") < 0 ||
	    required(&v->type, n, "type", b->path, "a value") < 0 ||
	    required(&v->variable, n, "variable", b->path, "a value") < 0)
		return -1;
	/* An empty default: the STIG leaves the value to the site, which must set it. */
	v->default_value = attr_dup(n, "default");
	if (!v->default_value)
		return error_set(ERR_FORMAT, "%s:%ld: value '%s' has no 'default' attribute",
				 b->path, xmlGetLineNo(n), v->id);
	v->required = !*v->default_value || is_true(n, "required");
	v->title = child_text_dup(n, BINDING_NS, "title");
	v->description = child_text_dup(n, BINDING_NS, "description");
	if (!v->title || !v->description)
		return error_oom();
	if (strcmp(v->type, "number") && strcmp(v->type, "string") && strcmp(v->type, "boolean"))
		return error_set(ERR_FORMAT,
				 "%s:%ld: value '%s' has type '%s' (number, string or boolean)",
				 b->path, xmlGetLineNo(n), v->id, v->type);
	var = find_by_id(oval_section(b->oval, "variables"), "external_variable", v->variable);
	if (!var)
		return error_set(ERR_FORMAT, "%s:%ld: value '%s': %s has no external_variable '%s'",
				 b->path, xmlGetLineNo(n), v->id, b->oval_href, v->variable);
	/* Types may differ (an int variable fed from a string Value is fine), but a default the
	 * OVAL variable or the XCCDF Value cannot hold would only fail at evaluation time. */
	dt = xmlGetNoNsProp(var, (const xmlChar *)"datatype");
	numeric =
	    dt && (strcmp((const char *)dt, "int") == 0 || strcmp((const char *)dt, "float") == 0);
	bad = (numeric || strcmp(v->type, "number") == 0) && *v->default_value &&
	      !is_number(v->default_value);
	if (bad)
		error_set(ERR_FORMAT, "%s:%ld: value '%s': default '%s' is not a number (%s%s)",
			  b->path, xmlGetLineNo(n), v->id, v->default_value,
			  numeric ? "external_variable datatype " : "type number",
			  numeric ? (const char *)dt : "");
	xmlFree(dt);
	return bad ? -1 : 0;
}

static int parse_class(enum rule_class *out, xmlNodePtr n, const char *path, const char *vuln)
{
	xmlChar *c = xmlGetNoNsProp(n, (const xmlChar *)"class");

	for (size_t i = 0; c && i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (strcmp((const char *)c, class_names[i]) == 0) {
			*out = (enum rule_class)i;
			xmlFree(c);
			return 0;
		}
	error_set(ERR_FORMAT,
		  "%s:%ld: rule %s has class '%s' (automated, site-value, evidence or manual)",
		  path, xmlGetLineNo(n), vuln, c ? (const char *)c : "");
	xmlFree(c);
	return -1;
}

static int valid_sha256(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}

static int valid_vuln(const char *s)
{
	if (strncmp(s, "V-", 2) != 0 || !s[2])
		return 0;
	for (s += 2; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static size_t count_children(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (xmlNodePtr c = n->children; c; c = c->next)
		k += is_el(c, BINDING_NS, name);
	return k;
}

static int parse_rule_children(struct binding_rule *r, xmlNodePtr n, const struct binding *b)
{
	size_t ne = count_children(n, "export"), nv = count_children(n, "evidence");

	r->reason = child_text_dup(n, BINDING_NS, "reason");
	r->exports = calloc(ne ? ne : 1, sizeof(*r->exports));
	r->evidence = calloc(nv ? nv : 1, sizeof(*r->evidence));
	if (!r->reason || !r->exports || !r->evidence)
		return error_oom();
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_el(c, BINDING_NS, "export")) {
			char **v = &r->exports[r->n_exports++];
			if (required(v, c, "value", b->path, "an export") < 0)
				return -1;
			if (!binding_value_find(b, *v))
				return error_set(ERR_FORMAT,
						 "%s:%ld: rule %s exports unknown value '%s'",
						 b->path, xmlGetLineNo(c), r->vuln, *v);
		} else if (is_el(c, BINDING_NS, "evidence")) {
			struct binding_evidence *e = &r->evidence[r->n_evidence++];
			if (required(&e->module, c, "module", b->path, "an evidence") < 0 ||
			    required(&e->verb, c, "verb", b->path, "an evidence") < 0 ||
			    required(&e->noun, c, "noun", b->path, "an evidence") < 0)
				return -1;
		}
	}
	return 0;
}

/* The class-dependent rules: what each class must and must not have. */
static int check_rule_class(const struct binding_rule *r, xmlNodePtr n, const struct binding *b)
{
	long line = xmlGetLineNo(n);

	if (rule_class_checked(r->cls)) {
		if (!*r->definition)
			return error_set(ERR_FORMAT,
					 "%s:%ld: rule %s is %s but names no definition", b->path,
					 line, r->vuln, rule_class_name(r->cls));
		if (!binding_oval_definition(b, r->definition))
			return error_set(ERR_FORMAT, "%s:%ld: rule %s: %s has no definition '%s'",
					 b->path, line, r->vuln, b->oval_href, r->definition);
	} else if (*r->definition) {
		return error_set(ERR_FORMAT, "%s:%ld: rule %s is %s but names definition '%s'",
				 b->path, line, r->vuln, rule_class_name(r->cls), r->definition);
	}
	if (r->cls == RULE_SITE_VALUE && !r->n_exports)
		return error_set(ERR_FORMAT, "%s:%ld: rule %s is site-value but exports no value",
				 b->path, line, r->vuln);
	if (r->cls != RULE_SITE_VALUE && r->n_exports)
		return error_set(ERR_FORMAT,
				 "%s:%ld: rule %s exports a value but is %s, not site-value",
				 b->path, line, r->vuln, rule_class_name(r->cls));
	if (r->cls == RULE_EVIDENCE && !r->n_evidence)
		return error_set(ERR_FORMAT, "%s:%ld: rule %s is evidence but names no evidence",
				 b->path, line, r->vuln);
	return 0;
}

static int parse_rule(struct binding_rule *r, xmlNodePtr n, const struct binding *b)
{
	if (required(&r->vuln, n, "vuln", b->path, "a rule") < 0)
		return -1;
	if (!valid_vuln(r->vuln))
		return error_set(ERR_FORMAT, "%s:%ld: rule vuln '%s' is not a Vuln id (V-digits)",
				 b->path, xmlGetLineNo(n), r->vuln);
	if (binding_rule_find(b, r->vuln) != r)
		return error_set(ERR_FORMAT, "%s:%ld: rule %s is bound twice", b->path,
				 xmlGetLineNo(n), r->vuln);
	if (parse_class(&r->cls, n, b->path, r->vuln) < 0 ||
	    optional(&r->stig_id, n, "stig-id") < 0 ||
	    optional(&r->severity, n, "severity") < 0 ||
	    optional(&r->definition, n, "definition") < 0 ||
	    required(&r->check_sha256, n, "check-sha256", b->path, "a rule") < 0)
		return -1;
	if (!valid_sha256(r->check_sha256))
		return error_set(ERR_FORMAT,
				 "%s:%ld: rule %s: check-sha256 is not 64 lower-case hex digits",
				 b->path, xmlGetLineNo(n), r->vuln);
	if (parse_rule_children(r, n, b) < 0)
		return -1;
	return check_rule_class(r, n, b);
}

const struct binding_rule *binding_rule_find(const struct binding *b, const char *vuln)
{
	for (size_t i = 0; i < b->n_rules; i++)
		if (b->rules[i].vuln && strcmp(b->rules[i].vuln, vuln) == 0)
			return &b->rules[i];
	return NULL;
}

const struct binding_value *binding_value_find(const struct binding *b, const char *id)
{
	for (size_t i = 0; i < b->n_values; i++)
		if (b->values[i].id && strcmp(b->values[i].id, id) == 0)
			return &b->values[i];
	return NULL;
}

/* The OVAL file sits next to the binding file: a plain name, or a path below that folder. */
static int resolve_oval(struct binding *b, xmlNodePtr root)
{
	const char *slash = strrchr(b->path, '/');
	size_t dir_len = slash ? (size_t)(slash - b->path) + 1 : 0;
	size_t n;

	if (required(&b->oval_href, root, "oval", b->path, "the binding") < 0)
		return -1;
	if (b->oval_href[0] == '/' || strstr(b->oval_href, "..") || strchr(b->oval_href, '\\') ||
	    strchr(b->oval_href, ':') || strchr(b->oval_href, '#'))
		return error_set(ERR_FORMAT,
				 "%s: oval=\"%s\" must name a file next to the binding file",
				 b->path, b->oval_href);
	n = dir_len + strlen(b->oval_href) + 1;
	b->oval_path = malloc(n);
	if (!b->oval_path)
		return error_oom();
	snprintf(b->oval_path, n, "%.*s%s", (int)dir_len, b->path, b->oval_href);
	return 0;
}

static int parse_binding_root(struct binding *b, xmlNodePtr root)
{
	size_t nv = count_children(root, "value"), nr = count_children(root, "rule");

	if (!is_el(root, BINDING_NS, "binding"))
		return error_set(ERR_FORMAT, "%s: not a binding file (root must be {%s}binding)",
				 b->path, BINDING_NS);
	if (required(&b->benchmark, root, "benchmark", b->path, "the binding") < 0 ||
	    required(&b->written_against, root, "written-against", b->path, "the binding") < 0 ||
	    resolve_oval(b, root) < 0 || load_oval(b) < 0)
		return -1;
	b->values = calloc(nv ? nv : 1, sizeof(*b->values));
	b->rules = calloc(nr ? nr : 1, sizeof(*b->rules));
	if (!b->values || !b->rules)
		return error_oom();
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (is_el(c, BINDING_NS, "value")) {
			struct binding_value *v = &b->values[b->n_values++];
			if (parse_value(v, c, b) < 0)
				return -1;
			if (binding_value_find(b, v->id) != v)
				return error_set(ERR_FORMAT, "%s:%ld: value '%s' is defined twice",
						 b->path, xmlGetLineNo(c), v->id);
		}
	}
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (is_el(c, BINDING_NS, "rule") && parse_rule(&b->rules[b->n_rules++], c, b) < 0)
			return -1;
	if (!b->n_rules)
		return error_set(ERR_FORMAT, "%s: binds no rule", b->path);
	return 0;
}

int binding_load(struct binding *out, const char *path)
{
	xmlDocPtr doc = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->path = strdup(path);
	if (!out->path)
		return error_oom();
	if (xml_parse_file(&doc, path) < 0)
		goto out;
	ret = parse_binding_root(out, xmlDocGetRootElement(doc));
out:
	xmlFreeDoc(doc);
	if (ret < 0)
		binding_release(out);
	return ret;
}

static void rule_release(struct binding_rule *r)
{
	free(r->vuln);
	free(r->stig_id);
	free(r->severity);
	free(r->definition);
	free(r->check_sha256);
	free(r->reason);
	for (size_t i = 0; i < r->n_exports; i++)
		free(r->exports[i]);
	free(r->exports);
	for (size_t i = 0; i < r->n_evidence; i++) {
		free(r->evidence[i].module);
		free(r->evidence[i].verb);
		free(r->evidence[i].noun);
	}
	free(r->evidence);
}

void binding_release(struct binding *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_values; i++) {
		struct binding_value *v = &b->values[i];
		free(v->id);
		free(v->type);
		free(v->variable);
		free(v->default_value);
		free(v->title);
		free(v->description);
	}
	free(b->values);
	for (size_t i = 0; i < b->n_rules; i++)
		rule_release(&b->rules[i]);
	free(b->rules);
	free(b->path);
	free(b->benchmark);
	free(b->oval_href);
	free(b->oval_path);
	free(b->written_against);
	xmlFreeDoc(b->oval);
	memset(b, 0, sizeof(*b));
}

/* ---- content folder ---- */

struct path_list {
	char **v;
	size_t n, cap;
};

static int path_push(struct path_list *l, char *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			free(p);
			return error_oom();
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = p;
	return 0;
}

static void path_list_release(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a > b && strcmp(s + a - b, suffix) == 0;
}

static int find_bindings(struct path_list *out, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_set(ERR_IO, "%s: %s", dir, strerror(errno));
	while (ret == 0 && (e = readdir(d))) {
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue; /* ".", "..", hidden files and editors' temporaries */
		p = malloc(n);
		if (!p) {
			ret = error_oom();
			break;
		}
		snprintf(p, n, "%s/%s", dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < CONTENT_MAX_DEPTH) {
			ret = find_bindings(out, p, depth + 1);
			free(p);
		} else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			   has_suffix(e->d_name, BINDING_SUFFIX)) {
			ret = out->n >= CONTENT_MAX_FILES
				  ? error_set(ERR_LIMIT, "%s: more than %d binding files", dir,
					      CONTENT_MAX_FILES)
				  : path_push(out, p);
		} else {
			free(p);
		}
	}
	closedir(d);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_binding(const void *a, const void *b)
{
	const struct binding *x = a, *y = b;
	int c = strcmp(x->benchmark, y->benchmark);

	return c ? c : strcmp(x->path, y->path);
}

static int load_all(struct content *c, const struct path_list *files)
{
	c->bindings = calloc(files->n ? files->n : 1, sizeof(*c->bindings));
	if (!c->bindings)
		return error_oom();
	for (size_t i = 0; i < files->n; i++) {
		if (binding_load(&c->bindings[c->n_bindings], files->v[i]) < 0)
			return -1;
		c->n_bindings++;
	}
	qsort(c->bindings, c->n_bindings, sizeof(*c->bindings), cmp_binding);
	for (size_t i = 1; i < c->n_bindings; i++)
		if (strcmp(c->bindings[i - 1].benchmark, c->bindings[i].benchmark) == 0)
			return error_set(ERR_FORMAT, "%s and %s both bind benchmark %s",
					 c->bindings[i - 1].path, c->bindings[i].path,
					 c->bindings[i].benchmark);
	return 0;
}

int content_load(struct content **out, const char *dir)
{
	struct path_list files = {0};
	struct content *c;
	int ret = -1;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->dir = strdup(dir))) {
		free(c);
		return error_oom();
	}
	if (find_bindings(&files, dir, 1) < 0)
		goto out;
	if (!files.n) {
		error_set(ERR_NOTFOUND, "%s: no binding files (*%s)", dir, BINDING_SUFFIX);
		goto out;
	}
	qsort(files.v, files.n, sizeof(*files.v), cmp_str);
	if (load_all(c, &files) < 0)
		goto out;
	*out = c;
	c = NULL;
	ret = 0;
out:
	path_list_release(&files);
	content_free(c);
	return ret;
}

void content_free(struct content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_bindings; i++)
		binding_release(&c->bindings[i]);
	free(c->bindings);
	free(c->dir);
	free(c);
}

const struct binding *content_find(const struct content *c, const char *id)
{
	for (size_t i = 0; c && i < c->n_bindings; i++)
		if (strcmp(c->bindings[i].benchmark, id) == 0)
			return &c->bindings[i];
	return NULL;
}
