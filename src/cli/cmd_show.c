/*
 * cmd_show.c - scapula show PACKAGE RULE: one rule (or every rule carrying a CCI) in full
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "benchmark.h"
#include "benchmark_json.h"
#include "cmd.h"
#include "error.h"
#include "opt.h"

static const struct opt opts[] = {
    {"format", 'f', OPT_VALUE, "FORMAT", "output format (default text)", "text|json"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec spec = {
    "show",
    "PACKAGE RULE [options]",
    "Show one rule (by V-, SV-, STIG id or CCI) in full",
    "RULE is a Vuln id (V-228375), a rule id with or without its revision (SV-228375,\n"
    "SV-228375r612748_rule), a STIG id (EX16-MB-000220), a legacy id (V-80665, SV-95375) or\n"
    "a CCI (CCI-001184: every rule carrying it). Case does not matter. Every benchmark of the\n"
    "package is searched. json: an array of the objects `rules --format json` writes.",
    opts,
    2,
    2,
};

/* Headings for DISA's embedded description fields, in enum desc_field order. */
static const char *const desc_headings[DESC_N_FIELDS] = {
    "Vulnerability discussion",
    "False positives",
    "False negatives",
    "Documentable",
    "Mitigations",
    "Severity override guidance",
    "Potential impacts",
    "Third-party tools",
    "Mitigation control",
    "Responsibility",
    "IA controls",
};

struct show {
	const char *want;
	int json;
	size_t n_found;
	int bad;
};

/* SV-228375 matches SV-228375r612748_rule: any revision of the rule. */
static int rule_id_matches(const char *rule_id, const char *want)
{
	size_t n = strlen(want);

	if (strcasecmp(rule_id, want) == 0)
		return 1;
	return strchr(want, 'r') == NULL && strchr(want, 'R') == NULL &&
	       strncasecmp(rule_id, want, n) == 0 && (rule_id[n] == 'r' || rule_id[n] == 'R');
}

static int in_list(char *const *v, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i], want) == 0)
			return 1;
	return 0;
}

static int matches(const struct rule *r, const char *want)
{
	if (strncasecmp(want, "CCI-", 4) == 0)
		return in_list(r->ccis, r->n_ccis, want);
	return strcasecmp(r->group_id, want) == 0 || rule_id_matches(r->rule_id, want) ||
	       strcasecmp(r->stig_id, want) == 0 || in_list(r->legacy_ids, r->n_legacy_ids, want);
}

/* TEXT under a heading, every line indented, so multi-line STIG text stays readable. */
static void block(const char *heading, const char *text)
{
	if (!text || !*text)
		return;
	printf("\n%s:\n", heading);
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		if (n && text[n - 1] == '\r')
			n--;
		printf(n ? "    %.*s\n" : "\n", (int)n, text);
		text += nl ? (size_t)(nl - text) + 1 : strlen(text);
	}
}

static void line(const char *label, const char *value)
{
	if (value && *value)
		printf("%-16s%s\n", label, value);
}

static void list_line(const char *label, char *const *v, size_t n)
{
	if (!n)
		return;
	printf("%-16s", label);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", v[i]);
	printf("\n");
}

static void header(const struct benchmark *b, const struct rule *r)
{
	char ver[64];
	size_t dl;
	const char *date = benchmark_date(b, &dl);
	const char *cat = rule_cat_name(r);

	benchmark_short_version(b, ver, sizeof(ver));
	printf("%s\n", r->rule_id);
	printf("%-16s%s %s (%.*s)\n", "Benchmark:", b->id, *ver ? ver : "-", (int)dl, date);
	line("Source:", b->source);
	line("Title:", r->title);
	printf("%-16s%s%s%s%s\n", "Severity:", r->severity, *cat ? " (" : "", cat, *cat ? ")" : "");
	line("Weight:", r->weight);
	printf("%-16s%s  %s\n", "Vuln ID:", r->group_id, r->group_title);
	line("STIG ID:", r->stig_id);
	list_line("CCIs:", r->ccis, r->n_ccis);
	list_line("Legacy IDs:", r->legacy_ids, r->n_legacy_ids);
	for (size_t i = 0; i < r->n_idents; i++)
		printf("%-16s%s (%s)\n", "Ident:", r->idents[i].value, r->idents[i].system);
	if (*r->ref_title || *r->ref_identifier)
		printf("%-16s%s (%s, TargetKey %s)\n", "Reference:", r->ref_title, r->ref_publisher,
		       r->ref_identifier);
}

static void text_rule(const struct benchmark *b, const struct rule *r, size_t n_before)
{
	if (n_before)
		printf("\n%s\n\n",
		       "----------------------------------------------------------------");
	header(b, r);
	line("Fix ID:", r->fix_id);
	printf("%-16s%s  %s (%s)\n", "Check:", r->check_system, r->check_ref_href,
	       r->check_ref_name);
	for (int f = 0; f < DESC_N_FIELDS; f++)
		block(desc_headings[f], r->desc[f]);
	if (!*r->desc[DESC_VULN_DISCUSSION]) /* not DISA's embedded fields: the text itself */
		block("Description", r->description);
	block("Check text", r->check_text);
	for (size_t i = 0; i < r->n_more_checks; i++)
		block(r->more_checks[i].system, r->more_checks[i].text);
	block("Fix text", r->fix_text);
	for (size_t i = 0; i < r->n_more_fixes; i++)
		block(r->more_fixes[i].id, r->more_fixes[i].text);
}

static int visit(const struct benchmark *b, void *ctx)
{
	struct show *s = ctx;

	for (size_t i = 0; i < b->n_rules; i++) {
		const struct rule *r = &b->rules[i];
		json_t *o;

		if (!matches(r, s->want))
			continue;
		if (!s->json) {
			text_rule(b, r, s->n_found++);
			continue;
		}
		if (!(o = rule_to_json(b, r)))
			return -1;
		fputs(s->n_found++ ? ",\n" : "[\n", stdout);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(o);
	}
	return ferror(stdout) ? error_set(ERR_IO, "cannot write to standard output") : 0;
}

static void on_bad(const char *source, void *ctx)
{
	struct show *s = ctx;

	(void)source; /* the message names it */
	fprintf(stderr, "scapula: show: %s\n", error_message());
	s->bad = 1;
}

int cmd_show(int argc, char **argv)
{
	struct opt_result res;
	struct show s = {0};
	int status = cli_opt_status(opt_parse(&res, &spec, argc, argv));

	if (status >= 0)
		goto out;
	s.want = res.args[1];
	s.json = strcmp(opt_str(&res, &spec, "format", "text"), "json") == 0;
	if (benchmark_walk(res.args[0], visit, on_bad, &s) < 0) {
		status = cli_fail("show");
		goto out;
	}
	if (s.json && s.n_found)
		fputs("\n]\n", stdout);
	if (!s.n_found) {
		error_set(ERR_NOTFOUND, "%s: no rule '%s' in any of its benchmarks", res.args[0],
			  s.want);
		status = cli_fail("show");
		goto out;
	}
	status = s.bad ? EXIT_ERROR : EXIT_OK;
out:
	opt_release(&res);
	return status;
}
