/*
 * fuzz_common.c - set-up, scratch file and contract checks shared by the fuzz targets
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "fuzz.h"
#include "xml.h"

static char scratch[4096];
static int scratch_fd = -1;

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: contract broken: %s (error channel: '%s')\n", file, line, what,
		error_message());
	abort();
}

void fuzz_init(void)
{
	static int done;

	if (done)
		return;
	xml_global_init();
	done = 1;
}

static void scratch_remove(void)
{
	if (scratch_fd >= 0) {
		close(scratch_fd);
		unlink(scratch);
	}
}

static void scratch_open(void)
{
	const char *dir = getenv("TMPDIR");

	/* Memory-backed when there is a choice: the file is rewritten for every input. */
	if (!dir || !*dir)
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/scapula-fuzz-XXXXXX", dir);
	scratch_fd = mkstemp(scratch);
	if (scratch_fd < 0) {
		perror(scratch);
		abort();
	}
	atexit(scratch_remove);
}

const char *fuzz_file(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (scratch_fd < 0)
		scratch_open();
	if (ftruncate(scratch_fd, 0) < 0)
		fuzz_fail(__FILE__, __LINE__, "cannot truncate the scratch file");
	while (done < size) {
		ssize_t n = pwrite(scratch_fd, data + done, size - done, (off_t)done);

		if (n <= 0)
			fuzz_fail(__FILE__, __LINE__, "cannot write the scratch file");
		done += (size_t)n;
	}
	return scratch;
}

void fuzz_check_error(const char *name)
{
	const char *msg = error_message();

	fuzz_assert(error_kind() != ERR_NONE && msg[0], "failed without setting an error");
	/* Out of memory has nothing to name; anything else must say which input is at fault. */
	fuzz_assert(error_kind() == ERR_NOMEM || strstr(msg, name),
		    "the error does not name the input");
	error_clear();
}
