/*
 * cmd_report.c - scapula report: HTML, CKL, CKLB and CSV from ARF results
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "error.h"
#include "limits.h"
#include "opt.h"
#include "report.h"
#include "xml.h"

static const struct opt report_opts[] = {
	{"format", 'f', OPT_VALUE, "FMT", "what to write (default all)", "html|ckl|cklb|csv|all"},
	{"output", 'o', OPT_VALUE, "PATH",
	 "a file (one ARF, one format) or a folder; default: next to each ARF", NULL},
	{NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec report_spec = {
	"report",
	"ARF... [--format html|ckl|cklb|csv|all] [-o PATH]",
	"Write the HTML report, STIG Viewer checklists (CKL, CKLB) and CSV from ARF results.",
	"Every report is made from the ARF alone, so it can be written again at any time.\n"
	"With several ARFs and -o, each host's reports go to PATH/<hostname>/.",
	report_opts,
	1,
	SIZE_MAX,
};

static unsigned formats_of(const char *f)
{
	if (strcmp(f, "html") == 0)
		return REPORT_HTML;
	if (strcmp(f, "ckl") == 0)
		return REPORT_CKL;
	if (strcmp(f, "cklb") == 0)
		return REPORT_CKLB;
	if (strcmp(f, "csv") == 0)
		return REPORT_CSV;
	return REPORT_ALL;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	return 0;
}

/* Where format F of the report for ARF goes. */
static int target_path(char *out, size_t size, const char *arf, const char *output,
		       const char *host, unsigned formats, size_t n_arfs, enum report_format f)
{
	char *copy;

	if (output && n_arfs == 1 && (formats & (formats - 1)) == 0) {
		snprintf(out, size, "%s", output);
		return 0;
	}
	if (output) {
		if (make_dir(output) < 0)
			return -1;
		if (n_arfs == 1) {
			snprintf(out, size, "%s/%s", output, report_file_name(f));
			return 0;
		}
		snprintf(out, size, "%s/%s", output, host);
		if (make_dir(out) < 0)
			return -1;
		snprintf(out, size, "%s/%s/%s", output, host, report_file_name(f));
		return 0;
	}
	copy = strdup(arf);
	if (!copy)
		return error_oom();
	snprintf(out, size, "%s/%s", dirname(copy), report_file_name(f));
	free(copy);
	return 0;
}

/* Where report_one's reports go (report_path_fn): target_path with the run's choices. */
struct target {
	const char *arf, *output;
	unsigned formats;
	size_t n_arfs;
};

static int target_for(char *out, size_t size, enum report_format f, const char *host, void *ctx)
{
	const struct target *t = ctx;

	return target_path(out, size, t->arf, t->output, host, t->formats, t->n_arfs, f);
}

/* Render every asked-for format first, then write: nothing is written if any render fails. */
static int report_one(const char *arf_path, const char *output, unsigned formats, size_t n_arfs,
		      const struct report_styles *st)
{
	struct target t = {arf_path, output, formats, n_arfs};
	xmlDocPtr arf = NULL;
	int ret = xml_parse_file(&arf, arf_path) < 0
		      ? -1
		      : report_write(arf, arf_path, formats, st, target_for, &t);

	xmlFreeDoc(arf);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	struct opt_result res;
	struct report_styles *st = NULL;
	int status, parsed = opt_parse(&res, &report_spec, argc, argv);
	unsigned formats;

	if ((status = cli_opt_status(parsed)) >= 0) {
		opt_release(&res);
		return status;
	}
	formats = formats_of(opt_str(&res, &report_spec, "format", "all"));
	status = EXIT_OK;
	if (report_styles_load(&st, report_xslt_dir()) < 0) {
		status = cli_fail("report");
		goto out;
	}
	for (size_t i = 0; i < res.n_args; i++)
		if (report_one(res.args[i], opt_str(&res, &report_spec, "output", NULL), formats,
			       res.n_args, st) < 0)
			status = cli_fail("report");
out:
	report_styles_free(st);
	opt_release(&res);
	return status;
}
