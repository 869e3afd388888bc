/*
 * atomic.c - temporary file, fsync, rename (docs/security.md, item 8)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlsave.h>

#include "atomic.h"
#include "error.h"

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

static int write_all(int fd, const void *buf, size_t len)
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

int atomic_write_buffer(const char *path, const void *buf, size_t len)
{
	char *tmp = NULL, *dir = NULL;
	mode_t mask;
	int fd = -1, created = 0, ret = -1;

	if (temp_name(&tmp, &dir, path) < 0)
		return -1;
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
	free(tmp);
	free(dir);
	return ret;
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
