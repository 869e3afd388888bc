/*
 * cmd_stigs.c - scapula stigs PACKAGE...: one line per benchmark
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "cmd.h"
#include "error.h"
#include "opt.h"

static const struct opt opts[] = {
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec spec = {
    "stigs",
    "PACKAGE...",
    "List the benchmarks in DISA packages",
    "PACKAGE is a DISA zip (zips inside it are read too), a folder, an XCCDF file or a SCAP\n"
    "source data stream. One line per benchmark: its id, short title, version (V2R4 from\n"
    "<version> and the release info), benchmark date, number of rules, rules per category\n"
    "(CAT I = high, CAT II = medium, CAT III = low) and the entry that holds it inside the\n"
    "package. A benchmark that cannot be read is named on standard error and the exit\n"
    "status is 1; the others are still listed.",
    opts,
    1,
    SIZE_MAX,
};

enum col { C_ID, C_TITLE, C_VERSION, C_DATE, C_RULES, C_CAT1, C_CAT2, C_CAT3, C_ENTRY, N_COLS };

static const char *const heads[N_COLS] = {"ID",	   "TITLE",  "VERSION", "DATE", "RULES",
					  "CAT I", "CAT II", "CAT III", "ENTRY"};

struct row {
	char *col[N_COLS];
};

struct stigs {
	const char *package; /* the PACKAGE argument being walked */
	struct row *rows;
	size_t n_rows, cap;
	int bad;
};

/*
 * The entry's path inside the package: the source without the "PACKAGE:" (zip) or "PACKAGE/"
 * (folder) it starts with; a bare file is its own entry.
 */
static const char *entry_of(const char *source, const char *package)
{
	size_t n = strlen(package);

	while (n > 1 && package[n - 1] == '/')
		n--;
	if (strncmp(source, package, n) == 0 && (source[n] == ':' || source[n] == '/'))
		return source + n + 1;
	return source;
}

static char *num(size_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	return strdup(buf);
}

static int row_fill(struct row *r, const struct benchmark *b, const char *package)
{
	size_t cat[4] = {0}, dl;
	const char *date = benchmark_date(b, &dl);
	char ver[64];

	for (size_t i = 0; i < b->n_rules; i++)
		cat[rule_cat(&b->rules[i])]++;
	benchmark_short_version(b, ver, sizeof(ver));
	if (benchmark_short_title(&r->col[C_TITLE], b) < 0)
		return -1;
	r->col[C_ID] = strdup(b->id);
	r->col[C_VERSION] = strdup(*ver ? ver : "-");
	r->col[C_DATE] = dl ? strndup(date, dl) : strdup("-");
	r->col[C_RULES] = num(b->n_rules);
	r->col[C_CAT1] = num(cat[1]);
	r->col[C_CAT2] = num(cat[2]);
	r->col[C_CAT3] = num(cat[3]);
	r->col[C_ENTRY] = strdup(entry_of(b->source, package));
	for (int c = 0; c < N_COLS; c++)
		if (!r->col[c])
			return error_oom();
	return 0;
}

static int visit(const struct benchmark *b, void *ctx)
{
	struct stigs *s = ctx;
	struct row *grown;

	if (s->n_rows == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;

		if (!(grown = realloc(s->rows, nc * sizeof(*grown))))
			return error_oom();
		s->rows = grown;
		s->cap = nc;
	}
	memset(&s->rows[s->n_rows], 0, sizeof(*s->rows));
	return row_fill(&s->rows[s->n_rows++], b, s->package);
}

static void on_bad(const char *source, void *ctx)
{
	struct stigs *s = ctx;

	(void)source; /* the message names it */
	fprintf(stderr, "scapula: stigs: %s\n", error_message());
	s->bad = 1;
}

/* Numbers right-aligned, text left-aligned, two spaces between columns, no trailing blanks. */
static void print_table(const struct stigs *s)
{
	size_t w[N_COLS];

	for (int c = 0; c < N_COLS; c++) {
		w[c] = strlen(heads[c]);
		for (size_t i = 0; i < s->n_rows; i++)
			if (strlen(s->rows[i].col[c]) > w[c])
				w[c] = strlen(s->rows[i].col[c]);
	}
	for (size_t i = 0; i <= s->n_rows; i++) {
		for (int c = 0; c < N_COLS; c++) {
			const char *v = i ? s->rows[i - 1].col[c] : heads[c];
			int right = c >= C_RULES && c <= C_CAT3;

			if (c == N_COLS - 1)
				printf("%s\n", v);
			else
				printf(right ? "%*s  " : "%-*s  ", (int)w[c], v);
		}
	}
}

int cmd_stigs(int argc, char **argv)
{
	struct opt_result res;
	struct stigs s = {0};
	int status = cli_opt_status(opt_parse(&res, &spec, argc, argv));

	if (status >= 0)
		goto out;
	status = EXIT_OK;
	for (size_t a = 0; a < res.n_args; a++) {
		s.package = res.args[a];
		if (benchmark_walk(res.args[a], visit, on_bad, &s) < 0) {
			status = cli_fail("stigs");
			if (error_kind() == ERR_NOMEM)
				goto out;
		}
	}
	if (s.n_rows || status == EXIT_OK) /* no bare header when nothing could be read */
		print_table(&s);
	if (s.bad)
		status = EXIT_ERROR;
out:
	for (size_t i = 0; i < s.n_rows; i++)
		for (int c = 0; c < N_COLS; c++)
			free(s.rows[i].col[c]);
	free(s.rows);
	opt_release(&res);
	return status;
}
