/*
 * benchmark.c - the model of a STIG from XCCDF 1.1/1.2 and SCAP source data streams
 *
 * One document at a time: a package entry is parsed (src/xml.c), every Benchmark in it is
 * turned into a struct benchmark, handed to the visitor and freed before the next entry is
 * read, so a walk over DISA's whole library holds one benchmark at a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "benchmark.h"
#include "error.h"
#include "package.h"
#include "xml.h"

#define NS_XCCDF11    "http://checklists.nist.gov/xccdf/1.1"
#define NS_XCCDF12    "http://checklists.nist.gov/xccdf/1.2"
#define NS_DS	      "http://scap.nist.gov/schema/scap/source/1.2"
#define NS_DC	      "http://purl.org/dc/elements/1.1/"
#define SYSTEM_LEGACY "http://cyber.mil/legacy"

/* XCCDF's own default for a Rule without a weight attribute. */
#define DEFAULT_WEIGHT "1.0"
/* Groups nest (SCAP Security Guide); libxml2 caps element depth at 256 without HUGE anyway. */
#define GROUP_MAX_DEPTH 64

static const char *const desc_names[DESC_N_FIELDS] = {
    "VulnDiscussion",	 "FalsePositives",	     "FalseNegatives",	 "Documentable",
    "Mitigations",	 "SeverityOverrideGuidance", "PotentialImpacts", "ThirdPartyTools",
    "MitigationControl", "Responsibility",	     "IAControls",
};

static const char *const desc_keys[DESC_N_FIELDS] = {
    "vuln_discussion",	 "false_positives",   "false_negatives",
    "documentable",	 "mitigations",	      "severity_override_guidance",
    "potential_impacts", "third_party_tools", "mitigation_control",
    "responsibility",	 "ia_controls",
};

const char *desc_field_name(enum desc_field f)
{
	return (unsigned)f < DESC_N_FIELDS ? desc_names[f] : "";
}

const char *desc_field_key(enum desc_field f)
{
	return (unsigned)f < DESC_N_FIELDS ? desc_keys[f] : "";
}

/* ---- description fields: a scanner, never an XML parser ---- */

/* Copy LEN bytes of S, decoding the five predefined entities once; NULL when out of memory. */
static char *decode_once(const char *s, size_t len)
{
	static const struct {
		const char *ent;
		size_t len;
		char ch;
	} ents[] = {{"&lt;", 4, '<'},
		    {"&gt;", 4, '>'},
		    {"&amp;", 5, '&'},
		    {"&quot;", 6, '"'},
		    {"&apos;", 6, '\''}};
	char *out = malloc(len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t k;

		if (s[i] != '&') {
			out[o++] = s[i++];
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
			if (len - i >= ents[k].len && memcmp(s + i, ents[k].ent, ents[k].len) == 0)
				break;
		if (k < sizeof(ents) / sizeof(ents[0])) {
			out[o++] = ents[k].ch;
			i += ents[k].len;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return out;
}

/* The field whose opening tag "<Name>" starts at P (P[0] == '<'), or -1. */
static int field_open_at(const char *p, size_t left, size_t *tag_len)
{
	for (int f = 0; f < DESC_N_FIELDS; f++) {
		size_t n = strlen(desc_names[f]);

		if (left >= n + 2 && p[n + 1] == '>' && memcmp(p + 1, desc_names[f], n) == 0) {
			*tag_len = n + 2;
			return f;
		}
	}
	return -1;
}

/* The first "</Name>" of field F in [P, END), or NULL. */
static const char *field_close(const char *p, const char *end, int f)
{
	size_t n = strlen(desc_names[f]);

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));

		if (!lt)
			return NULL;
		if ((size_t)(end - lt) >= n + 3 && lt[1] == '/' && lt[n + 2] == '>' &&
		    memcmp(lt + 2, desc_names[f], n) == 0)
			return lt;
		p = lt + 1;
	}
	return NULL;
}

/* The next opening tag of any field in [P, END), or END: where an unterminated field stops. */
static const char *next_field_open(const char *p, const char *end)
{
	size_t tl;

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));

		if (!lt)
			return end;
		if (field_open_at(lt, (size_t)(end - lt), &tl) >= 0)
			return lt;
		p = lt + 1;
	}
	return end;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

int desc_parse(char *out[DESC_N_FIELDS], const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	memset(out, 0, DESC_N_FIELDS * sizeof(*out));
	while (text && p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		const char *body, *close, *stop;
		size_t tl;
		int f;

		if (!lt)
			break;
		f = field_open_at(lt, (size_t)(end - lt), &tl);
		if (f < 0 || out[f]) { /* not a field, or a repeat: the first one wins */
			p = lt + 1;
			continue;
		}
		body = lt + tl;
		close = field_close(body, end, f);
		stop = close ? close : next_field_open(body, end);
		if (!(out[f] = decode_once(body, (size_t)(stop - body))))
			goto oom;
		p = close ? close + strlen(desc_names[f]) + 3 : stop;
	}
	for (int f = 0; f < DESC_N_FIELDS; f++)
		if (!out[f] && !(out[f] = strdup("")))
			goto oom;
	return 0;
oom:
	strv_free(out, DESC_N_FIELDS);
	memset(out, 0, DESC_N_FIELDS * sizeof(*out));
	return error_oom();
}

/* ---- small helpers over the tree ---- */

static int is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->name, name) == 0 &&
	       strcmp((const char *)n->ns->href, ns) == 0;
}

static const char *attr(const xmlNode *el, const char *name)
{
	for (const xmlAttr *a = el->properties; a; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
	return NULL;
}

static size_t text_len(const xmlNode *el)
{
	size_t n = 0;

	for (const xmlNode *c = el->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			n += strlen((const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			n += text_len(c);
	}
	return n;
}

static char *text_put(char *dst, const xmlNode *el)
{
	for (const xmlNode *c = el->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			size_t n = strlen((const char *)c->content);

			memcpy(dst, c->content, n);
			dst += n;
		} else if (c->type == XML_ELEMENT_NODE) {
			dst = text_put(dst, c);
		}
	}
	return dst;
}

/* All the text below EL (XHTML markup in XCCDF 1.2 flattened), as a new string. */
static char *node_text(const xmlNode *el)
{
	const xmlNode *c = el->children;
	char *s;

	if (!c)
		return strdup("");
	if (!c->next && c->type == XML_TEXT_NODE && c->content) /* the usual case: one text node */
		return strdup((const char *)c->content);
	s = malloc(text_len(el) + 1);
	if (s)
		*text_put(s, el) = '\0';
	return s;
}

/* Set *DST (if still unset) to the text of EL; -1 when out of memory. */
static int take_text(char **dst, const xmlNode *el)
{
	if (*dst)
		return 0;
	return (*dst = node_text(el)) ? 0 : error_oom();
}

static int take_str(char **dst, const char *s)
{
	if (*dst)
		return 0;
	return (*dst = strdup(s ? s : "")) ? 0 : error_oom();
}

/* Fill every NULL in the pointer list with "": the model promises "always" strings. */
static int fill_empty(char **const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!*fields[i] && !(*fields[i] = strdup("")))
			return error_oom();
	return 0;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *g;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	if (nc > SIZE_MAX / size || !(g = realloc(*v, nc * size)))
		return error_oom();
	*v = g;
	*cap = nc;
	return 0;
}

static int strv_push(char ***v, size_t *n, size_t *cap, const xmlNode *el)
{
	char *s;

	if (grow((void **)v, cap, *n, sizeof(**v)) < 0)
		return -1;
	if (!(s = node_text(el)))
		return error_oom();
	(*v)[(*n)++] = s;
	return 0;
}

/* ---- rules ---- */

struct rule_caps {
	size_t ccis, legacy, idents, fixes, checks;
};

static void check_release(struct rule_check *c)
{
	free(c->system);
	free(c->ref_href);
	free(c->ref_name);
	free(c->text);
}

static void rule_release(struct rule *r)
{
	char **s[] = {&r->group_id,	  &r->group_title, &r->rule_id,	      &r->stig_id,
		      &r->severity,	  &r->weight,	   &r->title,	      &r->description,
		      &r->fix_text,	  &r->fix_id,	   &r->check_system,  &r->check_ref_href,
		      &r->check_ref_name, &r->check_text,  &r->ref_title,     &r->ref_publisher,
		      &r->ref_type,	  &r->ref_subject, &r->ref_identifier};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		free(*s[i]);
	strv_free(r->desc, DESC_N_FIELDS);
	strv_free(r->ccis, r->n_ccis);
	free(r->ccis);
	strv_free(r->legacy_ids, r->n_legacy_ids);
	free(r->legacy_ids);
	for (size_t i = 0; i < r->n_more_fixes; i++) {
		free(r->more_fixes[i].id);
		free(r->more_fixes[i].text);
	}
	free(r->more_fixes);
	for (size_t i = 0; i < r->n_more_checks; i++)
		check_release(&r->more_checks[i]);
	free(r->more_checks);
	for (size_t i = 0; i < r->n_idents; i++) {
		free(r->idents[i].system);
		free(r->idents[i].value);
	}
	free(r->idents);
}

/* A CCI ident: DISA has used both http://cyber.mil/cci and http://iase.disa.mil/cci. */
static int is_cci_system(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 4 && strcmp(s + n - 4, "/cci") == 0;
}

static int rule_ident(struct rule *r, struct rule_caps *caps, const xmlNode *el)
{
	const char *sys = attr(el, "system");
	struct rule_ident *id;

	if (is_cci_system(sys))
		return strv_push(&r->ccis, &r->n_ccis, &caps->ccis, el);
	if (sys && strcmp(sys, SYSTEM_LEGACY) == 0)
		return strv_push(&r->legacy_ids, &r->n_legacy_ids, &caps->legacy, el);
	if (grow((void **)&r->idents, &caps->idents, r->n_idents, sizeof(*r->idents)) < 0)
		return -1;
	id = &r->idents[r->n_idents++];
	id->system = strdup(sys ? sys : "");
	id->value = node_text(el);
	return id->system && id->value ? 0 : error_oom();
}

/* The first <reference> carrying Dublin Core children is DISA's (SSG's carry only text). */
static int rule_reference(struct rule *r, const xmlNode *el)
{
	char **dst;

	if (r->ref_identifier || r->ref_title)
		return 0;
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->ns ||
		    strcmp((const char *)c->ns->href, NS_DC))
			continue;
		if (strcmp((const char *)c->name, "title") == 0)
			dst = &r->ref_title;
		else if (strcmp((const char *)c->name, "publisher") == 0)
			dst = &r->ref_publisher;
		else if (strcmp((const char *)c->name, "type") == 0)
			dst = &r->ref_type;
		else if (strcmp((const char *)c->name, "subject") == 0)
			dst = &r->ref_subject;
		else if (strcmp((const char *)c->name, "identifier") == 0)
			dst = &r->ref_identifier;
		else
			continue;
		if (take_text(dst, c) < 0)
			return -1;
	}
	return 0;
}

static int rule_fixtext(struct rule *r, struct rule_caps *caps, const xmlNode *el)
{
	struct rule_fix *f;

	if (!r->fix_text) {
		const char *ref = attr(el, "fixref");

		if (ref && *ref) {
			free(r->fix_id); /* fixtext@fixref wins over an earlier fix@id */
			r->fix_id = NULL;
			if (take_str(&r->fix_id, ref) < 0)
				return -1;
		}
		return take_text(&r->fix_text, el);
	}
	if (grow((void **)&r->more_fixes, &caps->fixes, r->n_more_fixes, sizeof(*r->more_fixes)))
		return -1;
	f = &r->more_fixes[r->n_more_fixes++];
	f->id = strdup(attr(el, "fixref") ? attr(el, "fixref") : "");
	f->text = node_text(el);
	return f->id && f->text ? 0 : error_oom();
}

static int check_fill(struct rule_check *c, const xmlNode *el, const char *ns)
{
	c->system = strdup(attr(el, "system") ? attr(el, "system") : "");
	if (!c->system)
		return error_oom();
	for (const xmlNode *k = el->children; k; k = k->next) {
		if (is_el(k, ns, "check-content-ref") && !c->ref_href) {
			if (take_str(&c->ref_href, attr(k, "href")) < 0 ||
			    take_str(&c->ref_name, attr(k, "name")) < 0)
				return -1;
		} else if (is_el(k, ns, "check-content") && take_text(&c->text, k) < 0) {
			return -1;
		}
	}
	return take_str(&c->ref_href, "") < 0 || take_str(&c->ref_name, "") < 0 ||
		       take_str(&c->text, "") < 0
		   ? -1
		   : 0;
}

static int rule_check(struct rule *r, struct rule_caps *caps, const xmlNode *el, const char *ns)
{
	struct rule_check c = {0};

	if (check_fill(&c, el, ns) < 0) {
		check_release(&c);
		return -1;
	}
	if (!r->check_system) {
		r->check_system = c.system;
		r->check_ref_href = c.ref_href;
		r->check_ref_name = c.ref_name;
		r->check_text = c.text;
		return 0;
	}
	if (grow((void **)&r->more_checks, &caps->checks, r->n_more_checks,
		 sizeof(*r->more_checks)) < 0) {
		check_release(&c);
		return -1;
	}
	r->more_checks[r->n_more_checks++] = c;
	return 0;
}

static int rule_child(struct rule *r, struct rule_caps *caps, const xmlNode *c, const char *ns)
{
	const char *name = (const char *)c->name;

	if (!c->ns || strcmp((const char *)c->ns->href, ns) != 0)
		return 0;
	if (strcmp(name, "version") == 0)
		return take_text(&r->stig_id, c);
	if (strcmp(name, "title") == 0)
		return take_text(&r->title, c);
	if (strcmp(name, "description") == 0)
		return take_text(&r->description, c);
	if (strcmp(name, "reference") == 0)
		return rule_reference(r, c);
	if (strcmp(name, "ident") == 0)
		return rule_ident(r, caps, c);
	if (strcmp(name, "fixtext") == 0)
		return rule_fixtext(r, caps, c);
	if (strcmp(name, "fix") == 0 && attr(c, "id") && *attr(c, "id"))
		return take_str(&r->fix_id, attr(c, "id"));
	if (strcmp(name, "check") == 0)
		return rule_check(r, caps, c, ns);
	return 0;
}

static int rule_fill(struct rule *r, const xmlNode *el, const char *ns)
{
	struct rule_caps caps = {0};
	const char *sev = attr(el, "severity"), *weight = attr(el, "weight");
	char **const always[] = {
	    &r->group_id,	&r->group_title,    &r->stig_id,     &r->title,
	    &r->description,	&r->fix_text,	    &r->fix_id,	     &r->check_system,
	    &r->check_ref_href, &r->check_ref_name, &r->check_text,  &r->ref_title,
	    &r->ref_publisher,	&r->ref_type,	    &r->ref_subject, &r->ref_identifier};

	if (take_str(&r->severity, sev && *sev ? sev : "unknown") < 0 ||
	    take_str(&r->weight, weight && *weight ? weight : DEFAULT_WEIGHT) < 0)
		return -1;
	for (const xmlNode *c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && rule_child(r, &caps, c, ns) < 0)
			return -1;
	if (fill_empty(always, sizeof(always) / sizeof(always[0])) < 0)
		return -1;
	return desc_parse(r->desc, r->description, strlen(r->description));
}

/* ---- benchmarks ---- */

struct build {
	struct benchmark *b;
	const char *ns;
	size_t cap_rules, cap_profiles;
};

/* The first <title> of a Group, for its rules' group_title. */
static const xmlNode *first_title(const xmlNode *group, const char *ns)
{
	for (const xmlNode *c = group->children; c; c = c->next)
		if (is_el(c, ns, "title"))
			return c;
	return NULL;
}

static int add_rule(struct build *bd, const xmlNode *el, const xmlNode *group)
{
	struct benchmark *b = bd->b;
	struct rule *r;
	const char *id = attr(el, "id");
	const xmlNode *gt;

	if (!id || !*id)
		return error_set(ERR_FORMAT, "%s: rule %zu has no id", b->source, b->n_rules + 1);
	if (grow((void **)&b->rules, &bd->cap_rules, b->n_rules, sizeof(*b->rules)) < 0)
		return -1;
	r = &b->rules[b->n_rules++];
	memset(r, 0, sizeof(*r));
	if (take_str(&r->rule_id, id) < 0)
		return -1;
	if (group) {
		gt = first_title(group, bd->ns);
		if (take_str(&r->group_id, attr(group, "id")) < 0 ||
		    (gt && take_text(&r->group_title, gt) < 0))
			return -1;
	}
	if (rule_fill(r, el, bd->ns) < 0)
		return error_prefix("%s: rule '%s'", b->source, id);
	return 0;
}

/* Rules and Groups below PARENT, Groups recursed (XCCDF 1.2 content nests them). */
static int walk_items(struct build *bd, const xmlNode *parent, const xmlNode *group, unsigned depth)
{
	if (depth > GROUP_MAX_DEPTH)
		return error_set(ERR_LIMIT, "%s: groups nested deeper than %d", bd->b->source,
				 GROUP_MAX_DEPTH);
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (is_el(c, bd->ns, "Rule")) {
			if (add_rule(bd, c, group) < 0)
				return -1;
		} else if (is_el(c, bd->ns, "Group")) {
			if (walk_items(bd, c, c, depth + 1) < 0)
				return -1;
		}
	}
	return 0;
}

static void profile_release(struct profile *p)
{
	free(p->id);
	free(p->title);
	strv_free(p->selected, p->n_selected);
	free(p->selected);
}

static int add_profile(struct build *bd, const xmlNode *el)
{
	struct benchmark *b = bd->b;
	struct profile *p;
	size_t cap = 0;

	if (grow((void **)&b->profiles, &bd->cap_profiles, b->n_profiles, sizeof(*b->profiles)))
		return -1;
	p = &b->profiles[b->n_profiles++];
	memset(p, 0, sizeof(*p));
	if (take_str(&p->id, attr(el, "id")) < 0)
		return -1;
	for (const xmlNode *c = el->children; c; c = c->next) {
		const char *sel, *idref;
		char *s;

		if (is_el(c, bd->ns, "title") && take_text(&p->title, c) < 0)
			return -1;
		if (!is_el(c, bd->ns, "select"))
			continue;
		sel = attr(c, "selected");
		idref = attr(c, "idref");
		if (!idref || !sel || (strcmp(sel, "true") != 0 && strcmp(sel, "1") != 0))
			continue;
		if (grow((void **)&p->selected, &cap, p->n_selected, sizeof(*p->selected)) < 0)
			return -1;
		if (!(s = strdup(idref)))
			return error_oom();
		p->selected[p->n_selected++] = s;
	}
	return take_str(&p->title, "");
}

/* The benchmark's <reference>: dc:publisher and dc:source. */
static int bench_reference(struct benchmark *b, const xmlNode *el)
{
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (is_el(c, NS_DC, "publisher") && take_text(&b->ref_publisher, c) < 0)
			return -1;
		if (is_el(c, NS_DC, "source") && take_text(&b->ref_source, c) < 0)
			return -1;
	}
	return 0;
}

static int bench_plain_text(struct benchmark *b, const xmlNode *el)
{
	const char *id = attr(el, "id");

	if (id && strcmp(id, "release-info") == 0)
		return take_text(&b->release_info, el);
	if (id && strcmp(id, "generator") == 0)
		return take_text(&b->generator, el);
	return 0;
}

static int bench_child(struct build *bd, const xmlNode *c)
{
	struct benchmark *b = bd->b;
	const char *name = (const char *)c->name;

	if (!c->ns || strcmp((const char *)c->ns->href, bd->ns) != 0)
		return 0;
	if (strcmp(name, "status") == 0 && !b->status)
		return take_str(&b->status_date, attr(c, "date")) < 0 ? -1
								      : take_text(&b->status, c);
	if (strcmp(name, "title") == 0)
		return take_text(&b->title, c);
	if (strcmp(name, "description") == 0)
		return take_text(&b->description, c);
	if (strcmp(name, "notice") == 0)
		return take_text(&b->notice, c);
	if (strcmp(name, "reference") == 0 && !b->ref_publisher && !b->ref_source)
		return bench_reference(b, c);
	if (strcmp(name, "plain-text") == 0)
		return bench_plain_text(b, c);
	if (strcmp(name, "version") == 0)
		return take_text(&b->version, c);
	if (strcmp(name, "Profile") == 0)
		return add_profile(bd, c);
	if (strcmp(name, "Rule") == 0)
		return add_rule(bd, c, NULL);
	if (strcmp(name, "Group") == 0)
		return walk_items(bd, c, c, 1);
	return 0;
}

static int bench_fill(struct build *bd, const xmlNode *el)
{
	struct benchmark *b = bd->b;
	char **const always[] = {&b->title,	 &b->description, &b->version, &b->release_info,
				 &b->status,	 &b->status_date, &b->notice,  &b->ref_publisher,
				 &b->ref_source, &b->generator};

	for (const xmlNode *c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && bench_child(bd, c) < 0)
			return -1;
	return fill_empty(always, sizeof(always) / sizeof(always[0]));
}

int benchmark_from_xml(struct benchmark **out, xmlNodePtr el, const char *source)
{
	struct build bd = {0};
	const char *id, *version = NULL;
	int ret = -1;

	*out = NULL;
	if (!(bd.b = calloc(1, sizeof(*bd.b))) || !(bd.b->source = strdup(source))) {
		error_oom();
		goto out;
	}
	if (el && is_el(el, NS_XCCDF11, "Benchmark")) {
		bd.ns = NS_XCCDF11;
		version = "1.1";
	} else if (el && is_el(el, NS_XCCDF12, "Benchmark")) {
		bd.ns = NS_XCCDF12;
		version = "1.2";
	}
	if (!bd.ns) {
		error_set(ERR_FORMAT, "%s: not an XCCDF 1.1 or 1.2 Benchmark", source);
		goto out;
	}
	id = attr(el, "id");
	if (!id || !*id) {
		error_set(ERR_FORMAT, "%s: Benchmark has no id", source);
		goto out;
	}
	if (take_str(&bd.b->id, id) < 0 || take_str(&bd.b->xccdf_version, version) < 0 ||
	    bench_fill(&bd, el) < 0)
		goto out;
	*out = bd.b;
	bd.b = NULL;
	ret = 0;
out:
	benchmark_free(bd.b);
	return ret;
}

void benchmark_free(struct benchmark *b)
{
	char **s[14];
	size_t n = 0;

	if (!b)
		return;
	s[n++] = &b->id;
	s[n++] = &b->xccdf_version;
	s[n++] = &b->title;
	s[n++] = &b->description;
	s[n++] = &b->version;
	s[n++] = &b->release_info;
	s[n++] = &b->status;
	s[n++] = &b->status_date;
	s[n++] = &b->source;
	s[n++] = &b->notice;
	s[n++] = &b->ref_publisher;
	s[n++] = &b->ref_source;
	s[n++] = &b->generator;
	for (size_t i = 0; i < n; i++)
		free(*s[i]);
	for (size_t i = 0; i < b->n_profiles; i++)
		profile_release(&b->profiles[i]);
	free(b->profiles);
	for (size_t i = 0; i < b->n_rules; i++)
		rule_release(&b->rules[i]);
	free(b->rules);
	free(b);
}

/* ---- derived values ---- */

int rule_cat(const struct rule *r)
{
	if (!r->severity)
		return 0;
	if (strcmp(r->severity, "high") == 0)
		return 1;
	if (strcmp(r->severity, "medium") == 0)
		return 2;
	if (strcmp(r->severity, "low") == 0)
		return 3;
	return 0;
}

const char *rule_cat_name(const struct rule *r)
{
	static const char *const names[] = {"", "CAT I", "CAT II", "CAT III"};

	return names[rule_cat(r)];
}

/* The word after KEY in S ("Release: 4 ..." → "4"), digits and dots only. */
static const char *token_after(const char *s, const char *key, size_t *len)
{
	const char *p = s ? strstr(s, key) : NULL;
	size_t n = 0;

	*len = 0;
	if (!p)
		return "";
	p += strlen(key);
	while (*p == ' ')
		p++;
	while ((p[n] >= '0' && p[n] <= '9') || p[n] == '.')
		n++;
	*len = n;
	return p;
}

void benchmark_short_version(const struct benchmark *b, char *buf, size_t size)
{
	size_t rl, vl = 0;
	const char *rel = token_after(b->release_info, "Release:", &rl);
	const char *v = b->version ? b->version : "";

	while (v[vl] >= '0' && v[vl] <= '9')
		vl++;
	if (!size)
		return;
	buf[0] = '\0';
	if (!vl || v[vl] || !rl)
		return;
	snprintf(buf, size, "V%.*sR%.*s", (int)vl, v, (int)rl, rel);
}

/* The length of WORD when S starts with it (ASCII case ignored) followed by a word boundary, else
 * 0. */
static size_t word_at(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = word[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return (s[n] == '\0' || s[n] == ' ' || s[n] == '\t' || s[n] == '\n' || s[n] == '\r') ? n
											     : 0;
}

int benchmark_short_title(char **out, const struct benchmark *b)
{
	static const char *const drop[] = {"Security Technical Implementation Guide", "Microsoft"};
	const char *t = b->title ? b->title : "";
	char *s = malloc(strlen(t) + 1);
	size_t o = 0;
	int space = 0;

	*out = NULL;
	if (!s)
		return error_oom();
	for (const char *p = t; *p;) {
		size_t skip = 0;

		if (p == t || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r')
			for (size_t k = 0; k < sizeof(drop) / sizeof(drop[0]) && !skip; k++)
				skip = word_at(p, drop[k]);
		if (skip) {
			p += skip;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = o > 0;
			p++;
			continue;
		}
		if (space)
			s[o++] = ' ';
		space = 0;
		s[o++] = *p++;
	}
	s[o] = '\0';
	if (!o) { /* nothing but the dropped words: keep the title as it is */
		free(s);
		return (*out = strdup(t)) ? 0 : error_oom();
	}
	*out = s;
	return 0;
}

const char *benchmark_date(const struct benchmark *b, size_t *len)
{
	const char *p = b->release_info ? strstr(b->release_info, "Benchmark Date:") : NULL;
	size_t n;

	*len = 0;
	if (!p)
		return "";
	p += strlen("Benchmark Date:");
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == '\t'))
		n--;
	*len = n;
	return p;
}

/* ---- documents and packages ---- */

enum doc_kind doc_kind_of(xmlDocPtr doc)
{
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (!root)
		return DOC_OTHER;
	if (is_el(root, NS_XCCDF11, "Benchmark"))
		return DOC_XCCDF11;
	if (is_el(root, NS_XCCDF12, "Benchmark"))
		return DOC_XCCDF12;
	if (is_el(root, NS_DS, "data-stream-collection"))
		return DOC_DATASTREAM;
	return DOC_OTHER;
}

struct walk {
	benchmark_visit_fn fn;
	benchmark_bad_fn on_bad;
	void *ctx;
};

/*
 * Whether the root element of DATA is named Benchmark or data-stream-collection (any prefix),
 * by looking at the prolog only: everything else (XSL, OVAL, ...) is skipped without parsing.
 * Anything unusual before the root (a DOCTYPE) makes it a candidate, so the parser rejects it
 * by name rather than the walk passing over it.
 */
static int root_candidate(const char *d, size_t len)
{
	size_t p = 0, n = 0;
	const char *name, *colon;

	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		p = 3;
	for (;;) {
		while (p < len && (d[p] == ' ' || d[p] == '\t' || d[p] == '\r' || d[p] == '\n'))
			p++;
		if (p + 1 >= len || d[p] != '<')
			return 1;
		if (d[p + 1] == '?' || (len - p >= 4 && memcmp(d + p, "<!--", 4) == 0)) {
			const char *end = d[p + 1] == '?' ? "?>" : "-->";
			const char *e = NULL;

			for (size_t i = p + 2; i + strlen(end) <= len && !e; i++)
				if (memcmp(d + i, end, strlen(end)) == 0)
					e = d + i;
			if (!e)
				return 1;
			p = (size_t)(e - d) + strlen(end);
			continue;
		}
		if (d[p + 1] == '!')
			return 1;
		break;
	}
	name = d + p + 1;
	while (p + 1 + n < len && !strchr(" \t\r\n/>", name[n]))
		n++;
	colon = memchr(name, ':', n);
	if (colon) {
		n -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	return (n == 9 && memcmp(name, "Benchmark", 9) == 0) ||
	       (n == 22 && memcmp(name, "data-stream-collection", 22) == 0);
}

/* A benchmark that cannot be read: reported and skipped, or the walk's end without ON_BAD. */
static int bad(struct walk *w, const char *source)
{
	if (!w->on_bad || error_kind() == ERR_NOMEM)
		return -1;
	w->on_bad(source, w->ctx);
	error_clear();
	return 0;
}

static int visit_benchmark(struct walk *w, xmlNodePtr el, const char *source)
{
	struct benchmark *b;
	int ret;

	if (benchmark_from_xml(&b, el, source) < 0)
		return bad(w, source);
	ret = w->fn(b, w->ctx);
	benchmark_free(b);
	return ret;
}

/* Every XCCDF Benchmark held by a component of a source data stream collection. */
static int visit_datastream(struct walk *w, xmlNodePtr root, const char *path)
{
	for (xmlNodePtr c = root->children; c; c = c->next) {
		const char *cid;
		xmlNodePtr el = NULL;
		char *source;
		size_t n;
		int ret;

		if (!is_el(c, NS_DS, "component"))
			continue;
		for (xmlNodePtr k = c->children; k && !el; k = k->next)
			if (k->type == XML_ELEMENT_NODE)
				el = k;
		if (!el ||
		    !(is_el(el, NS_XCCDF12, "Benchmark") || is_el(el, NS_XCCDF11, "Benchmark")))
			continue;
		cid = attr(c, "id") ? attr(c, "id") : "";
		n = strlen(path) + strlen(cid) + 2;
		if (!(source = malloc(n)))
			return error_oom();
		snprintf(source, n, "%s#%s", path, cid);
		ret = visit_benchmark(w, el, source);
		free(source);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int visit_entry(const struct package_entry *e, void *ctx)
{
	struct walk *w = ctx;
	xmlDocPtr doc;
	int ret = 0;

	if (!root_candidate(e->data, e->len))
		return 0;
	if (xml_parse(&doc, e->data, e->len, e->path) < 0)
		return bad(w, e->path);
	switch (doc_kind_of(doc)) {
	case DOC_XCCDF11:
	case DOC_XCCDF12:
		ret = visit_benchmark(w, xmlDocGetRootElement(doc), e->path);
		break;
	case DOC_DATASTREAM:
		ret = visit_datastream(w, xmlDocGetRootElement(doc), e->path);
		break;
	default:
		break;
	}
	xmlFreeDoc(doc);
	return ret;
}

int benchmark_walk(const char *path, benchmark_visit_fn fn, benchmark_bad_fn on_bad, void *ctx)
{
	struct walk w = {fn, on_bad, ctx};

	return package_walk(path, visit_entry, &w);
}
