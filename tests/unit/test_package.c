/*
 * test_package.c - the package walker, on DISA's real packages and on hostile zips
 *
 * The hostile zips are written at test time by tests/fixtures/make_hostile.py into
 * BINARY_DIR/hostile (a ctest fixture); each is described there.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "error.h"
#include "limits.h"
#include "package.h"
#include "xml.h"

#define PKG	   SHARED_DIR "/stig/packages/"
#define HOSTILE	   BINARY_DIR "/hostile/"
#define MINI_ZIP   SOURCE_DIR "/tests/fixtures/mini-stig.zip"
#define MINI_DIR   SOURCE_DIR "/tests/fixtures/mini-stig"
#define MINI_STIG  "U_Scapula_Example_Mail_Server_V1R1_Manual_STIG"
#define MINI_XCCDF MINI_STIG "/U_Scapula_Example_Mail_Server_STIG_V1R1_Manual-xccdf.xml"
#define MAX_SEEN   2000

struct seen {
	size_t n;
	char *path[MAX_SEEN];
	char *name[MAX_SEEN];
	char *data[MAX_SEEN]; /* the first 64 bytes */
	size_t len[MAX_SEEN];
	size_t stop_after; /* 0: never; else fail the walk at this visit */
};

static int collect(const struct package_entry *e, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->n < MAX_SEEN);
	assert_int_equal(e->data[e->len], '\0');
	s->path[s->n] = strdup(e->path);
	s->name[s->n] = strdup(e->name);
	s->data[s->n] = strndup(e->data, 64);
	s->len[s->n] = e->len;
	s->n++;
	if (s->stop_after && s->n == s->stop_after)
		return error_set(ERR_NOTFOUND, "visitor stopped at %s", e->name);
	return 0;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->path[i]);
		free(s->name[i]);
		free(s->data[i]);
	}
	s->n = 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Walk PATH expecting an error of KIND whose message contains WANT; returns visits made. */
static size_t expect_error(const char *path, enum err_kind kind, const char *want)
{
	struct seen s = {0};
	size_t n;

	error_clear();
	assert_int_equal(package_walk(path, collect, &s), -1);
	if (!strstr(error_message(), want))
		fail_msg("message '%s' lacks '%s'", error_message(), want);
	assert_int_equal(error_kind(), kind);
	n = s.n;
	seen_free(&s);
	return n;
}

static void walk_ok(const char *path, struct seen *s)
{
	error_clear();
	if (package_walk(path, collect, s) != 0)
		fail_msg("walk of %s failed: %s", path, error_message());
}

/* Y22M07: one zip, a folder per STIG inside, PDFs and a JPEG to skip. */
static void test_exchange_folder_layout(void **state)
{
	struct seen s = {0};
	const char *p = PKG "U_MS_Exchange_2016_Y22M07_STIG.zip";
	const char *edge =
	    PKG "U_MS_Exchange_2016_Y22M07_STIG.zip:U_MS_Exchange_2016_Edge_Transport_"
		"Server_V2R4_Manual_STIG/U_MS_Exchange_2016_Edge_Transport_Server_STIG_"
		"V2R4_Manual-xccdf.xml";

	(void)state;
	walk_ok(p, &s);
	/* sorted: each STIG folder's STIG_unclass.xsl (XML too) comes before its XCCDF */
	assert_int_equal(s.n, 4);
	assert_true(
	    ends_with(s.path[0], "Edge_Transport_Server_V2R4_Manual_STIG/STIG_unclass.xsl"));
	assert_string_equal(s.path[1], edge);
	assert_string_equal(s.name[1], edge + strlen(p) + 1);
	assert_int_equal(s.len[1], 228799); /* as unzip -l lists it */
	assert_true(ends_with(s.path[3], "Mailbox_Server_STIG_V2R4_Manual-xccdf.xml"));
	assert_non_null(strstr(s.data[1], "<?xml"));
	for (size_t i = 0; i < s.n; i++)
		assert_false(ends_with(s.name[i], ".pdf") || ends_with(s.name[i], ".jpg"));
	seen_free(&s);
}

/* V2R6: a zip of zips, the overview PDF beside them. */
static void test_exchange_nested(void **state)
{
	struct seen s = {0};
	size_t xccdf = 0;

	(void)state;
	walk_ok(PKG "U_MS_Exchange_2016_V2R6_STIG.zip", &s);
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < s.n; i++)
		xccdf += ends_with(s.name[i], "-xccdf.xml");
	assert_int_equal(xccdf, 2);
	assert_string_equal(s.path[3],
			    PKG "U_MS_Exchange_2016_V2R6_STIG.zip:"
				"U_MS_Exchange_2016_Mailbox_Server_V2R6_Manual_STIG.zip:"
				"U_MS_Exchange_2016_Mailbox_Server_V2R6_Manual_STIG/"
				"U_MS_Exchange_2016_Mailbox_Server_STIG_V2R6_Manual-xccdf.xml");
	assert_string_equal(s.name[3],
			    "U_MS_Exchange_2016_Mailbox_Server_V2R6_Manual_STIG/"
			    "U_MS_Exchange_2016_Mailbox_Server_STIG_V2R6_Manual-xccdf.xml");
	assert_int_equal(s.len[3], 212097);
	seen_free(&s);
}

/* DISA's library: 832 inner zips of one XCCDF and one stylesheet each, in name order. */
static void test_library(void **state)
{
	struct seen s = {0};
	size_t xccdf = 0, xsl = 0, prefix = strlen(PKG "U_SRG-STIG_Library_sample.zip:");

	(void)state;
	walk_ok(PKG "U_SRG-STIG_Library_sample.zip", &s);
	assert_int_equal(s.n, 2 * 832);
	for (size_t i = 0; i < s.n; i++) {
		xccdf += ends_with(s.name[i],
				   "xccdf.xml"); /* "-xccdf.xml" and, 11 times, "_xccdf.xml" */
		xsl += ends_with(s.name[i], ".xsl");
		assert_non_null(strstr(s.path[i] + prefix, ".zip:"));
		if (i > 0) /* inner zip, then member, by name: the joined paths sort the same */
			assert_true(strcmp(s.path[i - 1] + prefix, s.path[i] + prefix) < 0);
	}
	assert_int_equal(xccdf, 832);
	assert_int_equal(xsl, 832);
	seen_free(&s);
}

static void test_mini_stig_zip_and_folder_agree(void **state)
{
	struct seen z = {0}, d = {0};

	(void)state;
	walk_ok(MINI_ZIP, &z);
	walk_ok(MINI_DIR, &d);
	assert_int_equal(z.n, 2); /* the stylesheet and the XCCDF; the PDF is skipped */
	assert_int_equal(d.n, 2);
	assert_string_equal(z.path[1], MINI_ZIP ":" MINI_XCCDF);
	assert_string_equal(d.path[1], MINI_DIR "/" MINI_XCCDF);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(z.name[i], d.name[i]);
		assert_int_equal(z.len[i], d.len[i]);
		assert_string_equal(z.data[i], d.data[i]);
	}
	seen_free(&z);
	seen_free(&d);
}

static void test_bare_xml_file(void **state)
{
	struct seen s = {0};
	struct stat st;

	(void)state;
	assert_int_equal(stat(MINI_DIR "/" MINI_XCCDF, &st), 0);
	walk_ok(MINI_DIR "/" MINI_XCCDF, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.path[0], MINI_DIR "/" MINI_XCCDF);
	assert_string_equal(s.name[0], MINI_DIR "/" MINI_XCCDF);
	assert_int_equal(s.len[0], (size_t)st.st_size);
	seen_free(&s);
}

static void test_zip_buffer(void **state)
{
	struct seen s = {0};
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(file_read_all(&buf, &len, MINI_ZIP, 1 << 20), 0);
	assert_int_equal(package_walk_zip_buffer(buf, len, "mem.zip", collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.path[1], "mem.zip:" MINI_XCCDF);
	assert_int_equal(package_walk_zip_buffer(buf, len / 2, "half.zip", collect, &s), -1);
	assert_non_null(strstr(error_message(), "half.zip: "));
	free(buf);
	seen_free(&s);
}

/* Content decides, not names; members come sorted; folder entries and blanks are nothing. */
static void test_content_sniffing(void **state)
{
	struct seen s = {0};
	static const char *const want[] = {"bom.txt", "folder/inner.xml", "spaced.xml",
					   "z-last.xml"};

	(void)state;
	walk_ok(HOSTILE "mixed.zip", &s);
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(s.name[i], want[i]);
	assert_memory_equal(s.data[0], "\xef\xbb\xbf", 3); /* bytes handed over untouched */
	assert_int_equal(s.len[2], 10000 + 41);
	seen_free(&s);
}

/* Nested zips are found by magic, whatever their name, down to the depth cap. */
static void test_depth(void **state)
{
	struct seen s = {0};
	struct limits saved = *limits_get(), l = saved;

	(void)state;
	walk_ok(HOSTILE "depth3.zip", &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.path[0], HOSTILE "depth3.zip:mid.zip:inner.bin:deep/x-xccdf.xml");
	assert_string_equal(s.name[0], "deep/x-xccdf.xml");
	seen_free(&s);

	expect_error(
	    HOSTILE "too-deep.zip", ERR_LIMIT,
	    "too-deep.zip:l2.zip:l3.zip:l4.zip:l5.zip: zip archives nested more than 4 deep");
	l.zip_max_depth = 5; /* the cap, not something else, is what stopped it */
	limits_set(&l);
	walk_ok(HOSTILE "too-deep.zip", &s);
	assert_int_equal(s.n, 1);
	seen_free(&s);
	l.zip_max_depth = 1; /* DISA's own packages need 2 */
	limits_set(&l);
	expect_error(PKG "U_MS_Exchange_2016_V2R6_STIG.zip", ERR_LIMIT,
		     "V2R6_STIG.zip:U_MS_Exchange_2016_Edge_Transport_Server_V2R6_Manual_STIG.zip: "
		     "zip archives nested more than 1 deep");
	limits_set(&saved);
}

static void test_bad_names(void **state)
{
	(void)state;
	assert_int_equal(expect_error(HOSTILE "abs-name.zip", ERR_FORMAT,
				      "abs-name.zip:/etc/evil.xml: absolute name"),
			 0);
	assert_int_equal(expect_error(HOSTILE "dotdot-name.zip", ERR_FORMAT,
				      "dotdot-name.zip:x/../../evil.xml: name contains '..'"),
			 0);
	assert_int_equal(
	    expect_error(HOSTILE "backslash-name.zip", ERR_FORMAT,
			 "backslash-name.zip:dir\\evil.xml: name contains a backslash"),
	    0);
	/* libzip shows the NUL as a space; the raw central directory does not */
	assert_int_equal(
	    expect_error(HOSTILE "nul-name.zip", ERR_FORMAT,
			 "nul-name.zip:good.xml?../evil.xml: name contains a NUL byte"),
	    0);
	/* and an escape sequence is not printed to the terminal */
	assert_int_equal(
	    expect_error(HOSTILE "ctrl-name.zip", ERR_FORMAT,
			 "ctrl-name.zip:a?[31m.xml: name contains a control character"),
	    0);
	assert_int_equal(expect_error(HOSTILE "duplicate.zip", ERR_FORMAT,
				      "duplicate.zip:twice.xml: duplicate entry name"),
			 0);
}

static void test_lying_size(void **state)
{
	(void)state;
	assert_int_equal(expect_error(HOSTILE "lying-size.zip", ERR_FORMAT,
				      "lying-size.zip:lie.xml: entry inflates to more than the 100 "
				      "bytes it declares"),
			 0);
}

static long rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld %ld", &size, &rss), 2);
	fclose(f);
	return rss * sysconf(_SC_PAGESIZE);
}

/*
 * The bomb declares 60 MiB honestly and compresses 1000:1. It must stop on the ratio cap
 * (about 12 MB in), in bounded memory: measured in a child, whose peak RSS we get back.
 * Inflating it all would touch 60 MiB; the bound leaves room for sanitizer overhead.
 */
static void test_bomb(void **state)
{
	struct rusage ru;
	long before = rss_bytes();
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct seen s = {0};
		int r = package_walk(HOSTILE "bomb.zip", collect, &s);

		_exit(r == -1 && error_kind() == ERR_LIMIT ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(getrusage(RUSAGE_CHILDREN, &ru), 0);
	if (ru.ru_maxrss * 1024L > before + 40L * 1024 * 1024)
		fail_msg("bomb walk peaked at %ld KiB (parent had %ld KiB)", ru.ru_maxrss,
			 before / 1024);
	assert_int_equal(expect_error(HOSTILE "bomb.zip", ERR_LIMIT,
				      "bomb.zip:bomb.xml: compression ratio over 200:1"),
			 0);
}

static void test_caps(void **state)
{
	struct limits saved = *limits_get(), l = saved;

	(void)state;
	l.zip_max_total_bytes = 2 * 1024 * 1024;
	l.zip_max_entry_bytes = 1024 * 1024;
	l.zip_max_entries = 10;
	limits_set(&l);
	/* two of the three 800 KiB entries pass, the third crosses the total */
	assert_int_equal(
	    expect_error(HOSTILE "total.zip", ERR_LIMIT,
			 "total.zip:2.xml: package decompresses to more than 2097152 bytes"),
	    2);
	assert_int_equal(
	    expect_error(HOSTILE "big-entry.zip", ERR_LIMIT,
			 "big-entry.zip:big.xml: entry declares 2097152 bytes, over the "
			 "limit of 1048576"),
	    0);
	assert_int_equal(expect_error(HOSTILE "many.zip", ERR_LIMIT,
				      "many.zip: 20 entries, over the limit of 10"),
			 0);
	limits_set(&saved);
	/* and with the defaults, the same packages are fine */
	{
		struct seen s = {0};

		walk_ok(HOSTILE "total.zip", &s);
		walk_ok(HOSTILE "big-entry.zip", &s);
		walk_ok(HOSTILE "many.zip", &s);
		assert_int_equal(s.n, 3 + 1 + 20);
		seen_free(&s);
	}
}

static void test_methods(void **state)
{
	struct seen s = {0};

	(void)state;
	expect_error(HOSTILE "encrypted.zip", ERR_FORMAT,
		     "encrypted.zip:secret.xml: encrypted entry");
	expect_error(HOSTILE "method.zip", ERR_FORMAT,
		     "method.zip:m.xml: unsupported compression method 97");
	/* Python's LZMA method (14) is one libzip 1.7.3 cannot read */
	expect_error(HOSTILE "xz-method.zip", ERR_FORMAT,
		     "xz-method.zip:x.xml: unsupported compression method 14");
	walk_ok(HOSTILE "bzip2-method.zip", &s);
	assert_int_equal(s.n, 1);
	seen_free(&s);
}

static void test_damaged(void **state)
{
	(void)state;
	expect_error(HOSTILE "truncated.zip", ERR_FORMAT,
		     "truncated.zip: truncated zip archive (no central directory)");
	/* the first member is fine and visited; the second's deflate stream is damaged */
	assert_int_equal(expect_error(HOSTILE "corrupt-data.zip", ERR_FORMAT,
				      "corrupt-data.zip:second.xml: damaged compressed data"),
			 1);
	expect_error(HOSTILE "not-a-zip.bin", ERR_FORMAT, "not-a-zip.bin: truncated zip archive");
	expect_error(HOSTILE "plain.pdf", ERR_FORMAT,
		     "plain.pdf: neither a zip archive nor an XML document");
	expect_error(BINARY_DIR "/no-such-package.zip", ERR_NOTFOUND,
		     "no-such-package.zip: No such file or directory");
}

static void test_compressed_xml(void **state)
{
	(void)state;
	expect_error(HOSTILE "gzip-xml.zip", ERR_FORMAT,
		     "gzip-xml.zip:bench-xccdf.xml: gzip-compressed data, not XML");
	expect_error(HOSTILE "bzip2-xml.zip", ERR_FORMAT,
		     "bzip2-xml.zip:bench-xccdf.xml: bzip2-compressed data, not XML");
	expect_error(HOSTILE "xz-xml.zip", ERR_FORMAT,
		     "xz-xml.zip:bench-xccdf.xml: xz-compressed data, not XML");
	expect_error(HOSTILE "plain.xml.gz.xml", ERR_FORMAT,
		     "plain.xml.gz.xml: gzip-compressed data, not XML");
}

static void test_visitor_error_passes_through(void **state)
{
	struct seen s = {0};

	(void)state;
	s.stop_after = 1;
	assert_int_equal(package_walk(PKG "U_MS_Exchange_2016_V2R6_STIG.zip", collect, &s), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(error_kind(), ERR_NOTFOUND);
	assert_string_equal(error_message(), "visitor stopped at U_MS_Exchange_2016_Edge_Transport_"
					     "Server_V2R6_Manual_STIG/STIG_unclass.xsl");
	seen_free(&s);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *at(const char *dir, const char *name)
{
	static char buf[4][1024];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

/*
 * A folder: sorted, recursed, zips inside walked, links not followed (even to XML), FIFOs
 * and other non-files skipped without blocking, a trailing slash not doubled.
 */
static void test_folder(void **state)
{
	char root[] = BINARY_DIR "/pkgtest.XXXXXX";
	struct seen s = {0};
	char *zip;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(mkdir(at(root, "sub"), 0755), 0);
	assert_int_equal(mkdir(at(root, "empty"), 0755), 0);
	write_file(at(root, "b.xml"), "<b/>", 4);
	write_file(at(root, "a.pdf"), "%PDF-1.4\n", 9);
	write_file(at(root, "sub/c.xml"), "\n<c/>", 5);
	assert_int_equal(file_read_all(&zip, &len, MINI_ZIP, 1 << 20), 0);
	write_file(at(root, "sub/pkg.zip"), zip, len);
	free(zip);
	assert_int_equal(symlink(MINI_DIR "/" MINI_XCCDF, at(root, "link.xml")), 0);
	assert_int_equal(symlink("sub", at(root, "dirlink")), 0);
	assert_int_equal(mkfifo(at(root, "fifo"), 0600), 0);

	walk_ok(root, &s);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.path[0], at(root, "b.xml"));
	assert_string_equal(s.name[0], "b.xml");
	assert_string_equal(s.name[1], "sub/c.xml");
	assert_string_equal(s.path[2], at(root, "sub/pkg.zip:" MINI_STIG "/STIG_unclass.xsl"));
	assert_string_equal(s.path[3], at(root, "sub/pkg.zip:" MINI_XCCDF));
	seen_free(&s);

	walk_ok(at(root, "sub/"), &s);
	assert_string_equal(s.path[0], at(root, "sub/c.xml"));
	seen_free(&s);

	/* a compressed file posing as XML in a folder is an error naming it */
	write_file(at(root, "sub/d.xml"), "\x1f\x8b\x08\0\0\0\0\0", 8);
	expect_error(root, ERR_FORMAT, "/sub/d.xml: gzip-compressed data, not XML");

	assert_int_equal(unlink(at(root, "sub/d.xml")), 0);
	assert_int_equal(unlink(at(root, "sub/pkg.zip")), 0);
	assert_int_equal(unlink(at(root, "sub/c.xml")), 0);
	assert_int_equal(rmdir(at(root, "sub")), 0);
	assert_int_equal(rmdir(at(root, "empty")), 0);
	for (const char *const *n =
		 (const char *const[]){"b.xml", "a.pdf", "link.xml", "dirlink", "fifo", NULL};
	     *n; n++)
		assert_int_equal(unlink(at(root, *n)), 0);
	assert_int_equal(rmdir(root), 0);
}

static size_t count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

/*
 * Nothing is extracted: walking every package, good and hostile, from an empty working
 * folder with an empty TMPDIR leaves both empty, and leaves no file descriptor open.
 */
static void test_nothing_written(void **state)
{
	char cwd[] = BINARY_DIR "/pkgcwd.XXXXXX", tmp[] = BINARY_DIR "/pkgtmp.XXXXXX";
	char old[4096];
	const char *old_tmp = getenv("TMPDIR");
	char *saved_tmp = old_tmp ? strdup(old_tmp) : NULL;
	size_t fds = count_dir("/proc/self/fd");
	DIR *d;
	struct dirent *de;
	struct seen s = {0};

	(void)state;
	assert_non_null(getcwd(old, sizeof(old)));
	assert_non_null(mkdtemp(cwd));
	assert_non_null(mkdtemp(tmp));
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(setenv("TMPDIR", tmp, 1), 0);
	walk_ok(PKG "U_MS_Exchange_2016_V2R6_STIG.zip", &s);
	walk_ok(PKG "U_MS_Exchange_2016_Y22M07_STIG.zip", &s);
	walk_ok(MINI_DIR, &s);
	d = opendir(HOSTILE);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			package_walk(at(BINARY_DIR "/hostile", de->d_name), collect, &s);
	closedir(d);
	seen_free(&s);
	assert_int_equal(count_dir(cwd), 0);
	assert_int_equal(count_dir(tmp), 0);
	assert_int_equal(count_dir("/proc/self/fd"), fds);
	assert_int_equal(chdir(old), 0);
	if (saved_tmp)
		setenv("TMPDIR", saved_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(saved_tmp);
	assert_int_equal(rmdir(cwd), 0);
	assert_int_equal(rmdir(tmp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bomb), /* first: its memory bound is measured */
	    cmocka_unit_test(test_exchange_folder_layout),
	    cmocka_unit_test(test_exchange_nested),
	    cmocka_unit_test(test_library),
	    cmocka_unit_test(test_mini_stig_zip_and_folder_agree),
	    cmocka_unit_test(test_bare_xml_file),
	    cmocka_unit_test(test_zip_buffer),
	    cmocka_unit_test(test_content_sniffing),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_bad_names),
	    cmocka_unit_test(test_lying_size),
	    cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_methods),
	    cmocka_unit_test(test_damaged),
	    cmocka_unit_test(test_compressed_xml),
	    cmocka_unit_test(test_visitor_error_passes_through),
	    cmocka_unit_test(test_folder),
	    cmocka_unit_test(test_nothing_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
