/*
 * cmd_facts.c - scapula facts: check facts bundles, show what they hold, write OVAL system
 * characteristics
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "cmd.h"
#include "error.h"
#include "facts.h"
#include "opt.h"
#include "syschar.h"
#include "xml.h"

static const struct opt facts_opts[] = {
    {"sc", 0, OPT_VALUE, "OUT",
     "write the bundle's OVAL 5.11 system characteristics to OUT (one FILE only)", NULL},
    {"content", 0, OPT_VALUE, "DEFS",
     "bind to the cmdlet objects of these OVAL definitions (or a data stream with one)", NULL},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec facts_spec = {
    .name = "facts",
    .usage = "FILE... [--sc OUT] [--content DEFS]",
    .summary = "Check facts bundles (format 1, docs/facts.md) and show, per host, its role, "
	       "when the facts\nwere collected, how many commands succeeded or failed and "
	       "how many objects they returned.",
    .details = "Exit status: 0 when every bundle is valid, 1 when one is not (each is named "
	       "on standard error).\nWith --content, each bundle is also bound to the "
	       "definitions' cmdlet objects and the\nresult summarised: an object no "
	       "command answers, or whose command failed, is an error.",
    .opts = facts_opts,
    .min_args = 1,
    .max_args = SIZE_MAX,
};

/*
 * Print S on one line: bundle text has no C0 controls but may hold line breaks, and C1
 * controls (U+0080..U+009F) that some terminals obey; those become spaces and '?'.
 */
static void put_safe(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t shown = 0;

	for (size_t i = 0; u[i]; i++) {
		if (shown == max) {
			fputs("...", stdout);
			return;
		}
		if (u[i] == '\n' || u[i] == '\r' || u[i] == '\t') {
			putchar(' ');
		} else if (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			putchar('?');
			i++;
		} else {
			putchar(u[i]);
		}
		shown += (u[i] & 0xc0) != 0x80;
	}
}

static void show_command_errors(const struct facts *f)
{
	for (size_t i = 0; i < f->n_commands; i++) {
		const struct facts_command *c = &f->commands[i];
		if (c->status != FACTS_ERROR)
			continue;
		printf("  failed     %s-%s: ", c->verb, c->noun);
		put_safe(c->error, 160);
		putchar('\n');
	}
}

static void show(const struct facts *f, const char *path)
{
	size_t errors = facts_count_errors(f);

	printf("%s", f->host.hostname);
	if (f->host.fqdn)
		printf(" (%s)", f->host.fqdn);
	printf("\n  file       %s\n  role       %s", path, f->host.exchange_role);
	if (f->host.exchange_version)
		printf(", Exchange %s", f->host.exchange_version);
	printf("\n  os         ");
	put_safe(f->host.os ? f->host.os : "unknown", 120);
	if (f->host.os_version)
		printf(" %s", f->host.os_version);
	printf("\n  collected  %s", f->collected);
	if (f->collector_name) {
		printf(" by ");
		put_safe(f->collector_name, 80);
		if (f->collector_version) {
			putchar(' ');
			put_safe(f->collector_version, 40);
		}
	}
	printf("\n  commands   %zu (%zu ok, %zu error)\n", f->n_commands, f->n_commands - errors,
	       errors);
	printf("  objects    %zu\n", facts_count_objects(f));
	show_command_errors(f);
}

static int do_bundle(const char *path, xmlDocPtr defs, const char *sc_out)
{
	struct facts *f = NULL;
	xmlDocPtr sc = NULL;
	struct syschar_stats st;
	int ret = -1;

	if (facts_load(&f, path) < 0)
		return -1;
	if ((defs || sc_out) && syschar_build(&sc, f, defs) < 0)
		goto out;
	if (sc_out && syschar_save(sc, sc_out) < 0)
		goto out;
	show(f, path);
	syschar_count(&st, sc);
	if (defs)
		printf("  content    %zu objects: %zu complete, %zu error, %zu not collected\n",
		       st.objects, st.complete, st.error, st.not_collected);
	if (sc_out)
		printf("  wrote      %s (%zu items)\n", sc_out, st.items);
	ret = 0;
out:
	xmlFreeDoc(sc);
	facts_free(f);
	return ret;
}

int cmd_facts(int argc, char **argv)
{
	struct opt_result res;
	const char *sc_out, *content;
	xmlDocPtr defs = NULL;
	int status, ret = EXIT_OK;

	status = cli_opt_status(opt_parse(&res, &facts_spec, argc, argv));
	if (status >= 0) {
		opt_release(&res);
		return status;
	}
	sc_out = opt_str(&res, &facts_spec, "sc", NULL);
	content = opt_str(&res, &facts_spec, "content", NULL);
	if (sc_out && res.n_args > 1) {
		error_set(ERR_USAGE, "--sc takes one bundle; %zu given", res.n_args);
		opt_release(&res);
		return cli_fail("facts");
	}
	if (content && xml_parse_file(&defs, content) < 0) {
		opt_release(&res);
		return cli_fail("facts");
	}
	for (size_t i = 0; i < res.n_args; i++) {
		if (i)
			putchar('\n');
		if (do_bundle(res.args[i], defs, sc_out) < 0)
			ret = cli_fail("facts");
	}
	xmlFreeDoc(defs);
	opt_release(&res);
	return ret;
}
