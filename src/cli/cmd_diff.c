/*
 * cmd_diff.c - scapula diff OLD NEW: compare two releases of a STIG rule by rule
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diff.h"
#include "error.h"
#include "opt.h"

static const struct opt diff_opts[] = {
    {"stig", 0, OPT_VALUE, "ID", "compare only the benchmark with this id", NULL},
    {"format", 'f', OPT_VALUE, "FMT", "output format", "table|json|markdown"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec diff_spec = {
    "diff",
    "OLD NEW [options]",
    "Compare two releases of a STIG rule by rule.",
    "OLD and NEW are packages, folders or XCCDF files. Rules are matched by Vuln id\n"
    "(V-228375): added, removed, revised (new rule id revision) and changed (same revision,\n"
    "different text). For each revised or changed rule the changed fields are shown with a\n"
    "word diff, [-removed-]{+added+}. Whitespace-only edits are ignored. Benchmarks are paired\n"
    "by id, or compared as they are when each side holds exactly one.\n"
    "Exit status: 0 no differences, 2 differences, 1 error, 64 usage.",
    diff_opts,
    2,
    2,
};

static int write_diff(const struct diff *d, const char *format)
{
	if (strcmp(format, "json") == 0)
		return diff_write_json(stdout, d);
	if (strcmp(format, "markdown") == 0)
		return diff_write_markdown(stdout, d);
	return diff_write_table(stdout, d);
}

int cmd_diff(int argc, char **argv)
{
	struct opt_result res;
	struct diff_side *old = NULL, *new = NULL;
	struct diff *d = NULL;
	const char *stig;
	int status = opt_parse(&res, &diff_spec, argc, argv);

	if ((status = cli_opt_status(status)) >= 0)
		goto out;
	stig = opt_str(&res, &diff_spec, "stig", NULL);
	if (diff_side_read(&old, res.args[0], stig) < 0 ||
	    diff_side_read(&new, res.args[1], stig) < 0 || diff_compare(&d, old, new) < 0 ||
	    write_diff(d, opt_str(&res, &diff_spec, "format", "table")) < 0) {
		status = cli_fail("diff");
		goto out;
	}
	status = diff_has_differences(d) ? EXIT_FINDINGS : EXIT_OK;
out:
	diff_free(d);
	diff_side_free(new);
	diff_side_free(old);
	opt_release(&res);
	return status;
}
