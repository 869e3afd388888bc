/*
 * main.c - scapula's entry point: global set-up and the command table
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cmd.h"
#include "error.h"
#include "version.h"
#include "xml.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"stigs", cmd_stigs, "List the benchmarks in DISA packages"},
	{"rules", cmd_rules, "List the rules of a package's benchmarks"},
	{"show", cmd_show, "Show one rule (by V-, SV-, STIG id or CCI) in full"},
	{"diff", cmd_diff, "Compare two releases of a STIG rule by rule"},
	{"facts", cmd_facts, "Validate facts bundles and show what they hold"},
	{"bind", cmd_bind, "Bind OVAL content to a STIG and write a SCAP 1.3 data stream"},
	{"scan", cmd_scan, "Evaluate collected facts against a STIG; write ARF and reports"},
	{"report", cmd_report, "Write HTML, CKL, CKLB and CSV reports from ARF results"},
	{NULL, NULL, NULL},
};

int cli_fail(const char *cmd)
{
	const char *msg = error_message();

	fprintf(stderr, "scapula: %s: %s\n", cmd, *msg ? msg : "unknown error");
	return error_kind() == ERR_USAGE ? EXIT_USAGE : EXIT_ERROR;
}

int cli_opt_status(int parse_ret)
{
	if (parse_ret > 0)
		return EXIT_OK;
	if (parse_ret < 0)
		return EXIT_USAGE;
	return -1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: scapula [--version] [--help] COMMAND [ARGS]\n\n"
		   "scapula reads DISA STIG packages, binds them to OVAL checks, evaluates facts\n"
		   "collected on Exchange servers and writes ARF results and checklists.\n\n"
		   "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'scapula COMMAND --help' for a command's options.\n");
}

static int finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "scapula: error writing to standard output\n");
		return EXIT_ERROR;
	}
	return status;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int status;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *sub[] = {argv[2], "--help", NULL};
			for (c = commands; c->name; c++)
				if (strcmp(c->name, argv[2]) == 0)
					return finish(c->fn(2, sub));
		}
		usage(stdout);
		return finish(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("scapula %s\n", SCAPULA_VERSION);
		return finish(EXIT_OK);
	}
	xml_global_init();
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			break;
	if (!c->name) {
		fprintf(stderr, "scapula: '%s' is not a command; see 'scapula --help'\n", argv[1]);
		return EXIT_USAGE;
	}
	status = c->fn(argc - 1, argv + 1);
	xmlCleanupParser();
	return finish(status);
}
