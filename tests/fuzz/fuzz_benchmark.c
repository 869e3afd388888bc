/*
 * fuzz_benchmark.c - the XCCDF benchmark loader, as `stigs` and `rules` reach it
 *
 * The input is written to a file and walked with benchmark_walk, as a single XML file (an XCCDF
 * 1.1 or 1.2 Benchmark, a SCAP source data stream holding benchmarks, anything else skipped)
 * or a zip of them: the root sniffing, xml_parse, doc_kind_of, the data stream's components
 * and benchmark_from_xml, then what the listings compute from each benchmark.
 */
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "error.h"
#include "fuzz.h"

struct seen {
	const char *path;
	size_t benchmarks;
	size_t bad;
};

static void check_rule(const struct rule *r)
{
	fuzz_assert(r->group_id && r->rule_id && r->stig_id && r->severity && r->title &&
			r->description && r->fix_text && r->check_text && r->ref_identifier,
		    "a rule field marked 'always' is NULL");
	for (int f = 0; f < DESC_N_FIELDS; f++)
		fuzz_assert(r->desc[f] != NULL, "a description field is NULL");
	fuzz_assert(rule_cat(r) >= 0 && rule_cat(r) <= 3, "a category out of range");
	(void)rule_cat_name(r);
}

static int visit(const struct benchmark *b, void *ctx)
{
	struct seen *s = ctx;
	char version[32], *title = NULL;
	size_t date_len = 0;
	const char *date;

	fuzz_assert(b->id && b->title && b->version && b->release_info && b->source,
		    "a benchmark field marked 'always' is NULL");
	fuzz_assert(strncmp(b->source, s->path, strlen(s->path)) == 0,
		    "a benchmark source that does not start with the path walked");
	benchmark_short_version(b, version, sizeof(version));
	if (benchmark_short_title(&title, b) < 0)
		return -1;
	free(title);
	date = benchmark_date(b, &date_len);
	fuzz_assert(date && date_len <= strlen(date), "a date past the end of its string");
	for (size_t i = 0; i < b->n_rules; i++)
		check_rule(&b->rules[i]);
	s->benchmarks++;
	return 0;
}

/* A benchmark that cannot be read is reported with an error naming where it came from. */
static void on_bad(const char *source, void *ctx)
{
	struct seen *s = ctx;

	fuzz_assert(strncmp(source, s->path, strlen(s->path)) == 0,
		    "a bad benchmark reported under another name");
	fuzz_check_error(s->path);
	s->bad++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = {NULL, 0, 0};

	fuzz_init();
	error_clear();
	s.path = fuzz_file(data, size);
	if (benchmark_walk(s.path, visit, on_bad, &s) < 0)
		fuzz_check_error(s.path);
	fuzz_assert(error_kind() == ERR_NONE, "a walk left an error set");
	return 0;
}
