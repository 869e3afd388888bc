/*
 * diff.h - compare two releases of a STIG rule by rule
 *
 * Rules are matched by their group's Vuln id (V-228375; in XCCDF 1.2 the V-number inside the
 * group id). A matched rule is "revised" when its rule id changed (SV-228375r612748_rule →
 * SV-228375r879636_rule), "changed" when the id is the same but a compared field differs (DISA
 * sometimes edits text without bumping the revision), else "unchanged". Texts are compared
 * after collapsing every run of ASCII whitespace to one space and trimming the ends, so edits
 * that only touch whitespace are not differences. CCIs and legacy ids compare as sets.
 *
 * Benchmarks of the two sides are paired by benchmark id; when each side holds exactly one
 * benchmark they are paired whatever their ids (and the result says the ids differ). A
 * benchmark on one side only lists each of its rules as added or removed.
 */
#ifndef SCAPULA_DIFF_H
#define SCAPULA_DIFF_H

#include <stddef.h>
#include <stdio.h>

#include "benchmark.h"

/* ---- word-level diff ---------------------------------------------------------------- */

enum wdiff_op {
	WDIFF_EQUAL,
	WDIFF_DELETE,
	WDIFF_INSERT,
};

struct wdiff_chunk {
	enum wdiff_op op;
	char *text; /* one or more words joined by single spaces; never empty */
};

/*
 * The words of the old text turned into those of the new one. Between two equal chunks all
 * deleted words come first, as one chunk, then all inserted ones. The alignment is a longest
 * common subsequence of the words, made easier to read: an equal run of k words between two
 * changes that both exceed 2k words (on their larger side) is folded into one change, so a
 * rewritten sentence reads as one replacement instead of being cut at every common "the".
 */
struct wdiff {
	struct wdiff_chunk *chunks;
	size_t n_chunks;
	int whole; /* 1 when the changed middle was too large to align (see WDIFF_MAX_CELLS) */
};

/*
 * Bound on the alignment work. Common leading and trailing words are matched first, in
 * linear time; the words left in between are aligned by longest common subsequence only when
 * (old words + 1) × (new words + 1) is at most this, which keeps time and memory (2 bytes a
 * cell, 8 MB) bounded. Above it the middle is reported as deleted whole, then inserted whole.
 */
#define WDIFF_MAX_CELLS ((size_t)4000000)

/*
 * Bound on the alignment work of one whole comparison (all rules of all benchmarks, about a
 * second of CPU): a hostile benchmark with thousands of rewritten rules cannot make a diff
 * run for hours. Once spent, further texts are replaced whole (their "whole" set). DISA's
 * largest STIGs need a few percent of it.
 */
#define WDIFF_BUDGET_CELLS ((size_t)400000000)

/* Word diff of OLD and NEW (split on ASCII whitespace). Release with wdiff_release. */
int wdiff_compute(struct wdiff *out, const char *old, const char *new);

/*
 * The same, drawing the alignment cells from *BUDGET and decreasing it; a text whose middle
 * needs more than is left is replaced whole.
 */
int wdiff_compute_budget(struct wdiff *out, const char *old, const char *new, size_t *budget);
void wdiff_release(struct wdiff *d);

/* A new copy of S with each run of [ \t\r\n] made one space and the ends trimmed. */
char *text_normalise(const char *s);

/* ---- rule and benchmark differences -------------------------------------------------- */

enum diff_field {
	FIELD_TITLE,
	FIELD_SEVERITY,
	FIELD_STIG_ID,
	FIELD_CHECK_TEXT,
	FIELD_FIX_TEXT,
	FIELD_CCIS,
	FIELD_DISCUSSION, /* the VulnDiscussion embedded in the description */
	FIELD_LEGACY_IDS,
	FIELD_N
};

enum field_kind {
	FIELD_KIND_SCALAR, /* a short value: shown as old → new */
	FIELD_KIND_TEXT,   /* prose: shown as a word diff */
	FIELD_KIND_SET,	   /* identifiers: shown as removed and added members */
};

/* "title", "severity", "stig_id", "check_text", "fix_text", "ccis", "discussion", "legacy_ids" */
const char *diff_field_name(enum diff_field f);
enum field_kind diff_field_kind(enum diff_field f);

struct field_change {
	enum diff_field field;
	/* SCALAR and TEXT: normalised values; SET: members sorted, joined by ", " */
	char *old_value, *new_value;
	struct wdiff words;		   /* TEXT only (empty otherwise) */
	char **old_members, **new_members; /* SET only: the sorted sets */
	size_t n_old_members, n_new_members;
	char **removed, **added; /* SET only: sorted set differences */
	size_t n_removed, n_added;
};

enum rule_status {
	RULE_UNCHANGED,
	RULE_ADDED,
	RULE_REMOVED,
	RULE_REVISED,
	RULE_CHANGED,
	RULE_N_STATUS
};

/* "unchanged", "added", "removed", "revised", "changed" */
const char *rule_status_name(enum rule_status s);

struct rule_diff {
	char *vuln; /* "V-228375" */
	enum rule_status status;
	char *old_rule_id, *new_rule_id; /* as in the XCCDF; "" on the side the rule is absent */
	/* From the new rule, or the old one when removed: */
	char *stig_id, *title, *severity;
	struct field_change *changes; /* in enum diff_field order; none for added/removed */
	size_t n_changes;
};

/* What the result says about one side's benchmark. All strings always set ("" if unknown). */
struct diff_release {
	int present;
	char *id, *title;
	char *version;	    /* "V2R6" */
	char *release_info; /* "Release: 6 Benchmark Date: 24 Jan 2024" */
	char *date;	    /* "24 Jan 2024" */
	char *source;	    /* where it was read from */
	size_t n_rules;
};

struct bench_diff {
	struct diff_release old, new; /* one of them not present for a one-sided benchmark */
	int ids_differ;		      /* paired although the ids differ (one benchmark a side) */
	size_t counts[RULE_N_STATUS]; /* rules per status */
	struct rule_diff *rules;      /* the rules that differ, by V-number */
	size_t n_rules;
};

struct diff {
	char *old_path, *new_path;  /* as given */
	struct bench_diff *benches; /* by benchmark id */
	size_t n_benches;
	size_t counts[RULE_N_STATUS]; /* totals over all benchmarks */
};

/* 1 when the two sides differ at all (a rule, a one-sided benchmark, or the ids). */
int diff_has_differences(const struct diff *d);

/* ---- the two sides ------------------------------------------------------------------- */

/* One side's benchmarks, reduced to what the comparison needs (copied, normalised). */
struct diff_side;

/*
 * A new empty side read from PATH (used in messages only). If ONLY_ID is not NULL, benchmarks
 * with another id are ignored by diff_side_add.
 */
struct diff_side *diff_side_new(const char *path, const char *only_id);
void diff_side_free(struct diff_side *s);

/* Copy what the comparison needs from B. Errors name B's source (duplicate Vuln ids). */
int diff_side_add(struct diff_side *s, const struct benchmark *b);

/* Read every benchmark of the package at PATH (as benchmark_walk does) into a new side. */
int diff_side_read(struct diff_side **out, const char *path, const char *only_id);

/*
 * Compare OLD with NEW. Fails when a side holds no (matching) benchmark, or one id twice.
 * The strings of the result are its own; release with diff_free.
 */
int diff_compare(struct diff **out, const struct diff_side *old, const struct diff_side *new);
void diff_free(struct diff *d);

/* ---- writers -------------------------------------------------------------------------- */

/*
 * Table: per benchmark a heading and the counts, then one line per differing rule
 * ("V-228375  SV-228375 revised r612748 → r879636  EX16-MB-000220  title") followed by one
 * indented line per changed field, word diffs as [-removed-]{+added+} with long unchanged
 * stretches shortened to "...".
 */
int diff_write_table(FILE *f, const struct diff *d);

/* JSON as described in docs/diff-json.md. */
int diff_write_json(FILE *f, const struct diff *d);

/* A review memo in Markdown; STIG text is escaped so it cannot break the layout. */
int diff_write_markdown(FILE *f, const struct diff *d);

#endif
