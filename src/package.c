/*
 * package.c - walk a DISA package (zip, zip of zips, folder, bare file) entry by entry
 *
 * Everything is read into memory and nothing is written anywhere: a zip is opened from a
 * buffer, its members are read one at a time under the caps of limits.h, and a member that
 * is itself a zip (by its magic, whatever its name) is walked from the buffer it was read
 * into. libzip 1.7.3 trusts the sizes a zip declares (it returns 10 MiB for an entry that
 * declares 100 bytes) and turns NUL bytes in names into spaces, so the byte counts and the
 * name checks here are our own, made on what is actually there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "error.h"
#include "limits.h"
#include "package.h"

/* Enough of an entry's head to tell XML, zip, compressed data and everything else apart. */
#define SNIFF_BYTES ((size_t)4096)
/* zip_fread chunk: bounds how far a read may overshoot the total cap. */
#define READ_CHUNK ((size_t)256 * 1024)
/*
 * The ratio cap applies once an entry has produced this much: small, very compressible
 * entries (a file of blanks) legitimately exceed any ratio, a bomb needs volume to hurt.
 */
#define RATIO_FLOOR ((uint64_t)1024 * 1024)
/* Folders nested deeper than this are refused (bind mounts can make loops). */
#define DIR_MAX_DEPTH 32

struct walk {
	package_visit_fn fn;
	void *ctx;
	const struct limits *lim;
	uint64_t total; /* decompressed bytes of the current top-level package */
};

enum kind { KIND_OTHER, KIND_UNSURE, KIND_XML, KIND_ZIP, KIND_GZIP, KIND_BZIP2, KIND_XZ };

struct member {
	zip_uint64_t index;
	const char *name; /* owned by libzip, valid while the archive is open */
};

/* What a member or file being read is, for messages: its display path and its bytes so far. */
struct reading {
	const char *path;
	zip_file_t *zf;
	zip_uint64_t comp_size;
	char *buf;
	size_t got;
};

static int zip_walk(struct walk *w, const char *data, size_t len, const char *path, size_t depth);

static char *join(const char *a, char sep, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = sep;
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

/* A copy of a hostile name that is safe to print: control bytes and NUL become '?'. */
static char *printable(const unsigned char *raw, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++)
		s[i] = (raw[i] < 0x20 || raw[i] == 0x7f) ? '?' : (char)raw[i];
	s[len] = '\0';
	return s;
}

static const unsigned char xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};

static enum kind sniff(const char *buf, size_t len, int complete)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;

	if (len >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return KIND_ZIP;
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return KIND_GZIP;
	if (len >= 3 && memcmp(p, "BZh", 3) == 0)
		return KIND_BZIP2;
	if (len >= 6 && memcmp(p, xz_magic, 6) == 0)
		return KIND_XZ;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i < len)
		return p[i] == '<' ? KIND_XML : KIND_OTHER;
	/* Only blanks so far: the rest decides (an empty entry is nothing). */
	return complete ? KIND_OTHER : KIND_UNSURE;
}

static int named_xml(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && (name[n - 4] == '.') && (name[n - 3] | 0x20) == 'x' &&
	       (name[n - 2] | 0x20) == 'm' && (name[n - 1] | 0x20) == 'l';
}

/* Hand complete bytes to the visitor, walk them as a zip, refuse them, or skip them. */
static int dispatch(struct walk *w, enum kind k, const char *path, const char *name, char *data,
		    size_t len, size_t depth)
{
	static const char *const compressed[] = {
	    [KIND_GZIP] = "gzip", [KIND_BZIP2] = "bzip2", [KIND_XZ] = "xz"};
	struct package_entry e = {path, name, data, len};

	switch (k) {
	case KIND_XML:
		return w->fn(&e, w->ctx);
	case KIND_ZIP:
		if (depth == 0)
			w->total = 0; /* a new top-level package */
		return zip_walk(w, data, len, path, depth + 1);
	case KIND_GZIP:
	case KIND_BZIP2:
	case KIND_XZ:
		if (named_xml(name))
			return error_set(ERR_FORMAT, "%s: %s-compressed data, not XML", path,
					 compressed[k]);
		return 0;
	default:
		return 0;
	}
}

/* libzip's messages are capitalised; ours are not, and say what it means for a package. */
static const char *zip_err_text(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
		return "not a zip archive";
	case ZIP_ER_INCONS:
		return "damaged zip archive (inconsistent directory)";
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return "truncated zip archive";
	case ZIP_ER_CRC:
		return "checksum mismatch (damaged data)";
	case ZIP_ER_COMPRESSED_DATA:
	case ZIP_ER_ZLIB:
		return "damaged compressed data";
	case ZIP_ER_MULTIDISK:
		return "multi-disk zip archives are not supported";
	case ZIP_ER_COMPNOTSUPP:
		return "unsupported compression method";
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
		return "encrypted entry";
	default:
		return "unreadable zip archive";
	}
}

static int zip_error_to_ours(int code, const char *path)
{
	if (code == ZIP_ER_MEMORY)
		return error_oom();
	return error_set(ERR_FORMAT, "%s: %s", path, zip_err_text(code));
}

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

/* Members of ZA sorted by raw name; *out is the caller's to free. */
static int members_sorted(struct member **out, zip_t *za, zip_uint64_t n, const char *path)
{
	struct member *m = calloc(n ? n : 1, sizeof(*m));

	*out = NULL;
	if (!m)
		return error_oom();
	for (zip_uint64_t i = 0; i < n; i++) {
		m[i].index = i;
		m[i].name = zip_get_name(za, i, ZIP_FL_ENC_RAW);
		if (!m[i].name) {
			free(m);
			return zip_error_to_ours(zip_error_code_zip(zip_get_error(za)), path);
		}
	}
	qsort(m, n, sizeof(*m), member_cmp);
	*out = m;
	return 0;
}

/*
 * libzip with ZIP_CHECKCONS refuses duplicate names without saying which: open the archive
 * again, leniently, only to name the culprit.
 */
static int duplicate_error(const char *data, size_t len, const char *path)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za = NULL;
	struct member *m = NULL;
	zip_int64_t n;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (src && !(za = zip_open_from_source(src, ZIP_RDONLY, &zerr)))
		zip_source_free(src);
	zip_error_fini(&zerr);
	if (!za)
		return error_set(ERR_FORMAT, "%s: duplicate entry names", path);
	n = zip_get_num_entries(za, 0);
	if (n > 0 && members_sorted(&m, za, (zip_uint64_t)n, path) == 0) {
		for (zip_int64_t i = 1; i < n; i++) {
			if (strcmp(m[i - 1].name, m[i].name) == 0) {
				char *shown =
				    printable((const unsigned char *)m[i].name, strlen(m[i].name));

				error_set(ERR_FORMAT, "%s:%s: duplicate entry name", path,
					  shown ? shown : "?");
				free(shown);
				goto out;
			}
		}
	}
	error_set(ERR_FORMAT, "%s: duplicate entry names", path);
out:
	free(m);
	zip_discard(za);
	return -1;
}

static int zip_open_buffer(zip_t **out, const char *data, size_t len, const char *path)
{
	zip_error_t zerr;
	zip_source_t *src;
	int code;

	*out = NULL;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (src) {
		*out = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
		if (*out) {
			zip_error_fini(&zerr);
			return 0;
		}
		zip_source_free(src);
	}
	code = zip_error_code_zip(&zerr);
	zip_error_fini(&zerr);
	if (code == ZIP_ER_EXISTS)
		return duplicate_error(data, len, path);
	/* starts like a zip but has no central directory: cut short, as downloads often are */
	if (code == ZIP_ER_NOZIP && len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return error_set(ERR_FORMAT, "%s: truncated zip archive (no central directory)",
				 path);
	return zip_error_to_ours(code, path);
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * Locate the central directory the way ZIP_CHECKCONS requires it to be: the end record
 * (with its comment) ends the buffer, and for Zip64 the locator sits just before it.
 */
static int cd_locate(uint64_t *count, uint64_t *off, const unsigned char *d, size_t len)
{
	size_t p, stop = len > 22 + 65535 ? len - 22 - 65535 : 0;

	if (len < 22)
		return -1;
	for (p = len - 22;; p--) {
		if (memcmp(d + p, "PK\5\6", 4) == 0 && p + 22 + le16(d + p + 20) == len)
			break;
		if (p == stop)
			return -1;
	}
	*count = le16(d + p + 10);
	*off = le32(d + p + 16);
	if (*count != 0xffff && *off != 0xffffffff)
		return 0;
	if (p < 20 || memcmp(d + p - 20, "PK\6\7", 4) != 0)
		return -1;
	p = (size_t)le64(d + p - 20 + 8);
	if (p > len || len - p < 56 || memcmp(d + p, "PK\6\6", 4) != 0)
		return -1;
	*count = le64(d + p + 32);
	*off = le64(d + p + 48);
	return 0;
}

/* The rules of docs/security.md for one raw member name (NUL and control bytes included). */
static const char *name_problem(const unsigned char *s, size_t n)
{
	if (n == 0)
		return "entry with an empty name";
	if (memchr(s, '\0', n))
		return "name contains a NUL byte";
	if (memchr(s, '\\', n))
		return "name contains a backslash";
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return "name contains a control character";
	if (s[0] == '/' || (n >= 2 && s[1] == ':'))
		return "absolute name";
	for (size_t i = 0; i + 1 < n; i++) {
		/* ".." as a whole path component: "a/../b", "../b", "a/.." */
		if (s[i] == '.' && s[i + 1] == '.' && (i == 0 || s[i - 1] == '/') &&
		    (i + 2 == n || s[i + 2] == '/'))
			return "name contains '..'";
	}
	return NULL;
}

/*
 * Check every raw name of the central directory, and that libzip sees the same names in
 * the same order (so no other reading of the archive can slip a name past the check).
 */
static int cd_check_names(zip_t *za, const char *data, size_t len, zip_uint64_t n, const char *path)
{
	const unsigned char *d = (const unsigned char *)data;
	uint64_t count, q;

	if (cd_locate(&count, &q, d, len) < 0 || count != n)
		return error_set(ERR_FORMAT, "%s: damaged zip archive (central directory)", path);
	for (uint64_t i = 0; i < count; i++) {
		const char *seen = zip_get_name(za, i, ZIP_FL_ENC_RAW);
		const char *why;
		size_t nl;

		if (q > len || len - q < 46 || memcmp(d + q, "PK\1\2", 4) != 0)
			return error_set(ERR_FORMAT, "%s: damaged zip archive (central directory)",
					 path);
		nl = le16(d + q + 28);
		if (len - q - 46 < nl)
			return error_set(ERR_FORMAT, "%s: damaged zip archive (central directory)",
					 path);
		why = name_problem(d + q + 46, nl);
		if (why) {
			char *shown = printable(d + q + 46, nl);

			error_set(ERR_FORMAT, "%s:%s: %s", path, shown ? shown : "?", why);
			free(shown);
			return -1;
		}
		if (!seen || strlen(seen) != nl || memcmp(seen, d + q + 46, nl) != 0)
			return error_set(ERR_FORMAT,
					 "%s: ambiguous zip archive (central directory)", path);
		q += 46 + (uint64_t)nl + le16(d + q + 30) + le16(d + q + 32);
	}
	return 0;
}

/* Read on until RD->got reaches WANT or the entry ends, counting actual bytes against the caps. */
static int member_fill(struct walk *w, struct reading *rd, size_t want)
{
	while (rd->got < want) {
		size_t chunk = want - rd->got < READ_CHUNK ? want - rd->got : READ_CHUNK;
		zip_int64_t n = zip_fread(rd->zf, rd->buf + rd->got, chunk);

		if (n < 0)
			return error_set(
			    ERR_FORMAT, "%s: %s", rd->path,
			    zip_err_text(zip_error_code_zip(zip_file_get_error(rd->zf))));
		if (n == 0)
			break;
		rd->got += (size_t)n;
		w->total += (uint64_t)n;
		if (w->total > w->lim->zip_max_total_bytes)
			return error_set(ERR_LIMIT,
					 "%s: package decompresses to more than %llu bytes",
					 rd->path, (unsigned long long)w->lim->zip_max_total_bytes);
		if (rd->got > RATIO_FLOOR && w->lim->zip_max_ratio &&
		    rd->got / w->lim->zip_max_ratio > (rd->comp_size ? rd->comp_size : 1))
			return error_set(ERR_LIMIT, "%s: compression ratio over %zu:1 (zip bomb?)",
					 rd->path, w->lim->zip_max_ratio);
	}
	return 0;
}

/* Having read all it declares, the entry must end there: libzip would go on inflating. */
static int member_finish(struct walk *w, struct reading *rd, zip_uint64_t declared)
{
	char extra[1];
	zip_int64_t n;

	if (rd->got < declared)
		return error_set(ERR_FORMAT, "%s: entry holds %zu of the %llu bytes it declares",
				 rd->path, rd->got, (unsigned long long)declared);
	n = zip_fread(rd->zf, extra, sizeof(extra));
	if (n < 0)
		return error_set(ERR_FORMAT, "%s: %s", rd->path,
				 zip_err_text(zip_error_code_zip(zip_file_get_error(rd->zf))));
	if (n > 0) {
		w->total += (uint64_t)n;
		return error_set(ERR_FORMAT,
				 "%s: entry inflates to more than the %llu bytes it declares",
				 rd->path, (unsigned long long)declared);
	}
	return 0;
}

/* Refuse what we will not read, before reading any of it. */
static int member_admit(struct walk *w, const zip_stat_t *st, const char *path)
{
	if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE)
		return error_set(ERR_FORMAT, "%s: encrypted entry", path);
	if (!(st->valid & ZIP_STAT_COMP_METHOD) ||
	    !zip_compression_method_supported(st->comp_method, 0))
		return error_set(ERR_FORMAT, "%s: unsupported compression method %d", path,
				 (int)st->comp_method);
	if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE))
		return error_set(ERR_FORMAT, "%s: entry without sizes", path);
	if (st->size > w->lim->zip_max_entry_bytes)
		return error_set(ERR_LIMIT, "%s: entry declares %llu bytes, over the limit of %zu",
				 path, (unsigned long long)st->size, w->lim->zip_max_entry_bytes);
	return 0;
}

/*
 * Read one member: its head first, so that PDFs, images and compressed blobs are judged
 * without inflating them; then the rest, if it is XML or a zip.
 */
static int member_read(struct walk *w, zip_t *za, const zip_stat_t *st, struct reading *rd,
		       enum kind *k)
{
	size_t size = (size_t)st->size;

	rd->zf = zip_fopen_index(za, st->index, 0);
	if (!rd->zf)
		return error_set(ERR_FORMAT, "%s: %s", rd->path,
				 zip_err_text(zip_error_code_zip(zip_get_error(za))));
	rd->comp_size = st->comp_size;
	rd->buf = malloc(size + 1);
	if (!rd->buf)
		return error_oom();
	if (member_fill(w, rd, size < SNIFF_BYTES ? size : SNIFF_BYTES) < 0)
		return -1;
	*k = sniff(rd->buf, rd->got, rd->got == size);
	if (*k == KIND_XML || *k == KIND_ZIP || *k == KIND_UNSURE) {
		if (member_fill(w, rd, size) < 0 || member_finish(w, rd, st->size) < 0)
			return -1;
		if (*k == KIND_UNSURE)
			*k = sniff(rd->buf, rd->got, 1);
	}
	rd->buf[rd->got] = '\0';
	return 0;
}

static int member_walk(struct walk *w, zip_t *za, const struct member *m, const char *path,
		       size_t depth)
{
	struct reading rd = {0};
	zip_stat_t st;
	enum kind k = KIND_OTHER;
	int ret = -1;

	rd.path = join(path, ':', m->name);
	if (!rd.path)
		return error_oom();
	if (zip_stat_index(za, m->index, ZIP_FL_ENC_RAW, &st) < 0) {
		zip_error_to_ours(zip_error_code_zip(zip_get_error(za)), rd.path);
		goto out;
	}
	if (m->name[strlen(m->name) - 1] == '/' && st.size == 0) {
		ret = 0; /* a folder entry */
		goto out;
	}
	if (member_admit(w, &st, rd.path) < 0 || member_read(w, za, &st, &rd, &k) < 0)
		goto out;
	if (rd.zf) {
		zip_fclose(rd.zf); /* early: a nested walk needs no handle on this one */
		rd.zf = NULL;
	}
	ret = dispatch(w, k, rd.path, m->name, rd.buf, rd.got, depth);
out:
	if (rd.zf)
		zip_fclose(rd.zf);
	free(rd.buf);
	free((char *)rd.path);
	return ret;
}

static int zip_walk(struct walk *w, const char *data, size_t len, const char *path, size_t depth)
{
	zip_t *za = NULL;
	struct member *m = NULL;
	zip_int64_t n;
	int ret = -1;

	if (depth > w->lim->zip_max_depth)
		return error_set(ERR_LIMIT, "%s: zip archives nested more than %zu deep", path,
				 w->lim->zip_max_depth);
	if (zip_open_buffer(&za, data, len, path) < 0)
		return -1;
	n = zip_get_num_entries(za, 0);
	if (n < 0 || (uint64_t)n > w->lim->zip_max_entries) {
		error_set(ERR_LIMIT, "%s: %lld entries, over the limit of %zu", path, (long long)n,
			  w->lim->zip_max_entries);
		goto out;
	}
	if (cd_check_names(za, data, len, (zip_uint64_t)n, path) < 0 ||
	    members_sorted(&m, za, (zip_uint64_t)n, path) < 0)
		goto out;
	for (zip_int64_t i = 0; i < n; i++) {
		/* ZIP_CHECKCONS refuses these already; the rule should not rest on it alone */
		if (i > 0 && strcmp(m[i - 1].name, m[i].name) == 0) {
			error_set(ERR_FORMAT, "%s:%s: duplicate entry name", path, m[i].name);
			goto out;
		}
		if (member_walk(w, za, &m[i], path, depth) < 0)
			goto out;
	}
	ret = 0;
out:
	free(m);
	if (za)
		zip_discard(za);
	return ret;
}

/*
 * Read the rest of FD into *buf (as fd_read_head left it: SNIFF_BYTES + 1 long, *len bytes
 * used), at most MAX bytes in all. SIZE_HINT (from fstat) sizes the buffer; a file that
 * grows meanwhile is still capped.
 */
static int fd_read_rest(char **buf, size_t *len, int fd, size_t size_hint, size_t max,
			const char *path)
{
	size_t alloc = SNIFF_BYTES + 1;

	for (;;) {
		ssize_t n;

		if (*len + 1 == alloc) {
			size_t want = alloc == SNIFF_BYTES + 1 && size_hint > *len ? size_hint + 2
										   : alloc * 2;
			char *nb;

			if (*len > max)
				return error_set(ERR_LIMIT,
						 "%s: file is over the limit of %zu bytes", path,
						 max);
			/* room for one byte over MAX, so that going over is seen */
			alloc = want > max + 2 ? max + 2 : want;
			nb = realloc(*buf, alloc);
			if (!nb)
				return error_oom();
			*buf = nb;
		}
		n = read(fd, *buf + *len, alloc - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(ERR_IO, "%s: %s", path, strerror(errno));
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	if (*len > max)
		return error_set(ERR_LIMIT, "%s: file is over the limit of %zu bytes", path, max);
	(*buf)[*len] = '\0';
	return 0;
}

static int fd_read_head(char **buf, size_t *len, int fd, const char *path)
{
	*len = 0;
	*buf = malloc(SNIFF_BYTES + 1);
	if (!*buf)
		return error_oom();
	while (*len < SNIFF_BYTES) {
		ssize_t n = read(fd, *buf + *len, SNIFF_BYTES - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(ERR_IO, "%s: %s", path, strerror(errno));
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	(*buf)[*len] = '\0';
	return 0;
}

/*
 * A plain file: a bare file given by the user (BARE: anything but XML or a zip is an
 * error) or a member of a folder (skipped silently like a zip member). FD is ours to close.
 */
static int file_walk(struct walk *w, int fd, const char *path, const char *name, int bare)
{
	char *buf = NULL;
	size_t len = 0, max;
	struct stat st;
	enum kind k;
	int ret = -1;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = bare ? error_set(ERR_IO, "%s: not a regular file", path) : 0;
		goto out;
	}
	if (fd_read_head(&buf, &len, fd, path) < 0)
		goto out;
	k = sniff(buf, len, len < SNIFF_BYTES);
	if (bare && (k == KIND_GZIP || k == KIND_BZIP2 || k == KIND_XZ)) {
		/* whatever its name: libopenscap would inflate bzip2 without a limit */
		ret = error_set(ERR_FORMAT, "%s: %s-compressed data, not XML", path,
				k == KIND_GZIP ? "gzip" : (k == KIND_BZIP2 ? "bzip2" : "xz"));
		goto out;
	}
	if (k == KIND_OTHER) {
		ret = bare ? error_set(ERR_FORMAT, "%s: neither a zip archive nor an XML document",
				       path)
			   : 0;
		goto out;
	}
	max = k == KIND_ZIP ? (size_t)w->lim->zip_max_total_bytes : w->lim->xml_max_bytes;
	if ((k == KIND_XML || k == KIND_ZIP || k == KIND_UNSURE) &&
	    fd_read_rest(&buf, &len, fd, (size_t)st.st_size, max, path) < 0)
		goto out;
	if (k == KIND_UNSURE)
		k = sniff(buf, len, 1);
	if (bare && k == KIND_OTHER)
		ret = error_set(ERR_FORMAT, "%s: neither a zip archive nor an XML document", path);
	else
		ret = dispatch(w, k, path, name, buf, len, 0);
out:
	free(buf);
	close(fd);
	return ret;
}

/* "dir" + "name", without doubling a slash the user typed ("dir/"). */
static char *path_child(const char *dir, const char *name)
{
	size_t l = strlen(dir);
	char *s;

	if (l == 0 || dir[l - 1] != '/')
		return join(dir, '/', name);
	s = malloc(l + strlen(name) + 1);
	if (s) {
		memcpy(s, dir, l);
		memcpy(s + l, name, strlen(name) + 1);
	}
	return s;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in D, sorted, without "." and ".."; *out and its strings are the caller's. */
static int dir_names(char ***out, size_t *count, DIR *d, const char *path)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;

	*out = NULL;
	*count = 0;
	errno = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));

			if (!nn)
				goto oom;
			names = nn;
		}
		if (!(names[n] = strdup(de->d_name)))
			goto oom;
		n++;
	}
	if (errno) {
		error_set(ERR_IO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (n) /* an empty folder has no array at all */
		qsort(names, n, sizeof(*names), name_cmp);
	*out = names;
	*count = n;
	return 0;
oom:
	error_oom();
fail:
	while (n)
		free(names[--n]);
	free(names);
	return -1;
}

static int dir_walk(struct walk *w, int fd, const char *path, const char *rel, size_t level);

/* One name in a folder: never follows a symbolic link, skips anything but files and folders. */
static int dir_member(struct walk *w, int dfd, const char *name, const char *path, const char *rel,
		      size_t level)
{
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return 0;
	/* O_NOFOLLOW again: the name may have become a link since fstatat */
	fd = openat(dfd, name,
		    (S_ISDIR(st.st_mode) ? O_DIRECTORY : O_NONBLOCK) | O_RDONLY | O_NOFOLLOW |
			O_CLOEXEC);
	if (fd < 0)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return dir_walk(w, fd, path, rel, level + 1);
	return file_walk(w, fd, path, rel, 0);
}

/* Walk the folder open on FD (ours to close); REL is its path below the folder walked. */
static int dir_walk(struct walk *w, int fd, const char *path, const char *rel, size_t level)
{
	DIR *d;
	char **names = NULL;
	size_t n = 0, i;
	int ret = -1;

	if (level > DIR_MAX_DEPTH) {
		close(fd);
		return error_set(ERR_LIMIT, "%s: folders nested more than %d deep", path,
				 DIR_MAX_DEPTH);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (dir_names(&names, &n, d, path) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		char *child = path_child(path, names[i]);
		char *crel = *rel ? join(rel, '/', names[i]) : strdup(names[i]);
		int r = child && crel ? dir_member(w, dirfd(d), names[i], child, crel, level)
				      : error_oom();

		free(child);
		free(crel);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
}

int package_walk(const char *path, package_visit_fn fn, void *ctx)
{
	struct walk w = {fn, ctx, limits_get(), 0};
	struct stat st;
	int fd;

	/* The path the user gave is followed if it is a link; links inside a folder are not. */
	if (stat(path, &st) < 0)
		return error_set(errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "%s: %s", path,
				 strerror(errno));
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return error_set(ERR_IO, "%s: not a file or a folder", path);
	fd = open(path, (S_ISDIR(st.st_mode) ? O_DIRECTORY : O_NONBLOCK) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return dir_walk(&w, fd, path, "", 0);
	return file_walk(&w, fd, path, path, 1);
}

int package_walk_zip_buffer(const char *data, size_t len, const char *name, package_visit_fn fn,
			    void *ctx)
{
	struct walk w = {fn, ctx, limits_get(), 0};

	return zip_walk(&w, data, len, name, 1);
}
