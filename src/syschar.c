/*
 * syschar.c - facts bundle -> OVAL 5.11 system characteristics (docs/facts.md, "Matching")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "atomic.h"
#include "error.h"
#include "facts.h"
#include "syschar.h"
#include "version.h"

#define NS_SC	   "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
#define NS_WIN_SC  NS_SC "#windows"
#define NS_COMMON  "http://oval.mitre.org/XMLSchema/oval-common-5"
#define NS_XSI	   "http://www.w3.org/2001/XMLSchema-instance"
#define NS_DEF	   "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define NS_WIN_DEF NS_DEF "#windows"

#define X(s) ((const xmlChar *)(s))

/* One cmdlet_item written, remembered so objects asking the same question share it. */
struct item {
	const struct facts_command *cmd;
	char *sig; /* parameters and select records as the object wrote them */
	unsigned long id;
};

struct sc {
	const struct facts *f;
	const char *defs_name;
	xmlDocPtr doc;
	xmlNodePtr collected, data;
	xmlNsPtr ns_sc, ns_oval, ns_win, ns_xsi;
	struct item *items;
	size_t n_items, cap_items;
};

/* The entities of one win-def:cmdlet_object. */
struct cmdlet {
	xmlNodePtr module_name, module_id, module_version, verb, noun, parameters, select;
	char why[256]; /* set when the object uses something facts cannot answer */
};

/* ------------------------------------------------------------- helpers */

static int is_ns(xmlNodePtr n, const char *href, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, X(href)) &&
	       xmlStrEqual(n->name, X(name));
}

static int is_nil(xmlNodePtr n)
{
	xmlChar *v = xmlGetNsProp(n, X("nil"), X(NS_XSI));
	int nil = v && (xmlStrEqual(v, X("true")) || xmlStrEqual(v, X("1")));

	xmlFree(v);
	return nil;
}

/* Text of N without surrounding white space, as a new string (NULL only when out of memory). */
static char *text_of(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s, *e, *out;

	if (!c)
		return strdup("");
	s = (char *)c;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	out = strndup(s, (size_t)(e - s));
	xmlFree(c);
	return out;
}

static char *lower_dup(const char *s)
{
	char *d = strdup(s);

	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static xmlNodePtr el(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewChild(parent, ns, X(name), NULL);

	/* xmlNewTextChild would do, but adding text separately makes escaping explicit */
	if (n && text && !xmlAddChild(n, xmlNewText(X(text)))) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		return NULL;
	}
	return n;
}

static int set_attr(xmlNodePtr n, const char *name, const char *value)
{
	return n && xmlSetProp(n, X(name), X(value)) ? 0 : -1;
}

static int set_nil(struct sc *sc, xmlNodePtr n)
{
	return n && xmlSetNsProp(n, sc->ns_xsi, X("nil"), X("true")) ? 0 : -1;
}

/* ---------------------------------------------------------- the frame */

static int add_generator(struct sc *sc, xmlNodePtr root)
{
	xmlNodePtr g = el(root, sc->ns_sc, "generator", NULL);

	if (!g || !el(g, sc->ns_oval, "product_name", "scapula") ||
	    !el(g, sc->ns_oval, "product_version", SCAPULA_VERSION) ||
	    !el(g, sc->ns_oval, "schema_version", SYSCHAR_OVAL_VERSION) ||
	    /* the time the facts describe, which also keeps the output reproducible */
	    !el(g, sc->ns_oval, "timestamp", sc->f->collected))
		return error_oom();
	return 0;
}

static int add_interfaces(struct sc *sc, xmlNodePtr si)
{
	const struct facts_host *h = &sc->f->host;
	size_t n = h->n_ipv4 > h->n_mac ? h->n_ipv4 : h->n_mac;
	xmlNodePtr ifs = el(si, sc->ns_sc, "interfaces", NULL);

	if (!ifs)
		return error_oom();
	/* the bundle lists addresses and MACs; the k-th of each are taken as one interface */
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr in = el(ifs, sc->ns_sc, "interface", NULL);
		if (!in || !el(in, sc->ns_sc, "interface_name", "unknown") ||
		    !el(in, sc->ns_sc, "ip_address", i < h->n_ipv4 ? h->ipv4[i] : "") ||
		    !el(in, sc->ns_sc, "mac_address", i < h->n_mac ? h->mac[i] : ""))
			return error_oom();
	}
	return 0;
}

static int add_system_info(struct sc *sc, xmlNodePtr root)
{
	const struct facts_host *h = &sc->f->host;
	xmlNodePtr si = el(root, sc->ns_sc, "system_info", NULL);

	if (!si || !el(si, sc->ns_sc, "os_name", h->os ? h->os : "unknown") ||
	    !el(si, sc->ns_sc, "os_version", h->os_version ? h->os_version : "unknown") ||
	    /* the bundle does not record it, and nothing here may guess */
	    !el(si, sc->ns_sc, "architecture", "unknown") ||
	    !el(si, sc->ns_sc, "primary_host_name", h->fqdn ? h->fqdn : h->hostname))
		return error_oom();
	return add_interfaces(sc, si);
}

static int new_frame(struct sc *sc)
{
	xmlNodePtr root;

	sc->doc = xmlNewDoc(X("1.0"));
	root =
	    sc->doc ? xmlNewDocNode(sc->doc, NULL, X("oval_system_characteristics"), NULL) : NULL;
	if (!root)
		return error_oom();
	xmlDocSetRootElement(sc->doc, root);
	sc->ns_sc = xmlNewNs(root, X(NS_SC), NULL);
	sc->ns_oval = xmlNewNs(root, X(NS_COMMON), X("oval"));
	sc->ns_win = xmlNewNs(root, X(NS_WIN_SC), X("win-sc"));
	sc->ns_xsi = xmlNewNs(root, X(NS_XSI), X("xsi"));
	if (!sc->ns_sc || !sc->ns_oval || !sc->ns_win || !sc->ns_xsi)
		return error_oom();
	xmlSetNs(root, sc->ns_sc);
	if (add_generator(sc, root) < 0 || add_system_info(sc, root) < 0)
		return -1;
	/* both made now so that they come in schema order; dropped at the end if empty */
	sc->collected = el(root, sc->ns_sc, "collected_objects", NULL);
	sc->data = el(root, sc->ns_sc, "system_data", NULL);
	return sc->collected && sc->data ? 0 : error_oom();
}

/* ------------------------------------------------------------ values */

static int add_field(struct sc *sc, xmlNodePtr value, const char *name, const struct facts_value *v)
{
	char num[32];
	xmlNodePtr f;
	size_t i;

	switch (v ? v->type : FACTS_NULL) {
	case FACTS_BOOL:
		f = el(value, sc->ns_sc, "field", v->boolean ? "true" : "false");
		return set_attr(f, "name", name) || set_attr(f, "datatype", "boolean") ? error_oom()
										       : 0;
	case FACTS_INT:
		snprintf(num, sizeof(num), "%lld", v->integer);
		f = el(value, sc->ns_sc, "field", num);
		return set_attr(f, "name", name) || set_attr(f, "datatype", "int") ? error_oom()
										   : 0;
	case FACTS_STRING:
		f = el(value, sc->ns_sc, "field", v->string);
		return set_attr(f, "name", name) ? error_oom() : 0;
	case FACTS_LIST:
		/* a multi-valued property: the field repeats, once per value, in order */
		for (i = 0; i < v->n_list; i++) {
			f = el(value, sc->ns_sc, "field", v->list[i]);
			if (set_attr(f, "name", name) < 0)
				return error_oom();
		}
		if (v->n_list)
			return 0;
		/* an empty list: as null */
		/* fall through */
	case FACTS_NULL:
		f = el(value, sc->ns_sc, "field", NULL);
		return set_attr(f, "name", name) || set_attr(f, "status", "does not exist")
			   ? error_oom()
			   : 0;
	}
	return 0;
}

/* The properties SELECT names (or all of them, SELECT NULL) of OBJ as one value record. */
static int add_value(struct sc *sc, xmlNodePtr item, const struct facts_object *obj,
		     xmlNodePtr select)
{
	xmlNodePtr value = el(item, sc->ns_win, "value", NULL);
	int ret = 0;

	if (set_attr(value, "datatype", "record") < 0)
		return error_oom();
	if (!select) {
		for (size_t i = 0; i < obj->n_props && !ret; i++) {
			char *name = lower_dup(obj->props[i].name);
			ret = name ? add_field(sc, value, name, &obj->props[i].value) : error_oom();
			free(name);
		}
		return ret;
	}
	for (xmlNodePtr f = select->children; f && !ret; f = f->next) {
		xmlChar *fname;
		char *prop;
		const struct facts_prop *p;

		if (f->type != XML_ELEMENT_NODE)
			continue;
		fname = xmlGetProp(f, X("name"));
		prop = text_of(f);
		if (!fname || !prop) {
			xmlFree(fname);
			free(prop);
			return error_oom();
		}
		/* the field's text is the property as PowerShell spells it; its name is lower case
		 */
		p = facts_prop_find(obj, *prop ? prop : (const char *)fname);
		ret = add_field(sc, value, (const char *)fname, p ? &p->value : NULL);
		xmlFree(fname);
		free(prop);
	}
	return ret;
}

/* ------------------------------------------------------------- items */

/* A copy of a definitions record (parameters or select) as an item record; NULL: nil. */
static int copy_record(struct sc *sc, xmlNodePtr item, const char *name, xmlNodePtr src)
{
	xmlNodePtr rec = el(item, sc->ns_win, name, NULL);

	if (set_attr(rec, "datatype", "record") < 0)
		return error_oom();
	if (!src || is_nil(src))
		return set_nil(sc, rec) < 0 ? error_oom() : 0;
	for (xmlNodePtr f = src->children; f; f = f->next) {
		xmlChar *fname, *dt;
		char *text;
		xmlNodePtr nf;
		int bad;

		if (f->type != XML_ELEMENT_NODE)
			continue;
		fname = xmlGetProp(f, X("name"));
		dt = xmlGetProp(f, X("datatype"));
		text = text_of(f);
		nf = text ? el(rec, sc->ns_sc, "field", text) : NULL;
		bad = !fname || set_attr(nf, "name", (const char *)fname) < 0 ||
		      (dt && set_attr(nf, "datatype", (const char *)dt) < 0);
		xmlFree(fname);
		xmlFree(dt);
		free(text);
		if (bad)
			return error_oom();
	}
	return 0;
}

/* The command's own parameters as a record, for items written without definitions. */
static int params_record(struct sc *sc, xmlNodePtr item, const struct facts_command *cmd)
{
	xmlNodePtr rec = el(item, sc->ns_win, "parameters", NULL);

	if (set_attr(rec, "datatype", "record") < 0)
		return error_oom();
	if (!cmd->n_params)
		return set_nil(sc, rec) < 0 ? error_oom() : 0;
	for (size_t i = 0; i < cmd->n_params; i++) {
		char *name = lower_dup(cmd->params[i].name);
		xmlNodePtr f = name ? el(rec, sc->ns_sc, "field", cmd->params[i].value) : NULL;
		int bad = set_attr(f, "name", name) < 0;
		free(name);
		if (bad)
			return error_oom();
	}
	return 0;
}

static xmlNodePtr item_head(struct sc *sc, const struct facts_command *cmd, unsigned long id)
{
	xmlNodePtr item = el(sc->data, sc->ns_win, "cmdlet_item", NULL);
	xmlNodePtr mid, mver;
	char num[32];

	snprintf(num, sizeof(num), "%lu", id);
	if (set_attr(item, "id", num) < 0)
		return NULL;
	if (cmd->status == FACTS_ERROR &&
	    (set_attr(item, "status", "error") < 0 ||
	     set_attr(el(item, sc->ns_sc, "message", cmd->error), "level", "error") < 0))
		return NULL;
	/* the bundle knows no module GUIDs or versions: nil, as the content's objects have them */
	if (!el(item, sc->ns_win, "module_name", cmd->module) ||
	    !(mid = el(item, sc->ns_win, "module_id", NULL)) || set_nil(sc, mid) < 0 ||
	    !(mver = el(item, sc->ns_win, "module_version", NULL)) ||
	    set_attr(mver, "datatype", "version") < 0 || set_nil(sc, mver) < 0 ||
	    !el(item, sc->ns_win, "verb", cmd->verb) || !el(item, sc->ns_win, "noun", cmd->noun))
		return NULL;
	return item;
}

static int item_values(struct sc *sc, xmlNodePtr item, const struct facts_command *cmd,
		       xmlNodePtr select)
{
	xmlNodePtr none;

	if (cmd->status == FACTS_ERROR)
		return 0;
	if (cmd->n_objects == 0) {
		/* as ovaldi: the cmdlet ran and returned nothing */
		none = el(item, sc->ns_win, "value", NULL);
		return set_attr(none, "datatype", "record") < 0 ||
			       set_attr(none, "status", "does not exist") < 0
			   ? error_oom()
			   : 0;
	}
	if (select && is_nil(select))
		select = NULL;
	for (size_t i = 0; i < cmd->n_objects; i++)
		if (add_value(sc, item, &cmd->objects[i], select) < 0)
			return -1;
	return 0;
}

static char *record_sig(xmlNodePtr params, xmlNodePtr select)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodePtr recs[2] = {params, select};
	char *out;

	if (!b)
		return NULL;
	for (size_t r = 0; r < 2; r++) {
		xmlBufferCat(b, X("\x1d"));
		if (!recs[r] || is_nil(recs[r]))
			continue;
		for (xmlNodePtr f = recs[r]->children; f; f = f->next) {
			xmlChar *name =
			    f->type == XML_ELEMENT_NODE ? xmlGetProp(f, X("name")) : NULL;
			xmlChar *text = name ? xmlNodeGetContent(f) : NULL;
			if (name) {
				xmlBufferCat(b, name);
				xmlBufferCat(b, X("\x1f"));
				xmlBufferCat(b, text ? text : X(""));
				xmlBufferCat(b, X("\x1e"));
			}
			xmlFree(name);
			xmlFree(text);
		}
	}
	out = strdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return out;
}

/* The item answering CMD with these records: found among those written, or written now. */
static int item_for(unsigned long *id, struct sc *sc, const struct facts_command *cmd,
		    xmlNodePtr params, xmlNodePtr select)
{
	char *sig = record_sig(params, select);
	xmlNodePtr item;

	if (!sig)
		return error_oom();
	for (size_t i = 0; i < sc->n_items; i++) {
		if (sc->items[i].cmd == cmd && strcmp(sc->items[i].sig, sig) == 0) {
			*id = sc->items[i].id;
			free(sig);
			return 0;
		}
	}
	if (sc->n_items == sc->cap_items) {
		size_t cap = sc->cap_items ? sc->cap_items * 2 : 32;
		struct item *grown = realloc(sc->items, cap * sizeof(*grown));
		if (!grown) {
			free(sig);
			return error_oom();
		}
		sc->items = grown;
		sc->cap_items = cap;
	}
	*id = sc->n_items + 1;
	sc->items[sc->n_items++] = (struct item){cmd, sig, *id};
	item = item_head(sc, cmd, *id);
	if (!item || copy_record(sc, item, "parameters", params) < 0 ||
	    copy_record(sc, item, "select", select) < 0)
		return error_oom();
	return item_values(sc, item, cmd, select);
}

/* Without definitions: every command, all its properties. */
static int all_items(struct sc *sc)
{
	const struct facts *f = sc->f;

	for (size_t i = 0; i < f->n_commands; i++) {
		const struct facts_command *cmd = &f->commands[i];
		xmlNodePtr item = item_head(sc, cmd, (unsigned long)i + 1);
		if (!item || params_record(sc, item, cmd) < 0 ||
		    copy_record(sc, item, "select", NULL) < 0)
			return error_oom();
		if (item_values(sc, item, cmd, NULL) < 0)
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- binding */

static void why_not(struct cmdlet *c, const char *what, const char *detail)
{
	if (!c->why[0])
		snprintf(c->why, sizeof(c->why), "%s%s", what, detail);
}

/* Facts answer only literal values compared for equality. */
static void check_entity(struct cmdlet *c, xmlNodePtr n)
{
	xmlChar *op = xmlGetProp(n, X("operation"));

	if (xmlHasProp(n, X("var_ref")))
		why_not(c, "an entity refers to a variable: ", (const char *)n->name);
	if (op && !xmlStrEqual(op, X("equals")))
		why_not(c,
			"an entity uses an operation other than equals: ", (const char *)n->name);
	xmlFree(op);
	if (xmlStrEqual(n->name, X("parameters")) || xmlStrEqual(n->name, X("select")))
		for (xmlNodePtr f = n->children; f; f = f->next)
			if (f->type == XML_ELEMENT_NODE)
				check_entity(c, f);
}

static void read_cmdlet(struct cmdlet *c, xmlNodePtr obj)
{
	struct {
		const char *name;
		xmlNodePtr *slot;
	} ents[] = {{"module_name", &c->module_name},
		    {"module_id", &c->module_id},
		    {"module_version", &c->module_version},
		    {"verb", &c->verb},
		    {"noun", &c->noun},
		    {"parameters", &c->parameters},
		    {"select", &c->select}};

	memset(c, 0, sizeof(*c));
	for (xmlNodePtr n = obj->children; n; n = n->next) {
		if (is_ns(n, NS_DEF, "set"))
			why_not(c, "the object is a set of other objects", "");
		else if (is_ns(n, NS_DEF, "filter"))
			why_not(c, "the object has a filter", "");
		if (!is_ns(n, NS_WIN_DEF, (const char *)n->name))
			continue;
		for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
			if (xmlStrEqual(n->name, X(ents[i].name)))
				*ents[i].slot = n;
		check_entity(c, n);
	}
	if (!c->verb || !c->noun)
		why_not(c, "the object has no verb or noun", "");
	else if (!c->module_name || is_nil(c->module_name))
		why_not(c, "module_name is nil; facts name every cmdlet's module", "");
	else if ((c->module_id && !is_nil(c->module_id)) ||
		 (c->module_version && !is_nil(c->module_version)))
		why_not(c, "module_id or module_version is set; facts record neither", "");
}

/* "Get-ItemProperty -Path 'HKLM:\...' (module ...)", for messages. */
static char *describe(xmlNodePtr obj_verb, xmlNodePtr obj_noun, xmlNodePtr params,
		      xmlNodePtr module)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlChar *v = xmlNodeGetContent(obj_verb), *n = xmlNodeGetContent(obj_noun);
	xmlChar *m = xmlNodeGetContent(module);
	char *out = NULL;

	if (b && v && n && m) {
		xmlBufferCat(b, v);
		xmlBufferCat(b, X("-"));
		xmlBufferCat(b, n);
		for (xmlNodePtr f = params && !is_nil(params) ? params->children : NULL; f;
		     f = f->next) {
			xmlChar *name =
			    f->type == XML_ELEMENT_NODE ? xmlGetProp(f, X("name")) : NULL;
			xmlChar *text = name ? xmlNodeGetContent(f) : NULL;
			if (name && text) {
				xmlBufferCat(b, X(" -"));
				xmlBufferCat(b, name);
				xmlBufferCat(b, X(" '"));
				xmlBufferCat(b, text);
				xmlBufferCat(b, X("'"));
			}
			xmlFree(name);
			xmlFree(text);
		}
		xmlBufferCat(b, X(" (module "));
		xmlBufferCat(b, m);
		xmlBufferCat(b, X(")"));
		out = strdup((const char *)xmlBufferContent(b));
	}
	xmlFree(v);
	xmlFree(n);
	xmlFree(m);
	xmlBufferFree(b);
	return out;
}

static xmlNodePtr add_object(struct sc *sc, xmlNodePtr def, const char *flag, const char *msg)
{
	xmlChar *id = xmlGetProp(def, X("id")), *ver = xmlGetProp(def, X("version"));
	xmlChar *comment = xmlGetProp(def, X("comment"));
	xmlNodePtr o = NULL;

	if (!id || !ver) {
		error_set(ERR_FORMAT, "%s: an object has no id or no version", sc->defs_name);
		goto out;
	}
	o = el(sc->collected, sc->ns_sc, "object", NULL);
	if (set_attr(o, "id", (const char *)id) < 0 ||
	    set_attr(o, "version", (const char *)ver) < 0 ||
	    (comment && set_attr(o, "comment", (const char *)comment) < 0) ||
	    set_attr(o, "flag", flag) < 0 ||
	    (msg && set_attr(el(o, sc->ns_sc, "message", msg), "level",
			     strcmp(flag, "error") == 0 ? "error" : "warning") < 0)) {
		error_oom();
		o = NULL;
	}
out:
	xmlFree(id);
	xmlFree(ver);
	xmlFree(comment);
	return o;
}

/* A parameter's value as the bundle writes it: OVAL's boolean 1/0 are true/false there. */
static char *param_text(xmlNodePtr f)
{
	xmlChar *dt = xmlGetProp(f, X("datatype"));
	char *t = text_of(f);

	if (t && xmlStrEqual(dt, X("boolean")) && (!strcmp(t, "1") || !strcmp(t, "0"))) {
		int one = *t == '1';
		free(t);
		t = strdup(one ? "true" : "false");
	}
	xmlFree(dt);
	return t ? t : strdup("");
}

/* The key of the command the object asks for (parameters as the object records them). */
static char *object_key(const struct cmdlet *c)
{
	xmlNodePtr p = c->parameters && !is_nil(c->parameters) ? c->parameters->children : NULL;
	size_t n = 0, k = 0;
	char **names, **values, *m = text_of(c->module_name), *v = text_of(c->verb);
	char *no = text_of(c->noun), *key = NULL;

	for (xmlNodePtr f = p; f; f = f->next)
		n += f->type == XML_ELEMENT_NODE;
	names = calloc(n + 1, sizeof(*names));
	values = calloc(n + 1, sizeof(*values));
	if (names && values && m && v && no) {
		for (xmlNodePtr f = p; f; f = f->next) {
			if (f->type != XML_ELEMENT_NODE)
				continue;
			names[k] = (char *)xmlGetProp(f, X("name"));
			if (!names[k])
				names[k] = (char *)xmlStrdup(X(""));
			values[k] = param_text(f);
			k++;
		}
		key = facts_key_new(m, v, no, (const char *const *)names,
				    (const char *const *)values, k);
		for (size_t i = 0; i < k; i++) {
			xmlFree(names[i]);
			free(values[i]);
		}
	}
	free(names);
	free(values);
	free(m);
	free(v);
	free(no);
	return key;
}

static int bind_missing(struct sc *sc, xmlNodePtr obj, const struct cmdlet *c,
			const struct facts_command *cmd)
{
	char *what = describe(c->verb, c->noun, c->parameters, c->module_name);
	char *msg;
	size_t len;
	int ret;

	if (!what)
		return error_oom();
	len = strlen(what) + (cmd ? strlen(cmd->error) : 0) + 64;
	msg = malloc(len);
	if (!msg) {
		free(what);
		return error_oom();
	}
	/* absent or failed: the rules on this object come out error, never pass or fail */
	if (cmd)
		snprintf(msg, len, "%s failed when the facts were collected: %s", what, cmd->error);
	else
		snprintf(msg, len, "no facts for %s", what);
	ret = add_object(sc, obj, "error", msg) ? 0 : -1;
	free(msg);
	free(what);
	return ret;
}

static int bind_cmdlet(struct sc *sc, xmlNodePtr obj)
{
	struct cmdlet c;
	const struct facts_command *cmd;
	unsigned long id = 0;
	char *key, ref[32];
	xmlNodePtr o;

	read_cmdlet(&c, obj);
	if (c.why[0])
		return add_object(sc, obj, "error", c.why) ? 0 : -1;
	key = object_key(&c);
	if (!key)
		return error_oom();
	cmd = facts_find(sc->f, key);
	free(key);
	if (!cmd || cmd->status == FACTS_ERROR)
		return bind_missing(sc, obj, &c, cmd);
	if (item_for(&id, sc, cmd, c.parameters, c.select) < 0)
		return -1;
	o = add_object(sc, obj, "complete", NULL);
	snprintf(ref, sizeof(ref), "%lu", id);
	if (!o || set_attr(el(o, sc->ns_sc, "reference", NULL), "item_ref", ref) < 0)
		return o ? error_oom() : -1;
	return 0;
}

static void find_definitions(xmlNodePtr n, xmlNodePtr *found, size_t *count)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_ns(n, NS_DEF, "oval_definitions")) {
			if (!(*count)++)
				*found = n;
			continue; /* no definitions inside definitions */
		}
		find_definitions(n->children, found, count);
	}
}

static int bind_all(struct sc *sc, xmlDocPtr defs)
{
	xmlNodePtr root = NULL;
	size_t count = 0;

	find_definitions(xmlDocGetRootElement(defs), &root, &count);
	if (count == 0)
		return error_set(ERR_FORMAT,
				 "%s: not OVAL definitions (no oval_definitions element)",
				 sc->defs_name);
	if (count > 1)
		return error_set(ERR_FORMAT,
				 "%s: holds %zu OVAL definitions documents; give one of them",
				 sc->defs_name, count);
	for (xmlNodePtr objs = root->children; objs; objs = objs->next) {
		if (!is_ns(objs, NS_DEF, "objects"))
			continue;
		for (xmlNodePtr o = objs->children; o; o = o->next) {
			int r;
			if (o->type != XML_ELEMENT_NODE)
				continue;
			if (is_ns(o, NS_WIN_DEF, "cmdlet_object"))
				r = bind_cmdlet(sc, o);
			else
				/* never probed: the object is answered, as "not collected"
				 * (unknown) */
				r = add_object(sc, o, "not collected",
					       "facts answer only win-def:cmdlet_object")
					? 0
					: -1;
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

static void drop_if_empty(xmlNodePtr n)
{
	if (n && !xmlFirstElementChild(n)) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

int syschar_build(xmlDocPtr *out, const struct facts *f, xmlDocPtr oval_definitions)
{
	struct sc sc = {.f = f};
	int ret = -1;

	*out = NULL;
	if (oval_definitions)
		sc.defs_name = oval_definitions->URL ? (const char *)oval_definitions->URL
						     : "OVAL definitions";
	if (new_frame(&sc) < 0)
		goto out;
	if (oval_definitions ? bind_all(&sc, oval_definitions) < 0 : all_items(&sc) < 0)
		goto out;
	/* the schema wants at least one object and one item where the elements appear */
	drop_if_empty(sc.collected);
	drop_if_empty(sc.data);
	*out = sc.doc;
	sc.doc = NULL;
	ret = 0;
out:
	for (size_t i = 0; i < sc.n_items; i++)
		free(sc.items[i].sig);
	free(sc.items);
	xmlFreeDoc(sc.doc);
	return ret;
}

void syschar_count(struct syschar_stats *out, xmlDocPtr sc)
{
	xmlNodePtr root = sc ? xmlDocGetRootElement(sc) : NULL;

	memset(out, 0, sizeof(*out));
	for (xmlNodePtr part = root ? root->children : NULL; part; part = part->next) {
		for (xmlNodePtr n = part->children; n; n = n->next) {
			xmlChar *flag;
			if (is_ns(n, NS_WIN_SC, "cmdlet_item"))
				out->items++;
			if (!is_ns(n, NS_SC, "object"))
				continue;
			out->objects++;
			flag = xmlGetProp(n, X("flag"));
			out->complete += xmlStrEqual(flag, X("complete"));
			out->error += xmlStrEqual(flag, X("error"));
			out->not_collected += xmlStrEqual(flag, X("not collected"));
			xmlFree(flag);
		}
	}
}

/* ------------------------------------------------------------- saving */

int syschar_save(xmlDocPtr doc, const char *path)
{
	return atomic_write_doc(doc, path);
}
