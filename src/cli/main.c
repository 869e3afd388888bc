/*
 * main.c - scapula's entry point: global set-up and the command table
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cmd.h"
#include "error.h"
#include "limits.h"
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
	{"tailor", cmd_tailor, "Write a tailoring file listing a STIG's site values"},
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

/* Global options: the caps on untrusted input (docs/security.md), raised or lowered. */
struct limit_opt {
	const char *name;
	size_t offset; /* of the field in struct limits */
	int wide;      /* the field is a uint64_t, not a size_t */
	uint64_t max;  /* what the code behind the cap can take */
	const char *what;
};

#define LIMIT_FIELD(f) offsetof(struct limits, f)
#define TIB ((uint64_t)1 << 40)

static const struct limit_opt limit_opts[] = {
	{"--max-xml-bytes", LIMIT_FIELD(xml_max_bytes), 0, INT32_MAX, "bytes of one XML document"},
	{"--max-xml-depth", LIMIT_FIELD(xml_max_depth), 0, 4096, "element nesting in XML"},
	{"--max-xml-attrs", LIMIT_FIELD(xml_max_attrs), 0, 1 << 20, "attributes on one XML element"},
	{"--max-zip-entry-bytes", LIMIT_FIELD(zip_max_entry_bytes), 0, TIB,
	 "bytes of one zip entry, decompressed"},
	{"--max-zip-total-bytes", LIMIT_FIELD(zip_max_total_bytes), 1, TIB,
	 "bytes of one package, decompressed, inner zips included"},
	{"--max-zip-ratio", LIMIT_FIELD(zip_max_ratio), 0, 1 << 20,
	 "decompressed to compressed size of a zip entry"},
	{"--max-zip-depth", LIMIT_FIELD(zip_max_depth), 0, 32, "zips inside zips, the outer one 1"},
	{"--max-zip-entries", LIMIT_FIELD(zip_max_entries), 0, 1 << 24, "entries in one zip"},
	{"--max-json-bytes", LIMIT_FIELD(json_max_bytes), 0, TIB, "bytes of one facts bundle"},
	{"--max-json-depth", LIMIT_FIELD(json_max_depth), 0, 2048, "nesting in a facts bundle"},
};

#define N_LIMIT_OPTS (sizeof(limit_opts) / sizeof(limit_opts[0]))

static uint64_t limit_value(const struct limits *l, const struct limit_opt *o)
{
	const char *p = (const char *)l + o->offset;

	return o->wide ? *(const uint64_t *)(const void *)p : *(const size_t *)(const void *)p;
}

/* "64M", "256", "1G": the largest unit that divides N. */
static void size_text(char *out, size_t size, uint64_t n)
{
	static const char units[] = "GMK";

	for (int i = 0; i < 3; i++) {
		uint64_t unit = (uint64_t)1 << (10 * (3 - i));
		if (n >= unit && n % unit == 0) {
			snprintf(out, size, "%llu%c", (unsigned long long)(n / unit), units[i]);
			return;
		}
	}
	snprintf(out, size, "%llu", (unsigned long long)n);
}

static void usage(FILE *f)
{
	struct limits def;
	char dflt[32];

	fprintf(f, "usage: scapula [--version] [--help] [--max-... N] COMMAND [ARGS]\n\n"
		   "scapula reads DISA STIG packages, binds them to OVAL checks, evaluates facts\n"
		   "collected on Exchange servers and writes ARF results and checklists.\n\n"
		   "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	fprintf(f, "\nlimits on untrusted input (before COMMAND; see docs/security.md):\n");
	limits_default(&def);
	for (size_t i = 0; i < N_LIMIT_OPTS; i++) {
		size_text(dflt, sizeof(dflt), limit_value(&def, &limit_opts[i]));
		fprintf(f, "  %-22s N  %s (default %s)\n", limit_opts[i].name, limit_opts[i].what,
			dflt);
	}
	fprintf(f, "N is a whole number, optionally followed by K, M or G (times 1024, 1024^2,\n"
		   "1024^3).\n"
		   "\nRun 'scapula COMMAND --help' for a command's options.\n");
}

/* N[K|M|G], from 1 to MAX. */
static int parse_size(uint64_t *out, const char *s, uint64_t max)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = (uint64_t)1 << 10;
	else if (*end == 'M' || *end == 'm')
		mult = (uint64_t)1 << 20;
	else if (*end == 'G' || *end == 'g')
		mult = (uint64_t)1 << 30;
	if (mult > 1)
		end++;
	if (*end || v == 0 || v > max / mult)
		return -1;
	*out = (uint64_t)v * mult;
	return 0;
}

/* Apply one "--max-NAME N" or "--max-NAME=N" at argv[*i]; moves *i past it. */
static int limit_option(struct limits *l, int *i, int argc, char **argv)
{
	const char *arg = argv[*i], *value = NULL;
	uint64_t n;

	for (size_t k = 0; k < N_LIMIT_OPTS; k++) {
		const struct limit_opt *o = &limit_opts[k];
		size_t len = strlen(o->name);
		char *field = (char *)l + o->offset;

		if (strncmp(arg, o->name, len) != 0 || (arg[len] && arg[len] != '='))
			continue;
		value = arg[len] ? arg + len + 1 : *i + 1 < argc ? argv[++*i] : NULL;
		if (parse_size(&n, value, o->max) < 0) {
			fprintf(stderr,
				"scapula: %s: '%s' is not a number from 1 to %llu "
				"(optionally followed by K, M or G)\n",
				o->name, value ? value : "", (unsigned long long)o->max);
			return -1;
		}
		if (o->wide)
			*(uint64_t *)(void *)field = n;
		else
			*(size_t *)(void *)field = (size_t)n;
		++*i;
		return 0;
	}
	fprintf(stderr, "scapula: unknown option '%s'; see 'scapula --help'\n", arg);
	return -1;
}

/* The global --max-... options; *first is the index of what follows them. */
static int set_limits(int *first, int argc, char **argv)
{
	struct limits l = *limits_get();
	int i = 1;

	while (i < argc && strncmp(argv[i], "--max-", 6) == 0)
		if (limit_option(&l, &i, argc, argv) < 0)
			return -1;
	limits_set(&l);
	*first = i;
	return 0;
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
	int status, first;

	if (set_limits(&first, argc, argv) < 0)
		return EXIT_USAGE;
	/* from here on, argv[1] is what follows the limits */
	argc -= first - 1;
	argv += first - 1;
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
