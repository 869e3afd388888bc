/*
 * fuzz_desc.c - the parser of the fields DISA embeds in a rule's description
 */
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "error.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out[DESC_N_FIELDS];

	fuzz_init();
	error_clear();
	if (desc_parse(out, (const char *)data, size) < 0) {
		fuzz_assert(error_kind() == ERR_NOMEM,
			    "desc_parse failed other than out of memory");
		error_clear();
		return 0;
	}
	for (int f = 0; f < DESC_N_FIELDS; f++) {
		fuzz_assert(out[f] != NULL, "a field left NULL");
		/* Decoding only ever shortens: a field cannot be longer than the text it came from.
		 */
		fuzz_assert(strlen(out[f]) <= size, "a field longer than the description");
		free(out[f]);
	}
	return 0;
}
