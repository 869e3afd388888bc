/*
 * facts.c - load and check a facts bundle (docs/facts.md, docs/security.md item 6)
 *
 * Order of defences: the byte cap before anything is allocated for the content (at most
 * cap + 1 bytes are ever read), a nesting pre-scan before jansson sees the bytes (jansson's
 * own limit is 2048 and not ours to set), then jansson with JSON_REJECT_DUPLICATES (which also
 * rejects bad UTF-8 and \u0000), then a walk that checks every key and type and builds the
 * model. Every error names the file and the JSON path.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "error.h"
#include "facts.h"
#include "limits.h"

/* ---------------------------------------------------------------- reading */

static int read_fd_capped(char **out, size_t *out_len, int fd, const char *path, size_t cap)
{
	size_t size = 0, alloc = 0;
	char *buf = NULL, *grown;
	ssize_t n;

	/* The buffer never grows past cap + 1 bytes and a NUL: a bigger input stops there. */
	while (size <= cap) {
		if (size + 1 >= alloc) {
			alloc = alloc ? alloc * 2 : 65536;
			if (alloc > cap + 2)
				alloc = cap + 2;
			grown = realloc(buf, alloc);
			if (!grown) {
				free(buf);
				return error_oom();
			}
			buf = grown;
		}
		n = read(fd, buf + size, alloc - 1 - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return error_set(ERR_IO, "%s: %s", path, strerror(errno));
		}
		if (n == 0)
			break;
		size += (size_t)n;
	}
	if (size > cap) {
		free(buf);
		return error_set(ERR_LIMIT, "%s: bundle is larger than the limit of %zu bytes",
				 path, cap);
	}
	if (!buf && !(buf = malloc(1)))
		return error_oom();
	buf[size] = '\0';
	*out = buf;
	*out_len = size;
	return 0;
}

static int read_file_capped(char **out, size_t *out_len, const char *path, size_t cap)
{
	struct stat st;
	int fd, ret;

	*out = NULL;
	*out_len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return error_set(ERR_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return error_set(ERR_IO, "%s: not a file", path);
	}
	/* A regular file that is already too big is refused without reading a byte. */
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > cap) {
		close(fd);
		return error_set(ERR_LIMIT, "%s: bundle is %lld bytes, over the limit of %zu bytes",
				 path, (long long)st.st_size, cap);
	}
	ret = read_fd_capped(out, out_len, fd, path, cap);
	close(fd);
	return ret;
}

/* ------------------------------------------------------- safe rendering */

static void append_safe(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n && *len + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f) {
			dst[(*len)++] = (char)c;
		} else {
			/* control bytes and anything non-ASCII never reach a terminal raw */
			dst[(*len)++] = '\\';
			dst[(*len)++] = 'x';
			dst[(*len)++] = hex[c >> 4];
			dst[(*len)++] = hex[c & 15];
		}
	}
	dst[*len] = '\0';
}

static int plain_key(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9') || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static void path_key(char *dst, size_t cap, size_t *len, const char *key, size_t n)
{
	if (n > 64)
		n = 64; /* a path is for reading, not for holding a megabyte key */
	if (plain_key(key, n)) {
		if (*len)
			append_safe(dst, cap, len, ".", 1);
		append_safe(dst, cap, len, key, n);
	} else {
		append_safe(dst, cap, len, "[\"", 2);
		append_safe(dst, cap, len, key, n);
		append_safe(dst, cap, len, "\"]", 2);
	}
}

static void path_index(char *dst, size_t cap, size_t *len, size_t index)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "[%zu]", index);

	append_safe(dst, cap, len, tmp, (size_t)n);
}

/* ------------------------------------------------ structural pre-scan */

struct frame {
	int is_array;
	size_t index;
	const char *key; /* raw bytes of the current key (escapes as written), or NULL */
	size_t key_len;
};

/* Index after the string starting at buf[p] == '"' (or len if unterminated). */
static size_t skip_string(const char *buf, size_t len, size_t p)
{
	for (p++; p < len; p++) {
		if (buf[p] == '\\')
			p++;
		else if (buf[p] == '"')
			return p + 1;
	}
	return len;
}

static void render_frames(char *dst, size_t cap, const struct frame *st, size_t depth)
{
	size_t len = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < depth; i++) {
		if (st[i].is_array)
			path_index(dst, cap, &len, st[i].index);
		else if (st[i].key)
			path_key(dst, cap, &len, st[i].key, st[i].key_len);
	}
}

/*
 * Walk the bytes up to STOP (or the end) tracking containers, without interpreting values.
 * Returns 1 as soon as nesting goes deeper than MAX_DEPTH, with *FAIL_POS set. PATH receives
 * the JSON path at STOP (or at the point of failure).
 */
static int walk(const char *buf, size_t len, size_t stop, size_t max_depth, char *path,
		size_t path_cap, size_t *fail_pos)
{
	struct frame *st = calloc(max_depth + 1, sizeof(*st));
	size_t depth = 0, p = 0;
	int ret = 0;

	if (!st)
		return error_oom();
	while (p < len && p < stop) {
		char c = buf[p];
		if (c == '{' || c == '[') {
			if (depth == max_depth) {
				ret = 1;
				*fail_pos = p;
				break;
			}
			memset(&st[depth], 0, sizeof(st[depth]));
			st[depth++].is_array = (c == '[');
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		} else if (c == ',' && depth) {
			if (st[depth - 1].is_array)
				st[depth - 1].index++;
			else
				st[depth - 1].key = NULL;
		} else if (c == '"') {
			size_t end = skip_string(buf, len, p);
			if (depth && !st[depth - 1].is_array && !st[depth - 1].key) {
				st[depth - 1].key = buf + p + 1;
				st[depth - 1].key_len = end >= p + 2 ? end - p - 2 : 0;
			}
			p = end;
			continue;
		}
		p++;
	}
	render_frames(path, path_cap, st, depth);
	free(st);
	return ret;
}

static void line_col(const char *buf, size_t pos, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < pos; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int prescan(const char *buf, size_t len, const char *name)
{
	const struct limits *lim = limits_get();
	char path[256];
	size_t pos = 0;
	int line, col, r;

	if (len > lim->json_max_bytes)
		return error_set(ERR_LIMIT, "%s: bundle is %zu bytes, over the limit of %zu bytes",
				 name, len, lim->json_max_bytes);
	if (len >= 2 && (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
			 ((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff)))
		return error_set(ERR_FORMAT, "%s: UTF-16 text; a bundle must be UTF-8", name);
	r = walk(buf, len, len, lim->json_max_depth, path, sizeof(path), &pos);
	if (r < 0)
		return -1;
	if (r > 0) {
		line_col(buf, pos, &line, &col);
		return error_set(ERR_LIMIT, "%s:%d:%d: %s%snesting deeper than %zu levels", name,
				 line, col, path, *path ? ": " : "", lim->json_max_depth);
	}
	return 0;
}

/* The JSON path at byte POS, for jansson's errors (which give only a position). */
static void path_at(char *dst, size_t cap, const char *buf, size_t len, size_t pos)
{
	size_t unused;

	/* prescan has bounded the depth already, so the walk cannot stop early */
	dst[0] = '\0';
	if (walk(buf, len, pos, limits_get()->json_max_depth, dst, cap, &unused) < 0)
		dst[0] = '\0';
}

/* ---------------------------------------------------------- checking */

/* The walk over the parsed document: the file name, the JSON path so far, the model. */
struct ld {
	const char *name;
	char path[512];
	size_t plen;
	struct facts *f;
};

static int fail(struct ld *ld, enum err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct ld *ld, enum err_kind kind, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ld->plen)
		return error_set(kind, "%s: %s: %s", ld->name, ld->path, msg);
	return error_set(kind, "%s: %s", ld->name, msg);
}

static size_t push_key(struct ld *ld, const char *key)
{
	size_t mark = ld->plen;

	path_key(ld->path, sizeof(ld->path), &ld->plen, key, strlen(key));
	return mark;
}

static size_t push_index(struct ld *ld, size_t i)
{
	size_t mark = ld->plen;

	path_index(ld->path, sizeof(ld->path), &ld->plen, i);
	return mark;
}

static void pop(struct ld *ld, size_t mark)
{
	ld->plen = mark;
	ld->path[mark] = '\0';
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "value";
}

/* A quoted, printable rendering of S for messages. */
static const char *quoted(char *dst, size_t cap, const char *s)
{
	size_t len = 0;

	append_safe(dst, cap, &len, s, strnlen(s, 128));
	return dst;
}

/*
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF)
 * are refused here rather than dropped or replaced later: a changed value could change a
 * rule's result, and a refusal names the place.
 */
static int check_text(struct ld *ld, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; u[i]; i++) {
		if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r')
			return fail(ld, ERR_FORMAT,
				    "character U+%04X at byte %zu cannot be carried in XML 1.0",
				    u[i], i);
		if (u[i] == 0xef && u[i + 1] == 0xbf && (u[i + 2] == 0xbe || u[i + 2] == 0xbf))
			return fail(ld, ERR_FORMAT,
				    "character U+FFF%c at byte %zu cannot be carried in XML 1.0",
				    u[i + 2] == 0xbe ? 'E' : 'F', i);
	}
	return 0;
}

static int in_list(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

/* Every key of OBJ must be in ALLOWED; every key in REQUIRED must be there. */
static int check_keys(struct ld *ld, json_t *obj, const char *const *allowed,
		      const char *const *required)
{
	const char *key;
	json_t *v;
	char q[600];

	json_object_foreach(obj, key, v)
	{
		if (!in_list(key, allowed))
			return fail(ld, ERR_FORMAT, "unknown key \"%s\"",
				    quoted(q, sizeof(q), key));
	}
	for (; *required; required++)
		if (!json_object_get(obj, *required))
			return fail(ld, ERR_FORMAT, "missing key \"%s\"", *required);
	return 0;
}

static int dup_string(struct ld *ld, char **out, const char *s)
{
	(void)ld;
	*out = strdup(s);
	return *out ? 0 : error_oom();
}

/*
 * The string member KEY of OBJ into *OUT (NULL when absent and optional). The value is
 * checked for XML-safe text and, with VALID, for its form; WHAT describes the form.
 */
static int get_string(struct ld *ld, char **out, json_t *obj, const char *key,
		      int (*valid)(const char *), const char *what)
{
	json_t *v = json_object_get(obj, key);
	size_t mark;
	int ret = 0;
	char q[600];

	*out = NULL;
	if (!v)
		return 0;
	mark = push_key(ld, key);
	if (!json_is_string(v))
		ret = fail(ld, ERR_FORMAT, "expected %s, found %s", what ? what : "string",
			   type_name(v));
	else if (check_text(ld, json_string_value(v)) < 0)
		ret = -1;
	else if (valid && !valid(json_string_value(v)))
		ret = fail(ld, ERR_FORMAT, "\"%s\" is not %s",
			   quoted(q, sizeof(q), json_string_value(v)), what);
	else
		ret = dup_string(ld, out, json_string_value(v));
	pop(ld, mark);
	return ret;
}

/* ------------------------------------------------------- value forms */

static int all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

static int non_empty(const char *s)
{
	return *s != '\0';
}

static int valid_hostname(const char *s)
{
	/* a NetBIOS or DNS label: it ends up in file names and report titles */
	return all_of(s, ALNUM "-_", 1, 63) && *s != '-';
}

static int valid_fqdn(const char *s)
{
	return all_of(s, ALNUM "-_.", 1, 253) && *s != '.' && *s != '-' && !strstr(s, "..");
}

static int valid_role(const char *s)
{
	return strcmp(s, "Mailbox") == 0 || strcmp(s, "Edge") == 0;
}

static int valid_dotted(const char *s)
{
	return all_of(s, "0123456789.", 1, 64) && *s != '.' && s[strlen(s) - 1] != '.' &&
	       !strstr(s, "..");
}

static int valid_module(const char *s)
{
	return all_of(s, ALNUM "._-", 1, 256);
}

static int valid_noun(const char *s)
{
	return all_of(s, ALNUM, 1, 128);
}

static int valid_ipv4(const char *s)
{
	unsigned parts = 0;

	if (!all_of(s, "0123456789.", 7, 15))
		return 0;
	while (*s) {
		size_t n = strspn(s, "0123456789");
		if (n == 0 || n > 3 || (n > 1 && *s == '0') || strtoul(s, NULL, 10) > 255)
			return 0;
		s += n;
		parts++;
		if (*s == '.' && s[1])
			s++;
		else if (*s)
			return 0;
	}
	return parts == 4;
}

static int valid_mac(const char *s)
{
	char sep;

	if (strlen(s) != 17)
		return 0;
	sep = s[2];
	if (sep != '-' && sep != ':')
		return 0;
	for (size_t i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != sep : !strchr("0123456789ABCDEFabcdef", s[i]))
			return 0;
	}
	return 1;
}

static int digits(const char *s, size_t n, int lo, int hi)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/* RFC 3339 date-time: YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm); also xsd:dateTime. */
static int valid_datetime(const char *s)
{
	size_t n = strlen(s), p = 19;

	if (n < 20 || !digits(s, 4, 1, 9999) || s[4] != '-' || !digits(s + 5, 2, 1, 12) ||
	    s[7] != '-' || !digits(s + 8, 2, 1, 31) || s[10] != 'T' || !digits(s + 11, 2, 0, 23) ||
	    s[13] != ':' || !digits(s + 14, 2, 0, 59) || s[16] != ':' || !digits(s + 17, 2, 0, 59))
		return 0;
	if (s[p] == '.') {
		size_t f = strspn(s + p + 1, "0123456789");
		if (f == 0 || f > 9)
			return 0;
		p += 1 + f;
	}
	if (strcmp(s + p, "Z") == 0)
		return 1;
	return n - p == 6 && (s[p] == '+' || s[p] == '-') && digits(s + p + 1, 2, 0, 23) &&
	       s[p + 3] == ':' && digits(s + p + 4, 2, 0, 59);
}

/* OVAL 5.11's EntityObjectCmdletVerbType: the read-only verbs an interpreter may run. */
static const char *const approved_verbs[] = {
    "Approve", "Assert",  "Compare", "Confirm", "Find", "Get",	"Import", "Measure", "Read",
    "Request", "Resolve", "Search",  "Select",	"Show", "Test", "Trace",  "Watch",   NULL,
};

const char *facts_approved_verb(const char *verb)
{
	for (const char *const *v = approved_verbs; *v; v++)
		if (strcasecmp(verb, *v) == 0)
			return *v;
	return NULL;
}

static int valid_verb(const char *s)
{
	return facts_approved_verb(s) != NULL;
}

/* ---------------------------------------------------------- the model */

static int get_string_list(struct ld *ld, char ***out, size_t *n_out, json_t *obj, const char *key,
			   int (*valid)(const char *), const char *what)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t mark, i;
	char q[600];

	*out = NULL;
	*n_out = 0;
	if (!arr)
		return 0;
	mark = push_key(ld, key);
	if (!json_is_array(arr))
		return fail(ld, ERR_FORMAT, "expected an array of strings, found %s",
			    type_name(arr));
	*out = calloc(json_array_size(arr) + 1, sizeof(**out));
	if (!*out)
		return error_oom();
	json_array_foreach(arr, i, v)
	{
		size_t m2 = push_index(ld, i);
		if (!json_is_string(v))
			return fail(ld, ERR_FORMAT, "expected %s, found %s", what, type_name(v));
		if (!valid(json_string_value(v)))
			return fail(ld, ERR_FORMAT, "\"%s\" is not %s",
				    quoted(q, sizeof(q), json_string_value(v)), what);
		if (dup_string(ld, &(*out)[i], json_string_value(v)) < 0)
			return -1;
		(*n_out)++;
		pop(ld, m2);
	}
	pop(ld, mark);
	return 0;
}

static int parse_host(struct ld *ld, json_t *host)
{
	static const char *const allowed[] = {
	    "hostname",		"fqdn", "ipv4", "mac", "os", "os_version", "exchange_role",
	    "exchange_version", NULL};
	static const char *const required[] = {"hostname", "exchange_role", NULL};
	struct facts_host *h = &ld->f->host;
	size_t mark = push_key(ld, "host");

	if (!json_is_object(host))
		return fail(ld, ERR_FORMAT, "expected object, found %s", type_name(host));
	if (check_keys(ld, host, allowed, required) < 0 ||
	    get_string(ld, &h->hostname, host, "hostname", valid_hostname,
		       "a host name (letters, digits, '-' and '_', at most 63)") < 0 ||
	    get_string(ld, &h->fqdn, host, "fqdn", valid_fqdn, "a DNS name") < 0 ||
	    get_string_list(ld, &h->ipv4, &h->n_ipv4, host, "ipv4", valid_ipv4, "an IPv4 address") <
		0 ||
	    get_string_list(ld, &h->mac, &h->n_mac, host, "mac", valid_mac,
			    "a MAC address (six hex pairs joined by '-' or ':')") < 0 ||
	    get_string(ld, &h->os, host, "os", non_empty, "a non-empty string") < 0 ||
	    get_string(ld, &h->os_version, host, "os_version", non_empty, "a non-empty string") <
		0 ||
	    get_string(ld, &h->exchange_role, host, "exchange_role", valid_role,
		       "\"Mailbox\" or \"Edge\"") < 0 ||
	    get_string(ld, &h->exchange_version, host, "exchange_version", valid_dotted,
		       "a version (digits and dots)") < 0)
		return -1;
	h->role = strcmp(h->exchange_role, "Edge") == 0 ? FACTS_ROLE_EDGE : FACTS_ROLE_MAILBOX;
	pop(ld, mark);
	return 0;
}

static int parse_collector(struct ld *ld, json_t *c)
{
	static const char *const allowed[] = {"name", "version", NULL};
	size_t mark;

	if (!c)
		return 0;
	mark = push_key(ld, "collector");
	if (!json_is_object(c))
		return fail(ld, ERR_FORMAT, "expected object, found %s", type_name(c));
	if (check_keys(ld, c, allowed, allowed) < 0 ||
	    get_string(ld, &ld->f->collector_name, c, "name", non_empty, "a non-empty string") <
		0 ||
	    get_string(ld, &ld->f->collector_version, c, "version", non_empty,
		       "a non-empty string") < 0)
		return -1;
	pop(ld, mark);
	return 0;
}

static int cmp_prop_ci(const void *a, const void *b)
{
	const char *x = **(const char *const *const *)a;
	const char *y = **(const char *const *const *)b;

	return strcasecmp(x, y);
}

/*
 * Names must be unique ASCII case-insensitively (PowerShell treats them so). NAMES points at
 * N name pointers spaced STRIDE bytes apart (the name is the first member of its struct).
 * Sorting keeps this O(n log n) however many properties a hostile bundle holds.
 */
static int check_unique(struct ld *ld, const void *base, size_t n, size_t stride, const char *what)
{
	const char ***sorted;
	char q1[600], q2[600];
	int ret = 0;

	if (n < 2)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return error_oom();
	for (size_t i = 0; i < n; i++)
		sorted[i] = (const char **)(const void *)((const char *)base + i * stride);
	qsort(sorted, n, sizeof(*sorted), cmp_prop_ci);
	for (size_t i = 1; i < n && !ret; i++) {
		const char **a = sorted[i - 1], **b = sorted[i];
		if (strcasecmp(*a, *b) != 0)
			continue;
		if (b < a) { /* name them in bundle order */
			a = sorted[i];
			b = sorted[i - 1];
		}
		ret = fail(ld, ERR_FORMAT, "%s \"%s\" and \"%s\" differ only in case", what,
			   quoted(q1, sizeof(q1), *a), quoted(q2, sizeof(q2), *b));
	}
	free(sorted);
	return ret;
}

static int parse_list_value(struct ld *ld, struct facts_value *val, json_t *arr)
{
	json_t *v;
	size_t i;

	val->type = FACTS_LIST;
	val->list = calloc(json_array_size(arr) + 1, sizeof(*val->list));
	if (!val->list)
		return error_oom();
	json_array_foreach(arr, i, v)
	{
		size_t mark = push_index(ld, i);
		if (!json_is_string(v))
			return fail(ld, ERR_FORMAT,
				    "expected string (a multi-valued property is an array of "
				    "strings), found %s",
				    type_name(v));
		if (check_text(ld, json_string_value(v)) < 0 ||
		    dup_string(ld, &val->list[i], json_string_value(v)) < 0)
			return -1;
		val->n_list++;
		pop(ld, mark);
	}
	return 0;
}

static int parse_value(struct ld *ld, struct facts_value *val, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		val->type = FACTS_NULL;
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		val->type = FACTS_BOOL;
		val->boolean = json_is_true(v);
		return 0;
	case JSON_INTEGER:
		val->type = FACTS_INT;
		val->integer = json_integer_value(v);
		return 0;
	case JSON_STRING:
		val->type = FACTS_STRING;
		if (check_text(ld, json_string_value(v)) < 0)
			return -1;
		return dup_string(ld, &val->string, json_string_value(v));
	case JSON_ARRAY:
		return parse_list_value(ld, val, v);
	default:
		return fail(ld, ERR_FORMAT,
			    "expected string, integer, boolean, null or an array of strings, "
			    "found %s",
			    type_name(v));
	}
}

static int parse_object(struct ld *ld, struct facts_object *obj, json_t *j)
{
	const char *key;
	json_t *v;

	if (!json_is_object(j))
		return fail(ld, ERR_FORMAT, "expected object, found %s", type_name(j));
	obj->props = calloc(json_object_size(j) + 1, sizeof(*obj->props));
	if (!obj->props)
		return error_oom();
	json_object_foreach(j, key, v)
	{
		struct facts_prop *p = &obj->props[obj->n_props];
		size_t mark = push_key(ld, key);
		if (!*key)
			return fail(ld, ERR_FORMAT, "a property needs a name");
		if (check_text(ld, key) < 0 || dup_string(ld, &p->name, key) < 0)
			return -1;
		obj->n_props++;
		if (parse_value(ld, &p->value, v) < 0)
			return -1;
		pop(ld, mark);
	}
	return check_unique(ld, obj->props, obj->n_props, sizeof(*obj->props), "properties");
}

static int valid_param_name(const char *s)
{
	return all_of(s, ALNUM "_", 1, 128) && !(*s >= '0' && *s <= '9');
}

static int param_value(struct ld *ld, char **out, json_t *v)
{
	char num[32];

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (check_text(ld, json_string_value(v)) < 0)
			return -1;
		return dup_string(ld, out, json_string_value(v));
	case JSON_TRUE:
	case JSON_FALSE:
		return dup_string(ld, out, json_is_true(v) ? "true" : "false");
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return dup_string(ld, out, num);
	default:
		return fail(ld, ERR_FORMAT, "expected string, integer or boolean, found %s",
			    type_name(v));
	}
}

static int parse_params(struct ld *ld, struct facts_command *cmd, json_t *j)
{
	size_t mark = push_key(ld, "parameters");
	const char *key, *host = ld->f->host.hostname;
	json_t *v;
	char q[600];

	if (!json_is_object(j))
		return fail(ld, ERR_FORMAT, "expected object, found %s", type_name(j));
	cmd->params = calloc(json_object_size(j) + 1, sizeof(*cmd->params));
	if (!cmd->params)
		return error_oom();
	json_object_foreach(j, key, v)
	{
		struct facts_param *p = &cmd->params[cmd->n_params];
		size_t m2 = push_key(ld, key);
		if (!valid_param_name(key))
			return fail(ld, ERR_FORMAT, "\"%s\" is not a parameter name",
				    quoted(q, sizeof(q), key));
		if (dup_string(ld, &p->name, key) < 0)
			return -1;
		cmd->n_params++;
		if (param_value(ld, &p->value, v) < 0)
			return -1;
		/* -Server or -Identity naming this host only scopes the cmdlet to it */
		p->scope = (strcasecmp(key, "Server") == 0 || strcasecmp(key, "Identity") == 0) &&
			   strcasecmp(p->value, host) == 0;
		pop(ld, m2);
	}
	if (check_unique(ld, cmd->params, cmd->n_params, sizeof(*cmd->params), "parameters") < 0)
		return -1;
	pop(ld, mark);
	return 0;
}

static int parse_objects(struct ld *ld, struct facts_command *cmd, json_t *j)
{
	size_t mark = push_key(ld, "objects"), i;
	json_t *v;

	if (!json_is_array(j))
		return fail(ld, ERR_FORMAT, "expected array, found %s", type_name(j));
	if (cmd->status == FACTS_ERROR && json_array_size(j))
		return fail(ld, ERR_FORMAT, "a command with status \"error\" returns no objects");
	cmd->objects = calloc(json_array_size(j) + 1, sizeof(*cmd->objects));
	if (!cmd->objects)
		return error_oom();
	json_array_foreach(j, i, v)
	{
		size_t m2 = push_index(ld, i);
		cmd->n_objects++;
		if (parse_object(ld, &cmd->objects[i], v) < 0)
			return -1;
		pop(ld, m2);
	}
	pop(ld, mark);
	return 0;
}

static int parse_status(struct ld *ld, struct facts_command *cmd, json_t *j)
{
	char *status = NULL;
	size_t mark;

	if (get_string(ld, &status, j, "status", NULL, "\"ok\" or \"error\"") < 0)
		return -1;
	mark = push_key(ld, "status");
	if (strcmp(status, "ok") != 0 && strcmp(status, "error") != 0) {
		free(status);
		return fail(ld, ERR_FORMAT, "expected \"ok\" or \"error\"");
	}
	cmd->status = strcmp(status, "ok") == 0 ? FACTS_OK : FACTS_ERROR;
	free(status);
	pop(ld, mark);
	if (get_string(ld, &cmd->error, j, "error", non_empty, "a non-empty string") < 0)
		return -1;
	if (cmd->status == FACTS_ERROR && !cmd->error)
		return fail(ld, ERR_FORMAT, "a command with status \"error\" needs key \"error\"");
	if (cmd->status == FACTS_OK && cmd->error) {
		mark = push_key(ld, "error");
		return fail(ld, ERR_FORMAT, "only a command with status \"error\" has an error");
	}
	return 0;
}

static int command_key(struct facts_command *cmd)
{
	const char **names = calloc(cmd->n_params + 1, sizeof(*names));
	const char **values = calloc(cmd->n_params + 1, sizeof(*values));
	size_t n = 0;

	if (!names || !values) {
		free(names);
		free(values);
		return error_oom();
	}
	for (size_t i = 0; i < cmd->n_params; i++) {
		if (cmd->params[i].scope)
			continue;
		names[n] = cmd->params[i].name;
		values[n++] = cmd->params[i].value;
	}
	cmd->key = facts_key_new(cmd->module, cmd->verb, cmd->noun, names, values, n);
	free(names);
	free(values);
	return cmd->key ? 0 : -1;
}

static int parse_command(struct ld *ld, struct facts_command *cmd, json_t *j)
{
	static const char *const allowed[] = {"module", "verb",	 "noun",    "parameters",
					      "status", "error", "objects", NULL};
	static const char *const required[] = {"module", "verb",    "noun", "parameters",
					       "status", "objects", NULL};
	char *verb = NULL;

	if (!json_is_object(j))
		return fail(ld, ERR_FORMAT, "expected object, found %s", type_name(j));
	if (check_keys(ld, j, allowed, required) < 0 ||
	    get_string(ld, &cmd->module, j, "module", valid_module,
		       "a module name (letters, digits, '.', '_' and '-')") < 0 ||
	    get_string(ld, &verb, j, "verb", valid_verb,
		       "one of the read-only verbs OVAL 5.11 allows (Get, Test, ...)") < 0)
		return -1;
	/* spelled as OVAL spells it, so the item validates whatever case the bundle used */
	cmd->verb = strdup(facts_approved_verb(verb));
	free(verb);
	if (!cmd->verb)
		return error_oom();
	if (get_string(ld, &cmd->noun, j, "noun", valid_noun, "a noun (letters and digits)") < 0 ||
	    parse_params(ld, cmd, json_object_get(j, "parameters")) < 0 ||
	    parse_status(ld, cmd, j) < 0 ||
	    parse_objects(ld, cmd, json_object_get(j, "objects")) < 0)
		return -1;
	return command_key(cmd);
}

static int cmp_cmd_key(const void *a, const void *b)
{
	const struct facts_command *x = *(const struct facts_command *const *)a;
	const struct facts_command *y = *(const struct facts_command *const *)b;
	int c = strcmp(x->key, y->key);

	/* ties in bundle order, so a duplicate is reported against the first one */
	return c ? c : (x < y ? -1 : x > y);
}

/* Two commands answering the same OVAL object would be ambiguous: refuse them. */
static int index_commands(struct ld *ld)
{
	struct facts *f = ld->f;

	f->by_key = calloc(f->n_commands + 1, sizeof(*f->by_key));
	if (!f->by_key)
		return error_oom();
	for (size_t i = 0; i < f->n_commands; i++)
		f->by_key[i] = &f->commands[i];
	qsort(f->by_key, f->n_commands, sizeof(*f->by_key), cmp_cmd_key);
	for (size_t i = 1; i < f->n_commands; i++) {
		if (strcmp(f->by_key[i - 1]->key, f->by_key[i]->key) == 0) {
			size_t a = (size_t)(f->by_key[i - 1] - f->commands);
			size_t b = (size_t)(f->by_key[i] - f->commands);
			push_key(ld, "commands");
			push_index(ld, b);
			return fail(ld, ERR_FORMAT,
				    "same module, verb, noun and parameters as commands[%zu] "
				    "(a -Server or -Identity naming this host aside)",
				    a);
		}
	}
	return 0;
}

static int parse_commands(struct ld *ld, json_t *j)
{
	size_t mark = push_key(ld, "commands"), i;
	json_t *v;

	if (!json_is_array(j))
		return fail(ld, ERR_FORMAT, "expected array, found %s", type_name(j));
	ld->f->commands = calloc(json_array_size(j) + 1, sizeof(*ld->f->commands));
	if (!ld->f->commands)
		return error_oom();
	json_array_foreach(j, i, v)
	{
		size_t m2 = push_index(ld, i);
		ld->f->n_commands++;
		if (parse_command(ld, &ld->f->commands[i], v) < 0)
			return -1;
		pop(ld, m2);
	}
	pop(ld, mark);
	return index_commands(ld);
}

static int parse_format(struct ld *ld, json_t *root)
{
	json_t *v = json_object_get(root, "format");
	size_t mark;

	if (!v)
		return fail(ld, ERR_FORMAT, "missing key \"format\" (not a facts bundle?)");
	mark = push_key(ld, "format");
	if (!json_is_integer(v))
		return fail(ld, ERR_FORMAT, "expected integer, found %s", type_name(v));
	if (json_integer_value(v) != FACTS_FORMAT)
		return fail(ld, ERR_FORMAT,
			    "format %lld is not supported; this release reads format %d",
			    (long long)json_integer_value(v), FACTS_FORMAT);
	ld->f->format = FACTS_FORMAT;
	pop(ld, mark);
	return 0;
}

static int parse_root(struct ld *ld, json_t *root)
{
	static const char *const allowed[] = {"format", "collected", "collector",
					      "host",	"commands",  NULL};
	static const char *const required[] = {"format", "collected", "host", "commands", NULL};

	if (!json_is_object(root))
		return fail(ld, ERR_FORMAT, "expected an object at the top level, found %s",
			    type_name(root));
	/* the format first: a newer bundle should say so, not trip on its new keys */
	if (parse_format(ld, root) < 0 || check_keys(ld, root, allowed, required) < 0 ||
	    get_string(ld, &ld->f->collected, root, "collected", valid_datetime,
		       "a date and time (RFC 3339, e.g. 2026-11-20T14:03:11Z)") < 0 ||
	    parse_collector(ld, json_object_get(root, "collector")) < 0 ||
	    parse_host(ld, json_object_get(root, "host")) < 0)
		return -1;
	return parse_commands(ld, json_object_get(root, "commands"));
}

static int facts_from_json(struct facts **out, json_t *root, const char *name)
{
	struct ld ld = {.name = name};

	ld.f = calloc(1, sizeof(*ld.f));
	if (!ld.f)
		return error_oom();
	if (!(ld.f->name = strdup(name))) {
		facts_free(ld.f);
		return error_oom();
	}
	if (parse_root(&ld, root) < 0) {
		facts_free(ld.f);
		return -1;
	}
	*out = ld.f;
	return 0;
}

/* ------------------------------------------------------------ queries */

static size_t lower_copy(char *dst, const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		dst[n] = (char)((s[n] >= 'A' && s[n] <= 'Z') ? s[n] - 'A' + 'a' : s[n]);
	return n;
}

struct kv {
	const char *name, *value;
};

static int cmp_kv(const void *a, const void *b)
{
	return strcasecmp(((const struct kv *)a)->name, ((const struct kv *)b)->name);
}

char *facts_key_new(const char *module, const char *verb, const char *noun,
		    const char *const *names, const char *const *values, size_t n)
{
	struct kv *kv = calloc(n + 1, sizeof(*kv));
	size_t total = strlen(module) + strlen(verb) + strlen(noun) + 3, p = 0;
	char *key;

	if (!kv) {
		error_oom();
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		kv[i].name = names[i];
		kv[i].value = values[i];
		total += strlen(names[i]) + strlen(values[i]) + 2;
	}
	qsort(kv, n, sizeof(*kv), cmp_kv);
	key = malloc(total + 1);
	if (!key) {
		free(kv);
		error_oom();
		return NULL;
	}
	/* \x1f and \x1e cannot occur in the parts: check_text refuses C0 controls */
	p += lower_copy(key + p, module);
	key[p++] = '\x1f';
	p += lower_copy(key + p, verb);
	key[p++] = '\x1f';
	p += lower_copy(key + p, noun);
	for (size_t i = 0; i < n; i++) {
		key[p++] = '\x1e';
		p += lower_copy(key + p, kv[i].name);
		key[p++] = '\x1f';
		p += lower_copy(key + p, kv[i].value);
	}
	key[p] = '\0';
	free(kv);
	return key;
}

static int cmp_find(const void *k, const void *elem)
{
	return strcmp((const char *)k, (*(const struct facts_command *const *)elem)->key);
}

const struct facts_command *facts_find(const struct facts *f, const char *key)
{
	struct facts_command *const *hit;

	if (!f->n_commands)
		return NULL;
	hit = bsearch(key, f->by_key, f->n_commands, sizeof(*f->by_key), cmp_find);
	return hit ? *hit : NULL;
}

const struct facts_prop *facts_prop_find(const struct facts_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->n_props; i++)
		if (strcasecmp(obj->props[i].name, name) == 0)
			return &obj->props[i];
	return NULL;
}

size_t facts_count_errors(const struct facts *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_commands; i++)
		n += f->commands[i].status == FACTS_ERROR;
	return n;
}

size_t facts_count_objects(const struct facts *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_commands; i++)
		n += f->commands[i].n_objects;
	return n;
}

/* ---------------------------------------------------------------- freeing */

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void free_command(struct facts_command *c)
{
	for (size_t i = 0; i < c->n_params; i++) {
		free(c->params[i].name);
		free(c->params[i].value);
	}
	for (size_t i = 0; i < c->n_objects; i++) {
		struct facts_object *o = &c->objects[i];
		for (size_t k = 0; k < o->n_props; k++) {
			free(o->props[k].name);
			free(o->props[k].value.string);
			free_list(o->props[k].value.list, o->props[k].value.n_list);
		}
		free(o->props);
	}
	free(c->params);
	free(c->objects);
	free(c->module);
	free(c->verb);
	free(c->noun);
	free(c->error);
	free(c->key);
}

void facts_free(struct facts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_commands; i++)
		free_command(&f->commands[i]);
	free(f->commands);
	free(f->by_key);
	free(f->host.hostname);
	free(f->host.fqdn);
	free_list(f->host.ipv4, f->host.n_ipv4);
	free_list(f->host.mac, f->host.n_mac);
	free(f->host.os);
	free(f->host.os_version);
	free(f->host.exchange_role);
	free(f->host.exchange_version);
	free(f->name);
	free(f->collected);
	free(f->collector_name);
	free(f->collector_version);
	free(f);
}

/* ---------------------------------------------------------------- parsing */

/* What went wrong, in our words where jansson speaks of its own API. */
static void parse_reason(char *dst, size_t cap, const json_error_t *e)
{
	char text[256];
	size_t tl = 0;

	append_safe(text, sizeof(text), &tl, e->text, strlen(e->text));
	switch (json_error_code(e)) {
	case json_error_null_character:
	case json_error_null_byte_in_key:
		snprintf(dst, cap, "\\u0000 (NUL) is not allowed");
		break;
	case json_error_duplicate_key:
		snprintf(dst, cap, "duplicate key");
		break;
	case json_error_invalid_utf8:
		snprintf(dst, cap, "%s (a bundle is UTF-8)", text);
		break;
	case json_error_premature_end_of_input:
		snprintf(dst, cap, "the bundle ends early, truncated? (%s)", text);
		break;
	default:
		snprintf(dst, cap, "%s", text);
	}
}

static int parse_error(const char *buf, size_t len, const char *name, const json_error_t *e)
{
	char path[256], reason[400];
	size_t pos = e->position > 0 ? (size_t)e->position : 0;

	if (json_error_code(e) == json_error_out_of_memory)
		return error_oom();
	path_at(path, sizeof(path), buf, len, pos);
	parse_reason(reason, sizeof(reason), e);
	return error_set(ERR_FORMAT, "%s:%d:%d: %s%snot valid JSON: %s", name, e->line, e->column,
			 path, *path ? ": " : "", reason);
}

int facts_load_buffer(struct facts **out, const char *buf, size_t len, const char *name)
{
	json_error_t jerr;
	json_t *root;
	int ret;

	*out = NULL;
	if (prescan(buf, len, name) < 0)
		return -1;
	/* PowerShell 5.1 writes UTF-8 with a byte order mark; it carries no meaning. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return parse_error(buf, len, name, &jerr);
	ret = facts_from_json(out, root, name);
	json_decref(root);
	return ret;
}

int facts_load(struct facts **out, const char *path)
{
	char *buf;
	size_t len;
	int ret;

	*out = NULL;
	if (read_file_capped(&buf, &len, path, limits_get()->json_max_bytes) < 0)
		return -1;
	ret = facts_load_buffer(out, buf, len, path);
	free(buf);
	return ret;
}
