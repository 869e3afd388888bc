/*
 * eval_driver.c - evaluate one system characteristics document and write its ARF
 *
 *   eval_driver [--tailoring FILE] [--repeat N] [--host NAME] DATASTREAM SYSCHAR OUT.xml
 *
 * For the script tests (tests/evaluate/evaluate_check.py): schema validation with oscap,
 * the no-probe check under strace, determinism, tailoring and memory over repeated
 * evaluations (--repeat prints "rss KB" after the 1st, 10th, 100th... evaluation and
 * "seconds S" per evaluation on average). Times come from SOURCE_DATE_EPOCH when set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arf.h"
#include "atomic.h"
#include "error.h"
#include "evaluate.h"
#include "tailoring.h"
#include "xml.h"

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &rss) != 2)
		rss = -1;
	fclose(f);
	return rss * 4;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const char *what)
{
	fprintf(stderr, "eval_driver: %s: %s\n", what, error_message());
	return 1;
}

static int write_arf(const char *out, const struct eval_content *c, const struct eval_result *r,
		     const struct eval_values *t, const char *host)
{
	static const char *const ips[] = {"10.20.30.41", "fe80::215:5dff:fe0a:102"};
	static const char *const macs[] = {"00-15-5D-0A-01-02"};
	struct arf_host h = {.hostname = host,
			     .fqdn = "exmb01.corp.example.mil",
			     .ips = ips,
			     .n_ips = 2,
			     .macs = macs,
			     .n_macs = 1,
			     .identity = "CORP\\svc-collect",
			     .authenticated = 1,
			     .privileged = 1};
	struct arf_input in = {.content = c, .result = r, .host = &h, .tailoring = t};
	xmlDocPtr doc;
	int ret;

	if (arf_time_parse(&in.start_time, "2026-11-20T14:03:11Z") < 0 ||
	    arf_time_now(&in.end_time) < 0 || arf_write(&doc, &in) < 0)
		return fail("arf");
	ret = atomic_write_doc(doc, out) < 0 ? fail(out) : 0;
	xmlFreeDoc(doc);
	return ret;
}

int main(int argc, char **argv)
{
	const char *tailoring = NULL, *host = "EXMB01";
	struct eval_content *c = NULL;
	struct eval_values *t = NULL;
	struct eval_result *r = NULL;
	xmlDocPtr sc = NULL;
	long repeat = 1;
	double total = 0;
	int i = 1, ret = 1;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--tailoring"))
			tailoring = argv[i + 1];
		else if (!strcmp(argv[i], "--repeat"))
			repeat = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--host"))
			host = argv[i + 1];
	}
	if (argc - i != 3 || repeat < 1) {
		fprintf(stderr,
			"usage: eval_driver [--tailoring F] [--repeat N] [--host H] DS SC OUT\n");
		return 64;
	}
	xml_global_init();
	if (eval_content_load(&c, argv[i]) < 0)
		return fail(argv[i]);
	if (xml_parse_file(&sc, argv[i + 1]) < 0 ||
	    (tailoring && tailoring_load(&t, tailoring, c) < 0))
		goto out;
	for (long n = 1; n <= repeat; n++) {
		double start = seconds();
		eval_result_free(r);
		if (evaluate_host(&r, c, sc, t) < 0)
			goto out;
		total += seconds() - start;
		if (repeat > 1 && (n == 1 || n == 10 || n == 100 || n == 1000 || n == repeat))
			printf("after %ld: rss %ld\n", n, rss_kb());
	}
	if (repeat > 1)
		printf("rules %zu seconds %.4f\n", r->n_rules, total / (double)repeat);
	ret = write_arf(argv[i + 2], c, r, t, host); /* prints its own error */
out:
	if (ret && !r)
		fail("evaluate");
	eval_result_free(r);
	eval_values_free(t);
	xmlFreeDoc(sc);
	eval_content_free(c);
	return ret;
}
