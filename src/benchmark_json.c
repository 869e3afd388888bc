/*
 * benchmark_json.c - the model as JSON, one object per rule (docs/rules-json.md)
 *
 * Each rule object is built, written and dropped by the caller, so `rules --format json`
 * over DISA's library never holds more than one rule's object; the benchmark summary every
 * rule object carries is built once per benchmark and shared by reference.
 */
#include <stdlib.h>
#include <string.h>

#include "benchmark_json.h"
#include "error.h"

/* A profile's selection of an item (group or rule id): sorted for bsearch. */
struct sel {
	const char *idref;
	size_t profile;
};

struct rules_json {
	const struct benchmark *b;
	json_t *bench;	  /* the "benchmark" object shared by every rule */
	struct sel *sels; /* every select of every profile, sorted by idref */
	size_t n_sels;
	unsigned char *hit; /* scratch: one flag per profile */
};

/* Sets *OK to 0 on the first failure, so a long run of additions checks once at the end. */
static void put(json_t *o, const char *key, json_t *v, int *ok)
{
	if (!v || json_object_set_new(o, key, v) < 0)
		*ok = 0;
}

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

static json_t *strv(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, str(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *bench_object(const struct benchmark *b)
{
	json_t *o = json_object();
	char ver[64];
	size_t dl;
	const char *date = benchmark_date(b, &dl);
	int ok = o != NULL;

	benchmark_short_version(b, ver, sizeof(ver));
	if (!ok)
		return NULL;
	put(o, "id", str(b->id), &ok);
	put(o, "title", str(b->title), &ok);
	put(o, "version", str(b->version), &ok);
	put(o, "release_info", str(b->release_info), &ok);
	put(o, "short_version", str(ver), &ok);
	put(o, "date", json_stringn(date, dl), &ok);
	put(o, "status", str(b->status), &ok);
	put(o, "status_date", str(b->status_date), &ok);
	put(o, "xccdf_version", str(b->xccdf_version), &ok);
	put(o, "source", str(b->source), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int sel_cmp(const void *a, const void *b)
{
	const struct sel *x = a, *y = b;
	int c = strcmp(x->idref, y->idref);

	if (c)
		return c;
	return x->profile < y->profile ? -1 : x->profile > y->profile;
}

static int index_profiles(struct rules_json *rj)
{
	const struct benchmark *b = rj->b;
	size_t n = 0, k = 0;

	for (size_t p = 0; p < b->n_profiles; p++)
		n += b->profiles[p].n_selected;
	rj->hit = calloc(b->n_profiles + 1, 1);
	rj->sels = calloc(n + 1, sizeof(*rj->sels));
	if (!rj->hit || !rj->sels)
		return error_oom();
	for (size_t p = 0; p < b->n_profiles; p++)
		for (size_t i = 0; i < b->profiles[p].n_selected; i++)
			rj->sels[k++] = (struct sel){b->profiles[p].selected[i], p};
	qsort(rj->sels, n, sizeof(*rj->sels), sel_cmp);
	rj->n_sels = n;
	return 0;
}

int rules_json_new(struct rules_json **out, const struct benchmark *b)
{
	struct rules_json *rj = calloc(1, sizeof(*rj));

	*out = NULL;
	if (!rj)
		return error_oom();
	rj->b = b;
	if (!(rj->bench = bench_object(b)) || index_profiles(rj) < 0) {
		rules_json_free(rj);
		return error_oom();
	}
	*out = rj;
	return 0;
}

void rules_json_free(struct rules_json *rj)
{
	if (!rj)
		return;
	json_decref(rj->bench);
	free(rj->sels);
	free(rj->hit);
	free(rj);
}

/* Mark every profile that selects ID. */
static void mark(struct rules_json *rj, const char *id)
{
	size_t lo = 0, hi = rj->n_sels;

	if (!id || !*id)
		return;
	while (lo < hi) { /* the first selection of ID */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(rj->sels[mid].idref, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rj->n_sels && strcmp(rj->sels[lo].idref, id) == 0; lo++)
		rj->hit[rj->sels[lo].profile] = 1;
}

/* The profiles whose select names the rule or its group, in benchmark order. */
static json_t *rule_profiles(struct rules_json *rj, const struct rule *r)
{
	const struct benchmark *b = rj->b;
	json_t *a = json_array();

	memset(rj->hit, 0, b->n_profiles);
	mark(rj, r->rule_id);
	mark(rj, r->group_id);
	for (size_t p = 0; a && p < b->n_profiles; p++)
		if (rj->hit[p] && json_array_append_new(a, str(b->profiles[p].id)) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *desc_object(const struct rule *r)
{
	json_t *o = json_object();
	int ok = o != NULL;

	for (int f = 0; ok && f < DESC_N_FIELDS; f++)
		put(o, desc_field_key((enum desc_field)f), str(r->desc[f]), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *more_fixes(const struct rule *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n_more_fixes; i++) {
		json_t *o = json_pack("{s:s, s:s}", "id", r->more_fixes[i].id, "text",
				      r->more_fixes[i].text);

		if (json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *more_checks(const struct rule *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n_more_checks; i++) {
		const struct rule_check *c = &r->more_checks[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "system", c->system, "ref_href",
				      c->ref_href, "ref_name", c->ref_name, "text", c->text);

		if (json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *idents(const struct rule *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n_idents; i++) {
		json_t *o = json_pack("{s:s, s:s}", "system", r->idents[i].system, "value",
				      r->idents[i].value);

		if (json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *reference(const struct rule *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", r->ref_title, "publisher",
			 r->ref_publisher, "type", r->ref_type, "subject", r->ref_subject,
			 "identifier", r->ref_identifier);
}

static void put_texts(json_t *o, const struct rule *r, int *ok)
{
	put(o, "description", str(r->description), ok);
	put(o, "description_fields", desc_object(r), ok);
	put(o, "fix_id", str(r->fix_id), ok);
	put(o, "fix_text", str(r->fix_text), ok);
	put(o, "check_system", str(r->check_system), ok);
	put(o, "check_ref_href", str(r->check_ref_href), ok);
	put(o, "check_ref_name", str(r->check_ref_name), ok);
	put(o, "check_text", str(r->check_text), ok);
	put(o, "more_fixes", more_fixes(r), ok);
	put(o, "more_checks", more_checks(r), ok);
}

json_t *rules_json_rule(struct rules_json *rj, size_t i)
{
	const struct rule *r = &rj->b->rules[i];
	json_t *o = json_object();
	int cat = rule_cat(r), ok = o != NULL;

	if (!ok) {
		error_oom();
		return NULL;
	}
	put(o, "benchmark", json_incref(rj->bench), &ok);
	put(o, "group_id", str(r->group_id), &ok);
	put(o, "group_title", str(r->group_title), &ok);
	put(o, "rule_id", str(r->rule_id), &ok);
	put(o, "stig_id", str(r->stig_id), &ok);
	put(o, "severity", str(r->severity), &ok);
	put(o, "cat", cat ? json_integer(cat) : json_null(), &ok);
	put(o, "weight", str(r->weight), &ok);
	put(o, "title", str(r->title), &ok);
	put_texts(o, r, &ok);
	put(o, "ccis", strv(r->ccis, r->n_ccis), &ok);
	put(o, "legacy_ids", strv(r->legacy_ids, r->n_legacy_ids), &ok);
	put(o, "idents", idents(r), &ok);
	put(o, "reference", reference(r), &ok);
	put(o, "profiles", rule_profiles(rj, r), &ok);
	if (!ok) {
		json_decref(o);
		error_set(ERR_NOMEM, "%s: rule '%s': cannot build its JSON object (out of memory)",
			  rj->b->source, r->rule_id);
		return NULL;
	}
	return o;
}

json_t *rule_to_json(const struct benchmark *b, const struct rule *r)
{
	struct rules_json *rj;
	json_t *o;

	if (r < b->rules || r >= b->rules + b->n_rules) {
		error_set(ERR_INTERNAL, "%s: rule is not one of the benchmark's", b->source);
		return NULL;
	}
	if (rules_json_new(&rj, b) < 0)
		return NULL;
	o = rules_json_rule(rj, (size_t)(r - b->rules));
	rules_json_free(rj);
	return o;
}
