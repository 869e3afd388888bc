/*
 * scan.c - prepare the content once, then scan one host at a time
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "answers_apply.h"
#include "arf.h"
#include "atomic.h"
#include "benchmark.h"
#include "bind.h"
#include "content.h"
#include "error.h"
#include "evaluate.h"
#include "facts.h"
#include "limits.h"
#include "scan.h"
#include "syschar.h"
#include "tailoring.h"
#include "xml.h"

#include <libxml/xmlsave.h>

struct prepared {
	struct eval_content *eval;
	struct eval_values *tailoring; /* NULL without a tailoring file */
	char *id;                      /* DISA's benchmark id (short form) */
	char *release;                 /* "V2R6", "" for content alone */
	xmlBufferPtr ds_inner;         /* the data stream's root's content, serialized once */
};

struct scan_content {
	struct prepared *items;
	size_t n_items;
};

static long long source_epoch(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!e || !*e)
		return -1;
	v = strtoll(e, &end, 10);
	return *end || v < 0 ? -1 : v;
}

static int add_prepared(struct scan_content *c, xmlDocPtr ds, const struct bind_checklist *l,
			const char *name)
{
	struct prepared *grown, *p;
	xmlChar *buf = NULL;
	size_t len = 0;
	int ret;

	grown = realloc(c->items, (c->n_items + 1) * sizeof(*grown));
	if (!grown)
		return error_oom();
	c->items = grown;
	p = &grown[c->n_items];
	memset(p, 0, sizeof(*p));
	if (xml_doc_to_buffer(&buf, &len, ds) < 0)
		return -1;
	ret = eval_content_load_buffer(&p->eval, (const char *)buf, len, name);
	xmlFree(buf);
	if (ret < 0)
		return -1;
	p->id = strdup(l ? l->benchmark : eval_content_benchmark_id(p->eval));
	/* content alone has no DISA release: show the one the content was written against */
	p->release = strdup(!l ? "" : l->release[0] ? l->release : l->written_against);
	c->n_items++;
	if (!p->id || !p->release)
		return error_oom();
	return 0;
}

/* Bind SRC (one benchmark, or content alone) and prepare its data stream. */
static int prepare_bound(struct scan_content *c, const struct bind_source *src)
{
	struct bind_result *res = NULL;
	int ret;

	if (bind_build(&res, src, 1, source_epoch()) < 0)
		return -1;
	ret = add_prepared(c, res->ds, &res->lists[0], src->name);
	bind_result_free(res);
	return ret;
}

static int prepare_content_alone(struct scan_content *c, const struct content *ct,
				 const char *stig)
{
	for (size_t i = 0; i < ct->n_bindings; i++) {
		struct bind_source src = {NULL, ct->bindings[i].path, &ct->bindings[i]};

		if (stig && strcmp(stig, ct->bindings[i].benchmark) != 0)
			continue;
		if (prepare_bound(c, &src) < 0)
			return -1;
	}
	if (!c->n_items)
		return error_set(ERR_NOTFOUND, "%s: no binding for benchmark '%s'", ct->dir,
				 stig ? stig : "(any)");
	return 0;
}

static int prepare_package(struct scan_content *c, const struct content *ct, const char *path,
			   const char *stig)
{
	struct bind_package pkg;
	int ret = 0;

	if (bind_package_read(&pkg, path, ct, stig) < 0)
		return -1;
	for (size_t i = 0; i < pkg.n_found && ret == 0; i++) {
		struct bind_source src = {pkg.found[i].doc, pkg.found[i].name,
					  content_find(ct, pkg.found[i].id)};
		ret = prepare_bound(c, &src);
	}
	bind_package_release(&pkg);
	return ret;
}

/* DISA's short benchmark id from an XCCDF 1.2 id ("xccdf_mil.disa.stig_benchmark_X" → "X"). */
static const char *short_bench(const char *id)
{
	const char *p = strstr(id, "_benchmark_");

	return p ? p + strlen("_benchmark_") : id;
}

/* A data stream bind wrote: evaluated as it is. */
static int prepare_datastream(struct scan_content *c, const char *path, const char *stig)
{
	char *buf = NULL;
	size_t len = 0;
	struct prepared *p;
	int ret;

	if (file_read_all(&buf, &len, path, limits_get()->xml_max_bytes) < 0)
		return -1;
	c->items = calloc(1, sizeof(*c->items));
	if (!c->items) {
		free(buf);
		return error_oom();
	}
	p = &c->items[0];
	ret = eval_content_load_buffer(&p->eval, buf, len, path);
	free(buf);
	if (ret < 0)
		return -1;
	c->n_items = 1;
	p->id = strdup(short_bench(eval_content_benchmark_id(p->eval)));
	p->release = strdup(eval_content_benchmark_version(p->eval));
	if (!p->id || !p->release)
		return error_oom();
	if (stig && strcmp(stig, p->id) != 0)
		return error_set(ERR_NOTFOUND, "%s: holds benchmark '%s', not '%s'", path, p->id,
				 stig);
	return 0;
}

static int is_datastream(const char *path)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	xmlDocPtr doc = NULL;
	int yes = 0;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (file_read_all(&buf, &len, path, limits_get()->xml_max_bytes) == 0 && len &&
	    buf[strspn(buf, " \t\r\n\xef\xbb\xbf")] == '<' && xml_parse(&doc, buf, len, path) == 0)
		yes = doc_kind_of(doc) == DOC_DATASTREAM;
	error_clear();
	xmlFreeDoc(doc);
	free(buf);
	return yes;
}

/*
 * Give PATH's site values to the benchmarks it is for: the one its benchmark@id names, else
 * each one whose Values it fits. A file that is for none, or a benchmark two files are for,
 * is an error: a site value must never be applied, or dropped, by guess.
 */
static int prepare_tailoring(struct scan_content *c, const char *path)
{
	struct eval_values *probe = NULL;
	char first_error[1024] = "", *for_id = NULL;
	int fitted = 0, ret = -1;

	if (tailoring_load(&probe, path, NULL) < 0)
		return -1;
	for_id = probe->benchmark_id ? strdup(probe->benchmark_id) : NULL;
	if (probe->benchmark_id && !for_id) {
		eval_values_free(probe);
		return error_oom();
	}
	eval_values_free(probe);
	for (size_t i = 0; i < c->n_items; i++) {
		struct eval_values *t = NULL;
		const char *id = eval_content_benchmark_id(c->items[i].eval);

		if (for_id && strcmp(for_id, id) != 0)
			continue;
		if (tailoring_load(&t, path, c->items[i].eval) < 0) {
			if (for_id) /* its own benchmark: its error is the one to read */
				goto out;
			if (!first_error[0])
				snprintf(first_error, sizeof(first_error), "%s", error_message());
			error_clear();
			continue;
		}
		if (c->items[i].tailoring) {
			error_set(ERR_USAGE, "%s and %s both tailor benchmark '%s'; give one per STIG",
				  c->items[i].tailoring->source, path, id);
			eval_values_free(t);
			goto out;
		}
		c->items[i].tailoring = t;
		fitted++;
	}
	if (fitted)
		ret = 0;
	else if (for_id)
		error_set(ERR_FORMAT, "%s: a tailoring for benchmark '%s', which this scan does not "
				      "evaluate", path, for_id);
	else if (c->n_items > 1)
		error_set(ERR_FORMAT, "%s (and it fits none of the %zu benchmarks prepared)",
			  first_error, c->n_items);
	else
		error_set(ERR_FORMAT, "%s", first_error);
out:
	free(for_id);
	return ret;
}

/*
 * Every host's ARF carries the same data stream (its report request), more than half of its
 * bytes. Its content is serialized once, here; each host's ARF is serialized without it and
 * the bytes are spliced in (write_arf). A data stream written indented, as bind writes it,
 * keeps its whitespace text between elements, which libxml2 then writes as it is, so the
 * spliced file is byte for byte the one serializing the whole ARF gives; any other data
 * stream differs from that in whitespace only.
 */
static int serialize_ds_inner(struct prepared *p)
{
	xmlDocPtr ds = eval_content_ds(p->eval);
	xmlNodePtr root = xmlDocGetRootElement(ds);
	xmlSaveCtxtPtr save;

	if (!(p->ds_inner = xmlBufferCreate()))
		return error_oom();
	if (!(save = xmlSaveToBuffer(p->ds_inner, "UTF-8", XML_SAVE_NO_DECL)))
		return error_oom();
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
		xmlSaveTree(save, n);
	return xmlSaveClose(save) < 0 ? error_oom() : 0;
}

int scan_content_prepare(struct scan_content **out, const char *package, const char *content_dir,
			 const char *stig, const char *const *tailoring_paths, size_t n_tailoring)
{
	struct scan_content *c = calloc(1, sizeof(*c));
	struct content *ct = NULL;
	int ret = -1;

	*out = NULL;
	if (!c)
		return error_oom();
	if (package && is_datastream(package)) {
		if (prepare_datastream(c, package, stig) < 0)
			goto out;
	} else {
		if (content_load(&ct, content_dir) < 0)
			goto out;
		if (package ? prepare_package(c, ct, package, stig) < 0
			    : prepare_content_alone(c, ct, stig) < 0)
			goto out;
	}
	for (size_t i = 0; i < n_tailoring; i++)
		if (prepare_tailoring(c, tailoring_paths[i]) < 0)
			goto out;
	for (size_t i = 0; i < c->n_items; i++)
		if (serialize_ds_inner(&c->items[i]) < 0)
			goto out;
	*out = c;
	c = NULL;
	ret = 0;
out:
	content_free(ct);
	scan_content_free(c);
	return ret;
}

void scan_content_free(struct scan_content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_items; i++) {
		eval_content_free(c->items[i].eval);
		eval_values_free(c->items[i].tailoring);
		free(c->items[i].id);
		free(c->items[i].release);
		xmlBufferFree(c->items[i].ds_inner);
	}
	free(c->items);
	free(c);
}

size_t scan_content_count(const struct scan_content *c)
{
	return c->n_items;
}

const char *scan_content_id(const struct scan_content *c, size_t i)
{
	return c->items[i].id;
}

const struct eval_content *scan_content_eval(const struct scan_content *c, size_t i)
{
	return c->items[i].eval;
}

/* The prepared STIG for a host: forced by --stig, else by its Exchange role. */
static const struct prepared *choose(const struct scan_content *c, const struct facts *f,
				     const char *stig)
{
	const char *want = f->host.role == FACTS_ROLE_EDGE ? "Edge" : "Mailbox";

	for (size_t i = 0; i < c->n_items; i++) {
		const char *id = short_bench(c->items[i].id);
		if (stig ? strcmp(id, stig) == 0 : strstr(id, want) != NULL)
			return &c->items[i];
	}
	if (stig)
		error_set(ERR_NOTFOUND, "%s: STIG '%s' was not prepared", f->name, stig);
	else
		error_set(ERR_NOTFOUND,
			  "%s: host %s has Exchange role %s, and no %s STIG was prepared "
			  "(use --stig to choose one)",
			  f->name, f->host.hostname, f->host.exchange_role, want);
	return NULL;
}

static const char *const host_files[] = {"arf.xml", "report.html", "checklist.ckl",
					 "checklist.cklb", "results.csv", NULL};

/* The host's folder name: its host name, with anything but [A-Za-z0-9._-] made '_'. */
static int host_dir(char *out, size_t size, const char *outdir, const char *hostname,
		    const char *facts_path)
{
	char safe[128];
	size_t n = 0;

	for (const char *p = hostname; *p && n + 1 < sizeof(safe); p++)
		safe[n++] = (strchr("._-", *p) || (*p >= '0' && *p <= '9') ||
			     (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
				    ? *p
				    : '_';
	safe[n] = '\0';
	if (!n || strcmp(safe, ".") == 0 || strcmp(safe, "..") == 0)
		return error_set(ERR_FORMAT, "%s: host.hostname '%s' cannot name a folder",
				 facts_path, hostname);
	if (mkdir(outdir, 0777) < 0 && errno != EEXIST)
		return error_set(ERR_IO, "%s: %s", outdir, strerror(errno));
	snprintf(out, size, "%s/%s", outdir, safe);
	if (mkdir(out, 0777) < 0 && errno != EEXIST)
		return error_set(ERR_IO, "%s: %s", out, strerror(errno));
	/* what a scan killed at the wrong instant may have left (see atomic.h) */
	return atomic_clean_stale(out, host_files) < 0 ? -1 : 0;
}

static const char *const verdicts[9] = {"pass",          "fail",         "error",
					"unknown",       "notapplicable", "notchecked",
					"notselected",   "informational", "fixed"};

/* Count the TestResult's results and open findings by CAT (after answers were applied). */
static void count_arf(struct scan_summary *sum, xmlDocPtr arf)
{
	xmlNodePtr tr = arf_test_result(arf);

	for (xmlNodePtr rr = tr ? tr->children : NULL; rr; rr = rr->next) {
		xmlChar *sev, *res;

		if (rr->type != XML_ELEMENT_NODE || strcmp((const char *)rr->name, "rule-result"))
			continue;
		res = NULL;
		for (xmlNodePtr c = rr->children; c && !res; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "result"))
				res = xmlNodeGetContent(c);
		sev = xmlGetProp(rr, (const xmlChar *)"severity");
		for (size_t i = 0; res && i < 9; i++)
			if (!strcmp((const char *)res, verdicts[i]))
				sum->by_result[i]++;
		if (res && !strcmp((const char *)res, "fail") && sev)
			sum->open_by_cat[!strcmp((const char *)sev, "high")     ? 1
					 : !strcmp((const char *)sev, "medium") ? 2
					 : !strcmp((const char *)sev, "low")    ? 3
										: 0]++;
		xmlFree(sev);
		xmlFree(res);
	}
	sum->status = sum->by_result[2] || sum->by_result[3] ? 1 : sum->by_result[1] ? 2 : 0;
}

static void host_facts(struct arf_fact facts[6], const struct facts *f)
{
	facts[0] = (struct arf_fact){"urn:scapula:fact:exchange_role", "string", f->host.exchange_role};
	facts[1] = (struct arf_fact){"urn:scapula:fact:exchange_version", "string",
				     f->host.exchange_version ? f->host.exchange_version : ""};
	facts[2] = (struct arf_fact){"urn:scapula:fact:os", "string", f->host.os ? f->host.os : ""};
	facts[3] = (struct arf_fact){"urn:scapula:fact:os_version", "string",
				     f->host.os_version ? f->host.os_version : ""};
	facts[4] = (struct arf_fact){"urn:scapula:fact:collected", "string", f->collected};
	facts[5] = (struct arf_fact){"urn:scapula:fact:facts_file", "string", f->name};
}

/* Evaluate F against P and build its ARF. */
static int make_arf(xmlDocPtr *arf, const struct prepared *p, const struct facts *f,
		    const struct scan_options *opts)
{
	struct arf_fact facts[6];
	char identity[256];
	struct arf_host host = {f->host.hostname, f->host.fqdn, (const char *const *)f->host.ipv4,
				f->host.n_ipv4, (const char *const *)f->host.mac, f->host.n_mac,
				identity, 0, 1, facts, 6};
	/* the answers (their benchmark's rules) and the reports read the data stream from the
	 * ARF; without either, nothing does: write_arf splices it in */
	struct arf_input in = {p->eval, NULL, &host, p->tailoring, 0, 0,
			       !opts->styles && !opts->answers};
	struct eval_result *res = NULL;
	xmlDocPtr sc = NULL;
	char when[32];
	int ret = -1;

	snprintf(identity, sizeof(identity), "%s %s", f->collector_name ? f->collector_name : "collector",
		 f->collector_version ? f->collector_version : "");
	host_facts(facts, f);
	if (arf_time_parse(&in.start_time, f->collected) < 0) {
		error_prefix("%s: collected", f->name);
		return -1;
	}
	if (arf_time_now(&in.end_time) < 0 || syschar_build(&sc, f, eval_content_oval(p->eval)) < 0 ||
	    evaluate_host(&res, p->eval, sc, p->tailoring) < 0)
		goto out;
	in.result = res;
	if (arf_write(arf, &in) < 0)
		goto out;
	arf_time_format(when, sizeof(when), in.end_time);
	ret = opts->answers ? answers_apply_arf(*arf, opts->answers, f->host.hostname, when) : 0;
out:
	eval_result_free(res);
	xmlFreeDoc(sc);
	return ret;
}

/* Reports go next to the ARF, in the host's folder (CTX): a report_path_fn. */
static int beside_arf(char *out, size_t size, enum report_format f, const char *host, void *ctx)
{
	(void)host;
	if ((size_t)snprintf(out, size, "%s/%s", (const char *)ctx, report_file_name(f)) >= size)
		return error_set(ERR_IO, "%s: path too long", (const char *)ctx);
	return 0;
}

/* The ARF's copy of the data stream's root (arf.h: report-requests/report-request/content). */
static xmlNodePtr arf_ds_copy(xmlDocPtr arf)
{
	static const char *const path[] = {"report-requests", "report-request", "content"};
	xmlNodePtr n = xmlDocGetRootElement(arf);

	for (size_t i = 0; n && i < 3; i++) {
		n = n->children;
		while (n && (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, path[i])))
			n = n->next;
	}
	for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

#define DS_SPLICE "scapula-data-stream-goes-here"

/*
 * Write ARF to PATH with its data stream spliced in from P->ds_inner. The data stream's
 * content leaves the document (it is not needed after the reports): a text marker takes its
 * place, and the first occurrence of the marker in the serialized document is it, since only
 * fixed names come before the report requests (arf.h).
 */
static int write_arf(xmlDocPtr arf, const char *path, const struct prepared *p)
{
	xmlNodePtr ds = arf_ds_copy(arf), mark;
	xmlChar *buf = NULL;
	char *joined = NULL, *at;
	size_t len = 0, head, inner = (size_t)xmlBufferLength(p->ds_inner);
	int ret = -1;

	if (!ds)
		return atomic_write_doc(arf, path);
	xmlFreeNodeList(ds->children); /* a full copy when the reports needed it */
	ds->children = ds->last = NULL;
	if (!(mark = xmlNewDocText(arf, BAD_CAST DS_SPLICE)) || !xmlAddChild(ds, mark)) {
		xmlFreeNode(mark);
		return error_oom();
	}
	if (xml_doc_to_buffer(&buf, &len, arf) < 0)
		return error_prefix("%s", path);
	at = strstr((char *)buf, DS_SPLICE);
	if (!at || strncmp(at + strlen(DS_SPLICE), "</", 2) != 0) {
		error_set(ERR_INTERNAL, "%s: the data stream's place was not found", path);
		goto out;
	}
	head = (size_t)(at - (char *)buf);
	if (!(joined = malloc(len - strlen(DS_SPLICE) + inner))) {
		error_oom();
		goto out;
	}
	memcpy(joined, buf, head);
	memcpy(joined + head, xmlBufferContent(p->ds_inner), inner);
	memcpy(joined + head + inner, at + strlen(DS_SPLICE), len - head - strlen(DS_SPLICE));
	ret = atomic_write_buffer(path, joined, len - strlen(DS_SPLICE) + inner);
out:
	free(joined);
	xmlFree(buf);
	return ret;
}

static void fail_summary(struct scan_summary *sum)
{
	sum->status = 1;
	snprintf(sum->error, sizeof(sum->error), "%s", error_message());
}

int scan_host(struct scan_summary *sum, const struct scan_content *c, const char *facts_path,
	      const struct scan_options *opts)
{
	struct facts *f = NULL;
	const struct prepared *p;
	xmlDocPtr arf = NULL;
	char dir[1536];
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	snprintf(sum->hostname, sizeof(sum->hostname), "%s", facts_path);
	if (facts_load(&f, facts_path) < 0)
		goto out;
	snprintf(sum->hostname, sizeof(sum->hostname), "%s", f->host.hostname);
	snprintf(sum->role, sizeof(sum->role), "%s", f->host.exchange_role);
	if (!(p = choose(c, f, opts->stig)))
		goto out;
	snprintf(sum->stig, sizeof(sum->stig), "%s", short_bench(p->id));
	snprintf(sum->release, sizeof(sum->release), "%s", p->release);
	if (make_arf(&arf, p, f, opts) < 0 ||
	    host_dir(dir, sizeof(dir), opts->outdir, f->host.hostname, facts_path) < 0)
		goto out;
	snprintf(sum->arf, sizeof(sum->arf), "%s/arf.xml", dir);
	/* the reports read the data stream from the ARF: they come first */
	if (opts->styles &&
	    report_write(arf, sum->arf, REPORT_ALL, opts->styles, beside_arf, dir) < 0)
		goto out;
	count_arf(sum, arf);
	if (write_arf(arf, sum->arf, p) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		fail_summary(sum);
	xmlFreeDoc(arf);
	facts_free(f);
	return ret;
}
