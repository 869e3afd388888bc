/*
 * atomic.c - temporary file, fsync, rename (docs/security.md, item 8)
 *
 * The bytes are written to a file without a name (O_TMPFILE), fsync'ed, then given one: a
 * run killed while writing leaves nothing behind, not even a temporary. A new file is linked
 * straight at its path; an existing one is replaced by linking a temporary name and renaming
 * it over (two system calls apart; a kill right between them leaves a complete temporary,
 * which atomic_clean_stale removes). Where O_TMPFILE or the link through /proc is not
 * available, a named temporary file is written instead.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlsave.h>

#include "atomic.h"
#include "error.h"

/* What mkstemp and fill_suffix put in place of XXXXXX. */
#define SUFFIX_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/* "dir/.base.XXXXXX" for PATH; the folder part is "." when PATH has none. */
static int temp_name(char **out_tmp, char **out_dir, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dir_len = slash ? (size_t)(slash - path) : 0;
	size_t n;

	*out_tmp = NULL;
	*out_dir = NULL;
	if (!*base)
		return error_set(ERR_IO, "%s: not a file name", path);
	n = strlen(path) + 16;
	*out_tmp = malloc(n);
	*out_dir = malloc(dir_len + 2);
	if (!*out_tmp || !*out_dir) {
		free(*out_tmp);
		free(*out_dir);
		*out_tmp = *out_dir = NULL;
		return error_oom();
	}
	if (slash) {
		memcpy(*out_dir, path, dir_len ? dir_len : 1); /* "/x" → "/" */
		(*out_dir)[dir_len ? dir_len : 1] = '\0';
	} else {
		memcpy(*out_dir, ".", 2);
	}
	snprintf(*out_tmp, n, "%.*s%s.%s.XXXXXX", (int)dir_len, path, slash ? "/" : "", base);
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * The process umask, read without changing it: umask(2) can only be read by setting it, which
 * would race with files other threads create meanwhile. Linux reports it in /proc.
 */
static mode_t current_umask(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	unsigned int mask = 022;

	if (!f)
		return 022;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	fclose(f);
	return (mode_t)(mask & 0777);
}

/* Make the rename durable; a folder that cannot be opened for fsync is not an error. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The named-temporary way: mkstemp, fchmod, write, fsync, rename. */
static int write_named(const char *path, const char *dir, char *tmp, const void *buf, size_t len)
{
	mode_t mask;
	int fd = -1, created = 0, ret = -1;

	fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(ERR_IO, "%s: cannot create a temporary file in %s: %s", path, dir,
			  strerror(errno));
		goto out;
	}
	created = 1;
	mask = current_umask();
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		error_set(ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error_set(ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		error_set(ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	created = 0;
	sync_dir(dir);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp);
	return ret;
}

/* Fill the XXXXXX at the end of TMP with a fresh suffix (pid, clock and a counter). */
static void fill_suffix(char *tmp, unsigned attempt)
{
	static const char chars[] = SUFFIX_CHARS;
	static _Thread_local unsigned counter;
	struct timespec ts;
	unsigned long long v;
	char *x = tmp + strlen(tmp) - 6;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	v = (unsigned long long)getpid() * 1000003ULL ^ (unsigned long long)ts.tv_nsec ^
	    ((unsigned long long)++counter << 32) ^ attempt;
	for (int i = 0; i < 6; i++, v /= sizeof(chars) - 1)
		x[i] = chars[v % (sizeof(chars) - 1)];
}

/* Give the nameless file FD the name PATH, replacing any file there. 1: not possible here. */
static int link_into_place(int fd, const char *path, char *tmp)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno == ENOENT || errno == EPERM || errno == EXDEV)
		return 1; /* no /proc, or a file system that will not link it */
	if (errno != EEXIST)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	for (unsigned attempt = 0;; attempt++) {
		fill_suffix(tmp, attempt);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
			break;
		if (errno != EEXIST || attempt == 100)
			return error_set(ERR_IO, "%s: cannot link a temporary file: %s", path,
					 strerror(errno));
	}
	if (rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return error_set(ERR_IO, "%s: %s", path, strerror(e));
	}
	return 0;
}

/* The O_TMPFILE way; 1 when this file system or kernel does not offer it. */
static int write_unnamed(const char *path, const char *dir, char *tmp, const void *buf, size_t len)
{
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666); /* umask applies */
	int ret;

	if (fd < 0)
		return 1;
	if (write_all(fd, buf, len) < 0 || fsync(fd) < 0)
		ret = error_set(ERR_IO, "%s: %s", path, strerror(errno));
	else
		ret = link_into_place(fd, path, tmp);
	close(fd);
	if (ret == 0)
		sync_dir(dir);
	return ret;
}

int atomic_write_buffer(const char *path, const void *buf, size_t len)
{
	char *tmp = NULL, *dir = NULL;
	int r;

	if (temp_name(&tmp, &dir, path) < 0)
		return -1;
	r = write_unnamed(path, dir, tmp, buf, len);
	if (r == 1) /* tmp still ends in XXXXXX: nothing was linked */
		r = write_named(path, dir, tmp, buf, len);
	free(tmp);
	free(dir);
	return r;
}

/* ".NAME.XXXXXX" (six letters or digits): a temporary this module made for NAME. */
static int is_temp_of(const char *entry, const char *name)
{
	size_t n = strlen(name);

	if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 || entry[n + 1] != '.' ||
	    strlen(entry + n + 2) != 6)
		return 0;
	for (const char *p = entry + n + 2; *p; p++)
		if (!strchr(SUFFIX_CHARS, *p))
			return 0;
	return 1;
}

int atomic_clean_stale(const char *dir, const char *const *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;

	if (!d)
		return error_set(ERR_IO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		for (const char *const *n = names; *n; n++) {
			if (!is_temp_of(e->d_name, *n))
				continue;
			if (unlinkat(dirfd(d), e->d_name, 0) < 0 && errno != ENOENT) {
				error_set(ERR_IO, "%s/%s: %s", dir, e->d_name, strerror(errno));
				closedir(d);
				return -1;
			}
			removed++;
		}
	}
	closedir(d);
	return removed;
}

int xml_doc_to_buffer(xmlChar **out, size_t *out_len, xmlDocPtr doc)
{
	int len = 0;

	*out = NULL;
	*out_len = 0;
	xmlDocDumpFormatMemoryEnc(doc, out, &len, "UTF-8", 1);
	if (!*out || len < 0)
		return error_set(ERR_NOMEM, "cannot serialize the XML document");
	*out_len = (size_t)len;
	return 0;
}

int atomic_write_doc(xmlDocPtr doc, const char *path)
{
	xmlChar *buf;
	size_t len;
	int ret;

	if (xml_doc_to_buffer(&buf, &len, doc) < 0)
		return error_prefix("%s", path);
	ret = atomic_write_buffer(path, buf, len);
	xmlFree(buf);
	return ret;
}
