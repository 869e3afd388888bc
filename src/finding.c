/*
 * finding.c - finding details from the OVAL documents (see finding.h)
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/hash.h>
#include <pcre.h>

#include "error.h"
#include "finding.h"

#define MAX_DEPTH   8	/* extend_definition chains followed */
#define MAX_LINES   500 /* objects listed per rule; a summary line counts the rest */
#define MAX_DETAILS (256 * 1024)

struct finding_ctx {
	xmlHashTablePtr defs;	 /* id -> element of the definitions document */
	xmlHashTablePtr rdefs;	 /* definition_id -> results definition */
	xmlHashTablePtr rtests;	 /* test_id -> results test */
	xmlHashTablePtr objects; /* collected object id -> element */
	xmlHashTablePtr items;	 /* item id -> element */
};

/* A growing string; on failure it stops growing and remembers. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
	size_t lines;
};

static void sb_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || b->len + (size_t)n + 1 > MAX_DETAILS) {
		b->oom = b->len + (size_t)(n < 0 ? 0 : n) + 1 > MAX_DETAILS ? 2 : 1;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *s;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		if (!(s = realloc(b->s, cap))) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Hand the text over as *out; a run over MAX_DETAILS keeps what fits. */
static int sb_finish(struct sbuf *b, char **out)
{
	while (b->len && b->s[b->len - 1] == '\n')
		b->s[--b->len] = '\0';
	if (b->oom == 1 || !b->s) {
		free(b->s);
		return error_oom();
	}
	*out = b->s;
	return 0;
}

/* ---- document access ----------------------------------------------------------------- */

static xmlNodePtr first_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (!name || xmlStrEqual(n->name, BAD_CAST name)))
			return n;
	return NULL;
}

static xmlNodePtr next_sibling(xmlNodePtr n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (!name || xmlStrEqual(n->name, BAD_CAST name)))
			return n;
	return NULL;
}

/* An attribute's value, borrowed from the document (no namespace), or DEF. */
static const char *attr(xmlNodePtr n, const char *name, const char *def)
{
	xmlAttrPtr a = n ? xmlHasProp(n, BAD_CAST name) : NULL;

	if (a && a->children && a->children->type == XML_TEXT_NODE && a->children->content)
		return (const char *)a->children->content;
	return def;
}

/* Text of an element whose only child is text (or ""), borrowed. */
static const char *text(xmlNodePtr n)
{
	if (n && n->children && n->children->type == XML_TEXT_NODE && !n->children->next)
		return (const char *)n->children->content;
	return "";
}

static int nil(xmlNodePtr n)
{
	xmlChar *v =
	    xmlGetNsProp(n, BAD_CAST "nil", BAD_CAST "http://www.w3.org/2001/XMLSchema-instance");
	int r = v && xmlStrEqual(v, BAD_CAST "true");

	xmlFree(v);
	return r;
}

static int index_children(xmlHashTablePtr h, xmlNodePtr parent, const char *id_attr)
{
	for (xmlNodePtr n = first_child(parent, NULL); n; n = next_sibling(n, NULL)) {
		const char *id = attr(n, id_attr, NULL);
		if (id && !xmlHashLookup(h, BAD_CAST id) && xmlHashAddEntry(h, BAD_CAST id, n) < 0)
			return error_oom();
	}
	return 0;
}

struct finding_ctx *finding_ctx_new(xmlDocPtr definitions, xmlDocPtr results)
{
	struct finding_ctx *fc = calloc(1, sizeof(*fc));
	xmlNodePtr droot = xmlDocGetRootElement(definitions);
	xmlNodePtr sys =
	    first_child(first_child(xmlDocGetRootElement(results), "results"), "system");
	xmlNodePtr sc = first_child(sys, "oval_system_characteristics");
	static const char *const sections[] = {"definitions", "tests", "objects", "states",
					       "variables"};
	int rc = 0;

	if (!fc || !(fc->defs = xmlHashCreate(256)) || !(fc->rdefs = xmlHashCreate(64)) ||
	    !(fc->rtests = xmlHashCreate(64)) || !(fc->objects = xmlHashCreate(64)) ||
	    !(fc->items = xmlHashCreate(256))) {
		finding_ctx_free(fc);
		error_oom();
		return NULL;
	}
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		rc |= index_children(fc->defs, first_child(droot, sections[i]), "id");
	rc |= index_children(fc->rdefs, first_child(sys, "definitions"), "definition_id");
	rc |= index_children(fc->rtests, first_child(sys, "tests"), "test_id");
	rc |= index_children(fc->objects, first_child(sc, "collected_objects"), "id");
	rc |= index_children(fc->items, first_child(sc, "system_data"), "id");
	if (rc) {
		finding_ctx_free(fc);
		return NULL;
	}
	return fc;
}

void finding_ctx_free(struct finding_ctx *fc)
{
	if (!fc)
		return;
	xmlHashFree(fc->defs, NULL);
	xmlHashFree(fc->rdefs, NULL);
	xmlHashFree(fc->rtests, NULL);
	xmlHashFree(fc->objects, NULL);
	xmlHashFree(fc->items, NULL);
	free(fc);
}

static xmlNodePtr lookup(xmlHashTablePtr h, const char *id)
{
	return id ? xmlHashLookup(h, BAD_CAST id) : NULL;
}

/* ---- comparisons, as libopenscap makes them ----------------------------------------------- */

static int parse_int(const char *s, intmax_t *out)
{
	char *end;

	if (!s || !*s)
		return 0;
	errno = 0;
	*out = strtoimax(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static int cmp_int(const char *seen, const char *op, const char *expected)
{
	intmax_t a, b;

	if (!parse_int(seen, &a) || !parse_int(expected, &b))
		return -1;
	if (!strcmp(op, "equals"))
		return a == b;
	if (!strcmp(op, "not equal"))
		return a != b;
	if (!strcmp(op, "greater than"))
		return a > b;
	if (!strcmp(op, "greater than or equal"))
		return a >= b;
	if (!strcmp(op, "less than"))
		return a < b;
	if (!strcmp(op, "less than or equal"))
		return a <= b;
	if (!strcmp(op, "bitwise and"))
		return (a & b) == b;
	if (!strcmp(op, "bitwise or"))
		return (a | b) == b;
	return -1;
}

static int pattern_match(const char *pattern, const char *subject)
{
	const char *err;
	int erroff, rc;
	pcre *re = pcre_compile(pattern, PCRE_UTF8, &err, &erroff, NULL);

	if (!re)
		return -1;
	rc = pcre_exec(re, NULL, subject, (int)strlen(subject), 0, 0, NULL, 0);
	pcre_free(re);
	return rc >= 0 ? 1 : rc == PCRE_ERROR_NOMATCH ? 0 : -1;
}

static int cmp_string(const char *seen, const char *op, const char *expected)
{
	seen = seen ? seen : ""; /* libopenscap compares a null string as "" */
	if (!strcmp(op, "equals"))
		return strcmp(seen, expected) == 0;
	if (!strcmp(op, "not equal"))
		return strcmp(seen, expected) != 0;
	if (!strcmp(op, "case insensitive equals"))
		return strcasecmp(seen, expected) == 0;
	if (!strcmp(op, "case insensitive not equal"))
		return strcasecmp(seen, expected) != 0;
	if (!strcmp(op, "pattern match"))
		return pattern_match(expected, seen);
	return -1;
}

int finding_compare(const char *seen, const char *op, const char *datatype, const char *expected)
{
	op = op ? op : "equals";
	datatype = datatype ? datatype : "string";
	if (!expected)
		return -1;
	if (!strcmp(datatype, "string"))
		return cmp_string(seen, op, expected);
	if (!seen)
		return -1;
	if (!strcmp(datatype, "int"))
		return cmp_int(seen, op, expected);
	if (!strcmp(datatype, "boolean")) {
		int a = !strcmp(seen, "true") || !strcmp(seen, "1");
		int b = !strcmp(expected, "true") || !strcmp(expected, "1");
		return !strcmp(op, "equals") ? a == b : !strcmp(op, "not equal") ? a != b : -1;
	}
	return -1;
}

/* ---- what the state expects ------------------------------------------------------------ */

struct expect {
	const char *entity; /* the state entity: "value" for a cmdlet_state's record */
	const char *field;  /* the record field, or NULL for a plain entity */
	const char *op, *datatype, *value, *var_ref, *var_check;
	const char *about; /* what a local variable var_ref names stands for (its comment) */
};

/* An object seen: a record of a record-valued item (a cmdlet's returned object), or an item. */
struct seen {
	xmlNodePtr item, rec;
};

#define MAX_EXPECT 64
#define SHOWN_VALUES 12 /* a variable's values written out in one line; the rest counted */

static void add_expect(struct expect *x, size_t *n, const char *entity, xmlNodePtr e,
		       const char *field)
{
	if (*n >= MAX_EXPECT)
		return;
	x[*n].entity = entity;
	x[*n].field = field;
	x[*n].op = attr(e, "operation", "equals");
	x[*n].datatype = attr(e, "datatype", "string");
	x[*n].value = text(e);
	x[*n].var_ref = attr(e, "var_ref", NULL);
	x[*n].var_check = attr(e, "var_check", "all");
	x[*n].about = NULL;
	(*n)++;
}

/* The comment of the local variable X's var_ref names, for the reader. */
static void add_about(struct finding_ctx *fc, struct expect *x)
{
	xmlNodePtr v = x->var_ref ? lookup(fc->defs, x->var_ref) : NULL;

	if (v && xmlStrEqual(v->name, BAD_CAST "local_variable"))
		x->about = attr(v, "comment", NULL);
}

static size_t state_expects(struct finding_ctx *fc, xmlNodePtr dtest, struct expect *x)
{
	size_t n = 0;

	for (xmlNodePtr s = first_child(dtest, "state"); s; s = next_sibling(s, "state")) {
		xmlNodePtr st = lookup(fc->defs, attr(s, "state_ref", NULL));
		for (xmlNodePtr e = first_child(st, NULL); e; e = next_sibling(e, NULL)) {
			const char *ent = (const char *)e->name;
			if (strcmp(attr(e, "datatype", ""), "record") != 0) {
				add_expect(x, &n, ent, e, NULL);
				continue;
			}
			for (xmlNodePtr f = first_child(e, "field"); f;
			     f = next_sibling(f, "field"))
				add_expect(x, &n, ent, f, attr(f, "name", ""));
		}
	}
	for (size_t i = 0; i < n; i++)
		add_about(fc, &x[i]);
	return n;
}

/*
 * The values X expects: its own, or those its var_ref stood for, as the results record them
 * for this test (a site's list may hold hundreds). A new array in *VALS (free), or NULL
 * with 0 when there is none or no memory: the object is then not judged.
 */
static size_t expect_values(const struct expect *x, xmlNodePtr rtest, const char ***vals)
{
	size_t n = 0, k = 0;

	*vals = NULL;
	if (!x->var_ref) {
		if ((*vals = malloc(sizeof(**vals))))
			(*vals)[n++] = x->value;
		return n;
	}
	for (xmlNodePtr v = first_child(rtest, "tested_variable"); v;
	     v = next_sibling(v, "tested_variable"))
		n += !strcmp(attr(v, "variable_id", ""), x->var_ref);
	if (!n || !(*vals = malloc(n * sizeof(**vals))))
		return 0;
	for (xmlNodePtr v = first_child(rtest, "tested_variable"); v && k < n;
	     v = next_sibling(v, "tested_variable"))
		if (!strcmp(attr(v, "variable_id", ""), x->var_ref))
			(*vals)[k++] = text(v);
	return k;
}

/*
 * The content's idiom for a condition on variables: a pattern-match against a variable
 * whose one value matches anything ("") when the condition holds and nothing ("(?!)") when
 * not; its comment says which condition. 1 holds, 0 does not, -1 not the idiom.
 */
static int condition(const char *op, const char *const *vals, size_t n)
{
	if (n != 1 || strcmp(op, "pattern match") != 0)
		return -1;
	return !*vals[0] ? 1 : !strcmp(vals[0], "(?!)") ? 0 : -1;
}

/* SEEN against X: 1 meets, 0 does not, -1 cannot tell. PRESENT: the item has the field. */
static int judge(const struct expect *x, const char *seen, int present, xmlNodePtr rtest)
{
	const char **vals;
	size_t n = expect_values(x, rtest, &vals), yes = 0;
	int ret = -1;

	for (size_t i = 0; present && i < n; i++) {
		int r = finding_compare(seen, x->op, x->datatype, vals[i]);
		if (r < 0)
			goto out;
		yes += (size_t)r;
	}
	if (!present || n == 0)
		goto out;
	if (!strcmp(x->var_check, "at least one"))
		ret = yes > 0;
	else if (!strcmp(x->var_check, "only one"))
		ret = yes == 1;
	else if (!strcmp(x->var_check, "none satisfy"))
		ret = yes == 0;
	else
		ret = yes == n;
out:
	free(vals);
	return ret;
}

/* "(^|,\s*)Tls(\s*,|$)", the content's token-list idiom, reads "contains the token Tls". */
static int token_pattern(const char *re, char *tok, size_t size)
{
	static const char head[] = "(^|,\\s*)", tail[] = "(\\s*,|$)";
	size_t len = strlen(re), hl = sizeof(head) - 1, tl = sizeof(tail) - 1, n;

	if (len <= hl + tl || strncmp(re, head, hl) || strcmp(re + len - tl, tail))
		return 0;
	n = len - hl - tl;
	if (n >= size)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)re[hl + i]) && re[hl + i] != '_' && re[hl + i] != '-')
			return 0;
	memcpy(tok, re + hl, n);
	tok[n] = '\0';
	return 1;
}

static int bare(const char *datatype)
{
	return !strcmp(datatype, "int") || !strcmp(datatype, "boolean") ||
	       !strcmp(datatype, "float");
}

static void add_value(struct sbuf *b, const char *datatype, const char *v)
{
	if (bare(datatype))
		sb_addf(b, "%s", v);
	else
		sb_addf(b, "'%s'", v);
}

static void phrase(struct sbuf *b, const struct expect *x, xmlNodePtr rtest)
{
	static const char *const ops[][2] = {
	    {"equals", ""},
	    {"not equal", "anything but "},
	    {"case insensitive equals", "(any case) "},
	    {"case insensitive not equal", "(any case) anything but "},
	    {"less than or equal", "at most "},
	    {"greater than or equal", "at least "},
	    {"less than", "less than "},
	    {"greater than", "greater than "},
	    {"pattern match", "matches the pattern "},
	};
	const char **vals, *pre = NULL;
	size_t n = expect_values(x, rtest, &vals);
	int pattern = !strcmp(x->op, "pattern match"), cond = condition(x->op, vals, n);
	char tok[128];

	if (n == 0)
		sb_addf(b, "%s the value of %s", x->op, x->var_ref);
	else if (n == 1 && pattern && token_pattern(vals[0], tok, sizeof(tok)))
		sb_addf(b, "contains the token %s", tok);
	else if (cond >= 0)
		sb_addf(b, "%s", cond ? "anything matches" : "nothing can match");
	else {
		if (x->var_ref && !strcmp(x->var_check, "none satisfy"))
			sb_addf(b, "none of: ");
		else if (x->var_ref && n > 1 && !strcmp(x->var_check, "only one"))
			sb_addf(b, "exactly one of: ");
		else if (x->var_ref && n > 1 && !strcmp(x->var_check, "at least one"))
			sb_addf(b, "one of: ");
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]) && !pre; i++)
			if (!strcmp(ops[i][0], x->op))
				pre = ops[i][1];
		if (pre)
			sb_addf(b, "%s", pre);
		else
			sb_addf(b, "%s ", x->op);
		for (size_t i = 0; i < n && i < SHOWN_VALUES; i++) {
			const char *last = strcmp(x->var_check, "all") ? " or " : " and ";
			sb_addf(b, "%s", i == 0 ? "" : i + 1 == n ? last : ", ");
			add_value(b, x->datatype, vals[i]);
		}
		if (n > SHOWN_VALUES)
			sb_addf(b, ", ... (%zu in all)", n);
	}
	if (x->about)
		sb_addf(b, " [%s]", x->about);
	free(vals);
}

/* ---- what was seen --------------------------------------------------------------------- */

/* "ReceiveConnector" -> "Receive connector", "IMAPSettings" -> "IMAP settings". */
static void noun_words(char *out, size_t size, const char *noun)
{
	size_t o = 0, len = strlen(noun);
	size_t word_start = 0;

	for (size_t i = 0; i < len && o + 3 < size; i++) {
		unsigned char c = (unsigned char)noun[i];
		int boundary = i > 0 && isupper(c) &&
			       (islower((unsigned char)noun[i - 1]) ||
				(i + 1 < len && islower((unsigned char)noun[i + 1]) &&
				 isupper((unsigned char)noun[i - 1])));
		if (boundary) {
			out[o++] = ' ';
			word_start = i;
		}
		/* lower-case a word's capital unless the word is an acronym (next is upper too) */
		if (i == word_start && i > 0 &&
		    !(i + 1 < len && isupper((unsigned char)noun[i + 1])))
			c = (unsigned char)tolower(c);
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static int is_cmdlet_object(xmlNodePtr obj)
{
	return obj && xmlStrEqual(obj->name, BAD_CAST "cmdlet_object");
}

/* "Get-ReceiveConnector", "Get-ItemProperty -Path 'HKLM:\...'", or "family_object obj:4". */
static void object_label(struct sbuf *b, xmlNodePtr obj, const char *obj_id)
{
	xmlNodePtr params = first_child(obj, "parameters");

	if (!is_cmdlet_object(obj)) {
		sb_addf(b, "%s %s", obj ? (const char *)obj->name : "object", obj_id ? obj_id : "");
		return;
	}
	sb_addf(b, "%s-%s", text(first_child(obj, "verb")), text(first_child(obj, "noun")));
	if (params && !nil(params))
		for (xmlNodePtr f = first_child(params, "field"); f; f = next_sibling(f, "field"))
			sb_addf(b, " -%s '%s'", attr(f, "name", ""), text(f));
}

/* The property as PowerShell spells it (the object's select), else the field name. */
static const char *display_name(xmlNodePtr obj, const char *field)
{
	xmlNodePtr sel = first_child(obj, "select");

	for (xmlNodePtr f = first_child(sel, "field"); f; f = next_sibling(f, "field"))
		if (!strcmp(attr(f, "name", ""), field) && *text(f))
			return text(f);
	return field;
}

static xmlNodePtr rec_field(xmlNodePtr rec, const char *name)
{
	for (xmlNodePtr f = first_child(rec, "field"); f; f = next_sibling(f, "field"))
		if (!strcmp(attr(f, "name", ""), name))
			return f;
	return NULL;
}

static const char *rec_value(xmlNodePtr rec, const char *name)
{
	xmlNodePtr f = rec_field(rec, name);

	if (!f || !strcmp(attr(f, "status", "exists"), "does not exist"))
		return NULL;
	return text(f);
}

static void record_subject(struct sbuf *b, const char *kind, xmlNodePtr rec, size_t k, size_t n)
{
	const char *name = rec_value(rec, "name"), *identity = rec_value(rec, "identity");

	if (name && *name && identity && *identity && strcmp(name, identity))
		sb_addf(b, "%s '%s' (%s)", kind, name, identity);
	else if ((name && *name) || (identity && *identity))
		sb_addf(b, "%s '%s'", kind, name && *name ? name : identity);
	else if (n > 1)
		sb_addf(b, "%s #%zu", kind, k + 1);
	else
		sb_addf(b, "%s", kind);
}

/* A value seen: the field or entity node, in its own datatype; null, or not collected at all. */
static void add_seen(struct sbuf *b, xmlNodePtr node)
{
	if (!node)
		sb_addf(b, "(not collected)");
	else if (!strcmp(attr(node, "status", "exists"), "does not exist"))
		sb_addf(b, "null");
	else
		add_value(b, attr(node, "datatype", "string"), text(node));
}

/* The seen node for expectation X: a record field of REC, or an entity of ITEM. */
static xmlNodePtr seen_node(const struct expect *x, xmlNodePtr item, xmlNodePtr rec)
{
	return x->field ? rec_field(rec, x->field) : first_child(item, x->entity);
}

static const char *seen_value(xmlNodePtr node)
{
	if (!node || !strcmp(attr(node, "status", "exists"), "does not exist"))
		return NULL;
	return text(node);
}

/* Judge REC (or ITEM when REC is NULL) against every expectation: 1, 0 or -1. */
static int judge_all(const struct expect *x, size_t nx, xmlNodePtr item, xmlNodePtr rec,
		     xmlNodePtr rtest)
{
	int all = 1;

	for (size_t i = 0; i < nx; i++) {
		xmlNodePtr node;
		int r;

		if (x[i].field && !rec)
			continue;
		node = seen_node(&x[i], item, rec);
		/* an entity (not a record field) that does not exist never matches, as in
		 * libopenscap */
		if (!x[i].field && node && !seen_value(node))
			return 0;
		r = judge(&x[i], seen_value(node), node != NULL, rtest);
		if (r == 0)
			return 0;
		if (r < 0)
			all = -1;
	}
	return all;
}

/*
 * "F = seen; expected: ..." for each expectation. FORBIDDEN: the state describes what no
 * object may be (check="none satisfy", or a negated criterion).
 */
static void describe_values(struct sbuf *b, const struct expect *x, size_t nx, xmlNodePtr obj,
			    const struct seen *s, xmlNodePtr rtest, int forbidden)
{
	const char *word = forbidden ? "forbidden" : "expected";
	size_t shown = 0;

	for (size_t i = 0; i < nx; i++) {
		if (x[i].field && !s->rec)
			continue;
		sb_addf(b, "%s%s = ", shown ? "; " : ": ",
			x[i].field ? display_name(obj, x[i].field) : x[i].entity);
		add_seen(b, seen_node(&x[i], s->item, s->rec));
		if (nx > 1)
			sb_addf(b, " (%s: ", word);
		else
			sb_addf(b, "; %s: ", word);
		phrase(b, &x[i], rtest);
		if (nx > 1)
			sb_addf(b, ")");
		shown++;
	}
}

/* Every property of an object, for evidence: "F = v; G = w". */
static void describe_all(struct sbuf *b, xmlNodePtr obj, const struct seen *s)
{
	size_t shown = 0;

	if (s->rec) {
		for (xmlNodePtr f = first_child(s->rec, "field"); f; f = next_sibling(f, "field")) {
			sb_addf(b, "%s%s = ", shown++ ? "; " : ": ",
				display_name(obj, attr(f, "name", "")));
			add_seen(b, f);
		}
		return;
	}
	for (xmlNodePtr e = first_child(s->item, NULL); e; e = next_sibling(e, NULL)) {
		sb_addf(b, "%s%s = ", shown++ ? "; " : ": ", (const char *)e->name);
		add_seen(b, e);
	}
}

/* ---- tests and definitions ------------------------------------------------------------- */

/* The record entity the state's fields address ("value" for cmdlet states), if any. */
static const char *record_entity(const struct expect *x, size_t nx)
{
	for (size_t i = 0; i < nx; i++)
		if (x[i].field)
			return x[i].entity;
	return NULL;
}

static int push_seen(struct seen **arr, size_t *n, size_t *cap, xmlNodePtr item, xmlNodePtr rec)
{
	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		struct seen *a = realloc(*arr, ncap * sizeof(*a));
		if (!a)
			return -1;
		*arr = a;
		*cap = ncap;
	}
	(*arr)[*n].item = item;
	(*arr)[(*n)++].rec = rec;
	return 0;
}

/* Every object seen: each record of a record-valued item, else each item. */
static int seen_objects(struct finding_ctx *fc, xmlNodePtr co, const char *rent, struct seen **arr,
			size_t *n)
{
	const char *ent = rent ? rent : "value";
	size_t cap = 0;

	*arr = NULL;
	*n = 0;
	for (xmlNodePtr r = first_child(co, "reference"); r; r = next_sibling(r, "reference")) {
		xmlNodePtr item = lookup(fc->items, attr(r, "item_ref", NULL));
		size_t before = *n;

		if (!item)
			continue;
		for (xmlNodePtr v = first_child(item, ent); v; v = next_sibling(v, ent))
			if (!strcmp(attr(v, "datatype", ""), "record") &&
			    strcmp(attr(v, "status", "exists"), "does not exist") != 0 &&
			    push_seen(arr, n, &cap, item, v) < 0)
				return -1;
		if (*n == before && !(rent && first_child(item, rent)) &&
		    push_seen(arr, n, &cap, item, NULL) < 0)
			return -1;
	}
	return 0;
}

static void item_kind(char *out, size_t size, xmlNodePtr obj, xmlNodePtr item)
{
	const char *name = item ? (const char *)item->name : "item";

	if (is_cmdlet_object(obj)) {
		noun_words(out, size, text(first_child(obj, "noun")));
		return;
	}
	snprintf(out, size, "%s", name);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
}

static const char *existence_phrase(const char *check_existence)
{
	if (!strcmp(check_existence, "all_exist"))
		return "all to exist";
	if (!strcmp(check_existence, "any_exist"))
		return "any number";
	if (!strcmp(check_existence, "none_exist"))
		return "none";
	if (!strcmp(check_existence, "only_one_exists"))
		return "exactly one";
	return "at least one";
}

static void subject(struct sbuf *b, const char *kind, const struct seen *s, size_t i, size_t n)
{
	if (s->rec)
		record_subject(b, kind, s->rec, i, n);
	else
		sb_addf(b, "%s %s", kind, attr(s->item, "id", ""));
}

/*
 * One line per object: [pass] when it is as the test wants it (it satisfies the state, or,
 * for a forbidden state, does not), [fail] when not, [?] when this cannot be told here.
 */
/* ---- conditions on variables ----------------------------------------------------------- */

/* A list of values, as phrase writes a variable's: at most SHOWN_VALUES, then a count. */
static void value_list(struct sbuf *b, const char *const *vals, size_t n)
{
	if (!n)
		sb_addf(b, "(none)");
	for (size_t i = 0; i < n && i < SHOWN_VALUES; i++)
		sb_addf(b, "%s'%s'", i ? ", " : "", vals[i]);
	if (n > SHOWN_VALUES)
		sb_addf(b, ", ... (%zu in all)", n);
}

/* Values gathered for a condition: borrowed strings, growing. */
struct values {
	const char **v;
	size_t n, cap;
	int oom;
};

static void values_add(struct values *vs, const char *v)
{
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? 2 * vs->cap : 16;
		const char **m = realloc(vs->v, cap * sizeof(*m));
		if (!m) {
			vs->oom = 1;
			return;
		}
		vs->v = m;
		vs->cap = cap;
	}
	vs->v[vs->n++] = v;
}

static int values_has(const struct values *vs, const char *v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->v[i], v))
			return 1;
	return 0;
}

/* The values of A not in B, each once. */
static void values_minus(struct sbuf *b, const struct values *a, const struct values *not_in)
{
	struct values d = {NULL, 0, 0, 0};

	for (size_t i = 0; i < a->n; i++)
		if (!values_has(not_in, a->v[i]) && !values_has(&d, a->v[i]))
			values_add(&d, a->v[i]);
	value_list(b, d.v, d.n);
	b->oom |= d.oom;
	free(d.v);
}

/* Field FIELD of the records of object OBJ_ID's items, as the facts hold them, into VS. */
static void object_values(struct sbuf *b, struct finding_ctx *fc, const char *obj_id,
			  const char *ent, const char *field, struct values *vs)
{
	xmlNodePtr co = lookup(fc->objects, obj_id), obj = lookup(fc->defs, obj_id);
	const char *name = field;
	size_t first = vs->n;

	for (xmlNodePtr f = first_child(first_child(obj, "select"), "field"); f;
	     f = next_sibling(f, "field"))
		if (!strcmp(attr(f, "name", ""), field))
			name = text(f);
	for (xmlNodePtr r = first_child(co, "reference"); r; r = next_sibling(r, "reference"))
		for (xmlNodePtr v = first_child(lookup(fc->items, attr(r, "item_ref", NULL)), ent);
		     v; v = next_sibling(v, ent))
			for (xmlNodePtr f = first_child(v, "field"); f; f = next_sibling(f, "field"))
				if (!strcmp(attr(f, "name", ""), field) &&
				    strcmp(attr(f, "status", "exists"), "does not exist") != 0)
					values_add(vs, text(f));
	sb_addf(b, "; Get-%s %s: ", text(first_child(obj, "noun")), name);
	value_list(b, vs->v + first, vs->n - first);
}

/*
 * What the condition variable was computed from (N: its element, walked down): the site's
 * lists (local variables with a comment, their values as the results record them) into SITE,
 * and the facts (object components) into FACTS, each written out once.
 */
static void condition_inputs(struct sbuf *b, struct finding_ctx *fc, xmlNodePtr n,
			     xmlNodePtr rtest, struct values *site, struct values *facts,
			     struct values *shown, int depth)
{
	for (n = first_child(n, NULL); n && depth < 16; n = next_sibling(n, NULL)) {
		const char *key = (const char *)n->name, *ref = NULL;
		xmlNodePtr var;

		if (!strcmp(key, "variable_component"))
			ref = attr(n, "var_ref", NULL);
		else if (!strcmp(key, "object_component"))
			ref = attr(n, "record_field", NULL);
		if (ref && !values_has(shown, ref)) {
			values_add(shown, ref);
			if (!strcmp(key, "object_component")) {
				object_values(b, fc, attr(n, "object_ref", ""),
					      attr(n, "item_field", "value"), ref, facts);
			} else if ((var = lookup(fc->defs, ref)) &&
				   xmlStrEqual(var->name, BAD_CAST "local_variable") &&
				   attr(var, "comment", NULL)) {
				struct expect v = {.var_ref = ref};
				const char **vals;
				size_t k = expect_values(&v, rtest, &vals);

				sb_addf(b, "; %s: ", attr(var, "comment", ""));
				value_list(b, vals, k);
				for (size_t i = 0; i < k; i++)
					values_add(site, vals[i]);
				free(vals);
			}
		}
		condition_inputs(b, fc, n, rtest, site, facts, shown, depth + 1);
	}
}

/*
 * The content's condition idiom (phrase): once per test, whether the condition holds and,
 * when it does not, what it was computed from and, for a site's list against the facts,
 * what is in one and not the other: what the reviewer has to fix.
 */
static void describe_conditions(struct sbuf *b, struct finding_ctx *fc, const struct expect *x,
				size_t nx, xmlNodePtr rtest)
{
	for (size_t i = 0; i < nx; i++) {
		struct values site = {NULL, 0, 0, 0}, facts = site, shown = site;
		const char **vals;
		size_t n = expect_values(&x[i], rtest, &vals);
		int holds = x[i].about ? condition(x[i].op, vals, n) : -1;

		free(vals);
		if (holds < 0)
			continue;
		sb_addf(b, "%s %s", holds ? "[holds]" : "[does not hold]", x[i].about);
		if (!holds) {
			condition_inputs(b, fc, lookup(fc->defs, x[i].var_ref), rtest, &site, &facts,
					 &shown, 0);
			if (site.n && shown.n > 1) {
				sb_addf(b, "; in the site's list, not in the facts: ");
				values_minus(b, &site, &facts);
				sb_addf(b, "; in the facts, not in the site's list: ");
				values_minus(b, &facts, &site);
			}
		}
		b->oom |= site.oom | facts.oom | shown.oom;
		free(site.v);
		free(facts.v);
		free(shown.v);
		sb_addf(b, "\n");
	}
}

static void describe_objects(struct sbuf *b, struct finding_ctx *fc, xmlNodePtr dtest,
			     xmlNodePtr rtest, xmlNodePtr obj, xmlNodePtr co, int forbidden)
{
	struct expect x[MAX_EXPECT];
	size_t nx = state_expects(fc, dtest, x), n, count[3] = {0, 0, 0};
	struct seen *s = NULL;
	char kind[128];

	if (seen_objects(fc, co, record_entity(x, nx), &s, &n) < 0) {
		free(s);
		b->oom = 1;
		return;
	}
	item_kind(kind, sizeof(kind), obj, n ? s[0].item : NULL);
	object_label(b, obj, attr(first_child(dtest, "object"), "object_ref", NULL));
	sb_addf(b, " returned %zu object%s", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && nx; i++) {
		int v = judge_all(x, nx, s[i].item, s[i].rec, rtest);
		count[v < 0 ? 0 : (v ^ forbidden) + 1]++;
	}
	if (nx)
		sb_addf(b, ": %zu fail, %zu pass", count[1], count[2]);
	if (count[0])
		sb_addf(b, ", %zu cannot be judged here", count[0]);
	if (!nx)
		sb_addf(b, "; the test expects %s",
			existence_phrase(attr(dtest, "check_existence", "at_least_one_exists")));
	sb_addf(b, "\n");
	describe_conditions(b, fc, x, nx, rtest);
	for (size_t i = 0; i < n && b->lines < MAX_LINES; i++, b->lines++) {
		int v = nx ? judge_all(x, nx, s[i].item, s[i].rec, rtest) : 2;
		if (v == 0 || v == 1)
			v ^= forbidden;
		sb_addf(b, "%s ",
			v == 1	 ? "[pass]"
			: v == 0 ? "[fail]"
			: v == 2 ? "[found]"
				 : "[?]");
		subject(b, kind, &s[i], i, n);
		describe_values(b, x, nx, obj, &s[i], rtest, forbidden);
		sb_addf(b, "\n");
	}
	if (n > MAX_LINES && b->lines >= MAX_LINES)
		sb_addf(b, "(objects beyond the first %d are not listed)\n", MAX_LINES);
	free(s);
}

static void collected_messages(struct sbuf *b, xmlNodePtr co)
{
	int any = 0;

	for (xmlNodePtr m = first_child(co, "message"); m; m = next_sibling(m, "message"), any = 1)
		sb_addf(b, "%s%s", any ? "; " : ": ", text(m));
	if (!any)
		sb_addf(b, " (no message)");
}

/* Why an object's collected flag leaves nothing to judge; 0 if it does not. */
static int describe_flag(struct sbuf *b, xmlNodePtr obj, const char *obj_id, xmlNodePtr co,
			 const char *check_existence)
{
	const char *flag = attr(co, "flag", "complete");

	if (co && (!strcmp(flag, "complete") || !strcmp(flag, "incomplete")))
		return 0;
	object_label(b, obj, obj_id);
	if (!co)
		sb_addf(b, ": the facts hold nothing for this object, so it cannot be judged");
	else if (!strcmp(flag, "error"))
		sb_addf(b, ": collecting it failed"), collected_messages(b, co);
	else if (!strcmp(flag, "does not exist"))
		sb_addf(b, " returned nothing; the test expects %s",
			existence_phrase(check_existence));
	else if (!strcmp(flag, "not collected"))
		sb_addf(b, ": the facts do not hold this kind of object, so it cannot be judged");
	else
		sb_addf(b, ": %s", flag);
	sb_addf(b, "\n");
	return 1;
}

struct test_ref {
	const char *id;
	int negate;
};

struct test_list {
	struct test_ref t[64];
	size_t n;
};

static void describe_test(struct sbuf *b, struct finding_ctx *fc, const struct test_ref *t,
			  int header)
{
	xmlNodePtr rtest = lookup(fc->rtests, t->id), dtest = lookup(fc->defs, t->id);
	const char *obj_id = attr(first_child(dtest, "object"), "object_ref", NULL);
	xmlNodePtr obj = lookup(fc->defs, obj_id), co = lookup(fc->objects, obj_id);
	int forbidden = !strcmp(attr(dtest, "check", "all"), "none satisfy") ^ t->negate;

	if (header)
		sb_addf(b, "%s%s: %s\n", t->negate ? "not: " : "", attr(dtest, "comment", t->id),
			attr(rtest, "result", "not evaluated"));
	if (!dtest || !rtest) {
		sb_addf(b, "test %s was not evaluated\n", t->id);
		return;
	}
	if (!describe_flag(b, obj, obj_id, co,
			   attr(dtest, "check_existence", "at_least_one_exists")))
		describe_objects(b, fc, dtest, rtest, obj, co, forbidden);
}

static void collect_tests(struct finding_ctx *fc, xmlNodePtr criteria, struct test_list *t,
			  int negate, int depth)
{
	for (xmlNodePtr c = first_child(criteria, NULL); c && depth < MAX_DEPTH;
	     c = next_sibling(c, NULL)) {
		int neg = negate ^ !strcmp(attr(c, "negate", "false"), "true");
		if (xmlStrEqual(c->name, BAD_CAST "criteria")) {
			collect_tests(fc, c, t, neg, depth + 1);
		} else if (xmlStrEqual(c->name, BAD_CAST "criterion")) {
			const char *id = attr(c, "test_ref", NULL);
			size_t i = 0;
			while (id && i < t->n && strcmp(t->t[i].id, id))
				i++;
			if (id && i == t->n && t->n < 64) {
				t->t[t->n].id = id;
				t->t[t->n++].negate = neg;
			}
		} else if (xmlStrEqual(c->name, BAD_CAST "extend_definition")) {
			xmlNodePtr d = lookup(fc->rdefs, attr(c, "definition_ref", NULL));
			collect_tests(fc, first_child(d, "criteria"), t, neg, depth + 1);
		}
	}
}

int finding_details(char **out, struct finding_ctx *fc, const char *definition_id,
		    enum eval_verdict verdict)
{
	struct sbuf b = {0};
	struct test_list t = {.n = 0};
	xmlNodePtr rdef = lookup(fc->rdefs, definition_id);

	*out = NULL;
	if (!rdef) {
		sb_addf(&b, "OVAL definition %s was not evaluated (%s)", definition_id,
			eval_verdict_name(verdict));
		return sb_finish(&b, out);
	}
	collect_tests(fc, first_child(rdef, "criteria"), &t,
		      !strcmp(attr(first_child(rdef, "criteria"), "negate", "false"), "true"), 0);
	for (size_t i = 0; i < t.n; i++)
		describe_test(&b, fc, &t.t[i], t.n > 1);
	if (!t.n)
		sb_addf(&b, "OVAL definition %s: %s", definition_id, attr(rdef, "result", "?"));
	return sb_finish(&b, out);
}

/* What the facts hold for OBJECT_ID, listed in full (evidence for a manual review). */
static void describe_evidence(struct sbuf *b, struct finding_ctx *fc, const char *object_id)
{
	xmlNodePtr obj = lookup(fc->defs, object_id), co = lookup(fc->objects, object_id);
	struct seen *s = NULL;
	size_t n = 0;
	char kind[128];

	sb_addf(b, "\n\nEvidence from the facts:\n");
	if (describe_flag(b, obj, object_id, co, "any_exist"))
		return;
	if (seen_objects(fc, co, NULL, &s, &n) < 0) {
		free(s);
		b->oom = 1;
		return;
	}
	item_kind(kind, sizeof(kind), obj, n ? s[0].item : NULL);
	object_label(b, obj, object_id);
	sb_addf(b, " returned %zu object%s\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && b->lines < MAX_LINES; i++, b->lines++) {
		sb_addf(b, "- ");
		subject(b, kind, &s[i], i, n);
		describe_all(b, obj, &s[i]);
		sb_addf(b, "\n");
	}
	free(s);
}

int finding_text(char **out, enum eval_verdict verdict, const char *check_content,
		 struct finding_ctx *fc, const char *evidence_object)
{
	struct sbuf b = {0};

	*out = NULL;
	if (verdict == EVAL_NOTSELECTED)
		sb_addf(&b, "Not selected.");
	else if (check_content && *check_content)
		sb_addf(&b, "Not checked from the facts; review by hand:\n%s", check_content);
	else
		sb_addf(&b, "Not checked from the facts (%s).", eval_verdict_name(verdict));
	if (verdict != EVAL_NOTSELECTED && fc && evidence_object)
		describe_evidence(&b, fc, evidence_object);
	return sb_finish(&b, out);
}
