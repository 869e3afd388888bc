/*
 * test_opt.c - option tables drive parsing
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "opt.h"

static const struct opt opts[] = {
	{"stig", 0, OPT_VALUE, "ID", "benchmark id", NULL},
	{"format", 'f', OPT_VALUE, "FMT", "output format", "table|json"},
	{"facts", 0, OPT_LIST, "FILE", "facts bundle", NULL},
	{"strict", 0, OPT_FLAG, NULL, "drift is an error", NULL},
	{NULL, 0, 0, NULL, NULL, NULL},
};
static const struct cmd_spec spec = {"t", "ARG", "test", NULL, opts, 1, 2};

static void test_parse(void **state)
{
	char *argv[] = {"t", "pkg", "--stig=A", "-f", "json", "--facts", "a", "--facts", "b",
			"--strict", "--", "-x", NULL};
	struct opt_result r;

	(void)state;
	assert_int_equal(opt_parse(&r, &spec, 12, argv), 0);
	assert_int_equal(r.n_args, 2);
	assert_string_equal(r.args[1], "-x");
	assert_string_equal(opt_str(&r, &spec, "stig", NULL), "A");
	assert_string_equal(opt_str(&r, &spec, "format", NULL), "json");
	assert_int_equal(opt_get(&r, &spec, "facts")->n_list, 2);
	assert_string_equal(opt_get(&r, &spec, "facts")->list[1], "b");
	assert_int_equal(opt_flag(&r, &spec, "strict"), 1);
	opt_release(&r);
}

static void test_errors(void **state)
{
	char *bad_choice[] = {"t", "pkg", "-f", "xml", NULL};
	char *unknown[] = {"t", "pkg", "--nope", NULL};
	char *missing[] = {"t", NULL};
	char *novalue[] = {"t", "pkg", "--stig", NULL};
	struct opt_result r;

	(void)state;
	assert_int_equal(opt_parse(&r, &spec, 4, bad_choice), -1);
	opt_release(&r);
	assert_int_equal(opt_parse(&r, &spec, 3, unknown), -1);
	opt_release(&r);
	assert_int_equal(opt_parse(&r, &spec, 1, missing), -1);
	opt_release(&r);
	assert_int_equal(opt_parse(&r, &spec, 3, novalue), -1);
	opt_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
