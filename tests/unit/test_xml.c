/*
 * test_xml.c - the hardened XML loader
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "limits.h"
#include "xml.h"

static int parse(const char *s, xmlDocPtr *doc)
{
	return xml_parse(doc, s, strlen(s), "t.xml");
}

static void test_well_formed(void **state)
{
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(parse("<?xml version=\"1.0\"?><!-- c --><a x='1'><b/><![CDATA[<!x>]]></a>", &doc), 0);
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->name, "a");
	xmlFreeDoc(doc);
}

static void test_doctype_rejected(void **state)
{
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(parse("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", &doc), -1);
	assert_null(doc);
	assert_non_null(strstr(error_message(), "t.xml: document type declarations are not accepted"));
}

static void test_xxe_rejected(void **state)
{
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(parse("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>", &doc), -1);
	assert_int_equal(error_kind(), ERR_FORMAT);
}

static void test_truncated(void **state)
{
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(parse("<a><b>text</b", &doc), -1);
	assert_null(doc);
	assert_non_null(strstr(error_message(), "t.xml:1: not well-formed XML"));
}

static void test_gzip_rejected(void **state)
{
	xmlDocPtr doc;
	const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00";

	(void)state;
	assert_int_equal(xml_parse(&doc, gz, sizeof(gz) - 1, "t.xml"), -1);
	assert_non_null(strstr(error_message(), "gzip"));
}

static void test_attribute_cap(void **state)
{
	size_t n = limits_get()->xml_max_attrs + 1;
	char *s = malloc(n * 16 + 16);
	size_t p = 0;
	xmlDocPtr doc;

	(void)state;
	p += (size_t)snprintf(s + p, 8, "<a");
	for (size_t i = 0; i < n; i++)
		p += (size_t)snprintf(s + p, 16, " a%zu='1'", i);
	snprintf(s + p, 4, "/>");
	assert_int_equal(parse(s, &doc), -1);
	assert_int_equal(error_kind(), ERR_LIMIT);
	free(s);
}

static void test_size_cap(void **state)
{
	struct limits l;
	xmlDocPtr doc;

	(void)state;
	limits_default(&l);
	l.xml_max_bytes = 8;
	limits_set(&l);
	assert_int_equal(parse("<a>0123456789</a>", &doc), -1);
	assert_int_equal(error_kind(), ERR_LIMIT);
	limits_default(&l);
	limits_set(&l);
}

static void test_attr_with_gt_in_quotes(void **state)
{
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(parse("<a t='x>y' u=\"=\"/>", &doc), 0);
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_doctype_rejected),
		cmocka_unit_test(test_xxe_rejected),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_gzip_rejected),
		cmocka_unit_test(test_attribute_cap),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_attr_with_gt_in_quotes),
	};

	xml_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
