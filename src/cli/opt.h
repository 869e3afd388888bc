/*
 * opt.h - one option table per command drives both parsing and --help
 */
#ifndef SCAPULA_OPT_H
#define SCAPULA_OPT_H

#include <stddef.h>

enum opt_kind {
	OPT_FLAG,  /* --strict: counted */
	OPT_VALUE, /* --stig ID: last one wins */
	OPT_LIST,  /* --facts FILE...: may repeat; values collected in order */
};

struct opt {
	const char *name;    /* long name without dashes: "stig" */
	char short_name;     /* 'o' or 0 */
	enum opt_kind kind;
	const char *arg;     /* placeholder in help: "ID" (NULL for flags) */
	const char *help;    /* one line */
	const char *choices; /* "table|json|csv": value must be one of these, or NULL */
};

struct opt_value {
	int count;          /* times given */
	const char *value;  /* OPT_VALUE: the last value given */
	const char **list;  /* OPT_LIST: every value given, in order */
	size_t n_list;
};

struct cmd_spec {
	const char *name;     /* "rules" */
	const char *usage;    /* "PACKAGE [options]" */
	const char *summary;  /* one line */
	const char *details;  /* paragraph after the options, or NULL */
	const struct opt *opts; /* terminated by an entry with name == NULL */
	size_t min_args, max_args; /* positional arguments; max_args SIZE_MAX for unbounded */
};

struct opt_result {
	struct opt_value *values; /* parallel to spec->opts */
	size_t n_values;
	char **args;              /* positional arguments (borrowed from argv) */
	size_t n_args;
};

/*
 * Parse argv[1..argc-1] against SPEC. Returns 0 on success, 1 when --help was given (help has
 * been printed to stdout), -1 on a usage error (printed to stderr as "scapula: CMD: ...").
 * Release with opt_release.
 */
int opt_parse(struct opt_result *res, const struct cmd_spec *spec, int argc, char **argv);
void opt_release(struct opt_result *res);

/* The value slot of option NAME (must exist in the spec). */
const struct opt_value *opt_get(const struct opt_result *res, const struct cmd_spec *spec,
				const char *name);
const char *opt_str(const struct opt_result *res, const struct cmd_spec *spec, const char *name,
		    const char *dflt);
int opt_flag(const struct opt_result *res, const struct cmd_spec *spec, const char *name);

void opt_print_help(const struct cmd_spec *spec);

#endif
