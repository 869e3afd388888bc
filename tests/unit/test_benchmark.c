/*
 * test_benchmark.c - the STIG model on DISA's real files, SSG's data stream and our fixtures
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "benchmark.h"
#include "benchmark_json.h"
#include "error.h"
#include "xml.h"

#define XCCDF_DIR    SHARED_DIR "/stig/xccdf/"
#define PKG_DIR	     SHARED_DIR "/stig/packages/"
#define MAILBOX_V2R4 XCCDF_DIR "U_MS_Exchange_2016_Mailbox_Server_STIG_V2R4_Manual-xccdf.xml"
#define MAILBOX_V2R6 XCCDF_DIR "U_MS_Exchange_2016_Mailbox_Server_STIG_V2R6_Manual-xccdf.xml"
#define SSG_DS	     "/usr/share/xml/scap/ssg/content/ssg-ubuntu2204-ds.xml"
#define FIXTURES     SOURCE_DIR "/tests/fixtures/benchmark/"

static struct benchmark *load(const char *path)
{
	xmlDocPtr doc;
	struct benchmark *b;

	if (xml_parse_file(&doc, path) < 0)
		fail_msg("%s", error_message());
	if (benchmark_from_xml(&b, xmlDocGetRootElement(doc), path) < 0)
		fail_msg("%s", error_message());
	xmlFreeDoc(doc);
	return b;
}

static const struct rule *find(const struct benchmark *b, const char *rule_id)
{
	for (size_t i = 0; i < b->n_rules; i++)
		if (strcmp(b->rules[i].rule_id, rule_id) == 0)
			return &b->rules[i];
	fail_msg("%s: no rule %s", b->source, rule_id);
	return NULL;
}

/* Occurrences of NEEDLE in the file at PATH: a count that shares nothing with the model. */
static size_t count_in_file(const char *path, const char *needle)
{
	char *buf;
	size_t len, n = 0, nl = strlen(needle);

	assert_int_equal(file_read_all(&buf, &len, path, (size_t)256 << 20), 0);
	for (const char *p = buf; (p = strstr(p, needle)); p += nl)
		n++;
	free(buf);
	return n;
}

static void test_mailbox_v2r4(void **state)
{
	struct benchmark *b = load(MAILBOX_V2R4);
	const struct rule *r = find(b, "SV-228375r612748_rule");
	char ver[16];
	size_t dl;
	const char *date = benchmark_date(b, &dl);

	(void)state;
	assert_string_equal(b->id, "MS_Exchange_2016_Mailbox_Server_STIG");
	assert_string_equal(b->xccdf_version, "1.1");
	assert_string_equal(b->version, "2");
	assert_string_equal(b->release_info, "Release: 4 Benchmark Date: 23 Jul 2021");
	assert_string_equal(b->status, "accepted");
	assert_string_equal(b->status_date, "2021-06-23");
	assert_string_equal(b->ref_publisher, "DISA");
	assert_int_equal(b->n_rules, count_in_file(MAILBOX_V2R4, "<Rule "));
	assert_int_equal(b->n_rules, 64);
	assert_int_equal(b->n_profiles, count_in_file(MAILBOX_V2R4, "<Profile "));
	assert_int_equal(b->profiles[0].n_selected, 64);
	benchmark_short_version(b, ver, sizeof(ver));
	assert_string_equal(ver, "V2R4");
	assert_int_equal(dl, 11);
	assert_memory_equal(date, "23 Jul 2021", 11);

	assert_string_equal(r->group_id, "V-228375");
	assert_string_equal(r->group_title, "SRG-APP-000219");
	assert_string_equal(r->stig_id, "EX16-MB-000220");
	assert_string_equal(r->severity, "medium");
	assert_int_equal(rule_cat(r), 2);
	assert_string_equal(rule_cat_name(r), "CAT II");
	assert_string_equal(r->weight, "10.0");
	assert_string_equal(r->title,
			    "Exchange internal Receive connectors must require encryption.");
	assert_int_equal(r->n_ccis, 1);
	assert_string_equal(r->ccis[0], "CCI-001184");
	assert_int_equal(r->n_legacy_ids, 2);
	assert_string_equal(r->legacy_ids[0], "SV-95375");
	assert_string_equal(r->legacy_ids[1], "V-80665");
	assert_int_equal(r->n_idents, 0);
	assert_string_equal(r->ref_identifier, "4223");
	assert_string_equal(r->ref_title, "DPMS Target Microsoft Exchange 2016 Mailbox Server");
	assert_string_equal(r->fix_id, "F-30593r496922_fix");
	assert_non_null(strstr(r->fix_text, "Set-ReceiveConnector -Identity <'IdentityName'>"));
	assert_string_equal(r->check_system, "C-30608r572123_chk");
	assert_string_equal(r->check_ref_href, "Microsoft_Exchange_2016_Mailbox_Server_STIG.xml");
	assert_string_equal(r->check_ref_name, "M");
	assert_non_null(
	    strstr(r->check_text, "Get-ReceiveConnector | Select Name, Identity, AuthMechanism"));
	assert_int_equal(r->n_more_checks, 0);
	assert_int_equal(r->n_more_fixes, 0);
	assert_true(
	    strncmp(r->desc[DESC_VULN_DISCUSSION], "The Simple Mail Transfer Protocol", 33) == 0);
	assert_null(strstr(r->desc[DESC_VULN_DISCUSSION], "VulnDiscussion"));
	assert_string_equal(r->desc[DESC_DOCUMENTABLE], "false");
	assert_string_equal(r->desc[DESC_FALSE_POSITIVES], "");
	assert_non_null(strstr(r->description, "<VulnDiscussion>"));
	benchmark_free(b);
}

static void test_mailbox_v2r6(void **state)
{
	struct benchmark *b = load(MAILBOX_V2R6);
	const struct rule *r = find(b, "SV-228375r879636_rule");
	char ver[16];

	(void)state;
	benchmark_short_version(b, ver, sizeof(ver));
	assert_string_equal(ver, "V2R6");
	assert_int_equal(b->n_rules, count_in_file(MAILBOX_V2R6, "<Rule "));
	assert_string_equal(r->group_id, "V-228375");
	assert_string_equal(r->stig_id, "EX16-MB-000220");
	assert_string_equal(r->ccis[0], "CCI-001184");
	assert_non_null(strstr(r->check_text, "Get-ReceiveConnector"));
	benchmark_free(b);
}

/* desc_parse on TEXT; every field checked against EXPECT (NULL = ""). */
static void desc_case(const char *text, const char *const expect[DESC_N_FIELDS])
{
	char *out[DESC_N_FIELDS];

	assert_int_equal(desc_parse(out, text, strlen(text)), 0);
	for (int f = 0; f < DESC_N_FIELDS; f++) {
		assert_non_null(out[f]);
		assert_string_equal(out[f], expect[f] ? expect[f] : "");
		free(out[f]);
	}
}

static void test_desc_fields(void **state)
{
	const char *e[DESC_N_FIELDS] = {0};

	(void)state;
	e[DESC_VULN_DISCUSSION] = "a <b> & \"c\" 'd' &amp; &nbsp;";
	e[DESC_DOCUMENTABLE] = "false";
	desc_case("<VulnDiscussion>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &amp;amp; "
		  "&nbsp;</VulnDiscussion><FalsePositives></FalsePositives>"
		  "<Documentable>false</Documentable>",
		  e);
	memset(e, 0, sizeof(e));
	/* unterminated: runs to the next field's opening tag */
	e[DESC_VULN_DISCUSSION] = "open ";
	e[DESC_MITIGATIONS] = "m";
	desc_case("<VulnDiscussion>open <Mitigations>m</Mitigations>", e);
	memset(e, 0, sizeof(e));
	/* nested and repeated: the first close ends it, the first occurrence wins */
	e[DESC_VULN_DISCUSSION] = "x<VulnDiscussion>y";
	desc_case("<VulnDiscussion>x<VulnDiscussion>y</VulnDiscussion>z</VulnDiscussion>"
		  "<VulnDiscussion>again</VulnDiscussion>",
		  e);
	memset(e, 0, sizeof(e));
	e[DESC_IA_CONTROLS] = "tail &";
	desc_case("garbage < <<> </VulnDiscussion> <VulnDiscussion <IAControls>tail &", e);
	memset(e, 0, sizeof(e));
	desc_case("", e);
	desc_case("<VulnDiscussion", e);
	desc_case("plain text, as XCCDF 1.2 content has", e);
}

static void test_desc_binary(void **state)
{
	/* bytes with NULs and every truncation of a valid description: no crash, no overrun */
	const char text[] = "<VulnDiscussion>v&lt;\0x</VulnDiscussion><IAControls>i</IAControls>";
	char *out[DESC_N_FIELDS];

	(void)state;
	for (size_t n = 0; n <= sizeof(text) - 1; n++) {
		char *copy = malloc(n ? n : 1); /* exactly N bytes: ASan sees any over-read */

		memcpy(copy, text, n);
		assert_int_equal(desc_parse(out, copy, n), 0);
		for (int f = 0; f < DESC_N_FIELDS; f++)
			free(out[f]);
		free(copy);
	}
	assert_int_equal(desc_parse(out, text, sizeof(text) - 1), 0);
	assert_int_equal(out[DESC_VULN_DISCUSSION][0], 'v');
	assert_string_equal(out[DESC_IA_CONTROLS], "i");
	for (int f = 0; f < DESC_N_FIELDS; f++)
		free(out[f]);
	assert_int_equal(desc_parse(out, NULL, 0), 0);
	assert_string_equal(out[DESC_VULN_DISCUSSION], "");
	for (int f = 0; f < DESC_N_FIELDS; f++)
		free(out[f]);
}

static void test_cat_and_version(void **state)
{
	struct rule r = {0};
	struct benchmark b = {0};
	const char *sev[] = {"high", "medium", "low", "unknown", "info", "HIGH"};
	const int cat[] = {1, 2, 3, 0, 0, 0};
	char ver[16];

	(void)state;
	for (size_t i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		r.severity = (char *)sev[i];
		assert_int_equal(rule_cat(&r), cat[i]);
	}
	r.severity = "low";
	assert_string_equal(rule_cat_name(&r), "CAT III");
	r.severity = "info";
	assert_string_equal(rule_cat_name(&r), "");
	b.version = "8";
	b.release_info = "Release: 1.11 Benchmark Date: 25 Apr 2014";
	benchmark_short_version(&b, ver, sizeof(ver));
	assert_string_equal(ver, "V8R1.11");
	b.version = "0.1.65";
	benchmark_short_version(&b, ver, sizeof(ver));
	assert_string_equal(ver, "");
	b.version = "2";
	b.release_info = "";
	benchmark_short_version(&b, ver, sizeof(ver));
	assert_string_equal(ver, "");
}

static void test_short_title(void **state)
{
	struct benchmark b = {0};
	char *t;

	(void)state;
	b.title = "Microsoft Exchange 2016 Mailbox Server Security Technical Implementation Guide";
	assert_int_equal(benchmark_short_title(&t, &b), 0);
	assert_string_equal(t, "Exchange 2016 Mailbox Server");
	free(t);
	b.title = "AIX 6.1 SECURITY TECHNICAL IMPLEMENTATION GUIDE";
	assert_int_equal(benchmark_short_title(&t, &b), 0);
	assert_string_equal(t, "AIX 6.1");
	free(t);
	b.title = "Microsoftish Guide";
	assert_int_equal(benchmark_short_title(&t, &b), 0);
	assert_string_equal(t, "Microsoftish Guide");
	free(t);
	b.title = "Microsoft";
	assert_int_equal(benchmark_short_title(&t, &b), 0);
	assert_string_equal(t, "Microsoft");
	free(t);
}

struct seen {
	size_t n_benchmarks, n_rules, n_bad;
	char bad_message[512];
	char first_source[512];
	char group_of_aide[128];
	char xccdf_version[8];
};

static int count_visit(const struct benchmark *b, void *ctx)
{
	struct seen *s = ctx;

	if (!s->n_benchmarks++)
		snprintf(s->first_source, sizeof(s->first_source), "%s", b->source);
	s->n_rules += b->n_rules;
	snprintf(s->xccdf_version, sizeof(s->xccdf_version), "%s", b->xccdf_version);
	for (size_t i = 0; i < b->n_rules; i++)
		if (strcmp(b->rules[i].rule_id,
			   "xccdf_org.ssgproject.content_rule_package_aide_installed") == 0)
			snprintf(s->group_of_aide, sizeof(s->group_of_aide), "%s",
				 b->rules[i].group_id);
	return 0;
}

static void count_bad(const char *source, void *ctx)
{
	struct seen *s = ctx;

	s->n_bad++;
	snprintf(s->bad_message, sizeof(s->bad_message), "%s | %s", source, error_message());
}

static void test_ssg_datastream(void **state)
{
	struct seen s = {0};
	const char *hash;

	(void)state;
	assert_int_equal(benchmark_walk(SSG_DS, count_visit, count_bad, &s), 0);
	assert_int_equal(s.n_benchmarks, 1);
	assert_int_equal(s.n_bad, 0);
	assert_string_equal(s.xccdf_version, "1.2");
	assert_int_equal(s.n_rules, count_in_file(SSG_DS, "<xccdf-1.2:Rule "));
	hash = strchr(s.first_source, '#');
	assert_non_null(hash);
	assert_string_equal(hash, "#scap_org.open-scap_comp_ssg-ubuntu2204-xccdf.xml");
	/* nested Groups: the rule's group is the innermost one */
	assert_string_equal(s.group_of_aide, "xccdf_org.ssgproject.content_group_aide");
}

static void test_packages(void **state)
{
	struct seen s = {0};

	(void)state;
	assert_int_equal(benchmark_walk(PKG_DIR "U_MS_Exchange_2016_Y22M07_STIG.zip", count_visit,
					count_bad, &s),
			 0);
	assert_int_equal(s.n_benchmarks, 2);
	assert_int_equal(s.n_rules, 64 + 69);
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    benchmark_walk(PKG_DIR "U_MS_Exchange_2016_V2R6_STIG.zip", count_visit, count_bad, &s),
	    0);
	assert_int_equal(s.n_benchmarks, 2);
	assert_int_equal(s.n_rules, 64 + 68);
}

static void test_fixture_model(void **state)
{
	struct benchmark *b = load(FIXTURES "mixed/a-mini-xccdf.xml");
	const struct rule *r1 = find(b, "SV-1001r1_rule"), *r2 = find(b, "SV-1002r1_rule");
	const struct rule *r3 = find(b, "SV-1003r2_rule");
	char *t;

	(void)state;
	assert_int_equal(b->n_rules, 3);
	assert_int_equal(b->n_profiles, 2);
	assert_int_equal(b->profiles[0].n_selected, 1); /* selected="false" is not a selection */
	assert_int_equal(benchmark_short_title(&t, b), 0);
	assert_string_equal(t, "Mini Test");
	free(t);
	/* double-escaped text in the embedded fields is decoded exactly once */
	assert_string_equal(r1->desc[DESC_VULN_DISCUSSION], "Keep <this> & that.");
	assert_string_equal(r1->desc[DESC_IA_CONTROLS], "ECSC-1");
	assert_string_equal(r1->fix_text, "Do <it>.");
	assert_int_equal(r1->n_ccis, 2); /* both cyber.mil and iase.disa.mil CCI systems */
	assert_string_equal(r1->ccis[1], "CCI-000002");
	assert_int_equal(r1->n_idents, 1);
	assert_string_equal(r1->idents[0].system, "http://cce.mitre.org");
	assert_string_equal(r1->idents[0].value, "CCE-1234-5");
	assert_string_equal(rule_cat_name(r1), "CAT I");
	assert_int_equal(r2->n_more_checks, 1);
	assert_string_equal(r2->check_system, "C-2r1_chk");
	assert_string_equal(r2->check_ref_name, "I");
	assert_string_equal(r2->more_checks[0].system, "C-3r1_chk");
	assert_string_equal(r2->more_checks[0].text, "Look.");
	assert_int_equal(r2->n_more_fixes, 1);
	assert_string_equal(r2->fix_id, "F-2r1_fix");
	assert_string_equal(r2->more_fixes[0].id, "F-3r1_fix");
	assert_string_equal(r3->weight, "1.0"); /* XCCDF's default */
	assert_string_equal(r3->fix_id, "F-4r1_fix");
	assert_string_equal(r3->description, "No embedded fields at all.");
	assert_string_equal(r3->desc[DESC_VULN_DISCUSSION], "");
	assert_string_equal(r3->ref_identifier, "");
	benchmark_free(b);
}

static void test_fixture_json(void **state)
{
	struct benchmark *b = load(FIXTURES "mixed/a-mini-xccdf.xml");
	json_t *o1 = rule_to_json(b, find(b, "SV-1001r1_rule"));
	json_t *o2 = rule_to_json(b, find(b, "SV-1002r1_rule"));
	json_t *o3 = rule_to_json(b, find(b, "SV-1003r2_rule"));
	json_t *p;

	(void)state;
	assert_non_null(o1);
	assert_non_null(o2);
	assert_non_null(o3);
	assert_string_equal(json_string_value(json_object_get(o1, "rule_id")), "SV-1001r1_rule");
	assert_int_equal(json_integer_value(json_object_get(o1, "cat")), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(o1, "description_fields"), "vuln_discussion")),
			    "Keep <this> & that.");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(o1, "benchmark"), "short_version")),
	    "V3R11");
	p = json_object_get(o1, "profiles"); /* selected through its group */
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(json_string_value(json_array_get(p, 0)), "MAC-1_Classified");
	assert_int_equal(json_array_size(json_object_get(o2, "profiles")), 0);
	p = json_object_get(o3, "profiles"); /* selected through its rule id */
	assert_string_equal(json_string_value(json_array_get(p, 0)), "MAC-2_Public");
	assert_int_equal(json_array_size(json_object_get(o2, "more_checks")), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(o1, "reference"), "identifier")),
	    "9999");
	json_decref(o1);
	json_decref(o2);
	json_decref(o3);
	benchmark_free(b);
}

static void test_walk_bad(void **state)
{
	struct seen s = {0};

	(void)state;
	/* a folder: the good benchmark is read, the broken one reported, the XSL skipped */
	assert_int_equal(benchmark_walk(FIXTURES "mixed", count_visit, count_bad, &s), 0);
	assert_int_equal(s.n_benchmarks, 1);
	assert_int_equal(s.n_rules, 3);
	assert_int_equal(s.n_bad, 1);
	assert_non_null(strstr(s.bad_message, "b-broken-xccdf.xml"));
	assert_non_null(strstr(s.bad_message, "not well-formed"));
	/* without ON_BAD the walk stops there, error set */
	memset(&s, 0, sizeof(s));
	assert_int_equal(benchmark_walk(FIXTURES "mixed", count_visit, NULL, &s), -1);
	assert_non_null(strstr(error_message(), "b-broken-xccdf.xml"));
}

/* benchmark_from_xml on an in-memory document. */
static int from_string(struct benchmark **b, const char *xml)
{
	xmlDocPtr doc;
	int ret;

	assert_int_equal(xml_parse(&doc, xml, strlen(xml), "mem.xml"), 0);
	ret = benchmark_from_xml(b, xmlDocGetRootElement(doc), "mem.xml");
	xmlFreeDoc(doc);
	return ret;
}

static void test_from_xml_errors(void **state)
{
	struct benchmark *b;

	(void)state;
	assert_int_equal(
	    from_string(&b, "<Benchmark xmlns='http://checklists.nist.gov/xccdf/1.1'/>"), -1);
	assert_null(b);
	assert_string_equal(error_message(), "mem.xml: Benchmark has no id");
	assert_int_equal(from_string(&b, "<Benchmark xmlns='http://checklists.nist.gov/xccdf/1.1' "
					 "id='x'><Group id='V-1'><Rule/></Group></Benchmark>"),
			 -1);
	assert_string_equal(error_message(), "mem.xml: rule 1 has no id");
	assert_int_equal(from_string(&b, "<Benchmark id='x'/>"), -1);
	assert_string_equal(error_message(), "mem.xml: not an XCCDF 1.1 or 1.2 Benchmark");
	/* the smallest benchmark: every "always" string is there */
	assert_int_equal(from_string(&b, "<Benchmark xmlns='http://checklists.nist.gov/xccdf/1.2' "
					 "id='x'><Rule id='r'/></Benchmark>"),
			 0);
	assert_string_equal(b->xccdf_version, "1.2");
	assert_string_equal(b->release_info, "");
	assert_int_equal(b->n_rules, 1);
	assert_string_equal(b->rules[0].group_id, "");
	assert_string_equal(b->rules[0].severity, "unknown");
	assert_string_equal(b->rules[0].check_text, "");
	assert_string_equal(b->rules[0].desc[DESC_MITIGATIONS], "");
	benchmark_free(b);
	benchmark_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mailbox_v2r4),    cmocka_unit_test(test_mailbox_v2r6),
	    cmocka_unit_test(test_desc_fields),	    cmocka_unit_test(test_desc_binary),
	    cmocka_unit_test(test_cat_and_version), cmocka_unit_test(test_short_title),
	    cmocka_unit_test(test_ssg_datastream),  cmocka_unit_test(test_packages),
	    cmocka_unit_test(test_fixture_model),   cmocka_unit_test(test_fixture_json),
	    cmocka_unit_test(test_walk_bad),	    cmocka_unit_test(test_from_xml_errors),
	};

	xml_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
