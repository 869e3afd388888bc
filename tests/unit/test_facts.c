/*
 * test_facts.c - the facts bundle loader: the examples, the model, every hostile input
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "error.h"
#include "facts.h"
#include "limits.h"

#define EXAMPLES SOURCE_DIR "/content/examples/"
#define FIXTURES SOURCE_DIR "/tests/fixtures/facts/"

static const char *const minimal_head =
    "{\"format\":1,\"collected\":\"2026-11-20T14:03:11Z\","
    "\"host\":{\"hostname\":\"EXMB01\",\"exchange_role\":\"Mailbox\"},\"commands\":[";

/* A bundle whose commands array is CMDS. */
static char *bundle(const char *cmds)
{
	size_t n = strlen(minimal_head) + strlen(cmds) + 3;
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "%s%s]}", minimal_head, cmds);
	return s;
}

static int load_str(struct facts **f, const char *s)
{
	return facts_load_buffer(f, s, strlen(s), "t.json");
}

static void expect_reject(const char *json, const char *message)
{
	struct facts *f = (struct facts *)1;

	if (load_str(&f, json) != -1 || !strstr(error_message(), message))
		fail_msg("input %.200s\n  error: %s\n  expected: %s", json, error_message(),
			 message);
	assert_null(f);
}

static void expect_reject_cmds(const char *cmds, const char *message)
{
	char *s = bundle(cmds);

	expect_reject(s, message);
	free(s);
}

static void test_examples_load(void **state)
{
	static const struct {
		const char *file, *host;
		enum facts_role role;
		size_t commands, errors;
	} ex[] = {
	    {"mailbox-default.json", "EXMB01", FACTS_ROLE_MAILBOX, 27, 0},
	    {"mailbox-hardened.json", "EXMB02", FACTS_ROLE_MAILBOX, 27, 0},
	    {"edge-default.json", "EXEDGE01", FACTS_ROLE_EDGE, 21, 0},
	};
	char path[512];

	(void)state;
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct facts *f;
		snprintf(path, sizeof(path), "%s%s", EXAMPLES, ex[i].file);
		if (facts_load(&f, path) < 0)
			fail_msg("%s", error_message());
		assert_string_equal(f->host.hostname, ex[i].host);
		assert_int_equal(f->host.role, ex[i].role);
		assert_int_equal(f->n_commands, ex[i].commands);
		assert_int_equal(facts_count_errors(f), ex[i].errors);
		assert_true(facts_count_objects(f) > 20);
		assert_string_equal(f->collector_name, "Collect-ExchangeFacts.ps1");
		facts_free(f);
	}
}

static void test_model(void **state)
{
	struct facts *f;
	const struct facts_command *rc;
	const struct facts_prop *p;

	(void)state;
	if (facts_load(&f, FIXTURES "good.json") < 0)
		fail_msg("%s", error_message());
	assert_string_equal(f->collected, "2026-11-20T14:03:11Z");
	assert_int_equal(f->host.n_ipv4, 1);
	assert_string_equal(f->host.mac[0], "00-15-5D-0A-01-02");
	rc = &f->commands[0];
	assert_string_equal(rc->noun, "ReceiveConnector");
	assert_int_equal(rc->n_params, 1);
	assert_true(rc->params[0].scope); /* -Server EXTEST01 names this host */
	assert_int_equal(rc->n_objects, 2);
	p = facts_prop_find(&rc->objects[0], "bindings");
	assert_non_null(p);
	assert_int_equal(p->value.type, FACTS_LIST);
	assert_int_equal(p->value.n_list, 2);
	assert_string_equal(p->value.list[1], "[::]:2525");
	p = facts_prop_find(&rc->objects[0], "MAXHOPCOUNT");
	assert_int_equal(p->value.type, FACTS_INT);
	assert_int_equal(p->value.integer, 60);
	assert_null(facts_prop_find(&rc->objects[0], "NoSuchProperty"));
	/* -Identity EXTEST01 is scope; -Status is not, and a switch is recorded as true */
	assert_string_equal(f->commands[4].params[1].name, "Status");
	assert_string_equal(f->commands[4].params[1].value, "true");
	assert_false(f->commands[4].params[1].scope);
	facts_free(f);
	facts_free(NULL);
}

static void test_value_types(void **state)
{
	struct facts *f;
	char *s = bundle("{\"module\":\"M\",\"verb\":\"get\",\"noun\":\"X\",\"parameters\":{},"
			 "\"status\":\"ok\",\"objects\":[{\"B\":false,\"I\":-7,\"S\":\"s\","
			 "\"N\":null,\"L\":[],\"Big\":9223372036854775807}]}");
	const struct facts_object *o;

	(void)state;
	assert_int_equal(load_str(&f, s), 0);
	assert_string_equal(f->commands[0].verb, "Get"); /* spelled as OVAL spells it */
	o = &f->commands[0].objects[0];
	assert_int_equal(o->props[0].value.type, FACTS_BOOL);
	assert_int_equal(o->props[0].value.boolean, 0);
	assert_int_equal(o->props[1].value.integer, -7);
	assert_int_equal(o->props[2].value.type, FACTS_STRING);
	assert_int_equal(o->props[3].value.type, FACTS_NULL);
	assert_int_equal(o->props[4].value.type, FACTS_LIST);
	assert_int_equal(o->props[4].value.n_list, 0);
	assert_true(o->props[5].value.integer == 9223372036854775807LL);
	facts_free(f);
	free(s);
}

static void test_bom_accepted(void **state)
{
	struct facts *f;
	char *s = bundle("");
	size_t n = strlen(s);
	char *b = malloc(n + 4);

	(void)state;
	memcpy(b, "\xef\xbb\xbf", 3);
	memcpy(b + 3, s, n + 1);
	assert_int_equal(facts_load_buffer(&f, b, n + 3, "bom.json"), 0);
	facts_free(f);
	free(b);
	free(s);
}

static void test_hostile_json(void **state)
{
	(void)state;
	expect_reject("{\"format\":1,\"format\":1}",
		      "t.json:1:20: format: not valid JSON: duplicate key");
	expect_reject("{\"format\":1,\"collected\":\"a\\u0000b\"}",
		      "collected: not valid JSON: \\u0000 (NUL) is not allowed");
	expect_reject("{\"format\":1,\"collected\":\"\xc3\x28\"}", "(a bundle is UTF-8)");
	expect_reject("{\"format\":1,\"collected\":\"\xed\xa0\x80\"}", "(a bundle is UTF-8)");
	expect_reject("{\"format\":1,\"commands\":[{\"module\":\"x\"",
		      "commands[0].module: not valid JSON: the bundle ends early, truncated?");
	expect_reject("", "t.json:1:0: not valid JSON: the bundle ends early");
	expect_reject("{\"format\":1} x", "not valid JSON: end of file expected");
	expect_reject("\xff\xfe{\x00}\x00", "UTF-16 text; a bundle must be UTF-8");
	expect_reject("[1]", "t.json: expected an object at the top level, found array");
	expect_reject("{\"collected\":1}", "t.json: missing key \"format\"");
	expect_reject("{\"format\":\"1\"}", "t.json: format: expected integer, found string");
	expect_reject("{\"format\":2,\"new\":1}",
		      "t.json: format: format 2 is not supported; this release reads format 1");
	expect_reject("{\"format\":1,\"Commands\":[]}", "t.json: unknown key \"Commands\"");
	expect_reject("{\"format\":1,\"x\\u001bz\":[]}", "unknown key \"x\\x1Bz\"");
	expect_reject("{\"format\":1,\"collected\":\"2026-11-20T14:03:11Z\",\"commands\":[]}",
		      "t.json: missing key \"host\"");
	expect_reject("{\"format\":1,\"collected\":\"2026-13-20T14:03:11Z\",\"host\":{},"
		      "\"commands\":[]}",
		      "t.json: collected: \"2026-13-20T14:03:11Z\" is not a date and time");
	expect_reject("{\"format\":1,\"collected\":\"2026-11-20T14:03:11\",\"host\":{},"
		      "\"commands\":[]}",
		      "is not a date and time");
}

static void test_hostile_host(void **state)
{
	static const struct {
		const char *host, *message;
	} cases[] = {
	    {"{\"exchange_role\":\"Mailbox\"}", "host: missing key \"hostname\""},
	    {"{\"hostname\":\"../x\",\"exchange_role\":\"Mailbox\"}",
	     "host.hostname: \"../x\" is not a host name"},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"mailbox\"}",
	     "host.exchange_role: \"mailbox\" is not \"Mailbox\" or \"Edge\""},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"ipv4\":[\"10.0.0.256\"]}",
	     "host.ipv4[0]: \"10.0.0.256\" is not an IPv4 address"},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"mac\":[\"00-15-5D-0A-01:02\"]}",
	     "host.mac[0]: \"00-15-5D-0A-01:02\" is not a MAC address"},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"ipv4\":\"10.0.0.1\"}",
	     "host.ipv4: expected an array of strings, found string"},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"architecture\":\"x64\"}",
	     "host: unknown key \"architecture\""},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"exchange_version\":\"15..1\"}",
	     "host.exchange_version: \"15..1\" is not a version"},
	    {"{\"hostname\":\"A\",\"exchange_role\":\"Edge\",\"os\":7}",
	     "host.os: expected a non-empty string, found integer"},
	};
	char buf[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf),
			 "{\"format\":1,\"collected\":\"2026-11-20T14:03:11+01:00\",\"host\":%s,"
			 "\"commands\":[]}",
			 cases[i].host);
		expect_reject(buf, cases[i].message);
	}
}

#define CMD(params, status, objects)                                                               \
	"{\"module\":\"Microsoft.Exchange.Management.PowerShell.SnapIn\",\"verb\":\"Get\","        \
	"\"noun\":\"ReceiveConnector\",\"parameters\":" params ",\"status\":\"" status "\","       \
	"\"objects\":" objects "}"

static void test_hostile_commands(void **state)
{
	(void)state;
	expect_reject_cmds(CMD("{}", "ok", "[{\"MaxHopCount\":60.5}]"),
			   "t.json: commands[0].objects[0].MaxHopCount: expected string, integer, "
			   "boolean, null or an array of strings, found real number");
	expect_reject_cmds(
	    CMD("{}", "ok", "[{\"A\":{\"b\":1}}]"),
	    "commands[0].objects[0].A: expected string, integer, boolean, null or an "
	    "array of strings, found object");
	expect_reject_cmds(CMD("{}", "ok", "[{\"Bindings\":[\"a\",1]}]"),
			   "commands[0].objects[0].Bindings[1]: expected string");
	expect_reject_cmds(
	    CMD("{}", "ok", "[{\"Name\":1,\"name\":2}]"),
	    "commands[0].objects[0]: properties \"Name\" and \"name\" differ only in case");
	expect_reject_cmds(CMD("{}", "ok", "[{\"\":1}]"), "a property needs a name");
	expect_reject_cmds(CMD("{}", "ok", "[{\"Banner\":\"220 \\u0007\"}]"),
			   "commands[0].objects[0].Banner: character U+0007 at byte 4 cannot be "
			   "carried in XML 1.0");
	expect_reject_cmds(CMD("{}", "ok", "[{\"B\\u0001\":1}]"), "character U+0001");
	expect_reject_cmds(CMD("{}", "ok", "[{\"Banner\":\"x\\uffff\"}]"), "character U+FFFF");
	expect_reject_cmds(CMD("{}", "ok", "[{\"L\":[\"\\ufffe\"]}]"),
			   "commands[0].objects[0].L[0]: character U+FFFE");
	expect_reject_cmds(CMD("{}", "ok", "{}"),
			   "commands[0].objects: expected array, found object");
	expect_reject_cmds(CMD("{}", "ok", "[1]"), "commands[0].objects[0]: expected object");
	expect_reject_cmds(CMD("[]", "ok", "[]"),
			   "commands[0].parameters: expected object, found array");
	expect_reject_cmds(
	    CMD("{\"Server\":null}", "ok", "[]"),
	    "commands[0].parameters.Server: expected string, integer or boolean, found null");
	expect_reject_cmds(
	    CMD("{\"-Server\":\"x\"}", "ok", "[]"),
	    "commands[0].parameters[\"-Server\"]: \"-Server\" is not a parameter name");
	expect_reject_cmds(CMD("{\"Server\":\"a\",\"server\":\"b\"}", "ok", "[]"),
			   "parameters \"Server\" and \"server\" differ only in case");
	expect_reject_cmds(CMD("{}", "fine", "[]"),
			   "commands[0].status: expected \"ok\" or \"error\"");
	expect_reject_cmds(CMD("{}", "error", "[]"),
			   "commands[0]: a command with status \"error\" needs key \"error\"");
	expect_reject_cmds("{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{},"
			   "\"status\":\"ok\",\"error\":\"e\",\"objects\":[]}",
			   "commands[0].error: only a command with status \"error\" has an error");
	expect_reject_cmds(
	    "{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{},"
	    "\"status\":\"error\",\"error\":\"e\",\"objects\":[{}]}",
	    "commands[0].objects: a command with status \"error\" returns no objects");
	expect_reject_cmds("{\"module\":\"M\",\"verb\":\"Set\",\"noun\":\"X\",\"parameters\":{},"
			   "\"status\":\"ok\",\"objects\":[]}",
			   "commands[0].verb: \"Set\" is not one of the read-only verbs");
	expect_reject_cmds("{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X-Y\",\"parameters\":{},"
			   "\"status\":\"ok\",\"objects\":[]}",
			   "commands[0].noun: \"X-Y\" is not a noun");
	expect_reject_cmds("{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{},"
			   "\"status\":\"ok\",\"objects\":[],\"paramters\":{}}",
			   "commands[0]: unknown key \"paramters\"");
	expect_reject_cmds("{\"module\":\"M\",\"verb\":\"Get\",\"noun\":\"X\",\"parameters\":{},"
			   "\"status\":\"ok\"}",
			   "commands[0]: missing key \"objects\"");
}

static void test_duplicate_commands(void **state)
{
	(void)state;
	/* the same cmdlet twice, once scoped to this host: both would answer one object */
	expect_reject_cmds(
	    CMD("{}", "ok", "[]") "," CMD("{\"Server\":\"exmb01\"}", "ok", "[]"),
	    "t.json: commands[1]: same module, verb, noun and parameters as commands[0]");
	expect_reject_cmds(CMD("{\"Identity\":\"A\"}", "ok", "[]") "," CMD(
			       "{}", "ok", "[]") "," CMD("{\"identity\":\"a\"}", "ok", "[]"),
			   "commands[2]: same module, verb, noun and parameters as commands[0]");
}

static void test_distinct_commands(void **state)
{
	struct facts *f;
	char *s =
	    bundle(CMD("{}", "ok", "[]") "," CMD("{\"Server\":\"OTHER\"}", "ok", "[]") "," CMD(
		"{\"Identity\":\"EXMB01\",\"Status\":true}", "ok", "[]"));

	(void)state;
	assert_int_equal(load_str(&f, s), 0);
	assert_int_equal(f->n_commands, 3);
	assert_false(f->commands[1].params[0].scope); /* another server is not scope */
	assert_true(f->commands[2].params[0].scope);
	facts_free(f);
	free(s);
}

static void test_key_and_find(void **state)
{
	struct facts *f;
	const char *names[] = {"path"};
	const char *values[] = {"hklm:\\system\\currentcontrolset\\services\\MSExchangeIMAP4"};
	const char *srv[] = {"Server"}, *srv_v[] = {"EXTEST01"};
	char *key;

	(void)state;
	assert_int_equal(facts_load(&f, FIXTURES "good.json"), 0);
	key = facts_key_new("microsoft.exchange.management.powershell.snapin", "GET",
			    "receiveconnector", NULL, NULL, 0);
	assert_ptr_equal(facts_find(f, key), &f->commands[0]);
	free(key);
	key = facts_key_new("Microsoft.Exchange.Management.PowerShell.SnapIn", "Get",
			    "ReceiveConnector", srv, srv_v, 1);
	assert_null(facts_find(f, key)); /* scope lives on the bundle side only */
	free(key);
	key = facts_key_new("Microsoft.PowerShell.Management", "Get", "ItemProperty", names, values,
			    1);
	assert_ptr_equal(facts_find(f, key), &f->commands[1]);
	free(key);
	key =
	    facts_key_new("Microsoft.PowerShell.Management", "Get", "ItemProperty", NULL, NULL, 0);
	assert_null(facts_find(f, key));
	free(key);
	assert_string_equal(facts_approved_verb("gEt"), "Get");
	assert_null(facts_approved_verb("Set"));
	facts_free(f);
}

static void test_depth_cap(void **state)
{
	struct limits saved = *limits_get(), l = saved;
	struct facts *f;
	size_t n = 10000;
	char *deep = malloc(2 * n + 1);

	(void)state;
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	expect_reject(deep, "t.json:1:65: [0][0][0]");
	expect_reject(deep, "nesting deeper than 64 levels");
	/* a good bundle nests 6 deep (commands, command, objects, object, list) */
	l.json_max_depth = 6;
	limits_set(&l);
	assert_int_equal(facts_load(&f, FIXTURES "good.json"), 0);
	facts_free(f);
	l.json_max_depth = 5;
	limits_set(&l);
	assert_int_equal(facts_load(&f, FIXTURES "good.json"), -1);
	assert_non_null(strstr(error_message(), "commands[0].objects[0].Bindings: nesting deeper "
						"than 5 levels"));
	limits_set(&saved);
	free(deep);
}

static void test_byte_cap(void **state)
{
	struct limits saved = *limits_get(), l = saved;
	struct facts *f;
	char path[64];
	char big[300];
	int fds[2];

	(void)state;
	l.json_max_bytes = 200;
	limits_set(&l);
	/* a regular file: refused from its size, before reading */
	assert_int_equal(facts_load(&f, FIXTURES "good.json"), -1);
	assert_int_equal(error_kind(), ERR_LIMIT);
	assert_non_null(strstr(error_message(), "good.json: bundle is "));
	assert_non_null(strstr(error_message(), "over the limit of 200 bytes"));
	/* a pipe has no size: reading stops at cap + 1 bytes */
	memset(big, ' ', sizeof(big));
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], big, sizeof(big)), (ssize_t)sizeof(big));
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	assert_int_equal(facts_load(&f, path), -1);
	assert_int_equal(error_kind(), ERR_LIMIT);
	assert_non_null(strstr(error_message(), "bundle is larger than the limit of 200 bytes"));
	close(fds[0]);
	/* and a buffer */
	assert_int_equal(facts_load_buffer(&f, big, sizeof(big), "b.json"), -1);
	assert_non_null(strstr(error_message(), "b.json: bundle is 300 bytes, over the limit"));
	limits_set(&saved);
}

static void test_io_errors(void **state)
{
	struct facts *f;

	(void)state;
	assert_int_equal(facts_load(&f, FIXTURES "no-such.json"), -1);
	assert_int_equal(error_kind(), ERR_IO);
	assert_non_null(strstr(error_message(), "no-such.json: No such file or directory"));
	assert_int_equal(facts_load(&f, FIXTURES), -1);
	assert_non_null(strstr(error_message(), ": not a file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples_load),     cmocka_unit_test(test_model),
	    cmocka_unit_test(test_value_types),	      cmocka_unit_test(test_bom_accepted),
	    cmocka_unit_test(test_hostile_json),      cmocka_unit_test(test_hostile_host),
	    cmocka_unit_test(test_hostile_commands),  cmocka_unit_test(test_duplicate_commands),
	    cmocka_unit_test(test_distinct_commands), cmocka_unit_test(test_key_and_find),
	    cmocka_unit_test(test_depth_cap),	      cmocka_unit_test(test_byte_cap),
	    cmocka_unit_test(test_io_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
