/*
 * fuzz.h - what every fuzz target shares (tests/fuzz/fuzz_<name>.c)
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with -DSCAPULA_FUZZ=ON (clang) it is linked
 * with libFuzzer; otherwise with replay.c, which feeds it every file of its corpus, so the
 * corpora run as ordinary ctest cases in every build, and under ASan in the sanitizer build.
 *
 * A target must be deterministic, free everything it allocates, and leave the error channel
 * clear. Besides "no crash", targets assert the contracts of the code under test (an error
 * names its input, a loaded model answers its own look-ups) with fuzz_assert, which aborts
 * so that libFuzzer records the input and the replay test fails.
 */
#ifndef SCAPULA_FUZZ_H
#define SCAPULA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide set-up (the XML loader's entity loader and error routing); idempotent. */
void fuzz_init(void);

/*
 * Write SIZE bytes of DATA to this process's scratch file and return its path (borrowed, the
 * same for every call); for loaders that only take a path. The file is removed at exit.
 */
const char *fuzz_file(const uint8_t *data, size_t size);

/*
 * The contract of a failed load: the error channel holds a message, and the message names
 * NAME (the input's display name or path). Aborts otherwise; clears the error when it holds.
 */
void fuzz_check_error(const char *name);

/* Abort with WHAT on stderr unless COND: a broken contract is a finding like a crash. */
#define fuzz_assert(cond, what) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, (what)))
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

#endif
