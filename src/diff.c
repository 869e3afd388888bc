/*
 * diff.c - compare two releases of a STIG rule by rule, with word-level text diffs
 *
 * Each side is first reduced to a snapshot (the benchmarks a walk hands out are borrowed for
 * one call only): per rule its Vuln id, rule id and the compared fields, normalised once.
 * The comparison then merges the two rule lists sorted by V-number.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "error.h"

/* ---- small helpers ------------------------------------------------------------------- */

static char *dup_str(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s ? s : "", n);
		p[n] = '\0';
	}
	return p;
}

static char *dup_mem(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* The same set as the check-sha256 convention: ASCII space, tab, CR, LF. */
static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *text_normalise(const char *s)
{
	size_t n = 0;
	char *out = malloc(strlen(s ? s : "") + 1);

	if (!out)
		return NULL;
	for (const char *p = s ? s : ""; *p; p++) {
		if (!is_ws(*p))
			out[n++] = *p;
		else if (n > 0 && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

/* ---- word diff ----------------------------------------------------------------------- */

struct tok {
	const char *p;
	size_t len;
};

struct tokens {
	struct tok *v;
	size_t n;
};

static int tokenise(struct tokens *out, const char *s)
{
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	for (const char *p = s ? s : ""; *p;) {
		const char *start;

		while (is_ws(*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !is_ws(*p))
			p++;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct tok *nv = realloc(out->v, ncap * sizeof(*nv));

			if (!nv)
				return error_oom();
			out->v = nv;
			cap = ncap;
		}
		out->v[out->n].p = start;
		out->v[out->n++].len = (size_t)(p - start);
	}
	return 0;
}

static int tok_eq(const struct tok *a, const struct tok *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* One step of the edit script: which token of which side. */
struct step {
	enum wdiff_op op;
	const struct tok *t;
};

/*
 * Align a[0..m) with b[0..n) by longest common subsequence. L[i][j] holds the LCS length of
 * the suffixes a[i..] and b[j..]; the caller has checked (m+1)(n+1) <= WDIFF_MAX_CELLS, so
 * min(m, n) < 2001 and every length fits in 16 bits.
 */
static int lcs_align(struct step *steps, size_t *ns, const struct tok *a, size_t m,
		     const struct tok *b, size_t n)
{
	size_t w = n + 1;
	uint16_t *L = calloc((m + 1) * w, sizeof(*L));
	size_t i = 0, j = 0;

	if (!L)
		return error_oom();
	for (size_t ii = m; ii-- > 0;)
		for (size_t jj = n; jj-- > 0;) {
			if (tok_eq(&a[ii], &b[jj]))
				L[ii * w + jj] = (uint16_t)(L[(ii + 1) * w + jj + 1] + 1);
			else if (L[(ii + 1) * w + jj] >= L[ii * w + jj + 1])
				L[ii * w + jj] = L[(ii + 1) * w + jj];
			else
				L[ii * w + jj] = L[ii * w + jj + 1];
		}
	while (i < m || j < n) {
		if (i < m && j < n && tok_eq(&a[i], &b[j])) {
			steps[(*ns)++] = (struct step){WDIFF_EQUAL, &a[i++]};
			j++;
		} else if (j == n || (i < m && L[(i + 1) * w + j] >= L[i * w + j + 1])) {
			steps[(*ns)++] = (struct step){WDIFF_DELETE, &a[i++]};
		} else {
			steps[(*ns)++] = (struct step){WDIFF_INSERT, &b[j++]};
		}
	}
	free(L);
	return 0;
}

/* The edit script: common prefix, aligned (or wholly replaced) middle, common suffix. */
static int edit_script(struct step *steps, size_t *ns, int *whole, const struct tokens *a,
		       const struct tokens *b, size_t *budget)
{
	size_t pre = 0, suf = 0, m, n;

	while (pre < a->n && pre < b->n && tok_eq(&a->v[pre], &b->v[pre]))
		steps[(*ns)++] = (struct step){WDIFF_EQUAL, &a->v[pre++]};
	while (suf < a->n - pre && suf < b->n - pre &&
	       tok_eq(&a->v[a->n - 1 - suf], &b->v[b->n - 1 - suf]))
		suf++;
	m = a->n - pre - suf;
	n = b->n - pre - suf;
	if (m > 0 && n > 0 && m + 1 <= WDIFF_MAX_CELLS / (n + 1) && (m + 1) * (n + 1) <= *budget) {
		*budget -= (m + 1) * (n + 1);
		if (lcs_align(steps, ns, a->v + pre, m, b->v + pre, n) < 0)
			return -1;
	} else {
		/* Too large to align within the bound, or one side empty: replace whole. */
		*whole = m > 0 && n > 0;
		for (size_t i = 0; i < m; i++)
			steps[(*ns)++] = (struct step){WDIFF_DELETE, &a->v[pre + i]};
		for (size_t j = 0; j < n; j++)
			steps[(*ns)++] = (struct step){WDIFF_INSERT, &b->v[pre + j]};
	}
	for (size_t k = a->n - suf; k < a->n; k++)
		steps[(*ns)++] = (struct step){WDIFF_EQUAL, &a->v[k]};
	return 0;
}

/*
 * Join the tokens of STEPS[from..to) having operation OP into one chunk, if there are any.
 * Inside a change (IN_CHANGE), equal words folded into it belong to both sides.
 */
static int add_chunk(struct wdiff *d, const struct step *steps, size_t from, size_t to,
		     enum wdiff_op op, int in_change)
{
	size_t len = 0, k = 0;
	char *text;

	for (size_t i = from; i < to; i++)
		if (steps[i].op == op || (in_change && steps[i].op == WDIFF_EQUAL))
			len += steps[i].t->len + 1;
	if (len == 0)
		return 0;
	if (!(text = malloc(len)))
		return error_oom();
	for (size_t i = from; i < to; i++) {
		if (steps[i].op != op && !(in_change && steps[i].op == WDIFF_EQUAL))
			continue;
		if (k)
			text[k++] = ' ';
		memcpy(text + k, steps[i].t->p, steps[i].t->len);
		k += steps[i].t->len;
	}
	text[k] = '\0';
	d->chunks[d->n_chunks].op = op;
	d->chunks[d->n_chunks++].text = text;
	return 0;
}

/* A run of the edit script: all equal, or a change (deletions and insertions mixed). */
struct seg {
	int equal;
	size_t from, to;     /* steps */
	size_t n_del, n_ins; /* words; for an equal run both are its length */
};

static size_t seg_size(const struct seg *s)
{
	return s->n_del > s->n_ins ? s->n_del : s->n_ins;
}

/*
 * Push S onto the run stack, folding short equal runs into the changes around them: a common
 * word or two inside a rewritten sentence only makes the diff harder to read. An equal run of
 * k words between two changes is folded when both changes exceed 2k words on their larger
 * side. Folding makes the change on its left bigger, so the run before that is looked at again.
 */
static void push_seg(struct seg *stack, size_t *n, struct seg s)
{
	stack[(*n)++] = s;
	while (*n >= 3 && !stack[*n - 1].equal && stack[*n - 2].equal && !stack[*n - 3].equal) {
		struct seg *l = &stack[*n - 3], *e = &stack[*n - 2], *r = &stack[*n - 1];

		if (2 * e->n_del >= seg_size(l) || 2 * e->n_del >= seg_size(r))
			break;
		l->to = r->to;
		l->n_del += e->n_del + r->n_del;
		l->n_ins += e->n_ins + r->n_ins;
		*n -= 2;
	}
}

/* Split the script into runs (folded as push_seg says); returns how many, in SEGS. */
static size_t make_segs(struct seg *segs, const struct step *steps, size_t ns)
{
	size_t n = 0, i = 0;

	while (i < ns) {
		struct seg s = {steps[i].op == WDIFF_EQUAL, i, i, 0, 0};

		while (s.to < ns && (steps[s.to].op == WDIFF_EQUAL) == s.equal) {
			s.n_del += steps[s.to].op != WDIFF_INSERT;
			s.n_ins += steps[s.to].op != WDIFF_DELETE;
			s.to++;
		}
		push_seg(segs, &n, s);
		i = s.to;
	}
	return n;
}

/* Group the script: each equal run as one chunk; a change as its deletions then insertions. */
static int group_steps(struct wdiff *d, const struct step *steps, size_t ns)
{
	struct seg *segs;
	size_t n;
	int ret = 0;

	if (ns == 0)
		return 0;
	/* At most two chunks per run, and a run has at least one step; changes have two. */
	segs = calloc(ns, sizeof(*segs));
	d->chunks = calloc(ns + 1, sizeof(*d->chunks));
	if (!segs || !d->chunks) {
		free(segs);
		return error_oom();
	}
	n = make_segs(segs, steps, ns);
	for (size_t i = 0; i < n && ret == 0; i++) {
		if (segs[i].equal)
			ret = add_chunk(d, steps, segs[i].from, segs[i].to, WDIFF_EQUAL, 0);
		else if ((ret = add_chunk(d, steps, segs[i].from, segs[i].to, WDIFF_DELETE, 1)) ==
			 0)
			ret = add_chunk(d, steps, segs[i].from, segs[i].to, WDIFF_INSERT, 1);
	}
	free(segs);
	return ret;
}

int wdiff_compute(struct wdiff *out, const char *old, const char *new)
{
	size_t budget = WDIFF_MAX_CELLS;

	return wdiff_compute_budget(out, old, new, &budget);
}

int wdiff_compute_budget(struct wdiff *out, const char *old, const char *new, size_t *budget)
{
	struct tokens a, b;
	struct step *steps = NULL;
	size_t ns = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	b.v = NULL;
	if (tokenise(&a, old) < 0 || tokenise(&b, new) < 0)
		goto out;
	if (a.n + b.n > 0 && !(steps = malloc((a.n + b.n) * sizeof(*steps)))) {
		error_oom();
		goto out;
	}
	if (edit_script(steps, &ns, &out->whole, &a, &b, budget) < 0 ||
	    group_steps(out, steps, ns) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		wdiff_release(out);
	free(steps);
	free(a.v);
	free(b.v);
	return ret;
}

void wdiff_release(struct wdiff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_chunks; i++)
		free(d->chunks[i].text);
	free(d->chunks);
	memset(d, 0, sizeof(*d));
}

/* ---- names --------------------------------------------------------------------------- */

static const char *const field_names[FIELD_N] = {
    "title", "severity", "stig_id", "check_text", "fix_text", "ccis", "discussion", "legacy_ids",
};

const char *diff_field_name(enum diff_field f)
{
	return (unsigned)f < FIELD_N ? field_names[f] : "?";
}

enum field_kind diff_field_kind(enum diff_field f)
{
	switch (f) {
	case FIELD_SEVERITY:
	case FIELD_STIG_ID:
		return FIELD_KIND_SCALAR;
	case FIELD_CCIS:
	case FIELD_LEGACY_IDS:
		return FIELD_KIND_SET;
	default:
		return FIELD_KIND_TEXT;
	}
}

const char *rule_status_name(enum rule_status s)
{
	static const char *const names[RULE_N_STATUS] = {"unchanged", "added", "removed", "revised",
							 "changed"};

	return (unsigned)s < RULE_N_STATUS ? names[s] : "?";
}

/* ---- snapshots ----------------------------------------------------------------------- */

struct strset {
	char **v; /* sorted, unique */
	size_t n;
};

struct snap_rule {
	char *vuln;
	uint64_t vnum; /* the V-number, UINT64_MAX when the group id has none */
	char *rule_id;
	char *text[FIELD_N];	    /* SCALAR and TEXT fields, normalised; NULL for SET fields */
	struct strset set[FIELD_N]; /* SET fields */
};

struct snap_bench {
	struct diff_release info;
	struct snap_rule *rules; /* sorted by V-number */
	size_t n_rules;
};

struct diff_side {
	char *path;
	char *only_id;
	struct snap_bench *benches;
	size_t n, cap;
	char skipped[512]; /* ids passed over for ONLY_ID, ", "-joined, for the error message */
};

static void release_info(struct diff_release *r)
{
	free(r->id);
	free(r->title);
	free(r->version);
	free(r->release_info);
	free(r->date);
	free(r->source);
	memset(r, 0, sizeof(*r));
}

static void snap_rule_release(struct snap_rule *r)
{
	free(r->vuln);
	free(r->rule_id);
	for (int f = 0; f < FIELD_N; f++) {
		free(r->text[f]);
		free_strv(r->set[f].v, r->set[f].n);
	}
}

static void snap_bench_release(struct snap_bench *b)
{
	release_info(&b->info);
	for (size_t i = 0; i < b->n_rules; i++)
		snap_rule_release(&b->rules[i]);
	free(b->rules);
}

struct diff_side *diff_side_new(const char *path, const char *only_id)
{
	struct diff_side *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->path = dup_str(path);
	s->only_id = only_id ? dup_str(only_id) : NULL;
	if (!s->path || (only_id && !s->only_id)) {
		diff_side_free(s);
		return NULL;
	}
	return s;
}

void diff_side_free(struct diff_side *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		snap_bench_release(&s->benches[i]);
	free(s->benches);
	free(s->path);
	free(s->only_id);
	free(s);
}

/* "V-228375" from "V-228375" or "xccdf_mil.disa.stig_group_V-228375": the last "V-<digits>". */
static char *vuln_of(const char *group_id, uint64_t *vnum)
{
	const char *best = NULL;
	size_t best_len = 0;

	for (const char *p = group_id; (p = strstr(p, "V-")) != NULL; p++) {
		size_t n = 2;

		/* Not the tail of another token: "SV-1", "CVE-..." */
		if (p > group_id && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		while (p[n] >= '0' && p[n] <= '9')
			n++;
		if (n > 2 && n < 22) {
			best = p;
			best_len = n;
		}
	}
	if (!best) {
		*vnum = UINT64_MAX;
		return dup_str(group_id);
	}
	*vnum = strtoull(best + 2, NULL, 10);
	return dup_mem(best, best_len);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted, duplicate-free copy of V[0..N). */
static int strset_make(struct strset *out, char *const *v, size_t n)
{
	size_t k = 0;

	out->n = 0;
	out->v = n ? calloc(n, sizeof(*out->v)) : NULL;
	if (n && !out->v)
		return error_oom();
	for (size_t i = 0; i < n; i++) {
		if (!(out->v[out->n] = text_normalise(v[i])))
			return error_oom();
		out->n++;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	for (size_t i = 0; i < out->n; i++) {
		if (k && strcmp(out->v[i], out->v[k - 1]) == 0)
			free(out->v[i]);
		else
			out->v[k++] = out->v[i];
	}
	out->n = k;
	return 0;
}

static const char *rule_field(const struct rule *r, enum diff_field f)
{
	switch (f) {
	case FIELD_TITLE:
		return r->title;
	case FIELD_SEVERITY:
		return r->severity;
	case FIELD_STIG_ID:
		return r->stig_id;
	case FIELD_CHECK_TEXT:
		return r->check_text;
	case FIELD_FIX_TEXT:
		return r->fix_text;
	case FIELD_DISCUSSION:
		return r->desc[DESC_VULN_DISCUSSION];
	default:
		return NULL;
	}
}

/* The I-th further check or fix text of R (old DISA benchmarks carry two or three). */
static const char *more_text(const struct rule *r, enum diff_field f, size_t i)
{
	return f == FIELD_CHECK_TEXT ? r->more_checks[i].text : r->more_fixes[i].text;
}

/* Field F of R, normalised; the check and fix texts include any further checks and fixes. */
static char *field_text(const struct rule *r, enum diff_field f)
{
	const char *first = rule_field(r, f);
	size_t n = f == FIELD_CHECK_TEXT ? r->n_more_checks
		   : f == FIELD_FIX_TEXT ? r->n_more_fixes
					 : 0;
	size_t len = strlen(first ? first : "") + 1, k;
	char *joined, *out;

	if (n == 0)
		return text_normalise(first);
	for (size_t i = 0; i < n; i++)
		len += strlen(more_text(r, f, i)) + 1;
	if (!(joined = malloc(len)))
		return NULL;
	k = strlen(first ? first : "");
	memcpy(joined, first ? first : "", k);
	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(more_text(r, f, i));

		joined[k++] = ' ';
		memcpy(joined + k, more_text(r, f, i), m);
		k += m;
	}
	joined[k] = '\0';
	out = text_normalise(joined);
	free(joined);
	return out;
}

static int snap_rule_make(struct snap_rule *out, const struct rule *r)
{
	memset(out, 0, sizeof(*out));
	if (!(out->vuln = vuln_of(r->group_id ? r->group_id : "", &out->vnum)) ||
	    !(out->rule_id = dup_str(r->rule_id)))
		return error_oom();
	for (int f = 0; f < FIELD_N; f++) {
		if (diff_field_kind((enum diff_field)f) != FIELD_KIND_SET) {
			if (!(out->text[f] = field_text(r, (enum diff_field)f)))
				return error_oom();
		}
	}
	if (strset_make(&out->set[FIELD_CCIS], r->ccis, r->n_ccis) < 0 ||
	    strset_make(&out->set[FIELD_LEGACY_IDS], r->legacy_ids, r->n_legacy_ids) < 0)
		return -1;
	return 0;
}

static int cmp_snap_rule(const void *pa, const void *pb)
{
	const struct snap_rule *a = pa, *b = pb;

	if (a->vnum != b->vnum)
		return a->vnum < b->vnum ? -1 : 1;
	return strcmp(a->vuln, b->vuln);
}

static int info_make(struct diff_release *out, const struct benchmark *b)
{
	char ver[64];
	size_t date_len = 0;
	const char *date = benchmark_date(b, &date_len);

	benchmark_short_version(b, ver, sizeof(ver));
	out->present = 1;
	out->n_rules = b->n_rules;
	if (!(out->id = dup_str(b->id)) || !(out->title = text_normalise(b->title)) ||
	    !(out->version = dup_str(ver)) ||
	    !(out->release_info = text_normalise(b->release_info)) ||
	    !(out->date = dup_mem(date ? date : "", date ? date_len : 0)) ||
	    !(out->source = dup_str(b->source)))
		return error_oom();
	return 0;
}

static int snap_bench_make(struct snap_bench *out, const struct benchmark *b)
{
	memset(out, 0, sizeof(*out));
	if (info_make(&out->info, b) < 0)
		return -1;
	if (b->n_rules && !(out->rules = calloc(b->n_rules, sizeof(*out->rules))))
		return error_oom();
	for (size_t i = 0; i < b->n_rules; i++) {
		out->n_rules++;
		if (snap_rule_make(&out->rules[i], &b->rules[i]) < 0)
			return -1;
	}
	if (out->n_rules)
		qsort(out->rules, out->n_rules, sizeof(*out->rules), cmp_snap_rule);
	for (size_t i = 1; i < out->n_rules; i++)
		if (cmp_snap_rule(&out->rules[i - 1], &out->rules[i]) == 0)
			return error_set(ERR_FORMAT,
					 "%s: Vuln id '%s' is used by two rules ('%s', '%s')",
					 b->source, out->rules[i].vuln, out->rules[i - 1].rule_id,
					 out->rules[i].rule_id);
	return 0;
}

/* Remember an id that --stig passed over (once; "..." when the buffer is full). */
static void note_skipped(struct diff_side *s, const char *id)
{
	size_t used = strlen(s->skipped), n = strlen(id);

	for (const char *p = s->skipped; (p = strstr(p, id)) != NULL; p += n)
		if ((p == s->skipped || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return;
	if (used && strcmp(s->skipped + used - 3, "...") == 0)
		return;
	if (used + n + 6 > sizeof(s->skipped)) {
		snprintf(s->skipped + used, sizeof(s->skipped) - used, "%s...", used ? ", " : "");
		return;
	}
	snprintf(s->skipped + used, sizeof(s->skipped) - used, "%s%s", used ? ", " : "", id);
}

int diff_side_add(struct diff_side *s, const struct benchmark *b)
{
	struct snap_bench sb;

	if (s->only_id && strcmp(s->only_id, b->id) != 0) {
		note_skipped(s, b->id);
		return 0;
	}
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->benches[i].info.id, b->id) == 0)
			return error_set(ERR_FORMAT,
					 "%s: benchmark '%s' appears twice (%s and %s); "
					 "compare one release with another, file by file",
					 s->path, b->id, s->benches[i].info.source, b->source);
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 4;
		struct snap_bench *nv = realloc(s->benches, ncap * sizeof(*nv));

		if (!nv)
			return error_oom();
		s->benches = nv;
		s->cap = ncap;
	}
	if (snap_bench_make(&sb, b) < 0) {
		snap_bench_release(&sb);
		return -1;
	}
	s->benches[s->n++] = sb;
	return 0;
}

static int side_visit(const struct benchmark *b, void *ctx)
{
	return diff_side_add(ctx, b);
}

int diff_side_read(struct diff_side **out, const char *path, const char *only_id)
{
	struct diff_side *s = diff_side_new(path, only_id);

	*out = NULL;
	if (!s)
		return error_oom();
	if (benchmark_walk(path, side_visit, NULL, s) < 0) {
		diff_side_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- comparison ---------------------------------------------------------------------- */

/* The rule id from "SV-" on (XCCDF 1.2 prefixes it with "xccdf_mil.disa.stig_rule_"). */
static const char *rule_id_core(const char *id)
{
	const char *sv = strstr(id, "SV-");

	return sv ? sv : id;
}

static int strset_eq(const struct strset *a, const struct strset *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

static char *strset_join(const struct strset *s)
{
	size_t len = 1, k = 0;
	char *out;

	for (size_t i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + 2;
	if (!(out = malloc(len)))
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		size_t n = strlen(s->v[i]);

		if (i) {
			memcpy(out + k, ", ", 2);
			k += 2;
		}
		memcpy(out + k, s->v[i], n);
		k += n;
	}
	out[k] = '\0';
	return out;
}

/* Members of A not in B (both sorted), copied. */
static int strset_minus(char ***out, size_t *n_out, const struct strset *a, const struct strset *b)
{
	size_t j = 0;

	*out = NULL;
	*n_out = 0;
	if (a->n && !(*out = calloc(a->n, sizeof(**out))))
		return error_oom();
	for (size_t i = 0; i < a->n; i++) {
		while (j < b->n && strcmp(b->v[j], a->v[i]) < 0)
			j++;
		if (j < b->n && strcmp(b->v[j], a->v[i]) == 0)
			continue;
		if (!((*out)[*n_out] = dup_str(a->v[i])))
			return error_oom();
		(*n_out)++;
	}
	return 0;
}

static int strset_copy(char ***out, size_t *n_out, const struct strset *s)
{
	static const struct strset empty = {NULL, 0};

	return strset_minus(out, n_out, s, &empty);
}

static void field_change_release(struct field_change *c)
{
	free_strv(c->old_members, c->n_old_members);
	free_strv(c->new_members, c->n_new_members);
	free(c->old_value);
	free(c->new_value);
	wdiff_release(&c->words);
	free_strv(c->removed, c->n_removed);
	free_strv(c->added, c->n_added);
}

static int field_change_make(struct field_change *c, enum diff_field f, const struct snap_rule *a,
			     const struct snap_rule *b, size_t *budget)
{
	memset(c, 0, sizeof(*c));
	c->field = f;
	if (diff_field_kind(f) == FIELD_KIND_SET) {
		if (!(c->old_value = strset_join(&a->set[f])) ||
		    !(c->new_value = strset_join(&b->set[f])))
			return error_oom();
		if (strset_copy(&c->old_members, &c->n_old_members, &a->set[f]) < 0 ||
		    strset_copy(&c->new_members, &c->n_new_members, &b->set[f]) < 0 ||
		    strset_minus(&c->removed, &c->n_removed, &a->set[f], &b->set[f]) < 0 ||
		    strset_minus(&c->added, &c->n_added, &b->set[f], &a->set[f]) < 0)
			return -1;
		return 0;
	}
	if (!(c->old_value = dup_str(a->text[f])) || !(c->new_value = dup_str(b->text[f])))
		return error_oom();
	if (diff_field_kind(f) == FIELD_KIND_TEXT)
		return wdiff_compute_budget(&c->words, a->text[f], b->text[f], budget);
	return 0;
}

static void rule_diff_release(struct rule_diff *r)
{
	free(r->vuln);
	free(r->old_rule_id);
	free(r->new_rule_id);
	free(r->stig_id);
	free(r->title);
	free(r->severity);
	for (size_t i = 0; i < r->n_changes; i++)
		field_change_release(&r->changes[i]);
	free(r->changes);
}

static int field_differs(const struct snap_rule *a, const struct snap_rule *b, enum diff_field f)
{
	if (diff_field_kind(f) == FIELD_KIND_SET)
		return !strset_eq(&a->set[f], &b->set[f]);
	return strcmp(a->text[f], b->text[f]) != 0;
}

/* Fill OUT for old rule A and new rule B, either of which may be NULL. */
static int rule_diff_make(struct rule_diff *out, const struct snap_rule *a,
			  const struct snap_rule *b, size_t *budget)
{
	const struct snap_rule *shown = b ? b : a;

	memset(out, 0, sizeof(*out));
	if (!(out->vuln = dup_str(shown->vuln)) ||
	    !(out->old_rule_id = dup_str(a ? a->rule_id : "")) ||
	    !(out->new_rule_id = dup_str(b ? b->rule_id : "")) ||
	    !(out->stig_id = dup_str(shown->text[FIELD_STIG_ID])) ||
	    !(out->title = dup_str(shown->text[FIELD_TITLE])) ||
	    !(out->severity = dup_str(shown->text[FIELD_SEVERITY])))
		return error_oom();
	if (!a || !b) {
		out->status = a ? RULE_REMOVED : RULE_ADDED;
		return 0;
	}
	if (!(out->changes = calloc(FIELD_N, sizeof(*out->changes))))
		return error_oom();
	for (int f = 0; f < FIELD_N; f++) {
		if (!field_differs(a, b, (enum diff_field)f))
			continue;
		out->n_changes++;
		if (field_change_make(&out->changes[out->n_changes - 1], (enum diff_field)f, a, b,
				      budget) < 0)
			return -1;
	}
	if (strcmp(rule_id_core(a->rule_id), rule_id_core(b->rule_id)) != 0)
		out->status = RULE_REVISED;
	else
		out->status = out->n_changes ? RULE_CHANGED : RULE_UNCHANGED;
	return 0;
}

static void bench_diff_release(struct bench_diff *bd)
{
	release_info(&bd->old);
	release_info(&bd->new);
	for (size_t i = 0; i < bd->n_rules; i++)
		rule_diff_release(&bd->rules[i]);
	free(bd->rules);
}

static int info_copy(struct diff_release *out, const struct diff_release *in)
{
	*out = *in;
	out->id = dup_str(in->id);
	out->title = dup_str(in->title);
	out->version = dup_str(in->version);
	out->release_info = dup_str(in->release_info);
	out->date = dup_str(in->date);
	out->source = dup_str(in->source);
	if (!out->id || !out->title || !out->version || !out->release_info || !out->date ||
	    !out->source)
		return error_oom();
	return 0;
}

/* Merge the two rule lists (sorted by V-number); keep the rules that differ. */
static int bench_diff_rules(struct bench_diff *bd, const struct snap_bench *a,
			    const struct snap_bench *b, size_t *budget)
{
	size_t na = a ? a->n_rules : 0, nb = b ? b->n_rules : 0, i = 0, j = 0;

	if (na + nb && !(bd->rules = calloc(na + nb, sizeof(*bd->rules))))
		return error_oom();
	while (i < na || j < nb) {
		const struct snap_rule *ra = i < na ? &a->rules[i] : NULL;
		const struct snap_rule *rb = j < nb ? &b->rules[j] : NULL;
		struct rule_diff *rd = &bd->rules[bd->n_rules];
		int c = !ra ? 1 : !rb ? -1 : cmp_snap_rule(ra, rb);

		if (rule_diff_make(rd, c <= 0 ? ra : NULL, c >= 0 ? rb : NULL, budget) < 0) {
			rule_diff_release(rd);
			return -1;
		}
		i += c <= 0;
		j += c >= 0;
		bd->counts[rd->status]++;
		if (rd->status == RULE_UNCHANGED)
			rule_diff_release(rd);
		else
			bd->n_rules++;
	}
	return 0;
}

static int bench_diff_make(struct bench_diff *bd, const struct snap_bench *a,
			   const struct snap_bench *b, size_t *budget)
{
	memset(bd, 0, sizeof(*bd));
	if ((a && info_copy(&bd->old, &a->info) < 0) || (b && info_copy(&bd->new, &b->info) < 0))
		return -1;
	bd->ids_differ = a && b && strcmp(a->info.id, b->info.id) != 0;
	return bench_diff_rules(bd, a, b, budget);
}

static int append_bench(struct diff *d, const struct snap_bench *a, const struct snap_bench *b,
			size_t *budget)
{
	struct bench_diff *bd = &d->benches[d->n_benches];

	if (bench_diff_make(bd, a, b, budget) < 0) {
		bench_diff_release(bd);
		return -1;
	}
	d->n_benches++;
	for (int s = 0; s < RULE_N_STATUS; s++)
		d->counts[s] += bd->counts[s];
	return 0;
}

static const char *bench_key(const struct bench_diff *bd)
{
	return bd->old.present ? bd->old.id : bd->new.id;
}

static int cmp_bench(const void *pa, const void *pb)
{
	const struct bench_diff *a = pa, *b = pb;
	int c = strcmp(bench_key(a), bench_key(b));

	/* Keys are unique (ids are unique per side and equal ids pair), the tie-break is
	 * belt and braces so the order never depends on qsort. */
	return c ? c : a->old.present - b->old.present;
}

static int check_sides(const struct diff_side *old, const struct diff_side *new)
{
	const char *only = old->only_id ? old->only_id : new->only_id;

	if (only && old->n == 0 && new->n == 0)
		return error_set(ERR_NOTFOUND,
				 "no benchmark '%s' in %s (it holds: %s) or %s (it holds: %s)",
				 only, old->path, *old->skipped ? old->skipped : "none", new->path,
				 *new->skipped ? new->skipped : "none");
	if (!only && old->n == 0)
		return error_set(ERR_NOTFOUND, "%s: no XCCDF benchmark found", old->path);
	if (!only && new->n == 0)
		return error_set(ERR_NOTFOUND, "%s: no XCCDF benchmark found", new->path);
	return 0;
}

static int pair_sides(struct diff *d, const struct diff_side *old, const struct diff_side *new)
{
	char *used = new->n ? calloc(new->n, 1) : NULL;
	size_t budget = WDIFF_BUDGET_CELLS;
	int ret = -1;

	if (new->n && !used)
		return error_oom();
	for (size_t i = 0; i < old->n; i++) {
		const struct snap_bench *match = NULL;

		for (size_t j = 0; j < new->n && !match; j++)
			if (old->n == 1 && new->n == 1) {
				match = &new->benches[j];
				used[j] = 1;
			} else if (strcmp(old->benches[i].info.id, new->benches[j].info.id) == 0) {
				match = &new->benches[j];
				used[j] = 1;
			}
		if (append_bench(d, &old->benches[i], match, &budget) < 0)
			goto out;
	}
	for (size_t j = 0; j < new->n; j++)
		if (!used[j] && append_bench(d, NULL, &new->benches[j], &budget) < 0)
			goto out;
	if (d->n_benches > 1)
		qsort(d->benches, d->n_benches, sizeof(*d->benches), cmp_bench);
	ret = 0;
out:
	free(used);
	return ret;
}

int diff_compare(struct diff **out, const struct diff_side *old, const struct diff_side *new)
{
	struct diff *d;

	*out = NULL;
	if (check_sides(old, new) < 0)
		return -1;
	if (!(d = calloc(1, sizeof(*d))))
		return error_oom();
	d->old_path = dup_str(old->path);
	d->new_path = dup_str(new->path);
	d->benches = calloc(old->n + new->n, sizeof(*d->benches));
	if (!d->old_path || !d->new_path || !d->benches) {
		diff_free(d);
		return error_oom();
	}
	if (pair_sides(d, old, new) < 0) {
		diff_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_benches; i++)
		bench_diff_release(&d->benches[i]);
	free(d->benches);
	free(d->old_path);
	free(d->new_path);
	free(d);
}

int diff_has_differences(const struct diff *d)
{
	for (size_t i = 0; i < d->n_benches; i++) {
		const struct bench_diff *bd = &d->benches[i];

		if (bd->n_rules || bd->ids_differ || !bd->old.present || !bd->new.present)
			return 1;
	}
	return 0;
}
