/*
 * test_arf.c - the ARF 1.1 writer: structure (XPath counts), the asset, the TestResult,
 * tailoring, reproducible bytes, times
 *
 * Schema validity (oscap ds rds-validate, oscap oval validate --results) is checked by
 * tests/evaluate/evaluate_check.py validate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "arf.h"
#include "error.h"
#include "evaluate.h"
#include "tailoring.h"
#include "xml.h"

#define FIX SOURCE_DIR "/tests/fixtures/evaluate/"

static struct eval_content *content;
static struct eval_result *result;

static const char *const ips[] = {"10.20.30.41", "fe80::215:5dff:fe0a:102", "010.1.2.3"};
static const char *const macs[] = {"00-15-5D-0A-01-02", "not-a-mac"};
static const struct arf_fact extra[] = {
    {"urn:scapula:fact:exchange_role", "string", "Mailbox"},
};

static struct arf_host host(void)
{
	struct arf_host h = {.hostname = "EXMB01",
			     .fqdn = "exmb01.corp.example.mil",
			     .ips = ips,
			     .n_ips = 3,
			     .macs = macs,
			     .n_macs = 2,
			     .identity = "CORP\\svc-collect",
			     .authenticated = 1,
			     .privileged = 1,
			     .facts = extra,
			     .n_facts = 1};
	return h;
}

static int setup(void **state)
{
	xmlDocPtr sc;

	(void)state;
	xml_global_init();
	if (eval_content_load(&content, FIX "fixture-ds.xml") < 0 ||
	    xml_parse_file(&sc, FIX "sc-fail.xml") < 0 ||
	    evaluate_host(&result, content, sc, NULL) < 0) {
		fprintf(stderr, "%s\n", error_message());
		return -1;
	}
	xmlFreeDoc(sc);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	eval_result_free(result);
	eval_content_free(content);
	return 0;
}

static xmlDocPtr build(const struct arf_host *h, const struct eval_values *t,
		       const struct eval_result *r)
{
	struct arf_input in = {.content = content,
			       .result = r,
			       .host = h,
			       .tailoring = t,
			       .start_time = 1795183391,
			       .end_time = 1795186991};
	xmlDocPtr doc;

	if (arf_write(&doc, &in) < 0)
		fail_msg("%s", error_message());
	return doc;
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;

	xmlXPathRegisterNs(ctx, BAD_CAST "arf",
			   BAD_CAST "http://scap.nist.gov/schema/asset-reporting-format/1.1");
	xmlXPathRegisterNs(ctx, BAD_CAST "core",
			   BAD_CAST "http://scap.nist.gov/schema/reporting-core/1.1");
	xmlXPathRegisterNs(ctx, BAD_CAST "ai",
			   BAD_CAST "http://scap.nist.gov/schema/asset-identification/1.1");
	xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://checklists.nist.gov/xccdf/1.2");
	xmlXPathRegisterNs(ctx, BAD_CAST "ds",
			   BAD_CAST "http://scap.nist.gov/schema/scap/source/1.2");
	xmlXPathRegisterNs(ctx, BAD_CAST "r",
			   BAD_CAST "http://oval.mitre.org/XMLSchema/oval-results-5");
	xmlXPathRegisterNs(ctx, BAD_CAST "o",
			   BAD_CAST "http://oval.mitre.org/XMLSchema/oval-common-5");
	xmlXPathRegisterNs(ctx, BAD_CAST "s",
			   BAD_CAST
			   "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5");
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!o)
		fail_msg("bad XPath %s", expr);
	return o;
}

static int count(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr o = eval(doc, expr);
	int n = o->nodesetval ? o->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(o);
	return n;
}

static void assert_text(xmlDocPtr doc, const char *expr, const char *want)
{
	char full[1024];
	xmlXPathObjectPtr o;

	snprintf(full, sizeof(full), "string(%s)", expr);
	o = eval(doc, full);
	if (strcmp((const char *)o->stringval, want))
		fail_msg("%s: '%s', expected '%s'", expr, o->stringval, want);
	xmlXPathFreeObject(o);
}

#define TR                                                                                         \
	"/arf:asset-report-collection/arf:reports/arf:report[@id='xccdf1']/arf:content/"           \
	"x:TestResult"

static void test_structure(void **state)
{
	struct arf_host h = host();
	xmlDocPtr doc = build(&h, NULL, result);

	(void)state;
	assert_int_equal(count(doc, "/arf:asset-report-collection/*"), 4);
	assert_int_equal(count(doc, "/arf:asset-report-collection/*[1][self::core:relationships]"),
			 1);
	assert_int_equal(count(doc, "//core:relationship"), 4);
	assert_int_equal(count(doc,
			       "//core:relationship[@type='arfvocab:isAbout'][@subject='xccdf1']"
			       "[core:ref='asset0']"),
			 1);
	assert_int_equal(count(doc, "//core:relationship[@type='arfvocab:createdFor']"
				    "[@subject='oval0'][core:ref='collection1']"),
			 1);
	assert_int_equal(count(doc, "/arf:asset-report-collection/arf:report-requests/"
				    "arf:report-request[@id='collection1']/arf:content/"
				    "ds:data-stream-collection/ds:component"),
			 2);
	assert_int_equal(count(doc, "//arf:report"), 2);
	assert_non_null(arf_test_result(doc));
	assert_string_equal((const char *)arf_test_result(doc)->name, "TestResult");
	assert_null(arf_test_result(eval_content_ds(content)));
	assert_int_equal(count(doc, "//arf:report[@id='oval0']/arf:content/r:oval_results/"
				    "r:results/r:system/s:oval_system_characteristics"),
			 1);
	assert_text(doc, "//arf:report[@id='oval0']//r:oval_results/r:generator/o:timestamp",
		    "2026-11-20T15:03:11Z");
	xmlFreeDoc(doc);
}

static void test_asset(void **state)
{
	struct arf_host h = host();
	xmlDocPtr doc = build(&h, NULL, result);
	const char *dev = "//arf:asset[@id='asset0']/ai:computing-device";
	char expr[256];

	(void)state;
	snprintf(expr, sizeof(expr), "%s/ai:hostname", dev);
	assert_text(doc, expr, "EXMB01");
	snprintf(expr, sizeof(expr), "%s/ai:fqdn", dev);
	assert_text(doc, expr, "exmb01.corp.example.mil");
	snprintf(expr, sizeof(expr), "%s/ai:connections/ai:connection/ai:ip-address/ai:ip-v4", dev);
	/* "010.1.2.3" is ambiguous (octal?): left out of the asset, kept as a target-address */
	assert_int_equal(count(doc, expr), 1);
	assert_text(doc, expr, "10.20.30.41");
	assert_text(doc, "//ai:ip-v6", "fe80:0:0:0:215:5dff:fe0a:102");
	assert_int_equal(count(doc, "//ai:mac-address"), 1);
	assert_text(doc, "//ai:mac-address", "00:15:5D:0A:01:02");
	/* order the AI schema wants: connections, fqdn, hostname */
	snprintf(expr, sizeof(expr), "%s/*[1][self::ai:connections]", dev);
	assert_int_equal(count(doc, expr), 1);
	snprintf(expr, sizeof(expr), "%s/*[3][self::ai:hostname]", dev);
	assert_int_equal(count(doc, expr), 1);
	xmlFreeDoc(doc);

	h.hostname = "bad host";
	h.fqdn = NULL;
	h.n_ips = 0;
	h.n_macs = 0;
	doc = build(&h, NULL, result);
	assert_int_equal(count(doc, "//ai:computing-device/*"), 0);
	assert_text(doc, TR "/x:target", "bad host");
	assert_text(doc, TR "/@id", "xccdf_scapula_testresult_bad_host");
	xmlFreeDoc(doc);
}

static void test_test_result(void **state)
{
	struct arf_host h = host();
	xmlDocPtr doc = build(&h, NULL, result);

	(void)state;
	assert_text(doc, TR "/@start-time", "2026-11-20T14:03:11Z");
	assert_text(doc, TR "/@end-time", "2026-11-20T15:03:11Z");
	assert_text(doc, TR "/@version", "1");
	assert_text(doc, TR "/x:benchmark/@href", "#scap_org.open-scap_comp_fixture-xccdf.xml");
	assert_text(doc, TR "/x:benchmark/@id", "xccdf_mil.disa.stig_benchmark_Scapula_Test_STIG");
	assert_text(doc, TR "/x:identity", "CORP\\svc-collect");
	assert_text(doc, TR "/x:identity/@privileged", "true");
	assert_int_equal(count(doc, TR "/x:target"), 1);
	assert_text(doc, TR "/x:target", "EXMB01");
	assert_int_equal(count(doc, TR "/x:target-address"), 3);
	assert_int_equal(count(doc,
			       TR "/x:target-facts/x:fact[@name="
				  "'urn:xccdf:fact:asset:identifier:mac'][.='00-15-5D-0A-01-02']"),
			 1);
	assert_int_equal(count(doc, TR "/x:target-facts/x:fact[@name="
				       "'urn:xccdf:fact:asset:identifier:ipv6']"),
			 1);
	assert_int_equal(count(doc, TR "/x:target-facts/x:fact[@name="
				       "'urn:scapula:fact:exchange_role'][.='Mailbox']"),
			 1);
	assert_int_equal(count(doc, TR "/x:target-id-ref[@name='asset0'][@href='']"), 1);
	assert_text(doc, TR "/x:set-value[@idref='xccdf_mil.disa.stig_value_max_hop_count']", "60");
	assert_int_equal(count(doc, TR "/x:tailoring-file"), 0);
	assert_int_equal(count(doc, TR "/x:rule-result"), 5);
	assert_text(doc, TR "/x:rule-result[1]/x:result", "fail");
	assert_text(doc, TR "/x:rule-result[1]/@severity", "medium");
	assert_text(doc, TR "/x:rule-result[1]/@time", "2026-11-20T15:03:11Z");
	assert_int_equal(count(doc, TR
			       "/x:rule-result[1]/x:message[@severity='info']"
			       "[contains(., \"[fail] Receive connector 'Client Proxy EXMB01'\")]"),
			 1);
	assert_int_equal(
	    count(doc, TR "/x:rule-result[1]/x:check[@system="
			  "'http://oval.mitre.org/XMLSchema/oval-definitions-5']/"
			  "x:check-content-ref[@href='#oval0'][@name='oval:scapula.test:def:1']"),
	    1);
	assert_int_equal(count(doc, TR "/x:rule-result[2]/x:check/x:check-export[@value-id="
				       "'xccdf_mil.disa.stig_value_max_hop_count']"),
			 1);
	assert_text(doc, TR "/x:rule-result[3]/x:result", "notchecked");
	assert_text(doc, TR "/x:rule-result[3]/x:check/@system", "C-900003r1_chk");
	/* children in schema order: result, message, check */
	assert_int_equal(count(doc, TR "/x:rule-result[1]/*[1][self::x:result]"), 1);
	assert_int_equal(count(doc, TR "/x:rule-result[1]/*[last()][self::x:check]"), 1);
	assert_int_equal(count(doc, TR "/*[last()][self::x:score]"
				       "[@system='urn:xccdf:scoring:default'][@maximum='100.00']"),
			 1);
	xmlFreeDoc(doc);
}

static void test_tailoring(void **state)
{
	struct arf_host h = host();
	struct eval_values *t;
	struct eval_result *r;
	xmlDocPtr doc, sc;

	(void)state;
	if (tailoring_load(&t, FIX "tailoring-30.xml", content) < 0 ||
	    xml_parse_file(&sc, FIX "sc-fail.xml") < 0 || evaluate_host(&r, content, sc, t) < 0)
		fail_msg("%s", error_message());
	doc = build(&h, t, r);
	assert_text(doc, TR "/x:tailoring-file/@href", "tailoring-30.xml");
	assert_text(doc, TR "/x:tailoring-file/@id", "xccdf_scapula_tailoring_site");
	assert_text(doc, TR "/x:tailoring-file/@time", "2026-11-01T00:00:00Z");
	assert_text(doc, TR "/x:profile/@idref", "xccdf_scapula_profile_site");
	assert_text(doc, TR "/x:set-value", "30");
	assert_text(doc, TR "/x:rule-result[2]/x:result", "fail");
	xmlFreeDoc(doc);
	xmlFreeDoc(sc);
	eval_result_free(r);
	eval_values_free(t);
}

static void test_reproducible(void **state)
{
	struct arf_host h = host();
	xmlDocPtr a = build(&h, NULL, result), b = build(&h, NULL, result);
	xmlChar *ba, *bb;
	int la, lb;

	(void)state;
	xmlDocDumpMemory(a, &ba, &la);
	xmlDocDumpMemory(b, &bb, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(ba, bb, (size_t)la);
	xmlFree(ba);
	xmlFree(bb);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
}

static void test_times(void **state)
{
	time_t t;
	char buf[32];

	(void)state;
	assert_int_equal(arf_time_parse(&t, "2026-11-20T14:03:11Z"), 0);
	assert_int_equal((long long)t, 1795183391LL);
	assert_int_equal(arf_time_parse(&t, "2026-11-20T09:03:11.25-05:00"), 0);
	assert_int_equal((long long)t, 1795183391LL);
	assert_int_equal(arf_time_parse(&t, "1970-01-01T00:00:00+01:00"), 0);
	assert_int_equal((long long)t, -3600LL);
	arf_time_format(buf, sizeof(buf), 1795183391);
	assert_string_equal(buf, "2026-11-20T14:03:11Z");
	assert_int_equal(arf_time_parse(&t, "2026-11-20 14:03:11Z"), -1);
	assert_int_equal(arf_time_parse(&t, "2026-13-20T14:03:11Z"), -1);
	assert_int_equal(arf_time_parse(&t, "2026-11-20T14:03:11"), -1);
	assert_int_equal(arf_time_parse(&t, NULL), -1);
	setenv("SOURCE_DATE_EPOCH", "1795186991", 1);
	assert_int_equal(arf_time_now(&t), 0);
	assert_int_equal((long long)t, 1795186991LL);
	setenv("SOURCE_DATE_EPOCH", "12x", 1);
	assert_int_equal(arf_time_now(&t), -1);
	assert_non_null(strstr(error_message(), "SOURCE_DATE_EPOCH: '12x'"));
	setenv("SOURCE_DATE_EPOCH", "-5", 1);
	assert_int_equal(arf_time_now(&t), -1);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(arf_time_now(&t), 0);
	assert_true(t > 1700000000);
}

static void test_incomplete_input(void **state)
{
	struct arf_host h = host();
	struct arf_input in = {.content = content, .result = result, .host = &h};
	xmlDocPtr doc = NULL;

	(void)state;
	h.hostname = "";
	assert_int_equal(arf_write(&doc, &in), -1);
	assert_null(doc);
	in.host = NULL;
	assert_int_equal(arf_write(&doc, &in), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_structure),	     cmocka_unit_test(test_asset),
	    cmocka_unit_test(test_test_result),	     cmocka_unit_test(test_tailoring),
	    cmocka_unit_test(test_reproducible),     cmocka_unit_test(test_times),
	    cmocka_unit_test(test_incomplete_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
