/*
 * test_bind.c - content loading, fingerprints, safe XSLT, atomic output, data-stream building
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <libexslt/exslt.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openscap/ds_sds_session.h>
#include <openscap/oscap.h>
#include <openscap/oscap_source.h>
#include <openscap/xccdf_benchmark.h>
#include <openscap/xccdf_policy.h>

#include "atomic.h"
#include "bind.h"
#include "content.h"
#include "error.h"
#include "xml.h"
#include "xslt.h"

#define XCCDF_DIR  SHARED_DIR "/stig/xccdf/"
#define MAILBOX(r) XCCDF_DIR "U_MS_Exchange_2016_Mailbox_Server_STIG_" r "_Manual-xccdf.xml"
#define FIXTURE	   SOURCE_DIR "/tests/fixtures/bind/content"
#define SCRATCH	   BINARY_DIR "/test_bind.d"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path)
{
	char *buf;
	size_t len;

	assert_int_equal(file_read_all(&buf, &len, path, 64 << 20), 0);
	return buf;
}

static int count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	int n;

	xmlXPathRegisterNs(ctx, BAD_CAST "ds", BAD_CAST SDS_NS);
	xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST XCCDF12_NS);
	xmlXPathRegisterNs(ctx, BAD_CAST "cat",
			   BAD_CAST "urn:oasis:names:tc:entity:xmlns:xml:catalog");
	xmlXPathRegisterNs(ctx, BAD_CAST "o", BAD_CAST OVAL_DEFS_NS);
	o = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
	assert_non_null(o);
	n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

/* ---- fingerprint ---- */

static void test_fingerprint(void **state)
{
	char fp[65];

	(void)state;
	assert_int_equal(check_fingerprint(fp, ""), 0);
	assert_string_equal(fp, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(check_fingerprint(fp, " \t\r\n a \r\n\t  b\n"), 0);
	assert_string_equal(fp, "c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65");
	/* A no-break space is not ASCII whitespace: it stays. */
	assert_int_equal(check_fingerprint(fp, "a\xc2\xa0"
					       "b  <x>"),
			 0);
	assert_string_equal(fp, "3784591d69299075d799c65bff64857c276b19027dec441a0d3450ab176b4065");
}

/* ---- safe XSLT ---- */

static const char ss_head[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform' "
    "xmlns:exsl='http://exslt.org/common' extension-element-prefixes='exsl'>"
    "<xsl:output method='text'/><xsl:param name='p'/>";

static int run_xslt(const char *body, const char *const *params, char **out)
{
	char ss[2048];
	xsltStylesheetPtr style;
	xmlDocPtr in;
	size_t len;
	int ret;

	*out = NULL;
	snprintf(ss, sizeof(ss), "%s%s</xsl:stylesheet>", ss_head, body);
	assert_int_equal(xslt_stylesheet_parse(&style, ss, strlen(ss), "t.xsl"), 0);
	assert_int_equal(xml_parse(&in, "<a>in</a>", 9, "in.xml"), 0);
	ret = xslt_apply_to_buffer(out, &len, style, in, params, "in.xml");
	xmlFreeDoc(in);
	xslt_stylesheet_free(style);
	return ret;
}

static void test_xslt_params_are_strings(void **state)
{
	const char *params[] = {"p", "it's \"quoted\" and concat('x')", NULL};
	char *out;

	(void)state;
	assert_int_equal(run_xslt("<xsl:template match='/'><xsl:value-of select='$p'/>"
				  "</xsl:template>",
				  params, &out),
			 0);
	assert_string_equal(out, "it's \"quoted\" and concat('x')");
	free(out);
}

static void test_xslt_document_refused(void **state)
{
	char body[512], *out;

	(void)state;
	/* A readable XML file: without the security prefs, document() would read it. */
	mkdir(SCRATCH, 0755);
	write_file(SCRATCH "/secret.xml", "<s>SECRET</s>");
	snprintf(body, sizeof(body),
		 "<xsl:template match='/'>[<xsl:value-of select=\"document('%s')/s\"/>]"
		 "</xsl:template>",
		 SCRATCH "/secret.xml");
	assert_int_equal(run_xslt(body, NULL, &out), -1);
	assert_null(out);
	assert_non_null(strstr(error_message(), "in.xml: transform failed"));
	assert_non_null(strstr(error_message(), "secret.xml"));
}

static void test_xslt_exsl_document_refused(void **state)
{
	char body[512], *out;
	struct stat st;

	(void)state;
	exsltRegisterAll();
	mkdir(SCRATCH, 0755);
	unlink(SCRATCH "/written.txt");
	snprintf(body, sizeof(body),
		 "<xsl:template match='/'><exsl:document href='%s' method='text'>pwned"
		 "</exsl:document>done</xsl:template>",
		 SCRATCH "/written.txt");
	assert_int_equal(run_xslt(body, NULL, &out), -1);
	assert_int_equal(stat(SCRATCH "/written.txt", &st), -1);
	assert_non_null(strstr(error_message(), "transform failed"));
}

static void test_xslt_recursion_capped(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(run_xslt("<xsl:template match='/'><xsl:call-template name='r'/>"
				  "</xsl:template><xsl:template name='r'><xsl:call-template "
				  "name='r'/></xsl:template>",
				  NULL, &out),
			 -1);
	assert_non_null(strstr(error_message(), "transform failed"));
}

static void test_xslt_bad_stylesheet(void **state)
{
	xsltStylesheetPtr style;
	const char *ss = "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/"
			 "Transform'><xsl:template match='/'><xsl:nope/></xsl:template>"
			 "</xsl:stylesheet>";

	(void)state;
	const char *xpath = "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/"
			    "Transform'><xsl:template match='/'><xsl:value-of select='((('/>"
			    "</xsl:template></xsl:stylesheet>";

	assert_int_equal(xslt_stylesheet_parse(&style, ss, strlen(ss), "bad.xsl"), -1);
	assert_null(style);
	assert_non_null(strstr(error_message(), "bad.xsl: not a usable stylesheet"));
	assert_non_null(strstr(error_message(), "xsl:nope"));
	assert_int_equal(xslt_stylesheet_parse(&style, xpath, strlen(xpath), "xpath.xsl"), -1);
	assert_non_null(strstr(error_message(), "xpath.xsl: not a usable stylesheet"));
}

/* ---- atomic output ---- */

static void test_atomic_write(void **state)
{
	char *text;
	struct stat st;
	mode_t mask;

	(void)state;
	mkdir(SCRATCH, 0755);
	write_file(SCRATCH "/out.txt", "old");
	assert_int_equal(atomic_write_buffer(SCRATCH "/out.txt", "new bytes", 9), 0);
	text = read_text(SCRATCH "/out.txt");
	assert_string_equal(text, "new bytes");
	free(text);
	mask = umask(022);
	umask(mask);
	assert_int_equal(stat(SCRATCH "/out.txt", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
	/* A folder that does not exist: an error naming the file, and nothing left behind. */
	assert_int_equal(atomic_write_buffer(SCRATCH "/no/such/dir/out.txt", "x", 1), -1);
	assert_non_null(strstr(error_message(), "no/such/dir/out.txt"));
	assert_int_equal(error_kind(), ERR_IO);
}

/* ---- content ---- */

static void test_content_fixture(void **state)
{
	struct content *c;
	const struct binding *b;
	const struct binding_rule *r;

	(void)state;
	assert_int_equal(content_load(&c, FIXTURE), 0);
	assert_int_equal(c->n_bindings, 1);
	b = content_find(c, "MS_Exchange_2016_Mailbox_Server_STIG");
	assert_non_null(b);
	assert_string_equal(b->written_against, "V2R6");
	assert_int_equal(b->n_rules, 5);
	r = binding_rule_find(b, "V-228384");
	assert_non_null(r);
	assert_int_equal(r->cls, RULE_SITE_VALUE);
	assert_int_equal(r->n_exports, 1);
	assert_string_equal(binding_value_find(b, r->exports[0])->variable,
			    "oval:scapula.exchange2016:var:1");
	assert_int_equal(binding_rule_find(b, "V-228355")->n_evidence, 1);
	assert_non_null(binding_oval_definition(b, "oval:scapula.exchange2016:def:228375"));
	assert_null(content_find(c, "nope"));
	content_free(c);
}

/* Write a binding with RULES and VALUES (and the fixture's OVAL) to a fresh folder; load it. */
static int load_variant(const char *name, const char *values, const char *rules)
{
	char dir[512], path[600], *oval, *text;
	struct content *c = NULL;
	size_t n;
	int ret;

	snprintf(dir, sizeof(dir), "%s/%s", SCRATCH, name);
	mkdir(SCRATCH, 0755);
	mkdir(dir, 0755);
	oval = read_text(FIXTURE "/exchange2016/mailbox.oval.xml");
	snprintf(path, sizeof(path), "%s/mailbox.oval.xml", dir);
	write_file(path, oval);
	free(oval);
	n = strlen(values) + strlen(rules) + 512;
	text = malloc(n);
	snprintf(text, n,
		 "<binding xmlns='urn:scapula:binding:1' benchmark='B' oval='mailbox.oval.xml' "
		 "written-against='V2R6'>\n%s\n%s\n</binding>\n",
		 values, rules);
	snprintf(path, sizeof(path), "%s/x.binding.xml", dir);
	write_file(path, text);
	free(text);
	ret = content_load(&c, dir);
	content_free(c);
	return ret;
}

#define SHA "check-sha256='90f945586d5419b1062225d190cdabc5736c606da98a092ce677f83b47568efc'"
#define DEF "definition='oval:scapula.exchange2016:def:228375'"

static void expect_error(const char *name, const char *values, const char *rules,
			 const char *message)
{
	assert_int_equal(load_variant(name, values, rules), -1);
	if (!strstr(error_message(), message) || !strstr(error_message(), "x.binding.xml"))
		fail_msg("%s: got '%s', want '%s'", name, error_message(), message);
}

static void test_content_errors(void **state)
{
	(void)state;
	assert_int_equal(
	    load_variant("ok", "", "<rule vuln='V-1' class='automated' " DEF " " SHA "/>"), 0);
	/* No default: the STIG leaves the value to the site. */
	assert_int_equal(load_variant("required",
				      "<value id='v' type='number' "
				      "variable='oval:scapula.exchange2016:var:1' default=''/>",
				      "<rule vuln='V-1' class='manual' " SHA "/>"),
			 0);
	expect_error("nodef", "",
		     "<rule vuln='V-1' class='automated' definition='oval:x:def:9' " SHA "/>",
		     ":3: rule V-1: mailbox.oval.xml has no definition 'oval:x:def:9'");
	expect_error("twice", "",
		     "<rule vuln='V-1' class='manual' " SHA "/><rule vuln='V-1' "
		     "class='manual' " SHA "/>",
		     "rule V-1 is bound twice");
	expect_error("badsha", "", "<rule vuln='V-1' class='manual' check-sha256='ABC'/>",
		     "check-sha256 is not 64 lower-case hex digits");
	expect_error("class", "", "<rule vuln='V-1' class='auto' " SHA "/>", "has class 'auto'");
	expect_error("vuln", "", "<rule vuln='SV-1' class='manual' " SHA "/>", "is not a Vuln id");
	expect_error("export", "",
		     "<rule vuln='V-1' class='site-value' " DEF " " SHA
		     "><export value='nope'/></rule>",
		     "rule V-1 exports unknown value 'nope'");
	expect_error("manualdef", "", "<rule vuln='V-1' class='manual' " DEF " " SHA "/>",
		     "rule V-1 is manual but names definition");
	expect_error("novar", "<value id='v' type='number' variable='oval:x:var:9' default='1'/>",
		     "<rule vuln='V-1' class='manual' " SHA "/>",
		     "has no external_variable 'oval:x:var:9'");
	expect_error("nan",
		     "<value id='v' type='number' variable='oval:scapula.exchange2016:var:1' "
		     "default='sixty'/>",
		     "<rule vuln='V-1' class='manual' " SHA "/>",
		     "default 'sixty' is not a number");
	expect_error("evidence", "", "<rule vuln='V-1' class='evidence' " SHA "/>",
		     "is evidence but names no evidence");
}

static void test_content_missing_dir(void **state)
{
	struct content *c;

	(void)state;
	assert_int_equal(content_load(&c, SCRATCH "/does-not-exist"), -1);
	assert_non_null(strstr(error_message(), "does-not-exist"));
	mkdir(SCRATCH, 0755);
	mkdir(SCRATCH "/empty", 0755);
	assert_int_equal(content_load(&c, SCRATCH "/empty"), -1);
	assert_non_null(strstr(error_message(), "no binding files"));
}

/* ---- hostile benchmarks ---- */

static const char bench_head[] =
    "<Benchmark xmlns='http://checklists.nist.gov/xccdf/1.1' id='B'><status>accepted</status>"
    "<title>t</title><version>1</version>";

static int extends_of(const char *body)
{
	char doc[2048];
	xmlDocPtr d;
	int ret;

	snprintf(doc, sizeof(doc), "%s%s</Benchmark>", bench_head, body);
	assert_int_equal(xml_parse(&d, doc, strlen(doc), "b.xml"), 0);
	ret = xccdf_check_extends(xmlDocGetRootElement(d), "b.xml");
	xmlFreeDoc(d);
	return ret;
}

static void test_extends(void **state)
{
	(void)state;
	assert_int_equal(extends_of("<Profile id='a'><title>a</title></Profile>"
				    "<Profile id='b' extends='a'><title>b</title></Profile>"
				    "<Profile id='c' extends='b'><title>c</title></Profile>"),
			 0);
	assert_int_equal(extends_of("<Profile id='a' extends='c'><title>a</title></Profile>"
				    "<Profile id='b' extends='a'><title>b</title></Profile>"
				    "<Profile id='c' extends='b'><title>c</title></Profile>"),
			 -1);
	assert_non_null(strstr(error_message(), "b.xml: Profile '"));
	assert_non_null(strstr(error_message(), "in a loop"));
	assert_int_equal(extends_of("<Profile id='a' extends='a'><title>a</title></Profile>"), -1);
	assert_int_equal(extends_of("<Profile id='a' extends='zz'><title>a</title></Profile>"), -1);
	assert_non_null(strstr(error_message(), "extends 'zz', which does not exist"));
	assert_int_equal(extends_of("<Group id='V-1'><Rule id='r1' extends='r2'/>"
				    "<Rule id='r2' extends='r1'/></Group>"),
			 -1);
	assert_non_null(strstr(error_message(), "Rule '"));
}

/* ---- binding DISA's benchmark ---- */

struct bound {
	struct content *content;
	xmlDocPtr xccdf;
	struct bind_result *r;
};

static int bind_release(const char *path, struct bound *b, long long epoch)
{
	struct bind_source src;

	memset(b, 0, sizeof(*b));
	assert_int_equal(content_load(&b->content, FIXTURE), 0);
	assert_int_equal(xml_parse_file(&b->xccdf, path), 0);
	src.xccdf = b->xccdf;
	src.name = path;
	src.binding = &b->content->bindings[0];
	return bind_build(&b->r, &src, 1, epoch);
}

static void bound_free(struct bound *b)
{
	bind_result_free(b->r);
	xmlFreeDoc(b->xccdf);
	content_free(b->content);
}

static const struct bind_row *row_of(const struct bind_checklist *l, const char *vuln)
{
	for (size_t i = 0; i < l->n_rows; i++)
		if (strcmp(l->rows[i].vuln, vuln) == 0)
			return &l->rows[i];
	return NULL;
}

static void test_bind_v2r6(void **state)
{
	struct bound b;
	const struct bind_checklist *l;
	xmlDocPtr ds;

	(void)state;
	assert_int_equal(bind_release(MAILBOX("V2R6"), &b, 1700000000), 0);
	assert_int_equal(b.r->n_lists, 1);
	l = &b.r->lists[0];
	assert_string_equal(l->release, "V2R6");
	assert_int_equal(l->n_rows, 64);
	assert_int_equal(bind_count_status(l, BIND_OK), 5);
	assert_int_equal(bind_count_status(l, BIND_DRIFT), 0);
	assert_int_equal(bind_count_status(l, BIND_UNBOUND), 59);
	assert_string_equal(row_of(l, "V-228375")->rule_id, "SV-228375r879636_rule");
	assert_int_equal(row_of(l, "V-228375")->cat, 2);
	assert_int_equal(row_of(l, "V-228354")->cls, RULE_MANUAL);
	ds = b.r->ds;
	assert_int_equal(
	    count(ds, "/ds:data-stream-collection/ds:data-stream[@scap-version='1.3']"), 1);
	assert_int_equal(count(ds,
			       "//ds:checklists/ds:component-ref/cat:catalog/cat:uri[@name="
			       "'mailbox.oval.xml'][@uri='#scap_scapula_cref_mailbox.oval.xml']"),
			 1);
	assert_int_equal(count(ds, "//ds:component[@timestamp='2023-11-14T22:13:20']"), 2);
	assert_int_equal(count(ds, "//x:Rule"), 64);
	assert_int_equal(count(ds, "//x:check[@system='" OVAL_DEFS_NS "']"), 3);
	assert_int_equal(count(ds,
			       "//x:Rule[@id='xccdf_mil.disa.stig_rule_SV-228384r879651_rule']"
			       "/x:check[1]/x:check-export[@value-id='xccdf_mil.disa.stig_value_"
			       "max_hop_count'][@export-name='oval:scapula.exchange2016:var:1']"),
			 1);
	assert_int_equal(count(ds, "//x:Benchmark/x:Value[@id='xccdf_mil.disa.stig_value_max_hop_"
				   "count'][x:value='60'][preceding-sibling::x:Profile]"
				   "[following-sibling::x:Group]"),
			 1);
	/* DISA's dangling manual refs are gone, their check text stays: 64 manual checks. */
	assert_int_equal(count(ds, "//x:check-content-ref[@name='M']"), 0);
	assert_int_equal(count(ds, "//x:check[x:check-content]"), 64);
	assert_int_equal(count(ds, "//x:platform"), 0);
	assert_int_equal(count(ds, "//o:definition"), 3);
	bound_free(&b);
}

static void test_bind_drift_v2r3(void **state)
{
	struct bound b;
	const struct bind_checklist *l;

	(void)state;
	assert_int_equal(bind_release(MAILBOX("V2R3"), &b, -1), 0);
	l = &b.r->lists[0];
	assert_string_equal(l->release, "V2R3");
	/* Two of the five bound rules have a V2R3 check text unlike V2R6's (see drift_oracle.py).
	 */
	assert_int_equal(bind_count_status(l, BIND_DRIFT), 2);
	assert_int_equal(row_of(l, "V-228391")->status, BIND_DRIFT);
	assert_int_equal(row_of(l, "V-228402")->status, BIND_DRIFT);
	assert_int_equal(row_of(l, "V-228375")->status, BIND_OK);
	/* The rule id changed (r612748 → r879636) yet the binding holds: matched by Vuln id. */
	assert_string_equal(row_of(l, "V-228375")->rule_id, "SV-228375r612748_rule");
	/* No SOURCE_DATE_EPOCH: the benchmark's status date. */
	assert_int_equal(count(b.r->ds, "//ds:data-stream[starts-with(@timestamp, '20')]"), 1);
	bound_free(&b);
}

static void test_bind_deterministic(void **state)
{
	struct bound a, b;
	xmlChar *x, *y;
	size_t xl, yl;

	(void)state;
	assert_int_equal(bind_release(MAILBOX("V2R6"), &a, 1700000000), 0);
	assert_int_equal(bind_release(MAILBOX("V2R6"), &b, 1700000000), 0);
	assert_int_equal(xml_doc_to_buffer(&x, &xl, a.r->ds), 0);
	assert_int_equal(xml_doc_to_buffer(&y, &yl, b.r->ds), 0);
	assert_int_equal(xl, yl);
	assert_memory_equal(x, y, xl);
	xmlFree(x);
	xmlFree(y);
	bound_free(&a);
	bound_free(&b);
}

static void test_bind_content_only(void **state)
{
	struct content *c;
	struct bind_source src = {NULL, NULL, NULL};
	struct bind_result *r;

	(void)state;
	assert_int_equal(content_load(&c, FIXTURE), 0);
	src.binding = &c->bindings[0];
	assert_int_equal(bind_build(&r, &src, 1, -1), 0);
	assert_int_equal(r->lists[0].n_rows, 5);
	assert_int_equal(bind_count_status(&r->lists[0], BIND_NO_SOURCE), 5);
	assert_int_equal(count(r->ds, "//x:Rule[@id='xccdf_scapula.exchange2016_rule_V-228375']"
				      "[x:title='Receive connectors require TLS']"),
			 1);
	assert_int_equal(count(r->ds, "//x:check-export[@value-id='xccdf_scapula.exchange2016_"
				      "value_max_hop_count']"),
			 1);
	/* The OVAL generator timestamp dates the content. */
	assert_int_equal(count(r->ds, "//ds:component[@timestamp='2024-02-01T00:00:00']"), 2);
	bind_result_free(r);
	content_free(c);
}

static void test_bind_cyclic_profile(void **state)
{
	struct content *c;
	struct bind_source src;
	struct bind_result *r;
	xmlDocPtr d;
	char doc[1024];

	(void)state;
	snprintf(doc, sizeof(doc),
		 "%s<Profile id='p1' extends='p2'><title>1</title></Profile>"
		 "<Profile id='p2' extends='p1'><title>2</title></Profile></Benchmark>",
		 bench_head);
	assert_int_equal(content_load(&c, FIXTURE), 0);
	assert_int_equal(xml_parse(&d, doc, strlen(doc), "cyclic.xml"), 0);
	src.xccdf = d;
	src.name = "cyclic.xml";
	src.binding = &c->bindings[0];
	assert_int_equal(bind_build(&r, &src, 1, 0), -1);
	assert_null(r);
	assert_non_null(strstr(error_message(), "cyclic.xml: Profile"));
	xmlFreeDoc(d);
	content_free(c);
}

/* ---- libopenscap reads the data stream as the evaluator will ---- */

struct engine_seen {
	struct ds_sds_session *session;
	int calls, components, exports;
};

static xccdf_test_result_type_t fake_engine(struct xccdf_policy *policy, const char *rule_id,
					    const char *definition_id, const char *href,
					    struct xccdf_value_binding_iterator *values,
					    struct xccdf_check_import_iterator *imports, void *usr)
{
	struct engine_seen *seen = usr;

	(void)policy;
	(void)rule_id;
	(void)imports;
	seen->calls++;
	/* The XCCDF's href resolves, through the checklist's catalog, to the OVAL component. */
	if (strcmp(href, "mailbox.oval.xml") == 0 &&
	    strncmp(definition_id, "oval:scapula.exchange2016:def:", 30) == 0 &&
	    ds_sds_session_get_component_by_href(seen->session, href))
		seen->components++;
	while (xccdf_value_binding_iterator_has_more(values)) {
		struct xccdf_value_binding *v = xccdf_value_binding_iterator_next(values);
		if (strcmp(xccdf_value_binding_get_name(v), "oval:scapula.exchange2016:var:1") ==
			0 &&
		    strcmp(xccdf_value_binding_get_value(v), "60") == 0)
			seen->exports++;
	}
	return XCCDF_RESULT_PASS;
}

static void test_libopenscap_reads_ds(void **state)
{
	struct bound b;
	struct engine_seen seen = {0};
	struct oscap_source *src, *ds_src;
	struct xccdf_policy_model *model;
	struct xccdf_policy *policy;
	struct xccdf_rule_result_iterator *it;
	int pass = 0, notchecked = 0;

	(void)state;
	oscap_init();
	assert_int_equal(bind_release(MAILBOX("V2R6"), &b, 1700000000), 0);
	mkdir(SCRATCH, 0755);
	assert_int_equal(atomic_write_doc(b.r->ds, SCRATCH "/ds.xml"), 0);
	bound_free(&b);
	ds_src = oscap_source_new_from_file(SCRATCH "/ds.xml");
	seen.session = ds_sds_session_new_from_source(ds_src);
	assert_non_null(seen.session);
	src = ds_sds_session_select_checklist(seen.session, NULL, NULL, NULL);
	assert_non_null(src);
	model = xccdf_policy_model_new(xccdf_benchmark_import_source(src));
	assert_non_null(model);
	assert_true(xccdf_policy_model_register_engine_and_query_callback(
	    model, (char *)OVAL_DEFS_NS, fake_engine, &seen, NULL));
	policy = xccdf_policy_model_get_policy_by_id(model, NULL);
	assert_non_null(policy);
	it = xccdf_result_get_rule_results(xccdf_policy_evaluate(policy));
	while (xccdf_rule_result_iterator_has_more(it)) {
		xccdf_test_result_type_t t =
		    xccdf_rule_result_get_result(xccdf_rule_result_iterator_next(it));
		pass += t == XCCDF_RESULT_PASS;
		notchecked += t == XCCDF_RESULT_NOT_CHECKED;
	}
	xccdf_rule_result_iterator_free(it);
	/* The three OVAL rules went to the engine; every other rule is manual: notchecked. */
	assert_int_equal(seen.calls, 3);
	assert_int_equal(seen.components, 3);
	assert_int_equal(seen.exports, 1);
	assert_int_equal(pass, 3);
	assert_int_equal(notchecked, 61);
	xccdf_policy_model_free(model);
	ds_sds_session_free(seen.session);
	oscap_source_free(ds_src); /* the session borrows it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fingerprint),
	    cmocka_unit_test(test_xslt_params_are_strings),
	    cmocka_unit_test(test_xslt_document_refused),
	    cmocka_unit_test(test_xslt_exsl_document_refused),
	    cmocka_unit_test(test_xslt_recursion_capped),
	    cmocka_unit_test(test_xslt_bad_stylesheet),
	    cmocka_unit_test(test_atomic_write),
	    cmocka_unit_test(test_content_fixture),
	    cmocka_unit_test(test_content_errors),
	    cmocka_unit_test(test_content_missing_dir),
	    cmocka_unit_test(test_extends),
	    cmocka_unit_test(test_bind_v2r6),
	    cmocka_unit_test(test_bind_drift_v2r3),
	    cmocka_unit_test(test_bind_deterministic),
	    cmocka_unit_test(test_bind_content_only),
	    cmocka_unit_test(test_bind_cyclic_profile),
	    cmocka_unit_test(test_libopenscap_reads_ds),
	};

	xml_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
