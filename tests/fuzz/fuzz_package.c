/*
 * fuzz_package.c - the package walker over zip bytes (zips, zips of zips, hostile members)
 */
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "package.h"

#define NAME "fuzz.zip"

struct seen {
	size_t entries;
	size_t bytes;
};

static int visit(const struct package_entry *e, void *ctx)
{
	struct seen *s = ctx;

	fuzz_assert(e->path && e->name && e->data, "an entry without path, name or data");
	fuzz_assert(strncmp(e->path, NAME ":", strlen(NAME ":")) == 0,
		    "an entry path that does not start with the package name");
	fuzz_assert(e->data[e->len] == '\0', "entry data not NUL-terminated");
	s->entries++;
	s->bytes += e->len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = {0, 0};

	fuzz_init();
	error_clear();
	if (package_walk_zip_buffer((const char *)data, size, NAME, visit, &s) < 0)
		fuzz_check_error(NAME);
	fuzz_assert(error_kind() == ERR_NONE, "a walk that succeeded left an error set");
	return 0;
}
