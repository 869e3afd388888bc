/*
 * opt.c - option parsing from a command's table
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

static size_t n_opts(const struct cmd_spec *spec)
{
	size_t n = 0;

	while (spec->opts && spec->opts[n].name)
		n++;
	return n;
}

void opt_print_help(const struct cmd_spec *spec)
{
	size_t n = n_opts(spec);

	printf("usage: scapula %s %s\n\n%s\n", spec->name, spec->usage, spec->summary);
	if (n)
		printf("\noptions:\n");
	for (size_t i = 0; i < n; i++) {
		const struct opt *o = &spec->opts[i];
		char left[64];

		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		printf("  %-26s %s", left, o->help);
		if (o->choices)
			printf(" (%s)", o->choices);
		printf("\n");
	}
	printf("  %-26s %s\n", "-h, --help", "show this help and exit");
	if (spec->details)
		printf("\n%s\n", spec->details);
}

static int usage_error(const struct cmd_spec *spec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const struct cmd_spec *spec, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "scapula: %s: ", spec->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'scapula %s --help'.\n", spec->name);
	return -1;
}

static int choice_ok(const char *choices, const char *v)
{
	size_t vl = strlen(v);
	const char *p = choices;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == vl && strncmp(p, v, l) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int store(struct opt_result *res, const struct cmd_spec *spec, size_t i, const char *v)
{
	const struct opt *o = &spec->opts[i];
	struct opt_value *val = &res->values[i];
	const char **grown;

	val->count++;
	if (o->kind == OPT_FLAG)
		return 0;
	if (o->choices && !choice_ok(o->choices, v)) {
		fprintf(stderr, "scapula: %s: --%s: '%s' is not one of %s\n", spec->name, o->name,
			v, o->choices);
		return -1;
	}
	val->value = v;
	if (o->kind == OPT_LIST) {
		grown = realloc(val->list, (val->n_list + 1) * sizeof(*grown));
		if (!grown)
			return usage_error(spec, "%s", "out of memory");
		grown[val->n_list++] = v;
		val->list = grown;
	}
	return 0;
}

static long find_long(const struct cmd_spec *spec, const char *name, size_t len)
{
	for (size_t i = 0; i < n_opts(spec); i++)
		if (strlen(spec->opts[i].name) == len && strncmp(spec->opts[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

static long find_short(const struct cmd_spec *spec, char c)
{
	for (size_t i = 0; i < n_opts(spec); i++)
		if (spec->opts[i].short_name == c)
			return (long)i;
	return -1;
}

/* Handle argv[*k], an option; may consume argv[*k + 1]. */
static int parse_one(struct opt_result *res, const struct cmd_spec *spec, int argc, char **argv,
		     int *k)
{
	const char *a = argv[*k];
	const char *eq = NULL;
	long i;

	if (a[1] == '-') {
		eq = strchr(a + 2, '=');
		i = find_long(spec, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
	} else {
		if (a[2])
			return usage_error(spec, "unknown option '%s'", a);
		i = find_short(spec, a[1]);
	}
	if (i < 0)
		return usage_error(spec, "unknown option '%s'", a);
	if (spec->opts[i].kind == OPT_FLAG) {
		if (eq)
			return usage_error(spec, "option '%s' takes no value", a);
		return store(res, spec, (size_t)i, NULL);
	}
	if (eq)
		return store(res, spec, (size_t)i, eq + 1);
	if (*k + 1 >= argc)
		return usage_error(spec, "option '%s' needs a value", a);
	(*k)++;
	return store(res, spec, (size_t)i, argv[*k]);
}

int opt_parse(struct opt_result *res, const struct cmd_spec *spec, int argc, char **argv)
{
	int only_args = 0;

	memset(res, 0, sizeof(*res));
	res->n_values = n_opts(spec);
	res->values = calloc(res->n_values + 1, sizeof(*res->values));
	res->args = calloc((size_t)argc + 1, sizeof(*res->args));
	if (!res->values || !res->args)
		return usage_error(spec, "%s", "out of memory");
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k];
		if (!only_args && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			opt_print_help(spec);
			return 1;
		}
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && a[0] == '-' && a[1]) {
			if (parse_one(res, spec, argc, argv, &k) < 0)
				return -1;
		} else {
			res->args[res->n_args++] = argv[k];
		}
	}
	if (res->n_args < spec->min_args)
		return usage_error(spec, "%s", "missing argument");
	if (res->n_args > spec->max_args)
		return usage_error(spec, "unexpected argument '%s'", res->args[spec->max_args]);
	return 0;
}

void opt_release(struct opt_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_values; i++)
		free(res->values[i].list);
	free(res->values);
	free(res->args);
	memset(res, 0, sizeof(*res));
}

const struct opt_value *opt_get(const struct opt_result *res, const struct cmd_spec *spec,
				const char *name)
{
	long i = find_long(spec, name, strlen(name));

	if (i < 0) {
		fprintf(stderr, "scapula: internal error: no option '%s' in '%s'\n", name,
			spec->name);
		abort();
	}
	return &res->values[i];
}

const char *opt_str(const struct opt_result *res, const struct cmd_spec *spec, const char *name,
		    const char *dflt)
{
	const struct opt_value *v = opt_get(res, spec, name);

	return v->value ? v->value : dflt;
}

int opt_flag(const struct opt_result *res, const struct cmd_spec *spec, const char *name)
{
	return opt_get(res, spec, name)->count;
}
