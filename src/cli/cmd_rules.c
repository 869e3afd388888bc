/*
 * cmd_rules.c - scapula rules PACKAGE: every rule of every (or one) benchmark
 *
 * Streams: each benchmark's rules are written as soon as it is read, then it is freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "benchmark_json.h"
#include "cmd.h"
#include "error.h"
#include "opt.h"

/* Titles in the table are cut to this many bytes (at a character boundary). */
#define TITLE_MAX 80

static const struct opt opts[] = {
    {"stig", 0, OPT_VALUE, "ID", "only the benchmark with this id", NULL},
    {"severity", 0, OPT_VALUE, "LEVEL", "only rules of this severity", "high|medium|low"},
    {"format", 'f', OPT_VALUE, "FORMAT", "output format (default table)", "table|json|csv"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec spec = {
    "rules",
    "PACKAGE [options]",
    "List the rules of a package's benchmarks",
    "table: one block per benchmark (Vuln id, STIG id, CAT, rule id, title).\n"
    "json:  an array with one object per rule, the full model (docs/rules-json.md).\n"
    "csv:   RFC 4180 with a header row, one record per rule.\n"
    "A benchmark that cannot be read is named on standard error and the exit status is 1;\n"
    "the rules of the others are still written.",
    opts,
    1,
    1,
};

enum format { FMT_TABLE, FMT_JSON, FMT_CSV };

struct rules {
	const char *stig;     /* --stig, or NULL */
	const char *severity; /* --severity, or NULL */
	enum format format;
	size_t n_written;    /* rules written */
	size_t n_benchmarks; /* benchmarks written */
	char **seen;	     /* ids of the benchmarks passed over by --stig, for the error */
	size_t n_seen, cap_seen;
	char *buf; /* one rule's JSON text: written with one fwrite, not one per token */
	size_t cap_buf;
	int bad;
};

static int remember(struct rules *s, const char *id)
{
	char **grown;

	if (s->n_seen == s->cap_seen) {
		size_t nc = s->cap_seen ? s->cap_seen * 2 : 16;

		if (!(grown = realloc(s->seen, nc * sizeof(*grown))))
			return error_oom();
		s->seen = grown;
		s->cap_seen = nc;
	}
	if (!(s->seen[s->n_seen] = strdup(id)))
		return error_oom();
	s->n_seen++;
	return 0;
}

/* Bytes of S that fit in MAX without cutting a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static void table_rule(const struct rule *r)
{
	size_t n = strlen(r->title), cut = utf8_cut(r->title, TITLE_MAX);
	const char *cat = rule_cat_name(r);

	printf("%-10s  %-16s  %-7s  %-24s  %.*s%s\n", r->group_id, r->stig_id, *cat ? cat : "-",
	       r->rule_id, (int)cut, r->title, cut < n ? "..." : "");
}

static void table_head(const struct benchmark *b, size_t n_first)
{
	char ver[64];
	size_t dl;
	const char *date = benchmark_date(b, &dl);

	benchmark_short_version(b, ver, sizeof(ver));
	printf("%s%s %s %.*s (%zu rules)\n", n_first ? "\n" : "", b->id, *ver ? ver : "-", (int)dl,
	       date, b->n_rules);
	printf("%-10s  %-16s  %-7s  %-24s  %s\n", "VULN ID", "STIG ID", "CAT", "RULE ID", "TITLE");
}

/* One RFC 4180 field: quoted when it holds a comma, quote, CR or LF. */
static void csv_field(const char *v, int last)
{
	if (strpbrk(v, ",\"\r\n")) {
		putchar('"');
		for (; *v; v++) {
			if (*v == '"')
				putchar('"');
			putchar(*v);
		}
		putchar('"');
	} else {
		fputs(v, stdout);
	}
	fputs(last ? "\r\n" : ",", stdout);
}

static void csv_list(char *const *v, size_t n)
{
	size_t len = 0;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	s = calloc(len + 1, 1);
	for (size_t i = 0, o = 0; s && i < n; i++)
		o += (size_t)snprintf(s + o, len + 1 - o, "%s%s", i ? " " : "", v[i]);
	csv_field(s ? s : "", 0);
	free(s);
}

static const char *const csv_heads[] = {
    "benchmark_id",
    "benchmark_version",
    "group_id",
    "group_title",
    "rule_id",
    "stig_id",
    "severity",
    "cat",
    "weight",
    "title",
    "ccis",
    "legacy_ids",
    "vuln_discussion",
    "check_text",
    "fix_text",
};

static void csv_rule(const struct benchmark *b, const struct rule *r)
{
	char ver[64];

	benchmark_short_version(b, ver, sizeof(ver));
	csv_field(b->id, 0);
	csv_field(ver, 0);
	csv_field(r->group_id, 0);
	csv_field(r->group_title, 0);
	csv_field(r->rule_id, 0);
	csv_field(r->stig_id, 0);
	csv_field(r->severity, 0);
	csv_field(rule_cat_name(r), 0);
	csv_field(r->weight, 0);
	csv_field(r->title, 0);
	csv_list(r->ccis, r->n_ccis);
	csv_list(r->legacy_ids, r->n_legacy_ids);
	csv_field(r->desc[DESC_VULN_DISCUSSION], 0);
	csv_field(r->check_text, 0);
	csv_field(r->fix_text, 1);
}

static int wanted(const struct rules *s, const struct rule *r)
{
	return !s->severity || strcmp(r->severity, s->severity) == 0;
}

/* Serialise O into s->buf and write it whole. */
static int json_write(struct rules *s, const json_t *o)
{
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
	size_t n = json_dumpb(o, s->buf, s->cap_buf, flags);

	if (n > s->cap_buf) {
		size_t nc = n + n / 2;
		char *g = realloc(s->buf, nc);

		if (!g)
			return error_oom();
		s->buf = g;
		s->cap_buf = nc;
		n = json_dumpb(o, s->buf, s->cap_buf, flags);
	}
	if (!n || fwrite(s->buf, 1, n, stdout) != n)
		return error_set(ERR_IO, "cannot write to standard output");
	return 0;
}

static int json_rules(struct rules *s, const struct benchmark *b)
{
	struct rules_json *rj;
	int ret = 0;

	if (rules_json_new(&rj, b) < 0)
		return -1;
	for (size_t i = 0; i < b->n_rules && ret == 0; i++) {
		json_t *o;

		if (!wanted(s, &b->rules[i]))
			continue;
		if (!(o = rules_json_rule(rj, i))) {
			ret = -1;
			break;
		}
		fputs(s->n_written ? ",\n" : "[\n", stdout);
		ret = json_write(s, o);
		json_decref(o);
		s->n_written++;
	}
	rules_json_free(rj);
	return ret;
}

static int visit(const struct benchmark *b, void *ctx)
{
	struct rules *s = ctx;

	if (s->stig && strcmp(s->stig, b->id) != 0)
		return remember(s, b->id);
	s->n_benchmarks++;
	if (s->format == FMT_JSON)
		return json_rules(s, b);
	if (s->format == FMT_TABLE)
		table_head(b, s->n_benchmarks - 1);
	for (size_t i = 0; i < b->n_rules; i++) {
		if (!wanted(s, &b->rules[i]))
			continue;
		if (s->format == FMT_TABLE)
			table_rule(&b->rules[i]);
		else
			csv_rule(b, &b->rules[i]);
		s->n_written++;
	}
	return ferror(stdout) ? error_set(ERR_IO, "cannot write to standard output") : 0;
}

static void on_bad(const char *source, void *ctx)
{
	struct rules *s = ctx;

	(void)source; /* the message names it */
	fprintf(stderr, "scapula: rules: %s\n", error_message());
	s->bad = 1;
}

/* --stig matched nothing: say which ids the package does hold. */
static int no_such_stig(const struct rules *s, const char *package)
{
	size_t len = 1;
	char *list;

	for (size_t i = 0; i < s->n_seen; i++)
		len += strlen(s->seen[i]) + 2;
	if (!(list = calloc(len, 1)))
		return error_oom();
	for (size_t i = 0, o = 0; i < s->n_seen; i++)
		o += (size_t)snprintf(list + o, len - o, "%s%s", i ? ", " : "", s->seen[i]);
	error_set(ERR_NOTFOUND, "%s: no benchmark with id '%s'; it holds: %s", package, s->stig,
		  s->n_seen ? list : "no benchmarks");
	free(list);
	return -1;
}

static int run(struct rules *s, const char *package)
{
	if (s->format == FMT_CSV)
		for (size_t i = 0; i < sizeof(csv_heads) / sizeof(csv_heads[0]); i++)
			csv_field(csv_heads[i], i + 1 == sizeof(csv_heads) / sizeof(csv_heads[0]));
	if (benchmark_walk(package, visit, on_bad, s) < 0)
		return -1;
	if (s->format == FMT_JSON)
		fputs(s->n_written ? "\n]\n" : "[]\n", stdout);
	if (s->stig && !s->n_benchmarks && !s->bad)
		return no_such_stig(s, package);
	return 0;
}

int cmd_rules(int argc, char **argv)
{
	struct opt_result res;
	struct rules s = {0};
	const char *fmt;
	int status = cli_opt_status(opt_parse(&res, &spec, argc, argv));

	if (status >= 0)
		goto out;
	s.stig = opt_str(&res, &spec, "stig", NULL);
	s.severity = opt_str(&res, &spec, "severity", NULL);
	fmt = opt_str(&res, &spec, "format", "table");
	s.format = strcmp(fmt, "json") == 0  ? FMT_JSON
		   : strcmp(fmt, "csv") == 0 ? FMT_CSV
					     : FMT_TABLE;
	if (run(&s, res.args[0]) < 0)
		status = cli_fail("rules");
	else
		status = s.bad ? EXIT_ERROR : EXIT_OK;
out:
	for (size_t i = 0; i < s.n_seen; i++)
		free(s.seen[i]);
	free(s.seen);
	free(s.buf);
	opt_release(&res);
	return status;
}
