/*
 * cmd_tailor.c - scapula tailor: a tailoring template listing every site value of a STIG
 *
 * The template is an XCCDF 1.2 Tailoring document with one Profile that sets every Value of
 * the prepared benchmark (bound from the package, read from the data stream, or built from
 * the content alone, exactly as scan prepares it) to the STIG's default, each preceded by a
 * comment with the value's title and description. 'scapula scan --tailoring' accepts it
 * unchanged and gives the same verdicts as without it; a site edits the values it has signed
 * off in its EDSP. A value the STIG leaves to the site has no default: it is written empty,
 * and the rules that use it stay not checked until the site fills it in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/uri.h>

#include "arf.h"
#include "atomic.h"
#include "cmd.h"
#include "content.h"
#include "error.h"
#include "evaluate.h"
#include "opt.h"
#include "scan.h"

#define NS_XCCDF12 "http://checklists.nist.gov/xccdf/1.2"

static const struct opt tailor_opts[] = {
	{"stig", 0, OPT_VALUE, "ID", "the benchmark to tailor (needed when there are several)",
	 NULL},
	{"content", 0, OPT_VALUE, "DIR", "binding files and OVAL (default: scapula's content)",
	 NULL},
	{"output", 'o', OPT_VALUE, "FILE", "write the tailoring file to FILE (default or '-': "
					   "standard output)",
	 NULL},
	{NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec tailor_spec = {
	"tailor",
	"[PACKAGE | DATASTREAM] [--stig ID] [--content DIR] [-o FILE]",
	"Write an XCCDF 1.2 tailoring file listing every site value of a STIG with its default.",
	"PACKAGE and DATASTREAM are what 'scapula scan' takes; without either, scapula's own\n"
	"content is used. Every Value of the benchmark gets a set-value with the STIG's default,\n"
	"after a comment saying what it is; edit the values your EDSP signs off, leave the rest,\n"
	"and pass the file to 'scapula scan --tailoring'. A value the STIG leaves to the site\n"
	"has no default and is written empty: the rules that use it are not checked until it is\n"
	"set. The time comes from SOURCE_DATE_EPOCH when set, so output is reproducible.",
	tailor_opts,
	0,
	1,
};

static int is_xccdf(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST NS_XCCDF12) && xmlStrEqual(n->name, BAD_CAST name);
}

/* The XCCDF 1.2 Benchmark element with id ID anywhere below N, or NULL. */
static xmlNodePtr find_benchmark(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		xmlNodePtr hit;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_xccdf(n, "Benchmark")) {
			xmlChar *bid = xmlGetProp(n, BAD_CAST "id");
			int same = bid && strcmp((const char *)bid, id) == 0;

			xmlFree(bid);
			if (same)
				return n;
			continue;
		}
		if ((hit = find_benchmark(n->children, id)))
			return hit;
	}
	return NULL;
}

/* The text of N's first XCCDF child NAME (the default: one without a selector), or NULL. */
static xmlChar *child_text(xmlNodePtr n, const char *name)
{
	xmlNodePtr first = NULL;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_xccdf(c, name))
			continue;
		if (!xmlHasProp(c, BAD_CAST "selector"))
			return xmlNodeGetContent(c);
		if (!first)
			first = c;
	}
	return first ? xmlNodeGetContent(first) : NULL;
}

/*
 * Append TEXT to F for a comment: no "--" inside nor '-' at the end (XML forbids them),
 * words wrapped at 88 columns with the comment's indentation.
 */
static void comment_words(FILE *f, const char *text)
{
	size_t col = 0;

	while (*text) {
		size_t n = strcspn(text, " \t\r\n");

		if (n && col && col + 1 + n > 82) {
			fputs("\n      ", f);
			col = 0;
		} else if (n && col) {
			fputc(' ', f);
			col++;
		}
		for (size_t i = 0; i < n; i++) {
			fputc(text[i], f);
			if (text[i] == '-' && (i + 1 == n || text[i + 1] == '-'))
				fputc(' ', f);
		}
		col += n;
		text += n;
		text += strspn(text, " \t\r\n");
	}
}

static int add_comment(xmlNodePtr parent, const char *text)
{
	xmlNodePtr c = xmlNewDocComment(parent->doc, BAD_CAST text);

	if (!c || !xmlAddChild(parent, c)) {
		xmlFreeNode(c);
		return error_oom();
	}
	return 0;
}

/* One Value: its comment, then its set-value with the default. */
static int add_value(xmlNodePtr profile, xmlNodePtr value)
{
	xmlChar *id = xmlGetProp(value, BAD_CAST "id"), *type = xmlGetProp(value, BAD_CAST "type");
	xmlChar *title = child_text(value, "title"), *desc = child_text(value, "description");
	xmlChar *dflt = child_text(value, "value");
	xmlNodePtr sv;
	char *note = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&note, &len);
	int ret = -1;

	if (!f || !id) {
		ret = f ? error_set(ERR_FORMAT, "a Value of the benchmark has no id") : error_oom();
		goto out;
	}
	fputs("\n      ", f);
	comment_words(f, title ? (const char *)title : (const char *)id);
	fprintf(f, " (%s)\n      ", type ? (const char *)type : "string");
	comment_words(f, desc ? (const char *)desc : "");
	if (!dflt || !*dflt) {
		fputs("\n      ", f);
		comment_words(f, "No default: the STIG leaves this to the site; the rules that "
				 "use it are not checked until it is set here.");
	}
	fputs("\n    ", f);
	if (fclose(f) != 0 || !note) {
		f = NULL;
		error_oom();
		goto out;
	}
	f = NULL;
	if (add_comment(profile, note) < 0)
		goto out;
	sv = xmlNewTextChild(profile, profile->ns, BAD_CAST "set-value", dflt ? dflt : BAD_CAST "");
	ret = sv && xmlSetProp(sv, BAD_CAST "idref", id) ? 0 : error_oom();
out:
	if (f)
		fclose(f);
	free(note);
	xmlFree(id);
	xmlFree(type);
	xmlFree(title);
	xmlFree(desc);
	xmlFree(dflt);
	return ret;
}

/* Every Value below N (the Benchmark and its Groups), in document order. */
static int add_values(xmlNodePtr profile, xmlNodePtr n, size_t *count)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_xccdf(c, "Value")) {
			if (add_value(profile, c) < 0)
				return -1;
			(*count)++;
		} else if (is_xccdf(c, "Group") && add_values(profile, c, count) < 0) {
			return -1;
		}
	}
	return 0;
}

static time_t now_or_epoch(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (e && *e) {
		v = strtoll(e, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* Tailoring, benchmark reference and version, as the XCCDF 1.2 schema orders them. */
static xmlNodePtr tailoring_root(xmlDocPtr doc, const char *href, const struct eval_content *ev)
{
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "Tailoring", NULL), bref, ver;
	xmlNsPtr ns = root ? xmlNewNs(root, BAD_CAST NS_XCCDF12, NULL) : NULL;
	xmlChar *uri = xmlURIEscapeStr(BAD_CAST href, BAD_CAST "/:.-_~");
	char when[32];

	if (!ns || !uri) {
		xmlFree(uri);
		xmlFreeNode(root);
		return NULL;
	}
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	xmlSetProp(root, BAD_CAST "id", BAD_CAST "xccdf_scapula_tailoring_site");
	bref = xmlNewChild(root, ns, BAD_CAST "benchmark", NULL);
	arf_time_format(when, sizeof(when), now_or_epoch());
	ver = xmlNewTextChild(root, ns, BAD_CAST "version", BAD_CAST "1");
	if (!bref || !ver || !xmlSetProp(bref, BAD_CAST "href", uri) ||
	    !xmlSetProp(bref, BAD_CAST "id", BAD_CAST eval_content_benchmark_id(ev)) ||
	    !xmlSetProp(bref, BAD_CAST "version", BAD_CAST eval_content_benchmark_version(ev)) ||
	    !xmlSetProp(ver, BAD_CAST "time", BAD_CAST when))
		root = NULL;
	xmlFree(uri);
	return root;
}

static int build_template(xmlDocPtr *out, const struct eval_content *ev, const char *href)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root, profile, bench;
	size_t count = 0;
	int ret = -1;

	*out = NULL;
	if (!doc || !(root = tailoring_root(doc, href, ev)) ||
	    !(profile = xmlNewChild(root, root->ns, BAD_CAST "Profile", NULL)) ||
	    !xmlSetProp(profile, BAD_CAST "id", BAD_CAST "xccdf_scapula_profile_site_values") ||
	    !xmlNewTextChild(profile, root->ns, BAD_CAST "title", BAD_CAST "Site values") ||
	    !xmlNewTextChild(profile, root->ns, BAD_CAST "description",
			     BAD_CAST "The values this site signed off in its EDSP; every other "
				      "value is the STIG's default.")) {
		error_oom();
		goto out;
	}
	bench = find_benchmark(xmlDocGetRootElement(eval_content_ds(ev)),
			       eval_content_benchmark_id(ev));
	if (!bench) {
		error_set(ERR_INTERNAL, "%s: benchmark '%s' not found in the data stream",
			  eval_content_path(ev), eval_content_benchmark_id(ev));
		goto out;
	}
	if (add_values(profile, bench, &count) < 0)
		goto out;
	if (!count) {
		error_set(ERR_NOTFOUND, "%s: benchmark '%s' has no Values to tailor", href,
			  eval_content_benchmark_id(ev));
		goto out;
	}
	*out = doc;
	doc = NULL;
	ret = 0;
out:
	xmlFreeDoc(doc);
	return ret;
}

/* The one prepared benchmark to tailor: the only one, or the one --stig named. */
static int pick(size_t *out, const struct scan_content *c)
{
	char list[1024] = "";
	size_t n = scan_content_count(c), used = 0;

	*out = 0;
	if (n == 1)
		return 0;
	for (size_t i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
					 scan_content_id(c, i));
	return error_set(ERR_USAGE, "%zu benchmarks (%s): choose one with --stig", n, list);
}

static int write_out(xmlDocPtr doc, const char *path)
{
	xmlChar *buf = NULL;
	size_t len = 0;
	int ret;

	if (path && strcmp(path, "-") != 0)
		return atomic_write_doc(doc, path);
	if (xml_doc_to_buffer(&buf, &len, doc) < 0)
		return -1;
	ret = fwrite(buf, 1, len, stdout) == len ? 0 : error_set(ERR_IO, "standard output");
	xmlFree(buf);
	return ret;
}

int cmd_tailor(int argc, char **argv)
{
	struct opt_result res;
	struct scan_content *c = NULL;
	xmlDocPtr doc = NULL;
	const char *package;
	size_t which;
	int status = cli_opt_status(opt_parse(&res, &tailor_spec, argc, argv));

	if (status >= 0) {
		opt_release(&res);
		return status;
	}
	package = res.n_args ? res.args[0] : NULL;
	if (scan_content_prepare(&c, package,
				 opt_str(&res, &tailor_spec, "content", content_default_dir()),
				 opt_str(&res, &tailor_spec, "stig", NULL), NULL, 0) < 0 ||
	    pick(&which, c) < 0 ||
	    build_template(&doc, scan_content_eval(c, which),
			   package ? package : opt_str(&res, &tailor_spec, "content",
						       content_default_dir())) < 0 ||
	    write_out(doc, opt_str(&res, &tailor_spec, "output", NULL)) < 0)
		status = cli_fail("tailor");
	else
		status = EXIT_OK;
	xmlFreeDoc(doc);
	scan_content_free(c);
	opt_release(&res);
	return status;
}
