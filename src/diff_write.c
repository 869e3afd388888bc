/*
 * diff_write.c - the three renderings of a diff: table, JSON, Markdown memo
 *
 * Writers take the stream from the caller (the CLI passes stdout); they return -1 with the
 * error set when the stream fails, so a full disk is reported rather than a truncated memo.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diff.h"
#include "error.h"

/* Words of context kept either side of a change when a long unchanged stretch is shortened. */
#define TABLE_CONTEXT 6
#define MEMO_CONTEXT  12

typedef void (*put_fn)(FILE *f, const char *s, size_t n);

static int finish(FILE *f, const char *what)
{
	if (fflush(f) != 0 || ferror(f))
		return error_set(ERR_IO, "cannot write the %s", what);
	return 0;
}

/*
 * Plain text for a terminal: STIG text is normalised (no control characters below 0x20 are
 * left) but may hold C1 controls (U+0080..U+009F, legal in XML 1.0) that a terminal would
 * obey; they become '?'.
 */
static void put_plain(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			fputc('?', f);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			fputc(' ', f);
		} else {
			fputc(c, f);
		}
	}
}

/*
 * Markdown: backslash-escape what could start markup mid-line (CommonMark allows escaping any
 * ASCII punctuation). Braces and brackets too, so STIG text never reads as our own
 * [-removed-]{+added+} marks; '#' because a trailing " #" would be cut from a heading.
 */
static void put_md(FILE *f, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\0' && strchr("\\`*_[]{}<>#|~&", s[i])) {
			put_plain(f, s + start, i - start);
			fputc('\\', f);
			fputc(s[i], f);
			start = i + 1;
		}
	}
	put_plain(f, s + start, n - start);
}

static void puts_with(FILE *f, put_fn put, const char *s)
{
	put(f, s, strlen(s));
}

/* ---- shared pieces --------------------------------------------------------------------- */

/* Split "SV-228375r879636_rule" (or an XCCDF 1.2 id) into "SV-228375" and "r879636". */
static void rule_id_parts(const char *id, const char **base, size_t *base_len, const char **rev,
			  size_t *rev_len)
{
	const char *sv = strstr(id, "SV-");
	const char *core = sv ? sv : id;
	size_t n = strlen(core), end = n, d;

	*base = core;
	*base_len = n;
	*rev = "";
	*rev_len = 0;
	if (n >= 5 && strcmp(core + n - 5, "_rule") == 0)
		end = n - 5;
	d = end;
	while (d > 0 && core[d - 1] >= '0' && core[d - 1] <= '9')
		d--;
	if (d == end || d < 2 || core[d - 1] != 'r')
		return;
	*base_len = d - 1;
	*rev = core + d - 1;
	*rev_len = end - d + 1;
}

/* Of a revised rule: "r612748 → r879636", or both ids when more than the revision changed. */
static void put_revisions(FILE *f, put_fn put, const struct rule_diff *r)
{
	const char *ob, *orv, *nb, *nrv;
	size_t obl, orl, nbl, nrl;

	rule_id_parts(r->old_rule_id, &ob, &obl, &orv, &orl);
	rule_id_parts(r->new_rule_id, &nb, &nbl, &nrv, &nrl);
	if (obl == nbl && memcmp(ob, nb, obl) == 0 && orl && nrl) {
		put(f, orv, orl);
		fputs(" \u2192 ", f);
		put(f, nrv, nrl);
		return;
	}
	put(f, ob, obl + orl);
	fputs(" \u2192 ", f);
	put(f, nb, nbl + nrl);
}

/* "SV-228375 revised r612748 → r879636", "SV-228375 added r879636", ... */
static void put_rule_id_change(FILE *f, put_fn put, const struct rule_diff *r)
{
	const char *base, *rev;
	size_t base_len, rev_len;

	rule_id_parts(*r->new_rule_id ? r->new_rule_id : r->old_rule_id, &base, &base_len, &rev,
		      &rev_len);
	if (r->status == RULE_REVISED) {
		const char *ob, *orv;
		size_t obl, orl;

		rule_id_parts(r->old_rule_id, &ob, &obl, &orv, &orl);
		if (obl == base_len && memcmp(ob, base, obl) == 0 && orl && rev_len) {
			put(f, base, base_len);
			fputs(" revised ", f);
		} else {
			fputs("revised ", f);
		}
		put_revisions(f, put, r);
		return;
	}
	put(f, base, base_len);
	fprintf(f, " %s%s", rule_status_name(r->status), rev_len ? " " : "");
	put(f, rev, rev_len);
}

/* Print the words of S: all of them, or with the middle (HEAD), or ends, shortened. */
static void put_words(FILE *f, put_fn put, const char *s, size_t ctx, int first, int last)
{
	size_t n = 1, keep_head, keep_tail, w = 0;
	const char *p, *cut_from = NULL, *cut_to = NULL;

	for (p = s; *p; p++)
		n += *p == ' ';
	keep_head = first ? 0 : ctx;
	keep_tail = last ? 0 : ctx;
	if (ctx == 0 || (first && last) || n <= keep_head + keep_tail + 1) {
		puts_with(f, put, s);
		return;
	}
	/* Find where word KEEP_HEAD starts and where word N - KEEP_TAIL starts. */
	for (p = s;; p++) {
		if (w == keep_head && !cut_from)
			cut_from = p;
		if (w == n - keep_tail) {
			cut_to = p;
			break;
		}
		if (!*p) {
			cut_to = p;
			break;
		}
		w += *p == ' ';
	}
	put(f, s, (size_t)(cut_from - s));
	fputs("...", f);
	if (*cut_to)
		fputc(' ', f);
	puts_with(f, put, cut_to);
}

static void put_wdiff(FILE *f, put_fn put, const struct wdiff *d, size_t ctx)
{
	for (size_t i = 0; i < d->n_chunks; i++) {
		const struct wdiff_chunk *c = &d->chunks[i];

		/* wdiff's layout: a replacement reads [-old-]{+new+}, with no space between. */
		if (i && !(c->op == WDIFF_INSERT && d->chunks[i - 1].op == WDIFF_DELETE))
			fputc(' ', f);
		if (c->op == WDIFF_EQUAL) {
			put_words(f, put, c->text, ctx, i == 0, i + 1 == d->n_chunks);
			continue;
		}
		fputs(c->op == WDIFF_DELETE ? "[-" : "{+", f);
		puts_with(f, put, c->text);
		fputs(c->op == WDIFF_DELETE ? "-]" : "+}", f);
	}
	if (d->n_chunks == 0)
		fputs("(empty)", f);
}

/* "-CCI-000001 +CCI-000002": the removed members, then the added ones. */
static void put_members(FILE *f, put_fn put, const struct field_change *c)
{
	for (size_t i = 0; i < c->n_removed + c->n_added; i++) {
		fputs(i ? " " : "", f);
		fputc(i < c->n_removed ? '-' : '+', f);
		puts_with(f, put, i < c->n_removed ? c->removed[i] : c->added[i - c->n_removed]);
	}
}

/* The value of one changed field, on the rest of the current line. */
static void put_change(FILE *f, put_fn put, const struct field_change *c, size_t ctx)
{
	switch (diff_field_kind(c->field)) {
	case FIELD_KIND_SCALAR:
		puts_with(f, put, *c->old_value ? c->old_value : "(empty)");
		fputs(" \u2192 ", f);
		puts_with(f, put, *c->new_value ? c->new_value : "(empty)");
		break;
	case FIELD_KIND_SET:
		put_members(f, put, c);
		break;
	case FIELD_KIND_TEXT:
		put_wdiff(f, put, &c->words, ctx);
		break;
	}
}

static void put_release_label(FILE *f, put_fn put, const struct diff_release *r)
{
	puts_with(f, put, *r->version ? r->version : *r->release_info ? r->release_info : "?");
	if (*r->date) {
		fputs(" (", f);
		puts_with(f, put, r->date);
		fputc(')', f);
	}
}

/* ---- table --------------------------------------------------------------------------- */

static void table_counts(FILE *f, const size_t *counts)
{
	fprintf(f, "added %zu, removed %zu, revised %zu, changed %zu, unchanged %zu\n",
		counts[RULE_ADDED], counts[RULE_REMOVED], counts[RULE_REVISED],
		counts[RULE_CHANGED], counts[RULE_UNCHANGED]);
}

static void table_heading(FILE *f, const struct bench_diff *bd)
{
	const struct diff_release *one = bd->old.present ? &bd->old : &bd->new;

	puts_with(f, put_plain, one->id);
	if (!bd->old.present || !bd->new.present) {
		fprintf(f, ": only in %s, ", bd->old.present ? "OLD" : "NEW");
		put_release_label(f, put_plain, one);
		fprintf(f, ", %zu rule%s\n  %s: ", one->n_rules, one->n_rules == 1 ? "" : "s",
			bd->old.present ? "old" : "new");
		puts_with(f, put_plain, one->source);
		fputc('\n', f);
		return;
	}
	fputs(": ", f);
	put_release_label(f, put_plain, &bd->old);
	fputs(" \u2192 ", f);
	if (bd->ids_differ) {
		puts_with(f, put_plain, bd->new.id);
		fputc(' ', f);
	}
	put_release_label(f, put_plain, &bd->new);
	if (bd->ids_differ)
		fputs(" (benchmark ids differ; compared as the only benchmark on each side)", f);
	fputs("\n  old: ", f);
	puts_with(f, put_plain, bd->old.source);
	fputs("\n  new: ", f);
	puts_with(f, put_plain, bd->new.source);
	fputc('\n', f);
}

static void table_rule(FILE *f, const struct rule_diff *r)
{
	puts_with(f, put_plain, r->vuln);
	fputs("  ", f);
	put_rule_id_change(f, put_plain, r);
	fputs("  ", f);
	puts_with(f, put_plain, r->stig_id);
	fputs("  ", f);
	puts_with(f, put_plain, r->title);
	fputc('\n', f);
	for (size_t i = 0; i < r->n_changes; i++) {
		fprintf(f, "    %s: ", diff_field_name(r->changes[i].field));
		put_change(f, put_plain, &r->changes[i], TABLE_CONTEXT);
		fputc('\n', f);
	}
}

int diff_write_table(FILE *f, const struct diff *d)
{
	for (size_t i = 0; i < d->n_benches; i++) {
		const struct bench_diff *bd = &d->benches[i];

		if (i)
			fputc('\n', f);
		table_heading(f, bd);
		fputs("  ", f);
		table_counts(f, bd->counts);
		for (size_t j = 0; j < bd->n_rules; j++)
			table_rule(f, &bd->rules[j]);
	}
	if (d->n_benches > 1) {
		fputs("\ntotal: ", f);
		table_counts(f, d->counts);
	}
	return finish(f, "table");
}

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *json_counts(const size_t *counts)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "added", (json_int_t)counts[RULE_ADDED],
			 "removed", (json_int_t)counts[RULE_REMOVED], "revised",
			 (json_int_t)counts[RULE_REVISED], "changed",
			 (json_int_t)counts[RULE_CHANGED], "unchanged",
			 (json_int_t)counts[RULE_UNCHANGED]);
}

static json_t *json_release(const struct diff_release *r)
{
	if (!r->present)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", r->id, "title", r->title,
			 "version", r->version, "release", r->release_info, "date", r->date,
			 "source", r->source, "rules", (json_int_t)r->n_rules);
}

static json_t *json_strings(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *json_wdiff(const struct wdiff *d)
{
	static const char *const ops[] = {"=", "-", "+"};
	json_t *a = json_array();

	for (size_t i = 0; a && i < d->n_chunks; i++)
		if (json_array_append_new(a, json_pack("{s:s, s:s}", "op", ops[d->chunks[i].op],
						       "text", d->chunks[i].text)) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *json_change(const struct field_change *c)
{
	switch (diff_field_kind(c->field)) {
	case FIELD_KIND_SET:
		return json_pack("{s:o, s:o, s:o, s:o}", "old",
				 json_strings(c->old_members, c->n_old_members), "new",
				 json_strings(c->new_members, c->n_new_members), "removed",
				 json_strings(c->removed, c->n_removed), "added",
				 json_strings(c->added, c->n_added));
	case FIELD_KIND_TEXT:
		return json_pack("{s:s, s:s, s:o, s:b}", "old", c->old_value, "new", c->new_value,
				 "diff", json_wdiff(&c->words), "whole", c->words.whole);
	default:
		return json_pack("{s:s, s:s}", "old", c->old_value, "new", c->new_value);
	}
}

static json_t *json_rule(const struct rule_diff *r)
{
	json_t *fields = json_object();

	for (size_t i = 0; fields && i < r->n_changes; i++)
		if (json_object_set_new(fields, diff_field_name(r->changes[i].field),
					json_change(&r->changes[i])) < 0) {
			json_decref(fields);
			return NULL;
		}
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s, s:s, s:o}", "vuln", r->vuln, "status",
			 rule_status_name(r->status), "old_rule_id",
			 *r->old_rule_id ? r->old_rule_id : NULL, "new_rule_id",
			 *r->new_rule_id ? r->new_rule_id : NULL, "stig_id", r->stig_id, "title",
			 r->title, "severity", r->severity, "fields", fields);
}

static json_t *json_bench(const struct bench_diff *bd)
{
	json_t *rules = json_array();

	for (size_t i = 0; rules && i < bd->n_rules; i++)
		if (json_array_append_new(rules, json_rule(&bd->rules[i])) < 0) {
			json_decref(rules);
			return NULL;
		}
	return json_pack("{s:o, s:o, s:b, s:o, s:o}", "old", json_release(&bd->old), "new",
			 json_release(&bd->new), "ids_differ", bd->ids_differ, "summary",
			 json_counts(bd->counts), "rules", rules);
}

int diff_write_json(FILE *f, const struct diff *d)
{
	json_t *benches = json_array(), *root;
	int ret;

	for (size_t i = 0; benches && i < d->n_benches; i++)
		if (json_array_append_new(benches, json_bench(&d->benches[i])) < 0) {
			json_decref(benches);
			benches = NULL;
		}
	root = json_pack("{s:s, s:s, s:b, s:o, s:o}", "old_path", d->old_path, "new_path",
			 d->new_path, "differences", diff_has_differences(d), "summary",
			 json_counts(d->counts), "benchmarks", benches);
	if (!root)
		return error_set(ERR_INTERNAL,
				 "cannot build the JSON document (bad UTF-8 or memory)");
	ret = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (ret < 0)
		return error_set(ERR_IO, "cannot write the JSON document");
	fputc('\n', f);
	return finish(f, "JSON document");
}

/* ---- Markdown memo ------------------------------------------------------------------- */

static const char *field_label(enum diff_field f)
{
	static const char *const labels[FIELD_N] = {"Title",	  "Severity",  "STIG id",
						    "Check text", "Fix text",  "CCIs",
						    "Discussion", "Legacy ids"};

	return (unsigned)f < FIELD_N ? labels[f] : "?";
}

static const char *cat_of(const char *severity)
{
	if (strcmp(severity, "high") == 0)
		return "CAT I";
	if (strcmp(severity, "medium") == 0)
		return "CAT II";
	if (strcmp(severity, "low") == 0)
		return "CAT III";
	return severity;
}

static void md_cell(FILE *f, const struct diff_release *r, const char *v)
{
	fputs(" ", f);
	puts_with(f, put_md, r->present ? v : "\u2014");
	fputs(" |", f);
}

static void md_release_table(FILE *f, const struct bench_diff *bd)
{
	static const char *const rows[] = {"Benchmark", "Version", "Release", "Source"};
	const char *const ov[] = {bd->old.id, bd->old.version, bd->old.release_info,
				  bd->old.source};
	const char *const nv[] = {bd->new.id, bd->new.version, bd->new.release_info,
				  bd->new.source};

	fputs("| | Old | New |\n|---|---|---|\n", f);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fprintf(f, "| %s |", rows[i]);
		md_cell(f, &bd->old, ov[i]);
		md_cell(f, &bd->new, nv[i]);
		fputc('\n', f);
	}
	fputs("| Rules |", f);
	for (int side = 0; side < 2; side++) {
		const struct diff_release *r = side ? &bd->new : &bd->old;

		if (r->present)
			fprintf(f, " %zu |", r->n_rules);
		else
			fputs(" \u2014 |", f);
	}
	fputs("\n\n", f);
}

static void md_summary(FILE *f, const size_t *counts)
{
	fprintf(f,
		"| Added | Removed | Revised | Changed | Unchanged |\n"
		"|---:|---:|---:|---:|---:|\n| %zu | %zu | %zu | %zu | %zu |\n\n",
		counts[RULE_ADDED], counts[RULE_REMOVED], counts[RULE_REVISED],
		counts[RULE_CHANGED], counts[RULE_UNCHANGED]);
}

/* Added and removed rules: one table row each. */
static void md_rule_list(FILE *f, const struct bench_diff *bd, enum rule_status st)
{
	int any = 0;

	for (size_t i = 0; i < bd->n_rules; i++) {
		const struct rule_diff *r = &bd->rules[i];

		if (r->status != st)
			continue;
		if (!any++)
			fputs(
			    "| Vuln | Rule | STIG id | Severity | Title |\n|---|---|---|---|---|\n",
			    f);
		fputs("| ", f);
		puts_with(f, put_md, r->vuln);
		fputs(" | ", f);
		puts_with(f, put_md, st == RULE_ADDED ? r->new_rule_id : r->old_rule_id);
		fputs(" | ", f);
		puts_with(f, put_md, r->stig_id);
		fputs(" | ", f);
		puts_with(f, put_md, cat_of(r->severity));
		fputs(" | ", f);
		puts_with(f, put_md, r->title);
		fputs(" |\n", f);
	}
	fputs(any ? "\n" : "None.\n\n", f);
}

static void md_rule_detail(FILE *f, const struct rule_diff *r)
{
	fputs("#### ", f);
	puts_with(f, put_md, r->vuln);
	fputs(" \u00b7 ", f);
	puts_with(f, put_md, r->stig_id);
	fputs(" \u00b7 ", f);
	puts_with(f, put_md, r->title);
	fputs("\n\nRule ", f);
	put_rule_id_change(f, put_md, r);
	fputs(".\n\n", f);
	for (size_t i = 0; i < r->n_changes; i++) {
		fprintf(f, "- **%s**: ", field_label(r->changes[i].field));
		put_change(f, put_md, &r->changes[i], MEMO_CONTEXT);
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* Revised and changed rules: a section per rule with field changes, then the bare list. */
static void md_rule_details(FILE *f, const struct bench_diff *bd, enum rule_status st)
{
	size_t bare = 0, shown = 0;

	for (size_t i = 0; i < bd->n_rules; i++) {
		const struct rule_diff *r = &bd->rules[i];

		if (r->status != st)
			continue;
		if (r->n_changes) {
			md_rule_detail(f, r);
			shown++;
		} else {
			bare++;
		}
	}
	if (bare) {
		fprintf(f, "Revised with no change to the compared fields (%zu):", bare);
		for (size_t i = 0, k = 0; i < bd->n_rules; i++) {
			const struct rule_diff *r = &bd->rules[i];

			if (r->status != st || r->n_changes)
				continue;
			fputs(k++ ? ", " : " ", f);
			puts_with(f, put_md, r->vuln);
			fputs(" (", f);
			put_revisions(f, put_md, r);
			fputc(')', f);
		}
		fputs(".\n\n", f);
	}
	if (!bare && !shown)
		fputs("None.\n\n", f);
}

static void md_bench(FILE *f, const struct bench_diff *bd)
{
	const struct diff_release *one = bd->new.present ? &bd->new : &bd->old;

	fputs("## ", f);
	puts_with(f, put_md, *one->title ? one->title : one->id);
	fputs("\n\n", f);
	md_release_table(f, bd);
	if (bd->ids_differ)
		fputs("The benchmark ids differ; the two were compared because each side holds "
		      "only this one benchmark.\n\n",
		      f);
	if (!bd->old.present || !bd->new.present)
		fprintf(f, "This benchmark is only in the %s release.\n\n",
			bd->old.present ? "old" : "new");
	md_summary(f, bd->counts);
	fprintf(f, "### Added (%zu)\n\n", bd->counts[RULE_ADDED]);
	md_rule_list(f, bd, RULE_ADDED);
	fprintf(f, "### Removed (%zu)\n\n", bd->counts[RULE_REMOVED]);
	md_rule_list(f, bd, RULE_REMOVED);
	fprintf(f, "### Revised (%zu)\n\n", bd->counts[RULE_REVISED]);
	md_rule_details(f, bd, RULE_REVISED);
	fprintf(f, "### Changed without a new revision (%zu)\n\n", bd->counts[RULE_CHANGED]);
	md_rule_details(f, bd, RULE_CHANGED);
}

int diff_write_markdown(FILE *f, const struct diff *d)
{
	fputs("# STIG release comparison\n\nOld: ", f);
	puts_with(f, put_md, d->old_path);
	fputs("  \nNew: ", f);
	puts_with(f, put_md, d->new_path);
	fputs("\n\n", f);
	if (d->n_benches > 1) {
		fprintf(f, "%zu benchmarks compared; all rules together:\n\n", d->n_benches);
		md_summary(f, d->counts);
	}
	for (size_t i = 0; i < d->n_benches; i++)
		md_bench(f, &d->benches[i]);
	fputs(
	    "---\n\nRules are matched by Vuln id. *Revised*: the rule id has a new revision. "
	    "*Changed*: a compared field (title, severity, STIG id, check text, fix text, CCIs, "
	    "discussion, legacy ids) differs under the same revision. Texts are compared with "
	    "runs of whitespace collapsed, so whitespace-only edits are not listed. Word changes "
	    "are marked [-removed-]{+added+}; long unchanged stretches are shortened to \"...\".\n",
	    f);
	return finish(f, "memo");
}
