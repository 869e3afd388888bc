/*
 * test_syschar.c - facts -> OVAL system characteristics: items, binding, escaping, saving
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

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "error.h"
#include "facts.h"
#include "syschar.h"
#include "xml.h"

#define FIXTURES SOURCE_DIR "/tests/fixtures/facts/"

static struct facts *load(const char *path)
{
	struct facts *f;

	if (facts_load(&f, path) < 0)
		fail_msg("%s", error_message());
	return f;
}

static struct facts *load_str(const char *json)
{
	struct facts *f;

	if (facts_load_buffer(&f, json, strlen(json), "t.json") < 0)
		fail_msg("%s", error_message());
	return f;
}

static xmlDocPtr defs_file(void)
{
	xmlDocPtr d;

	if (xml_parse_file(&d, FIXTURES "defs.xml") < 0)
		fail_msg("%s", error_message());
	return d;
}

static xmlDocPtr build(const struct facts *f, xmlDocPtr defs)
{
	xmlDocPtr sc;

	if (syschar_build(&sc, f, defs) < 0)
		fail_msg("%s", error_message());
	return sc;
}

static xmlXPathObjectPtr query(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;

	xmlXPathRegisterNs(ctx, BAD_CAST "sc",
			   BAD_CAST
			   "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5");
	xmlXPathRegisterNs(ctx, BAD_CAST "win",
			   BAD_CAST
			   "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#windows");
	xmlXPathRegisterNs(ctx, BAD_CAST "oval",
			   BAD_CAST "http://oval.mitre.org/XMLSchema/oval-common-5");
	xmlXPathRegisterNs(ctx, BAD_CAST "xsi",
			   BAD_CAST "http://www.w3.org/2001/XMLSchema-instance");
	r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!r)
		fail_msg("bad XPath %s", expr);
	return r;
}

static double num(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = query(doc, expr);
	double v = xmlXPathCastToNumber(r);

	xmlXPathFreeObject(r);
	return v;
}

static char *str(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = query(doc, expr);
	char *v = (char *)xmlXPathCastToString(r);

	xmlXPathFreeObject(r);
	return v;
}

static void expect_count(xmlDocPtr doc, const char *expr, int n)
{
	double v = num(doc, expr);

	if ((int)v != n)
		fail_msg("%s gave %g, expected %d", expr, v, n);
}

static void expect_str(xmlDocPtr doc, const char *expr, const char *want)
{
	char *v = str(doc, expr);

	if (strcmp(v, want) != 0)
		fail_msg("%s gave '%s', expected '%s'", expr, v, want);
	xmlFree(v);
}

#define OBJ(n)                                                                                     \
	"/sc:oval_system_characteristics/sc:collected_objects/"                                    \
	"sc:object[@id='oval:scapula.test:obj:" #n "']"
#define ITEM_OF(n) "//win:cmdlet_item[@id=" OBJ(n) "/sc:reference/@item_ref]"

static void test_frame(void **state)
{
	struct facts *f = load(FIXTURES "good.json");
	xmlDocPtr sc = build(f, NULL);

	(void)state;
	expect_str(sc, "//oval:schema_version", "5.11.1");
	expect_str(sc, "//oval:timestamp", "2026-11-20T14:03:11Z");
	expect_str(sc, "//sc:system_info/sc:primary_host_name", "extest01.test.example.mil");
	expect_str(sc, "//sc:system_info/sc:architecture", "unknown");
	expect_str(sc, "//sc:interface/sc:ip_address", "10.20.30.41");
	expect_str(sc, "//sc:interface/sc:mac_address", "00-15-5D-0A-01-02");
	/* without definitions: one item per command, everything selected, no collected objects */
	expect_count(sc, "count(//sc:collected_objects)", 0);
	expect_count(sc, "count(//win:cmdlet_item)", 5);
	expect_count(sc, "count(//win:cmdlet_item/win:select[@xsi:nil='true'])", 5);
	expect_count(sc, "count(//win:cmdlet_item[1]/win:value)", 2);
	expect_count(sc, "count(//win:cmdlet_item[1]/win:value[1]/sc:field)", 7);
	/* its own parameters, the scope one included, names lower-cased */
	expect_str(sc, "//win:cmdlet_item[1]/win:parameters/sc:field[@name='server']", "EXTEST01");
	expect_count(sc, "count(//win:cmdlet_item[3]/win:parameters[@xsi:nil='true'])", 1);
	expect_str(sc, "//win:cmdlet_item[5]/win:parameters/sc:field[@name='status']", "true");
	xmlFreeDoc(sc);
	facts_free(f);
}

static void test_field_types(void **state)
{
	struct facts *f = load(FIXTURES "bad.json");
	xmlDocPtr sc = build(f, NULL);
	const char *v = "//win:cmdlet_item[1]/win:value[2]";

	(void)state;
	expect_str(sc, "//win:cmdlet_item[1]/win:verb", "Get");
	expect_str(sc, "//win:cmdlet_item[1]/win:module_id/@xsi:nil", "true");
	expect_str(sc, "//win:cmdlet_item[1]/win:module_version/@datatype", "version");
	(void)v;
	expect_count(sc, "count(//win:cmdlet_item[1]/win:value[2]/sc:field[@name='bindings'])", 2);
	expect_str(sc, "//win:cmdlet_item[1]/win:value[2]/sc:field[@name='bindings'][1]",
		   "10.20.30.41:587");
	expect_str(sc, "//win:cmdlet_item[1]/win:value[2]/sc:field[@name='banner']/@status",
		   "does not exist");
	expect_count(sc, "count(//win:cmdlet_item[1]/win:value[2]/sc:field[@name='banner']/node())",
		     0);
	expect_str(sc, "//win:cmdlet_item[1]/win:value[1]/sc:field[@name='maxhopcount']/@datatype",
		   "int");
	expect_str(sc, "//win:cmdlet_item[1]/win:value[1]/sc:field[@name='maxhopcount']", "60");
	expect_count(
	    sc, "count(//win:cmdlet_item[1]/win:value[1]/sc:field[@name='name'][@datatype])", 0);
	expect_str(sc, "//win:cmdlet_item[4]/win:value/sc:field[@name='enabled']/@datatype",
		   "boolean");
	expect_str(sc, "//win:cmdlet_item[4]/win:value/sc:field[@name='enabled']", "false");
	xmlFreeDoc(sc);
	facts_free(f);
}

static void test_empty_and_error_items(void **state)
{
	struct facts *f = load_str(
	    "{\"format\":1,\"collected\":\"2026-11-20T14:03:11Z\",\"host\":{\"hostname\":\"H\","
	    "\"exchange_role\":\"Edge\"},\"commands\":[{\"module\":\"M\",\"verb\":\"Get\","
	    "\"noun\":\"IPAllowListEntry\",\"parameters\":{},\"status\":\"ok\",\"objects\":[]},"
	    "{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{},\"status\":"
	    "\"error\",\"error\":\"denied <&>\",\"objects\":[]},{\"module\":\"M\",\"verb\":"
	    "\"Get\",\"noun\":\"Y\",\"parameters\":{},\"status\":\"ok\",\"objects\":[{\"L\":[],"
	    "\"N\":null}]}]}");
	xmlDocPtr sc = build(f, NULL);

	(void)state;
	expect_str(sc, "//sc:system_info/sc:primary_host_name", "H");
	expect_str(sc, "//sc:system_info/sc:os_name", "unknown");
	expect_count(sc, "count(//sc:interface)", 0);
	/* as ovaldi: a cmdlet that returned nothing has one value that does not exist */
	expect_count(sc, "count(//win:cmdlet_item[1]/win:value)", 1);
	expect_str(sc, "//win:cmdlet_item[1]/win:value/@status", "does not exist");
	expect_str(sc, "//win:cmdlet_item[2]/@status", "error");
	expect_str(sc, "//win:cmdlet_item[2]/sc:message[@level='error']", "denied <&>");
	expect_count(sc, "count(//win:cmdlet_item[2]/win:value)", 0);
	expect_count(sc, "count(//win:cmdlet_item[3]/win:value/sc:field[@status='does not exist'])",
		     2);
	xmlFreeDoc(sc);
	facts_free(f);
}

static void test_bind_good(void **state)
{
	struct facts *f = load(FIXTURES "good.json");
	xmlDocPtr defs = defs_file(), sc = build(f, defs);
	struct syschar_stats st;

	(void)state;
	syschar_count(&st, sc);
	assert_int_equal(st.objects, 8);
	assert_int_equal(st.complete, 7);
	assert_int_equal(st.error, 0);
	assert_int_equal(st.not_collected, 1);
	/* one item per (command, select): three objects read the receive connectors differently */
	assert_int_equal(st.items, 7);
	expect_str(sc, OBJ(8) "/@flag", "not collected");
	expect_count(sc, "count(" OBJ(8) "/sc:reference)", 0);
	expect_str(sc, OBJ(1) "/@comment", "Get-ReceiveConnector | Select AuthMechanism");
	/* only the selected properties, named as the select record names them */
	expect_count(sc, "count(" ITEM_OF(1) "/win:value)", 2);
	expect_count(sc, "count(" ITEM_OF(1) "/win:value[1]/sc:field)", 2);
	expect_str(sc, ITEM_OF(1) "/win:value[2]/sc:field[@name='name']",
		   "Client Frontend EXTEST01");
	expect_str(sc, ITEM_OF(1) "/win:select/sc:field[@name='authmechanism']", "AuthMechanism");
	expect_count(sc, "count(" ITEM_OF(1) "/win:parameters[@xsi:nil='true'])", 1);
	/* the object's parameters record, as the object wrote it */
	expect_str(sc, ITEM_OF(2) "/win:parameters/sc:field[@name='path']",
		   "hklm:\\system\\currentcontrolset\\services\\MSExchangeIMAP4");
	expect_str(sc, ITEM_OF(2) "/win:value/sc:field[@name='start']", "4");
	expect_str(sc, ITEM_OF(7) "/win:value/sc:field[@name='errorreportingenabled']", "false");
	xmlFreeDoc(sc);
	xmlFreeDoc(defs);
	facts_free(f);
}

static void test_bind_error_and_missing(void **state)
{
	struct facts *f = load(FIXTURES "error.json");
	xmlDocPtr defs = defs_file(), sc = build(f, defs);
	char *msg;

	(void)state;
	expect_str(sc, OBJ(3) "/@flag", "error");
	expect_count(sc, "count(" OBJ(3) "/sc:reference)", 0);
	msg = str(sc, OBJ(3) "/sc:message[@level='error']");
	assert_non_null(strstr(msg, "Get-TransportConfig (module "
				    "Microsoft.Exchange.Management.PowerShell.SnapIn) failed when "
				    "the facts were collected: Active Directory operation failed"));
	xmlFree(msg);
	expect_str(sc, OBJ(1) "/@flag", "complete");
	xmlFreeDoc(sc);
	facts_free(f);

	f = load(FIXTURES "missing.json");
	sc = build(f, defs);
	expect_str(sc, OBJ(7) "/@flag", "error");
	expect_str(sc, OBJ(7) "/sc:message",
		   "no facts for Get-ExchangeServer -status 'true' (module "
		   "Microsoft.Exchange.Management.PowerShell.SnapIn)");
	expect_str(sc, OBJ(3) "/sc:message",
		   "no facts for Get-TransportConfig (module "
		   "Microsoft.Exchange.Management.PowerShell.SnapIn)");
	xmlFreeDoc(sc);
	xmlFreeDoc(defs);
	facts_free(f);
}

static const char *const defs_head =
    "<oval_definitions xmlns='http://oval.mitre.org/XMLSchema/oval-definitions-5' "
    "xmlns:w='http://oval.mitre.org/XMLSchema/oval-definitions-5#windows' "
    "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><objects>";

static xmlDocPtr defs_str(const char *objects, const char *wrap_open, const char *wrap_close)
{
	char buf[8192];
	xmlDocPtr d;

	snprintf(buf, sizeof(buf), "%s%s%s</objects></oval_definitions>%s", wrap_open, defs_head,
		 objects, wrap_close);
	if (xml_parse(&d, buf, strlen(buf), "d.xml") < 0)
		fail_msg("%s", error_message());
	return d;
}

#define COBJ(id, extra_attr, module, params, select, tail)                                         \
	"<w:cmdlet_object id='oval:t:obj:" id "' version='1'>" module                              \
	"<w:module_id xsi:nil='true'/><w:module_version datatype='version' xsi:nil='true'/>"       \
	"<w:verb" extra_attr ">Get</w:verb><w:noun>ReceiveConnector</w:noun>" params select tail   \
	"</w:cmdlet_object>"
#define MOD	 "<w:module_name>Microsoft.Exchange.Management.PowerShell.SnapIn</w:module_name>"
#define NOPARAMS "<w:parameters datatype='record' xsi:nil='true'/>"
#define SEL	 "<w:select datatype='record'><field name='banner'>Banner</field></w:select>"

static void test_unsupported_objects(void **state)
{
	struct facts *f = load(FIXTURES "good.json");
	/* clang-format off */
	xmlDocPtr defs = defs_str(
		COBJ("1", "", MOD, NOPARAMS, SEL, "<filter action='include'>oval:t:ste:1</filter>")
		COBJ("2", " var_ref='oval:t:var:1'", MOD, NOPARAMS, SEL, "")
		COBJ("3", " operation='pattern match'", MOD, NOPARAMS, SEL, "")
		COBJ("4", "", "<w:module_name xsi:nil='true'/>", NOPARAMS, SEL, "")
		COBJ("5", "", MOD, NOPARAMS, "<w:select datatype='record' xsi:nil='true'/>", "")
		COBJ("6", "", MOD, "<w:parameters datatype='record'>"
				   "<field name='server'>EXTEST01</field></w:parameters>", SEL, "")
		"<w:registry_object id='oval:t:obj:7' version='2'/>"
		"<w:cmdlet_object id='oval:t:obj:8' version='1'>" MOD
		"<w:module_id xsi:nil='true'/><w:module_version datatype='version' xsi:nil='true'/>"
		"<w:verb>Get</w:verb><w:noun>EXCHANGESERVER</w:noun><w:parameters datatype='record'>"
		"<field name='status' datatype='boolean'>1</field></w:parameters>"
		"<w:select datatype='record'><field name='name'>Name</field></w:select>"
		"</w:cmdlet_object>",
		"", "");
	/* clang-format on */
	xmlDocPtr sc = build(f, defs);

	(void)state;
	expect_str(sc, "//sc:object[@id='oval:t:obj:1']/@flag", "error");
	expect_str(sc, "//sc:object[@id='oval:t:obj:1']/sc:message", "the object has a filter");
	expect_str(sc, "//sc:object[@id='oval:t:obj:2']/sc:message",
		   "an entity refers to a variable: verb");
	expect_str(sc, "//sc:object[@id='oval:t:obj:3']/sc:message",
		   "an entity uses an operation other than equals: verb");
	expect_str(sc, "//sc:object[@id='oval:t:obj:4']/sc:message",
		   "module_name is nil; facts name every cmdlet's module");
	/* select nil: every property */
	expect_str(sc, "//sc:object[@id='oval:t:obj:5']/@flag", "complete");
	expect_count(sc,
		     "count(//win:cmdlet_item[@id=//sc:object[@id='oval:t:obj:5']/sc:reference/"
		     "@item_ref]/win:value[1]/sc:field)",
		     7);
	/* the content never names the host, so a Server parameter there matches nothing */
	expect_str(sc, "//sc:object[@id='oval:t:obj:6']/@flag", "error");
	expect_str(sc, "//sc:object[@id='oval:t:obj:7']/@flag", "not collected");
	/* boolean 1 in the object is the bundle's true; the noun differs in case only */
	expect_str(sc, "//sc:object[@id='oval:t:obj:8']/@flag", "complete");
	expect_str(sc, "//sc:object[@id='oval:t:obj:7']/@version", "2");
	xmlFreeDoc(sc);
	xmlFreeDoc(defs);
	facts_free(f);
}

static void test_definitions_document(void **state)
{
	struct facts *f = load(FIXTURES "good.json");
	xmlDocPtr defs, sc;

	(void)state;
	/* a data stream holding one OVAL component */
	defs =
	    defs_str(COBJ("1", "", MOD, NOPARAMS, SEL, ""), "<ds><component>", "</component></ds>");
	sc = build(f, defs);
	expect_str(sc, "//sc:object/@flag", "complete");
	xmlFreeDoc(sc);
	xmlFreeDoc(defs);
	/* two are ambiguous */
	defs = defs_str("", "<ds><c>",
			"</c><c><oval_definitions xmlns='http://oval.mitre.org/"
			"XMLSchema/oval-definitions-5'/></c></ds>");
	assert_int_equal(syschar_build(&sc, f, defs), -1);
	assert_null(sc);
	assert_string_equal(error_message(),
			    "d.xml: holds 2 OVAL definitions documents; give one of them");
	xmlFreeDoc(defs);
	assert_int_equal(xml_parse(&defs, "<a/>", 4, "a.xml"), 0);
	assert_int_equal(syschar_build(&sc, f, defs), -1);
	assert_string_equal(error_message(),
			    "a.xml: not OVAL definitions (no oval_definitions element)");
	xmlFreeDoc(defs);
	facts_free(f);
}

/* Markup and whitespace from the facts reach the XML escaped, and come back unchanged. */
static void test_escaping(void **state)
{
	static const char *const tricky =
	    "<b>&amp; \"q\" 'a' ]]> \r\n\tend \xc2\x85 \xf0\x9f\x98\x80";
	struct facts *f = load_str(
	    "{\"format\":1,\"collected\":\"2026-11-20T14:03:11Z\",\"host\":{\"hostname\":\"H\","
	    "\"exchange_role\":\"Edge\",\"os\":\"<os & \\\"x\\\">\"},\"commands\":[{\"module\":"
	    "\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{\"Filter\":\"a<b&c\"},"
	    "\"status\":\"ok\",\"objects\":[{\"A<\\\"&'>\":\"<b>&amp; \\\"q\\\" 'a' ]]> "
	    "\\r\\n\\tend \\u0085 \\ud83d\\ude00\"}]}]}");
	xmlDocPtr sc = build(f, NULL), back;
	xmlChar *mem;
	int size;

	(void)state;
	xmlDocDumpFormatMemoryEnc(sc, &mem, &size, "UTF-8", 1);
	assert_null(strstr((const char *)mem, "<b>"));
	assert_non_null(strstr((const char *)mem, "&lt;b&gt;&amp;amp;"));
	assert_non_null(strstr((const char *)mem, "&#13;")); /* CR survives re-parsing */
	if (xml_parse(&back, (const char *)mem, (size_t)size, "sc.xml") < 0)
		fail_msg("%s", error_message());
	expect_str(back, "//win:value/sc:field[@name=concat('a<\"&', \"'\", '>')]", tricky);
	expect_str(back, "//sc:os_name", "<os & \"x\">");
	expect_str(back, "//win:parameters/sc:field[@name='filter']", "a<b&c");
	xmlFreeDoc(back);
	/* and the same through the file syschar_save writes */
	assert_int_equal(syschar_save(sc, BINARY_DIR "/syschar-escaping-test.xml"), 0);
	if (xml_parse_file(&back, BINARY_DIR "/syschar-escaping-test.xml") < 0)
		fail_msg("%s", error_message());
	expect_str(back, "//win:value/sc:field[@name=concat('a<\"&', \"'\", '>')]", tricky);
	xmlFreeDoc(back);
	unlink(BINARY_DIR "/syschar-escaping-test.xml");
	xmlFree(mem);
	xmlFreeDoc(sc);
	facts_free(f);
}

static void test_reproducible_and_save(void **state)
{
	struct facts *f = load(FIXTURES "good.json");
	xmlDocPtr defs = defs_file(), a = build(f, defs), b = build(f, defs), back;
	xmlChar *ma, *mb;
	int sa, sb;
	const char *path = BINARY_DIR "/syschar-save-test.xml";
	struct stat st;

	(void)state;
	xmlDocDumpMemory(a, &ma, &sa);
	xmlDocDumpMemory(b, &mb, &sb);
	assert_int_equal(sa, sb);
	assert_memory_equal(ma, mb, (size_t)sa);
	unlink(path);
	assert_int_equal(syschar_save(a, path), 0);
	assert_int_equal(xml_parse_file(&back, path), 0);
	expect_count(back, "count(//win:cmdlet_item)", 7);
	xmlFreeDoc(back);
	assert_int_equal(syschar_save(a, BINARY_DIR "/no-such-dir/sc.xml"), -1);
	assert_int_equal(error_kind(), ERR_IO);
	assert_non_null(strstr(error_message(), "no-such-dir/sc.xml: cannot create a temporary file in "));
	assert_int_equal(stat(BINARY_DIR "/no-such-dir", &st), -1);
	unlink(path);
	xmlFree(ma);
	xmlFree(mb);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
	xmlFreeDoc(defs);
	facts_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frame),
	    cmocka_unit_test(test_field_types),
	    cmocka_unit_test(test_empty_and_error_items),
	    cmocka_unit_test(test_bind_good),
	    cmocka_unit_test(test_bind_error_and_missing),
	    cmocka_unit_test(test_unsupported_objects),
	    cmocka_unit_test(test_definitions_document),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_reproducible_and_save),
	};

	xml_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
