/*
 * test_xslt.c - the report stylesheets run under xslt.c's security preferences
 *
 * The external entity loader of xml.c already denies files; these tests open it for their
 * scratch folder first, so that what refuses the access is xslt.c's xsltSecurityPrefs and
 * nothing else (libxslt's "Local file read for ... refused" and "File write for ... refused"
 * come from its security checks only).
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

#include "error.h"
#include "xml.h"
#include "xslt.h"

#define SCRATCH BINARY_DIR "/test_xslt.d"
#define MODEL	SOURCE_DIR "/tests/fixtures/report/model.xml"
#define MARKUP	"<script>alert(1)</script>"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	mkdir(SCRATCH, 0755);
	write_file(SCRATCH "/secret.xml", "<s>SECRET</s>");
	return 0;
}

/* Run the stylesheet BODY (templates) over the document IN; *out is the result or NULL. */
static int run(const char *body, const char *in, char **out)
{
	char ss[2048];
	xsltStylesheetPtr style;
	xmlDocPtr doc;
	size_t len;
	int ret;

	snprintf(ss, sizeof(ss),
		 "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform' "
		 "xmlns:exsl='http://exslt.org/common' extension-element-prefixes='exsl'>"
		 "<xsl:output method='text'/>%s</xsl:stylesheet>",
		 body);
	assert_int_equal(xslt_stylesheet_parse(&style, ss, strlen(ss), "t.xsl"), 0);
	assert_int_equal(xml_parse(&doc, in, strlen(in), "in.xml"), 0);
	ret = xslt_apply_to_buffer(out, &len, style, doc, NULL, "in.xml");
	xmlFreeDoc(doc);
	xslt_stylesheet_free(style);
	return ret;
}

/* libxslt's own words when its security preferences stop a read (xsltCheckRead). */
static int read_refused(const char *msg)
{
	return strstr(msg, "Local file read for ") && strstr(msg, " refused");
}

static void test_document_etc_passwd_refused(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(run("<xsl:template match='/'>[<xsl:value-of "
			     "select=\"document('file:///etc/passwd')\"/>]</xsl:template>",
			     "<a/>", &out),
			 -1);
	assert_null(out);
	assert_non_null(strstr(error_message(), "in.xml: transform failed"));
	assert_non_null(strstr(error_message(), "/etc/passwd"));
	assert_true(read_refused(error_message()));
}

/* A file the entity loader would let through: only the security preferences stop it. */
static void test_document_allowed_file_still_refused(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(run("<xsl:template match='/'>[<xsl:value-of select=\"document('" SCRATCH
			     "/secret.xml')/s\"/>]</xsl:template>",
			     "<a/>", &out),
			 -1);
	assert_null(out);
	assert_true(read_refused(error_message()));
}

static void test_exsl_document_refused(void **state)
{
	struct stat st;
	char *out = NULL;

	(void)state;
	exsltRegisterAll(); /* the worst case: a host program with EXSLT registered */
	unlink(SCRATCH "/written.txt");
	assert_int_equal(run("<xsl:template match='/'><exsl:document href='" SCRATCH
			     "/written.txt' method='text'>pwned</exsl:document>done</xsl:template>",
			     "<a/>", &out),
			 -1);
	assert_null(out);
	assert_int_equal(stat(SCRATCH "/written.txt", &st), -1);
	assert_non_null(strstr(error_message(), "transform failed"));
	assert_non_null(strstr(error_message(), "File write for " SCRATCH "/written.txt refused"));
}

/* An input model that names an external resource: a declared entity, or a reference followed. */
static void test_model_external_reference_refused(void **state)
{
	static const char entity[] = "<!DOCTYPE report [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
				     "<report xmlns='urn:scapula:report:1'>&x;</report>";
	xmlDocPtr doc = NULL;
	char *out = NULL;

	(void)state;
	assert_int_equal(xml_parse(&doc, entity, strlen(entity), "model.xml"), -1);
	assert_null(doc);
	assert_non_null(strstr(error_message(), "model.xml"));
	assert_int_equal(run("<xsl:template match='/'>[<xsl:value-of "
			     "select='document(/*/@href)/s'/>]</xsl:template>",
			     "<report xmlns='urn:scapula:report:1' href='" SCRATCH "/secret.xml'/>",
			     &out),
			 -1);
	assert_null(out);
	assert_true(read_refused(error_message()));
}

static char *render(const char *stylesheet, xmlDocPtr model)
{
	xsltStylesheetPtr style;
	char *out = NULL;
	size_t len;

	assert_int_equal(xslt_stylesheet_load(&style, stylesheet), 0);
	if (xslt_apply_to_buffer(&out, &len, style, model, NULL, MODEL) < 0)
		fail_msg("%s", error_message());
	assert_int_equal(strlen(out), len);
	xslt_stylesheet_free(style);
	return out;
}

static int occurrences(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_report_xsl_on_model(void **state)
{
	xmlDocPtr model;
	char *html;

	(void)state;
	assert_int_equal(xml_parse_file(&model, MODEL), 0);
	html = render(SOURCE_DIR "/xslt/report.xsl", model);
	assert_non_null(strstr(html, "http-equiv=\"Content-Security-Policy\""));
	assert_int_equal(occurrences(html, "<tr class=\"rule\""), 2);
	assert_non_null(strstr(html, "data-status=\"fail\""));
	assert_int_equal(occurrences(html, "<script"), 1);
	assert_null(strstr(html, MARKUP));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	free(html);
	xmlFreeDoc(model);
}

static void test_ckl_xsl_on_model(void **state)
{
	xmlDocPtr model, ckl;
	char *out;
	xmlNodePtr root;

	(void)state;
	assert_int_equal(xml_parse_file(&model, MODEL), 0);
	out = render(SOURCE_DIR "/xslt/ckl.xsl", model);
	assert_int_equal(xml_parse(&ckl, out, strlen(out), "checklist.ckl"), 0);
	root = xmlDocGetRootElement(ckl);
	assert_string_equal((const char *)root->name, "CHECKLIST");
	assert_int_equal(occurrences(out, "<VULN>"), 2);
	assert_non_null(strstr(out, "<STATUS>Open</STATUS>"));
	assert_non_null(strstr(out, "<STATUS>NotAFinding</STATUS>"));
	assert_non_null(strstr(out, "<TARGET_KEY>4223</TARGET_KEY>"));
	assert_null(strstr(out, MARKUP));
	xmlFreeDoc(ckl);
	free(out);
	xmlFreeDoc(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_document_etc_passwd_refused),
	    cmocka_unit_test(test_document_allowed_file_still_refused),
	    cmocka_unit_test(test_exsl_document_refused),
	    cmocka_unit_test(test_model_external_reference_refused),
	    cmocka_unit_test(test_report_xsl_on_model),
	    cmocka_unit_test(test_ckl_xsl_on_model),
	};

	xml_global_init();
	xml_allow_prefix(SCRATCH "/");
	xml_allow_prefix("/etc/");
	return cmocka_run_group_tests(tests, setup, NULL);
}
