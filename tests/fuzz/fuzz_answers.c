/*
 * fuzz_answers.c - the answer-file loader (answers_load takes a path: the input goes to a file)
 */
#include "answers.h"
#include "error.h"
#include "fuzz.h"

/* A loaded file answers its own look-ups: each answer, or an earlier one for the same case. */
static void check_model(const struct answers *a)
{
	fuzz_assert(a->path && a->stig, "answers without path or stig");
	for (size_t i = 0; i < a->n_items; i++) {
		const struct answer *x = &a->items[i];

		fuzz_assert(x->vuln && x->host && x->expected && x->result && x->comment,
			    "an answer field is NULL");
		fuzz_assert(answers_find(a, x->vuln, x->host, x->expected) != NULL,
			    "an answer not found by its own vuln, host and expected result");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct answers *a = NULL;
	const char *path;

	fuzz_init();
	error_clear();
	path = fuzz_file(data, size);
	if (answers_load(&a, path) < 0) {
		fuzz_assert(!a, "a failed load returned answers");
		fuzz_check_error(path);
		return 0;
	}
	fuzz_assert(a != NULL, "a load that succeeded returned nothing");
	check_model(a);
	answers_free(a);
	return 0;
}
