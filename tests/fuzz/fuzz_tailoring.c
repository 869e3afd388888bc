/*
 * fuzz_tailoring.c - the XCCDF tailoring loader (tailoring_load takes a path: the input goes to
 * a file), on its own and against the evaluate fixture's content, whose Values it must name
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evaluate.h"
#include "fuzz.h"
#include "tailoring.h"

/* Loaded once and kept: the data stream the tailoring's set-values are checked against. */
static struct eval_content *content;

static void load_content(void)
{
	static int tried;

	if (tried)
		return;
	tried = 1;
	if (eval_content_load(&content, SOURCE_DIR "/tests/fixtures/evaluate/fixture-ds.xml") < 0)
		fuzz_fail(__FILE__, __LINE__, "cannot load the evaluate fixture's data stream");
}

static void check_model(const struct eval_values *v)
{
	fuzz_assert(v->source && v->tailoring_id && v->version && v->version_time && v->profile_id,
		    "a tailoring field is NULL");
	for (size_t i = 0; i < v->n_items; i++) {
		fuzz_assert(v->items[i].idref && v->items[i].value, "a set-value field is NULL");
		fuzz_assert(eval_values_get(v, v->items[i].idref) != NULL,
			    "a set-value not found by its own idref");
	}
}

static void load(const char *path, const struct eval_content *c)
{
	struct eval_values *v = NULL;

	if (tailoring_load(&v, path, c) < 0) {
		fuzz_assert(!v, "a failed load returned values");
		fuzz_check_error(path);
		return;
	}
	fuzz_assert(v != NULL, "a load that succeeded returned nothing");
	check_model(v);
	eval_values_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;

	fuzz_init();
	load_content();
	error_clear();
	path = fuzz_file(data, size);
	load(path, NULL);
	load(path, content);
	return 0;
}
