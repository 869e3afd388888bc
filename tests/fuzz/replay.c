/*
 * replay.c - run a fuzz target over its corpus without libFuzzer (libgit2's standalone driver)
 *
 * Usage: fuzz_<name> PATH...  Each PATH is a file, or a folder whose regular files are
 * replayed in bytewise name order (so a run is reproducible). Each input is handed over in a
 * buffer of exactly its size, as libFuzzer does, so ASan sees any read past its end. Exits 1
 * if an input cannot be read or there is none at all; a target that crashes or aborts fails
 * the run by itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "fuzz.h"
#include "xml.h"

#define REPLAY_MAX_BYTES (64u << 20)

static int replay_file(const char *path)
{
	char *buf = NULL;
	uint8_t *exact;
	size_t len = 0;

	if (file_read_all(&buf, &len, path, REPLAY_MAX_BYTES) < 0) {
		fprintf(stderr, "replay: %s\n", error_message());
		return -1;
	}
	/* malloc(0) may return NULL; libFuzzer never passes NULL, so allocate at least a byte. */
	exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		fprintf(stderr, "replay: %s: out of memory\n", path);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int bytewise(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, bytewise), ret = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (ret == 0 && names[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			ret = replay_file(path);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	size_t count = 0;

	fuzz_init();
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) < 0
					: (count++, replay_file(argv[i]) < 0))
			return 1;
	}
	if (count == 0) {
		fprintf(stderr, "replay: no inputs (usage: %s FILE-OR-FOLDER...)\n", argv[0]);
		return 1;
	}
	fprintf(stderr, "replay: %zu input%s, no crash\n", count, count == 1 ? "" : "s");
	return 0;
}
