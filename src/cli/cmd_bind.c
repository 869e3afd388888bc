/*
 * cmd_bind.c - scapula bind: DISA benchmark + our OVAL content → SCAP 1.3 source data stream
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "bind.h"
#include "cmd.h"
#include "content.h"
#include "error.h"
#include "opt.h"

static const struct opt bind_opts[] = {
    {"output", 'o', OPT_VALUE, "FILE", "write the data stream to FILE ('-': standard output)",
     NULL},
    {"stig", 0, OPT_VALUE, "ID", "bind only the benchmark with this id", NULL},
    {"content", 0, OPT_VALUE, "DIR",
     "content folder (default: $SCAPULA_CONTENT_DIR, else the built-in content)", NULL},
    {"coverage", 0, OPT_FLAG, NULL,
     "print each rule's class, OVAL definition and drift, then totals", NULL},
    {"strict", 0, OPT_FLAG, NULL,
     "content drift, or a rule the binding lacks, is an error: nothing is written", NULL},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec bind_spec = {
    "bind",
    "[PACKAGE] [--stig ID] [--content DIR] [--coverage] [--strict] -o DATASTREAM.xml",
    "Bind OVAL content to a STIG and write a SCAP 1.3 data stream",
    "PACKAGE is a DISA zip, a folder or an XCCDF 1.1 file; every benchmark in it that the\n"
    "content binds is converted to XCCDF 1.2 with its rules pointed at their OVAL checks.\n"
    "Rules are matched by Vuln id. A rule whose check text differs from the one its check\n"
    "was written against is reported as content drift: review that check.\n"
    "With no PACKAGE, the data stream is built from the content alone (scapula's titles).\n"
    "Timestamps come from SOURCE_DATE_EPOCH when set, so output is reproducible.",
    bind_opts,
    0,
    1,
};

/* SOURCE_DATE_EPOCH, or -1 when unset; a malformed value is an error. */
static int source_date_epoch(long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;

	*out = -1;
	if (!s || !*s)
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || *end || *out < 0 || *s < '0' || *s > '9')
		return error_set(ERR_USAGE, "SOURCE_DATE_EPOCH='%s' is not a number of seconds", s);
	return 0;
}

static const char *cat_name(int cat)
{
	static const char *const names[] = {"-", "I", "II", "III"};

	return cat >= 0 && cat <= 3 ? names[cat] : "-";
}

static const char *drift_name(enum bind_status s)
{
	switch (s) {
	case BIND_OK:
		return "no";
	case BIND_DRIFT:
		return "yes";
	default:
		return bind_status_name(s);
	}
}

static int width(const struct bind_checklist *l, size_t field, int min)
{
	int w = min;

	for (size_t i = 0; i < l->n_rows; i++) {
		const struct bind_row *r = &l->rows[i];
		const char *s = field == 0 ? r->vuln : field == 1 ? r->stig_id : r->definition;
		int n = (int)strlen(*s ? s : "-");
		if (n > w)
			w = n;
	}
	return w;
}

static void print_coverage(const struct bind_checklist *l)
{
	size_t per_class[4] = {0}, total = 0;
	int wv = width(l, 0, 4), ws = width(l, 1, 7), wd = width(l, 2, 10);

	printf("%s %s (content written against %s)\n", l->benchmark,
	       *l->release ? l->release : "from the content alone", l->written_against);
	printf("%-*s  %-*s  %-3s  %-10s  %-*s  %s\n", wv, "Vuln", ws, "STIG id", "CAT", "class", wd,
	       "definition", "drift");
	for (size_t i = 0; i < l->n_rows; i++) {
		const struct bind_row *r = &l->rows[i];
		printf("%-*s  %-*s  %-3s  %-10s  %-*s  %s\n", wv, r->vuln, ws,
		       *r->stig_id ? r->stig_id : "-", cat_name(r->cat), rule_class_name(r->cls),
		       wd, *r->definition ? r->definition : "-", drift_name(r->status));
		if (r->status == BIND_REMOVED)
			continue;
		per_class[r->cls]++;
		total++;
	}
	printf("automated %zu, site-value %zu, evidence %zu, manual %zu\n",
	       per_class[RULE_AUTOMATED], per_class[RULE_SITE_VALUE], per_class[RULE_EVIDENCE],
	       per_class[RULE_MANUAL]);
	printf("automated or site-value: %zu of %zu\n",
	       per_class[RULE_AUTOMATED] + per_class[RULE_SITE_VALUE], total);
}

/* One line per rule that needs a look; returns how many make --strict fail. */
static size_t report_rows(const struct bind_checklist *l)
{
	size_t problems = 0;

	for (size_t i = 0; i < l->n_rows; i++) {
		const struct bind_row *r = &l->rows[i];
		const char *sid = *r->stig_id ? r->stig_id : "no STIG id";

		if (r->status == BIND_DRIFT)
			fprintf(
			    stderr,
			    "scapula: bind: %s (%s): check text differs from the one the check was "
			    "written against (%s); review the check\n",
			    r->vuln, sid, l->written_against);
		else if (r->status == BIND_UNBOUND)
			fprintf(stderr,
				"scapula: bind: %s (%s): not in the binding %s; treated as manual "
				"(not checked)\n",
				r->vuln, sid, l->binding_path);
		else if (r->status == BIND_REMOVED)
			fprintf(stderr, "scapula: bind: %s (%s): bound in %s but not in %s %s\n",
				r->vuln, sid, l->binding_path, l->benchmark, l->release);
		problems += r->status == BIND_DRIFT || r->status == BIND_UNBOUND;
	}
	return problems;
}

static void report_skipped(const struct bind_package *p)
{
	for (size_t i = 0; i < p->n_skipped && i < 5; i++)
		fprintf(stderr, "scapula: bind: no content for %s; left out\n", p->skipped[i]);
	if (p->n_skipped > 5)
		fprintf(stderr, "scapula: bind: … and %zu more benchmarks without content\n",
			p->n_skipped - 5);
}

/* Sources from the package's benchmarks, or from the content alone. */
static int make_sources(struct bind_source **out, size_t *n, const struct bind_package *pkg,
			const struct content *c, const char *stig)
{
	size_t k = 0, max = pkg ? pkg->n_found : c->n_bindings;

	*n = 0;
	*out = calloc(max ? max : 1, sizeof(**out));
	if (!*out)
		return error_oom();
	for (size_t i = 0; i < max; i++) {
		struct bind_source *s = &(*out)[k];
		if (pkg) {
			s->xccdf = pkg->found[i].doc;
			s->name = pkg->found[i].name;
			s->binding = content_find(c, pkg->found[i].id);
		} else if (stig && strcmp(c->bindings[i].benchmark, stig) != 0) {
			continue;
		} else {
			s->name = c->bindings[i].path;
			s->binding = &c->bindings[i];
		}
		k++;
	}
	*n = k;
	if (!k) {
		char have[1024] = "";
		for (size_t i = 0; i < c->n_bindings; i++)
			snprintf(have + strlen(have), sizeof(have) - strlen(have), "%s%s",
				 i ? ", " : "", c->bindings[i].benchmark);
		return error_set(ERR_NOTFOUND, "no content binds benchmark '%s' (%s binds: %s)",
				 stig ? stig : "", c->dir, have);
	}
	return 0;
}

static int write_output(const struct bind_result *r, const char *output)
{
	xmlChar *buf;
	size_t len;
	int ret = 0;

	if (strcmp(output, "-") != 0)
		return atomic_write_doc(r->ds, output);
	if (xml_doc_to_buffer(&buf, &len, r->ds) < 0)
		return -1;
	if (fwrite(buf, 1, len, stdout) != len)
		ret = error_set(ERR_IO, "error writing to standard output");
	xmlFree(buf);
	return ret;
}

static int check_usage(const struct opt_result *o, const char **output)
{
	*output = opt_str(o, &bind_spec, "output", NULL);
	if (!*output && !opt_flag(o, &bind_spec, "coverage"))
		return error_set(ERR_USAGE, "say where to write the data stream with -o FILE "
					    "(or ask only for --coverage)");
	if (*output && strcmp(*output, "-") == 0 && opt_flag(o, &bind_spec, "coverage"))
		return error_set(ERR_USAGE,
				 "--coverage and -o - would both write to standard output");
	return 0;
}

static int run(const struct opt_result *o, struct bind_package *pkg, const char *output)
{
	const char *stig = opt_str(o, &bind_spec, "stig", NULL);
	struct content *c = NULL;
	struct bind_source *src = NULL;
	struct bind_result *r = NULL;
	size_t n_src = 0, problems = 0;
	long long epoch;
	int ret = -1;

	if (source_date_epoch(&epoch) < 0 ||
	    content_load(&c, opt_str(o, &bind_spec, "content", content_default_dir())) < 0)
		goto out;
	if (o->n_args && bind_package_read(pkg, o->args[0], c, stig) < 0)
		goto out;
	if (make_sources(&src, &n_src, o->n_args ? pkg : NULL, c, stig) < 0 ||
	    bind_build(&r, src, n_src, epoch) < 0)
		goto out;
	report_skipped(pkg);
	for (size_t i = 0; i < r->n_lists; i++) {
		problems += report_rows(&r->lists[i]);
		if (opt_flag(o, &bind_spec, "coverage")) {
			if (i)
				printf("\n");
			print_coverage(&r->lists[i]);
		}
	}
	if (problems && opt_flag(o, &bind_spec, "strict")) {
		error_set(ERR_FORMAT,
			  "%zu rule%s need%s review (drift or not bound); nothing written "
			  "(--strict)",
			  problems, problems == 1 ? "" : "s", problems == 1 ? "s" : "");
		goto out;
	}
	ret = output ? write_output(r, output) : 0;
out:
	bind_result_free(r);
	free(src);
	content_free(c);
	return ret;
}

int cmd_bind(int argc, char **argv)
{
	struct opt_result o;
	struct bind_package pkg = {0};
	const char *output = NULL;
	int status = cli_opt_status(opt_parse(&o, &bind_spec, argc, argv));

	if (status >= 0) {
		opt_release(&o);
		return status;
	}
	if (check_usage(&o, &output) < 0 || run(&o, &pkg, output) < 0)
		status = cli_fail("bind");
	else
		status = EXIT_OK;
	bind_package_release(&pkg);
	opt_release(&o);
	return status;
}
