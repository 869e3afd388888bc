/*
 * test_diff.c - release comparison on benchmarks built by hand, and the word diff
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <jansson.h>

#include "diff.h"
#include "error.h"

/* ---- building benchmarks ---------------------------------------------------------------- */

struct rule_spec {
	const char *group, *rule_id, *stig_id, *severity, *title, *check, *fix, *discussion;
	const char *ccis[4];   /* NULL-terminated */
	const char *legacy[4]; /* NULL-terminated */
};

static char empty[] = "";

static char *S(const char *s)
{
	return s ? (char *)s : empty;
}

static size_t count_strs(const char *const *v)
{
	size_t n = 0;

	while (n < 4 && v[n])
		n++;
	return n;
}

static void fill_rule(struct rule *r, const struct rule_spec *s)
{
	memset(r, 0, sizeof(*r));
	r->group_id = S(s->group);
	r->group_title = empty;
	r->rule_id = S(s->rule_id);
	r->stig_id = S(s->stig_id);
	r->severity = S(s->severity ? s->severity : "medium");
	r->weight = empty;
	r->title = S(s->title);
	r->description = empty;
	for (int f = 0; f < DESC_N_FIELDS; f++)
		r->desc[f] = empty;
	r->desc[DESC_VULN_DISCUSSION] = S(s->discussion);
	r->fix_text = S(s->fix);
	r->fix_id = r->check_system = r->check_ref_href = r->check_ref_name = empty;
	r->check_text = S(s->check);
	r->ccis = (char **)s->ccis;
	r->n_ccis = count_strs(s->ccis);
	r->legacy_ids = (char **)s->legacy;
	r->n_legacy_ids = count_strs(s->legacy);
	r->ref_title = r->ref_publisher = r->ref_type = r->ref_subject = r->ref_identifier = empty;
}

/* A benchmark on the heap holding N rules; the strings are borrowed from the specs. */
static struct benchmark *make_bench(const char *id, const char *version, const char *release,
				    const char *source, const struct rule_spec *specs, size_t n)
{
	struct benchmark *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->id = S(id);
	b->xccdf_version = S("1.1");
	b->title = S("Test STIG");
	b->description = b->status = b->status_date = b->notice = empty;
	b->ref_publisher = b->ref_source = b->generator = empty;
	b->version = S(version);
	b->release_info = S(release);
	b->source = S(source);
	b->rules = calloc(n ? n : 1, sizeof(*b->rules));
	assert_non_null(b->rules);
	for (size_t i = 0; i < n; i++)
		fill_rule(&b->rules[i], &specs[i]);
	b->n_rules = n;
	return b;
}

static void drop_bench(struct benchmark *b)
{
	free(b->rules);
	free(b);
}

/* Compare two single-benchmark sides. */
static struct diff *compare_one(const struct benchmark *a, const struct benchmark *b)
{
	struct diff_side *sa = diff_side_new("old.xml", NULL), *sb = diff_side_new("new.xml", NULL);
	struct diff *d = NULL;

	assert_non_null(sa);
	assert_non_null(sb);
	assert_int_equal(diff_side_add(sa, a), 0);
	assert_int_equal(diff_side_add(sb, b), 0);
	assert_int_equal(diff_compare(&d, sa, sb), 0);
	diff_side_free(sa);
	diff_side_free(sb);
	return d;
}

static const struct rule_diff *find_rule(const struct bench_diff *bd, const char *vuln)
{
	for (size_t i = 0; i < bd->n_rules; i++)
		if (strcmp(bd->rules[i].vuln, vuln) == 0)
			return &bd->rules[i];
	return NULL;
}

static const struct field_change *find_field(const struct rule_diff *r, enum diff_field f)
{
	for (size_t i = 0; i < r->n_changes; i++)
		if (r->changes[i].field == f)
			return &r->changes[i];
	return NULL;
}

/* Render with a writer into a new string. */
static char *render(int (*writer)(FILE *, const struct diff *), const struct diff *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(writer(f, d), 0);
	fclose(f);
	return buf;
}

/* ---- word diff -------------------------------------------------------------------------- */

static void test_normalise(void **state)
{
	char *a = text_normalise("  one \t two\r\n\n three  ");
	char *b = text_normalise("");
	char *c = text_normalise(NULL);
	char *d = text_normalise(" \n\t ");

	(void)state;
	assert_string_equal(a, "one two three");
	assert_string_equal(b, "");
	assert_string_equal(c, "");
	assert_string_equal(d, "");
	free(a);
	free(b);
	free(c);
	free(d);
}

static void expect_chunks(const struct wdiff *d, const char *const *want)
{
	size_t n = 0;

	while (want[2 * n])
		n++;
	assert_int_equal(d->n_chunks, n);
	for (size_t i = 0; i < n; i++) {
		enum wdiff_op op = want[2 * i][0] == '='   ? WDIFF_EQUAL
				   : want[2 * i][0] == '-' ? WDIFF_DELETE
							   : WDIFF_INSERT;

		assert_int_equal(d->chunks[i].op, op);
		assert_string_equal(d->chunks[i].text, want[2 * i + 1]);
	}
}

static void test_wdiff_simple(void **state)
{
	struct wdiff d;
	static const char *const want1[] = {"=",    "the", "-",		"quick", "+",
					    "slow", "=",   "brown fox", NULL};
	static const char *const want2[] = {"=", "a", "-", "b", "+", "x", "=",
					    "c", "-", "d", "+", "y", NULL};
	static const char *const want3[] = {"-", "a b c", "+", "x y z", NULL};
	static const char *const want4[] = {"=", "keep", "+", "new words", "=", "end", NULL};

	(void)state;
	assert_int_equal(wdiff_compute(&d, "the quick  brown\nfox", "the slow brown fox"), 0);
	expect_chunks(&d, want1);
	assert_int_equal(d.whole, 0);
	wdiff_release(&d);
	assert_int_equal(wdiff_compute(&d, "a b c d", "a x c y"), 0);
	expect_chunks(&d, want2);
	wdiff_release(&d);
	/* Interleaved deletions and insertions come out grouped: all removed, then all added. */
	assert_int_equal(wdiff_compute(&d, "a b c", "x y z"), 0);
	expect_chunks(&d, want3);
	wdiff_release(&d);
	assert_int_equal(wdiff_compute(&d, "keep end", "keep new words end"), 0);
	expect_chunks(&d, want4);
	wdiff_release(&d);
}

static void test_wdiff_empty(void **state)
{
	struct wdiff d;
	static const char *const ins[] = {"+", "a b", NULL};
	static const char *const del[] = {"-", "a b", NULL};
	static const char *const none[] = {NULL};
	static const char *const same[] = {"=", "a b", NULL};

	(void)state;
	assert_int_equal(wdiff_compute(&d, "", "a  b"), 0);
	expect_chunks(&d, ins);
	wdiff_release(&d);
	assert_int_equal(wdiff_compute(&d, "a b", " "), 0);
	expect_chunks(&d, del);
	wdiff_release(&d);
	assert_int_equal(wdiff_compute(&d, "", NULL), 0);
	expect_chunks(&d, none);
	wdiff_release(&d);
	assert_int_equal(wdiff_compute(&d, "a b", "a\tb"), 0);
	expect_chunks(&d, same);
	wdiff_release(&d);
}

/* Longest common subsequence of two strings, by the textbook table (independent of diff.c). */
static size_t lcs_len(const char *a, const char *b)
{
	size_t m = strlen(a), n = strlen(b), r;
	size_t *t = calloc((m + 1) * (n + 1), sizeof(*t));

	assert_non_null(t);
	for (size_t i = 1; i <= m; i++)
		for (size_t j = 1; j <= n; j++)
			if (a[i - 1] == b[j - 1])
				t[i * (n + 1) + j] = t[(i - 1) * (n + 1) + j - 1] + 1;
			else if (t[(i - 1) * (n + 1) + j] > t[i * (n + 1) + j - 1])
				t[i * (n + 1) + j] = t[(i - 1) * (n + 1) + j];
			else
				t[i * (n + 1) + j] = t[i * (n + 1) + j - 1];
	r = t[m * (n + 1) + n];
	free(t);
	return r;
}

/* The one-letter words of TEXT appended to BUF, without the spaces. */
static void append_letters(char *buf, const char *text)
{
	size_t k = strlen(buf);

	for (const char *p = text; *p; p++)
		if (*p != ' ')
			buf[k++] = *p;
	buf[k] = '\0';
}

/* A change between two equal chunks: its removed and added words, as letters. */
struct group {
	char del[64], ins[64];
};

static size_t group_size(const struct group *g)
{
	size_t d = strlen(g->del), i = strlen(g->ins);

	return d > i ? d : i;
}

/*
 * Check one diff of one-letter-word texts OLD and NEW (as letter strings): it rebuilds both,
 * a change lists its removed words before its added ones, and the alignment is optimal: the
 * equal words plus what each change's two sides still have in common (the short equal runs
 * folded into changes) make the longest common subsequence, and only a change made by folding
 * has words in common. No equal run that the folding rule would fold is left between two
 * changes.
 */
static void check_diff(const struct wdiff *d, const char *old, const char *new)
{
	char ro[64] = "", rn[64] = "";
	struct group g[64];
	size_t eq_len[64], ng = 0, common = 0;
	int in_group = 0;

	memset(g, 0, sizeof(g));
	for (size_t i = 0; i < d->n_chunks; i++) {
		const struct wdiff_chunk *c = &d->chunks[i];

		assert_true(c->text[0] != '\0');
		if (c->op != WDIFF_INSERT)
			append_letters(ro, c->text);
		if (c->op != WDIFF_DELETE)
			append_letters(rn, c->text);
		if (c->op == WDIFF_EQUAL) {
			assert_true(i == 0 || d->chunks[i - 1].op != WDIFF_EQUAL);
			eq_len[ng] = (strlen(c->text) + 1) / 2;
			common += eq_len[ng];
			in_group = 0;
			continue;
		}
		if (!in_group) {
			ng++;
			in_group = 1;
		}
		assert_true(c->op == WDIFF_INSERT || g[ng - 1].ins[0] == '\0');
		append_letters(c->op == WDIFF_DELETE ? g[ng - 1].del : g[ng - 1].ins, c->text);
	}
	assert_string_equal(ro, old);
	assert_string_equal(rn, new);
	for (size_t k = 0; k < ng; k++) {
		size_t in_both = lcs_len(g[k].del, g[k].ins);

		/* Only folding leaves common words inside a change (an optimal alignment has no
		 * other), and a fold joins changes of 3 or more words around 1 or more: 4 at least
		 * on one side. */
		assert_true(in_both == 0 || group_size(&g[k]) >= 4);
		common += in_both;
	}
	assert_int_equal(common, lcs_len(old, new));
	/* eq_len[k] is the equal run just before change k (k >= 1 means after change k-1). */
	for (size_t k = 1; k < ng; k++)
		assert_false(2 * eq_len[k] < group_size(&g[k - 1]) &&
			     2 * eq_len[k] < group_size(&g[k]));
}

/* Random texts over a tiny vocabulary, checked as check_diff says. */
static void test_wdiff_random(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		char old[64] = "", new[64] = "", old_text[128] = "", new_text[128] = "";
		size_t m, n;
		struct wdiff d;

		seed = seed * 1103515245u + 12345u;
		m = (seed >> 16) % 30;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 30;
		for (size_t i = 0; i < m + n; i++) {
			char *letters = i < m ? old : new, *text = i < m ? old_text : new_text;
			size_t k = strlen(letters), t = strlen(text);

			seed = seed * 1103515245u + 12345u;
			letters[k] = (char)('a' + (seed >> 16) % 5);
			letters[k + 1] = '\0';
			snprintf(text + t, 128 - t, "%s%c", t ? " " : "", letters[k]);
		}
		assert_int_equal(wdiff_compute(&d, old_text, new_text), 0);
		check_diff(&d, old, new);
		wdiff_release(&d);
	}
}

/* A common word inside a rewritten sentence is folded into the change; a short edit is not. */
static void test_wdiff_fold(void **state)
{
	struct wdiff d;
	static const char *const folded[] = {"=", "keep",
					     "-", "one two three mid four five six",
					     "+", "uno dos tres mid cuatro cinco seis",
					     "=", "end",
					     NULL};
	static const char *const kept[] = {"=", "keep", "-", "one two",	  "+", "uno dos",
					   "=", "mid",	"-", "four five", "+", "cuatro cinco",
					   "=", "end",	NULL};

	(void)state;
	assert_int_equal(wdiff_compute(&d, "keep one two three mid four five six end",
				       "keep uno dos tres mid cuatro cinco seis end"),
			 0);
	expect_chunks(&d, folded);
	wdiff_release(&d);
	/* Two-word changes around one common word: 2 x 1 is not less than 2, kept apart. */
	assert_int_equal(wdiff_compute(&d, "keep one two mid four five end",
				       "keep uno dos mid cuatro cinco end"),
			 0);
	expect_chunks(&d, kept);
	wdiff_release(&d);
}

static char *big_text(size_t words, const char *prefix)
{
	size_t cap = words * 16 + 1, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	for (size_t i = 0; i < words; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s%s%zu", i ? " " : "", prefix, i);
	return s;
}

/* Huge inputs stay bounded: common ends are linear, an unalignable middle is replaced whole. */
static void test_wdiff_large(void **state)
{
	char *a = big_text(200000, "a"), *b = big_text(200000, "b"), *c;
	struct wdiff d;
	clock_t t0 = clock();

	(void)state;
	assert_int_equal(wdiff_compute(&d, a, b), 0);
	assert_int_equal(d.whole, 1);
	assert_int_equal(d.n_chunks, 2);
	assert_int_equal(d.chunks[0].op, WDIFF_DELETE);
	assert_int_equal(d.chunks[1].op, WDIFF_INSERT);
	wdiff_release(&d);

	/* One word changed in the middle of 200,000: aligned exactly via the common ends. */
	c = strdup(a);
	assert_non_null(c);
	memcpy(strstr(c, " a100000 ") + 1, "X100000", 7);
	assert_int_equal(wdiff_compute(&d, a, c), 0);
	assert_int_equal(d.whole, 0);
	assert_int_equal(d.n_chunks, 4);
	assert_string_equal(d.chunks[1].text, "a100000");
	assert_string_equal(d.chunks[2].text, "X100000");
	wdiff_release(&d);

	/* Just under the cell bound is aligned, just over it is not. */
	free(a);
	free(b);
	a = big_text(1999, "w");
	b = big_text(1999, "w");
	memcpy(b, "Q", 1); /* first word differs: no common prefix */
	assert_int_equal(wdiff_compute(&d, a, b), 0);
	assert_int_equal(d.whole, 0);
	wdiff_release(&d);
	free(a);
	free(b);
	a = big_text(2100, "p");
	b = big_text(2100, "q");
	assert_int_equal(wdiff_compute(&d, a, b), 0);
	assert_int_equal(d.whole, 1);
	wdiff_release(&d);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	free(a);
	free(b);
	free(c);
}

/* The alignment work is drawn from a budget; a text that needs more than is left is whole. */
static void test_wdiff_budget(void **state)
{
	struct wdiff d;
	size_t budget = 100;

	(void)state;
	/* Middle "b c d" / "x c y": (3 + 1) x (3 + 1) = 16 cells. */
	assert_int_equal(wdiff_compute_budget(&d, "a b c d e", "a x c y e", &budget), 0);
	assert_int_equal(d.whole, 0);
	assert_int_equal(d.n_chunks, 7);
	assert_int_equal(budget, 84);
	wdiff_release(&d);
	budget = 15;
	assert_int_equal(wdiff_compute_budget(&d, "a b c d e", "a x c y e", &budget), 0);
	assert_int_equal(d.whole, 1);
	assert_int_equal(d.n_chunks, 4);
	assert_string_equal(d.chunks[1].text, "b c d");
	assert_string_equal(d.chunks[2].text, "x c y");
	assert_int_equal(budget, 15);
	wdiff_release(&d);
}

/* ---- rule comparison ---------------------------------------------------------------------- */

static const struct rule_spec old_rules[] = {
    {"V-4", "SV-4r1_rule", "EX-004", NULL, "Four", "check four", "fix four", "", {NULL}, {NULL}},
    {"V-1",
     "SV-1r1_rule",
     "EX-001",
     NULL,
     "One",
     "check one",
     "fix one",
     "why one",
     {"CCI-000001", "CCI-000002", NULL},
     {"SV-901", "V-801", NULL}},
    {"V-2",
     "SV-2r1_rule",
     "EX-002",
     NULL,
     "Two",
     "Get-Thing | Select Name",
     "fix two",
     "",
     {"CCI-000002", NULL},
     {NULL}},
    {"V-3",
     "SV-3r1_rule",
     "EX-003",
     "low",
     "Three",
     "check three",
     "fix three",
     "",
     {NULL},
     {NULL}},
    {"V-10", "SV-10r1_rule", "EX-010", NULL, "Ten", "check ten", "fix ten", "", {NULL}, {NULL}},
};

static const struct rule_spec new_rules[] = {
    /* unchanged apart from whitespace and CCI order */
    {"V-1",
     "SV-1r1_rule",
     "EX-001",
     NULL,
     "One",
     " check\n\tone ",
     "fix  one",
     "why\r\none",
     {"CCI-000002", "CCI-000001", "CCI-000002", NULL},
     {"V-801", "SV-901", NULL}},
    /* revised: new revision, check text edited, a CCI swapped */
    {"V-2",
     "SV-2r7_rule",
     "EX-002",
     NULL,
     "Two",
     "Get-Thing | Select Name, Value",
     "fix two",
     "",
     {"CCI-000003", NULL},
     {NULL}},
    /* changed without a new revision: title, severity and STIG id */
    {"V-3",
     "SV-3r1_rule",
     "EX-030",
     "high",
     "Three again",
     "check three",
     "fix three",
     "",
     {NULL},
     {NULL}},
    {"V-10", "SV-10r1_rule", "EX-010", NULL, "Ten", "check ten", "fix ten", "", {NULL}, {NULL}},
    {"V-5", "SV-5r2_rule", "EX-005", NULL, "Five", "check five", "fix five", "", {NULL}, {NULL}},
};

static void test_compare_statuses(void **state)
{
	struct benchmark *a = make_bench("X_STIG", "1", "Release: 1 Benchmark Date: 01 Jan 2020",
					 "old.xml", old_rules, 5);
	struct benchmark *b = make_bench("X_STIG", "1", "Release: 2 Benchmark Date: 01 Jan 2021",
					 "new.xml", new_rules, 5);
	struct diff *d = compare_one(a, b);
	const struct bench_diff *bd;
	const struct rule_diff *r;
	const struct field_change *c;

	(void)state;
	assert_int_equal(d->n_benches, 1);
	bd = &d->benches[0];
	assert_int_equal(bd->ids_differ, 0);
	assert_int_equal(bd->counts[RULE_ADDED], 1);
	assert_int_equal(bd->counts[RULE_REMOVED], 1);
	assert_int_equal(bd->counts[RULE_REVISED], 1);
	assert_int_equal(bd->counts[RULE_CHANGED], 1);
	assert_int_equal(bd->counts[RULE_UNCHANGED], 2);
	assert_int_equal(bd->n_rules, 4);
	/* Ordered by V-number as a number: V-2, V-3, V-4, V-5 (V-10 is unchanged). */
	assert_string_equal(bd->rules[0].vuln, "V-2");
	assert_string_equal(bd->rules[3].vuln, "V-5");
	assert_null(find_rule(bd, "V-1"));

	r = find_rule(bd, "V-2");
	assert_int_equal(r->status, RULE_REVISED);
	assert_string_equal(r->old_rule_id, "SV-2r1_rule");
	assert_string_equal(r->new_rule_id, "SV-2r7_rule");
	assert_int_equal(r->n_changes, 2);
	c = find_field(r, FIELD_CHECK_TEXT);
	assert_non_null(c);
	assert_int_equal(c->words.n_chunks, 3);
	assert_string_equal(c->words.chunks[0].text, "Get-Thing | Select");
	assert_int_equal(c->words.chunks[1].op, WDIFF_DELETE);
	assert_string_equal(c->words.chunks[1].text, "Name");
	assert_string_equal(c->words.chunks[2].text, "Name, Value");
	c = find_field(r, FIELD_CCIS);
	assert_non_null(c);
	assert_int_equal(c->n_removed, 1);
	assert_string_equal(c->removed[0], "CCI-000002");
	assert_int_equal(c->n_added, 1);
	assert_string_equal(c->added[0], "CCI-000003");

	r = find_rule(bd, "V-3");
	assert_int_equal(r->status, RULE_CHANGED);
	assert_int_equal(r->n_changes, 3);
	assert_int_equal(r->changes[0].field, FIELD_TITLE);
	assert_int_equal(r->changes[1].field, FIELD_SEVERITY);
	assert_string_equal(r->changes[1].old_value, "low");
	assert_string_equal(r->changes[1].new_value, "high");
	assert_int_equal(r->changes[2].field, FIELD_STIG_ID);
	assert_string_equal(r->stig_id, "EX-030");

	r = find_rule(bd, "V-4");
	assert_int_equal(r->status, RULE_REMOVED);
	assert_string_equal(r->new_rule_id, "");
	assert_string_equal(r->title, "Four");
	r = find_rule(bd, "V-5");
	assert_int_equal(r->status, RULE_ADDED);
	assert_string_equal(r->old_rule_id, "");
	assert_int_equal(diff_has_differences(d), 1);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

/* Whitespace churn, CCI order and repeated CCIs are not differences. */
static void test_compare_same(void **state)
{
	struct benchmark *a = make_bench("X", "1", "", "old.xml", old_rules + 1, 1);
	struct benchmark *b = make_bench("X", "1", "", "new.xml", new_rules, 1);
	struct diff *d = compare_one(a, b);

	(void)state;
	assert_int_equal(d->benches[0].n_rules, 0);
	assert_int_equal(d->counts[RULE_UNCHANGED], 1);
	assert_int_equal(diff_has_differences(d), 0);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

/* XCCDF 1.2 ids carry the same V-number and rule id inside a longer id. */
static void test_compare_xccdf12_ids(void **state)
{
	static const struct rule_spec r12[] = {
	    {"xccdf_mil.disa.stig_group_V-1",
	     "xccdf_mil.disa.stig_rule_SV-1r1_rule",
	     "EX-001",
	     NULL,
	     "One",
	     "check one",
	     "fix one",
	     "why one",
	     {"CCI-000001", "CCI-000002", NULL},
	     {"SV-901", "V-801", NULL}},
	};
	struct benchmark *a = make_bench("X", "1", "", "old.xml", old_rules + 1, 1);
	struct benchmark *b = make_bench("X", "1", "", "new.xml", r12, 1);
	struct diff *d = compare_one(a, b);

	(void)state;
	assert_int_equal(d->counts[RULE_UNCHANGED], 1);
	assert_int_equal(diff_has_differences(d), 0);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

static void test_pairing(void **state)
{
	struct benchmark *m1 = make_bench("MBX", "1", "", "p1:m.xml", old_rules, 2);
	struct benchmark *e1 = make_bench("EDGE", "1", "", "p1:e.xml", old_rules, 3);
	struct benchmark *m2 = make_bench("MBX", "1", "", "p2:m.xml", new_rules, 2);
	struct benchmark *z2 = make_bench("ZZZ", "1", "", "p2:z.xml", new_rules, 1);
	struct diff_side *sa = diff_side_new("p1", NULL), *sb = diff_side_new("p2", NULL);
	struct diff *d;

	(void)state;
	assert_int_equal(diff_side_add(sa, m1), 0);
	assert_int_equal(diff_side_add(sa, e1), 0);
	assert_int_equal(diff_side_add(sb, z2), 0);
	assert_int_equal(diff_side_add(sb, m2), 0);
	/* The same benchmark twice on one side cannot be paired. */
	assert_int_equal(diff_side_add(sb, m2), -1);
	assert_non_null(strstr(error_message(), "'MBX' appears twice"));
	assert_int_equal(diff_compare(&d, sa, sb), 0);
	assert_int_equal(d->n_benches, 3);
	/* By id: EDGE (old only), MBX (both), ZZZ (new only). */
	assert_string_equal(d->benches[0].old.id, "EDGE");
	assert_int_equal(d->benches[0].new.present, 0);
	assert_int_equal(d->benches[0].counts[RULE_REMOVED], 3);
	assert_string_equal(d->benches[1].old.id, "MBX");
	assert_string_equal(d->benches[1].new.source, "p2:m.xml");
	assert_int_equal(d->benches[2].old.present, 0);
	assert_int_equal(d->benches[2].counts[RULE_ADDED], 1);
	assert_int_equal(d->counts[RULE_REMOVED], 3 + 1);
	diff_free(d);
	diff_side_free(sa);
	diff_side_free(sb);

	/* One benchmark a side: compared whatever the ids, and said so. */
	sa = diff_side_new("a", NULL);
	sb = diff_side_new("b", NULL);
	assert_int_equal(diff_side_add(sa, e1), 0);
	assert_int_equal(diff_side_add(sb, z2), 0);
	assert_int_equal(diff_compare(&d, sa, sb), 0);
	assert_int_equal(d->n_benches, 1);
	assert_int_equal(d->benches[0].ids_differ, 1);
	assert_int_equal(diff_has_differences(d), 1);
	diff_free(d);
	diff_side_free(sa);
	diff_side_free(sb);

	/* --stig keeps one benchmark; absent on one side it is reported as one-sided. */
	sa = diff_side_new("p1", "EDGE");
	sb = diff_side_new("p2", "EDGE");
	assert_int_equal(diff_side_add(sa, m1), 0);
	assert_int_equal(diff_side_add(sa, e1), 0);
	assert_int_equal(diff_side_add(sb, m2), 0);
	assert_int_equal(diff_compare(&d, sa, sb), 0);
	assert_int_equal(d->n_benches, 1);
	assert_string_equal(d->benches[0].old.id, "EDGE");
	assert_int_equal(d->benches[0].new.present, 0);
	diff_free(d);
	diff_side_free(sa);
	diff_side_free(sb);
	drop_bench(m1);
	drop_bench(e1);
	drop_bench(m2);
	drop_bench(z2);
}

static void test_errors(void **state)
{
	static const struct rule_spec dup[] = {
	    {"V-7", "SV-7r1_rule", "", NULL, "", "", "", "", {NULL}, {NULL}},
	    {"V-7", "SV-7r2_rule", "", NULL, "", "", "", "", {NULL}, {NULL}},
	};
	struct benchmark *b = make_bench("X", "1", "", "pkg.zip:x.xml", dup, 2);
	struct diff_side *sa = diff_side_new("pkg.zip", NULL), *sb = diff_side_new("new", NULL);
	struct diff *d = NULL;

	(void)state;
	assert_int_equal(diff_side_add(sa, b), -1);
	assert_string_equal(error_message(),
			    "pkg.zip:x.xml: Vuln id 'V-7' is used by two rules ('SV-7r1_rule', "
			    "'SV-7r2_rule')");
	/* Nothing was kept of the bad benchmark: the side is empty, and that is an error. */
	assert_int_equal(diff_compare(&d, sa, sb), -1);
	assert_null(d);
	assert_int_equal(error_kind(), ERR_NOTFOUND);
	assert_string_equal(error_message(), "pkg.zip: no XCCDF benchmark found");
	diff_side_free(sa);
	diff_side_free(sb);
	sa = diff_side_new("a", "NOPE");
	sb = diff_side_new("b", "NOPE");
	assert_int_equal(diff_side_add(sa, b), 0); /* ignored: another id */
	assert_int_equal(diff_compare(&d, sa, sb), -1);
	assert_string_equal(error_message(),
			    "no benchmark 'NOPE' in a (it holds: X) or b (it holds: "
			    "none)");
	diff_side_free(sa);
	diff_side_free(sb);

	/* The ids passed over are listed once each, and the list is cut short with "...". */
	sa = diff_side_new("lib", "NOPE");
	sb = diff_side_new("b", "NOPE");
	for (int i = 0; i < 40; i++) {
		char id[40];

		snprintf(id, sizeof(id), "A_LONG_BENCHMARK_ID_%02d", i % 30);
		b->id = id;
		assert_int_equal(diff_side_add(sa, b), 0);
	}
	assert_int_equal(diff_compare(&d, sa, sb), -1);
	assert_non_null(strstr(error_message(), "(it holds: A_LONG_BENCHMARK_ID_00, "
						"A_LONG_BENCHMARK_ID_01, "));
	assert_non_null(strstr(error_message(), ", ...) or b (it holds: none)"));
	assert_null(strstr(strstr(error_message(), "_ID_00") + 1, "_ID_00"));
	diff_side_free(sa);
	diff_side_free(sb);
	b->id = empty;
	drop_bench(b);
}

/* A rule's further checks and fixes are part of its check and fix texts. */
static void test_compare_more_checks(void **state)
{
	static const struct rule_spec one[] = {
	    {"V-1", "SV-1r1_rule", "", NULL, "t", "first check", "first fix", "", {NULL}, {NULL}},
	};
	struct benchmark *a = make_bench("X", "1", "", "o", one, 1);
	struct benchmark *b = make_bench("X", "1", "", "n", one, 1);
	struct rule_check ca = {empty, empty, empty, (char *)"second check"};
	struct rule_check cb = {empty, empty, empty, (char *)"other check"};
	struct rule_fix fb = {empty, (char *)"second fix"};
	struct diff *d;
	const struct field_change *c;

	(void)state;
	a->rules[0].more_checks = &ca;
	a->rules[0].n_more_checks = 1;
	b->rules[0].more_checks = &cb;
	b->rules[0].n_more_checks = 1;
	b->rules[0].more_fixes = &fb;
	b->rules[0].n_more_fixes = 1;
	d = compare_one(a, b);
	assert_int_equal(d->counts[RULE_CHANGED], 1);
	c = find_field(&d->benches[0].rules[0], FIELD_CHECK_TEXT);
	assert_non_null(c);
	assert_string_equal(c->old_value, "first check second check");
	assert_string_equal(c->new_value, "first check other check");
	c = find_field(&d->benches[0].rules[0], FIELD_FIX_TEXT);
	assert_non_null(c);
	assert_string_equal(c->new_value, "first fix second fix");
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

/* ---- writers ----------------------------------------------------------------------------- */

static const struct rule_spec mb_old[] = {
    {"V-228375",
     "SV-228375r612748_rule",
     "EX16-MB-000220",
     NULL,
     "Connectors | must *encrypt*",
     "For each Receive connector, if the value of AuthMechanism is not set to Tls, this is a "
     "finding.",
     "Set-ReceiveConnector -AuthMechanism 'Tls'",
     "",
     {"CCI-001184", NULL},
     {NULL}},
};
static const struct rule_spec mb_new[] = {
    {"V-228375",
     "SV-228375r879636_rule",
     "EX16-MB-000220",
     NULL,
     "Connectors | must *encrypt*",
     "Note: other mechanisms are allowed. For each Receive connector, if the value of "
     "AuthMechanism does not include Tls, this is a finding.",
     "Set-ReceiveConnector -AuthMechanism 'Tls'",
     "",
     {"CCI-001184", "CCI-000068", NULL},
     {NULL}},
};

static struct diff *writer_diff(struct benchmark **a, struct benchmark **b)
{
	*a = make_bench("MBX_STIG", "2", "Release: 4 Benchmark Date: 27 Apr 2022", "old.xml",
			mb_old, 1);
	*b = make_bench("MBX_STIG", "2", "Release: 6 Benchmark Date: 24 Jan 2024", "new.xml",
			mb_new, 1);
	return compare_one(*a, *b);
}

static void test_write_table(void **state)
{
	struct benchmark *a, *b;
	struct diff *d = writer_diff(&a, &b);
	char *out = render(diff_write_table, d);

	(void)state;
	assert_non_null(strstr(out, "added 0, removed 0, revised 1, changed 0, unchanged 0\n"));
	assert_non_null(strstr(out, "V-228375  SV-228375 revised r612748 \u2192 r879636  "
				    "EX16-MB-000220  Connectors | must *encrypt*\n"));
	assert_non_null(strstr(out, "    check_text: {+Note: other mechanisms are allowed.+} For "
				    "each Receive connector, if the value of AuthMechanism "
				    "[-is-]{+does+} not [-set to-]{+include+} Tls, this is a "
				    "finding.\n"));
	assert_non_null(strstr(out, "    ccis: +CCI-000068\n"));
	free(out);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

static void test_write_json(void **state)
{
	struct benchmark *a, *b;
	struct diff *d = writer_diff(&a, &b);
	char *out = render(diff_write_json, d);
	json_error_t jerr;
	json_t *root = json_loads(out, 0, &jerr), *bench, *rule, *ccis, *diff0;

	(void)state;
	assert_non_null(root);
	assert_true(json_is_true(json_object_get(root, "differences")));
	bench = json_array_get(json_object_get(root, "benchmarks"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(bench, "old"), "version")), "V2R4");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(bench, "summary"), "revised")), 1);
	rule = json_array_get(json_object_get(bench, "rules"), 0);
	assert_string_equal(json_string_value(json_object_get(rule, "status")), "revised");
	assert_string_equal(json_string_value(json_object_get(rule, "old_rule_id")),
			    "SV-228375r612748_rule");
	ccis = json_object_get(json_object_get(rule, "fields"), "ccis");
	assert_string_equal(json_string_value(json_array_get(json_object_get(ccis, "added"), 0)),
			    "CCI-000068");
	assert_int_equal(json_array_size(json_object_get(ccis, "new")), 2);
	diff0 = json_array_get(
	    json_object_get(json_object_get(json_object_get(rule, "fields"), "check_text"), "diff"),
	    0);
	assert_string_equal(json_string_value(json_object_get(diff0, "op")), "+");
	assert_string_equal(json_string_value(json_object_get(diff0, "text")),
			    "Note: other mechanisms are allowed.");
	assert_null(json_object_get(json_object_get(rule, "fields"), "title"));
	json_decref(root);
	free(out);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

static void test_write_markdown(void **state)
{
	struct benchmark *a, *b;
	struct diff *d = writer_diff(&a, &b);
	char *out = render(diff_write_markdown, d);

	(void)state;
	assert_non_null(strstr(out, "| Version | V2R4 | V2R6 |\n"));
	assert_non_null(strstr(out, "| 0 | 0 | 1 | 0 | 0 |\n"));
	assert_non_null(strstr(out, "### Revised (1)\n"));
	/* STIG text cannot break the layout: | * and quotes are escaped or harmless. */
	assert_non_null(strstr(out, "#### V-228375 \u00b7 EX16-MB-000220 \u00b7 Connectors \\| "
				    "must \\*encrypt\\*\n"));
	assert_non_null(strstr(out, "Rule SV-228375 revised r612748 \u2192 r879636.\n"));
	assert_non_null(strstr(out, "- **Check text**: {+Note: other mechanisms are allowed.+}"));
	assert_non_null(strstr(out, "- **CCIs**: +CCI-000068\n"));
	assert_null(strstr(out, "Connectors | must"));
	free(out);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

/* Long unchanged stretches are shortened around the change in the table. */
static void test_write_context(void **state)
{
	static const struct rule_spec o[] = {
	    {"V-1",
	     "SV-1r1_rule",
	     "",
	     NULL,
	     "t",
	     "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 OLD w11 w12 w13 w14 w15 w16 w17 w18 w19 w20",
	     "",
	     "",
	     {NULL},
	     {NULL}},
	};
	static const struct rule_spec n[] = {
	    {"V-1",
	     "SV-1r1_rule",
	     "",
	     NULL,
	     "t",
	     "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 NEW w11 w12 w13 w14 w15 w16 w17 w18 w19 w20",
	     "",
	     "",
	     {NULL},
	     {NULL}},
	};
	struct benchmark *a = make_bench("X", "1", "", "o", o, 1);
	struct benchmark *b = make_bench("X", "1", "", "n", n, 1);
	struct diff *d = compare_one(a, b);
	char *out = render(diff_write_table, d);

	(void)state;
	assert_non_null(strstr(out, "V-1  SV-1 changed r1    t\n"));
	assert_non_null(strstr(out, "    check_text: ... w5 w6 w7 w8 w9 w10 [-OLD-]{+NEW+} w11 w12 "
				    "w13 w14 w15 w16 ...\n"));
	free(out);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

/* A benchmark on one side only, a new rule id base, and the memo's "—" for the missing side. */
static void test_write_one_sided(void **state)
{
	static const struct rule_spec o[] = {
	    {"V-1", "SV-1r1_rule", "A-1", NULL, "t", "c", "f", "", {NULL}, {NULL}},
	};
	static const struct rule_spec n[] = {
	    {"V-1", "SV-9r2_rule", "A-1", NULL, "t", "c", "f", "", {NULL}, {NULL}},
	};
	struct benchmark *a = make_bench("MBX", "2", "Release: 1", "p1:m", o, 1);
	struct benchmark *e = make_bench("EDGE", "2", "Release: 3", "p1:e", o, 1);
	struct benchmark *b = make_bench("MBX", "2", "Release: 2", "p2:m", n, 1);
	struct diff_side *sa = diff_side_new("p1", NULL), *sb = diff_side_new("p2", NULL);
	struct diff *d;
	char *table, *memo;

	(void)state;
	assert_int_equal(diff_side_add(sa, a), 0);
	assert_int_equal(diff_side_add(sa, e), 0);
	assert_int_equal(diff_side_add(sb, b), 0);
	assert_int_equal(diff_compare(&d, sa, sb), 0);
	table = render(diff_write_table, d);
	memo = render(diff_write_markdown, d);
	assert_non_null(strstr(table, "EDGE: only in OLD, V2R3, 1 rule\n  old: p1:e\n"
				      "  added 0, removed 1, revised 0, changed 0, unchanged 0\n"
				      "V-1  SV-1 removed r1  A-1  t\n"));
	assert_non_null(strstr(table, "MBX: V2R1 \u2192 V2R2\n"));
	assert_non_null(strstr(table, "V-1  revised SV-1r1 \u2192 SV-9r2  A-1  t\n"));
	assert_non_null(strstr(table, "\ntotal: added 0, removed 1, revised 1, changed 0, "
				      "unchanged 0\n"));
	assert_non_null(strstr(memo, "| Benchmark | EDGE | \u2014 |\n"));
	assert_non_null(strstr(memo, "| Rules | 1 | \u2014 |\n"));
	assert_non_null(strstr(memo, "This benchmark is only in the old release."));
	assert_non_null(strstr(memo, "V-1 (SV-1r1 \u2192 SV-9r2)"));
	free(table);
	free(memo);
	diff_free(d);
	diff_side_free(sa);
	diff_side_free(sb);
	drop_bench(a);
	drop_bench(e);
	drop_bench(b);
}

/* A C1 control (U+009B is a terminal's CSI) in STIG text never reaches the terminal. */
static void test_write_controls(void **state)
{
	static const struct rule_spec n[] = {
	    {"V-1",
	     "SV-1r1_rule",
	     "A-1",
	     NULL,
	     "bad \xc2\x9b"
	     "31m title",
	     "c",
	     "f",
	     "",
	     {NULL},
	     {NULL}},
	};
	struct benchmark *a = make_bench("X", "1", "", "o", n, 0);
	struct benchmark *b = make_bench("X", "1", "", "n", n, 1);
	struct diff *d = compare_one(a, b);
	char *table = render(diff_write_table, d);

	(void)state;
	assert_non_null(strstr(table, "A-1  bad ?31m title\n"));
	assert_null(strstr(table, "\xc2\x9b"));
	free(table);
	diff_free(d);
	drop_bench(a);
	drop_bench(b);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_wdiff_simple),
		cmocka_unit_test(test_wdiff_empty),
		cmocka_unit_test(test_wdiff_random),
		cmocka_unit_test(test_wdiff_fold),
		cmocka_unit_test(test_wdiff_large),
		cmocka_unit_test(test_wdiff_budget),
		cmocka_unit_test(test_compare_statuses),
		cmocka_unit_test(test_compare_same),
		cmocka_unit_test(test_compare_xccdf12_ids),
		cmocka_unit_test(test_pairing),
		cmocka_unit_test(test_compare_more_checks),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_write_table),
		cmocka_unit_test(test_write_json),
		cmocka_unit_test(test_write_markdown),
		cmocka_unit_test(test_write_context),
		cmocka_unit_test(test_write_one_sided),
		cmocka_unit_test(test_write_controls),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
