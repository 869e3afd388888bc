/*
 * cmd_scan.c - scapula scan: facts bundles in, ARF and reports out
 *
 * The content is prepared (and validated) once, in this process; hosts are then scanned in up
 * to -j worker processes forked from it, so one host's failure, even a crash, never stops the
 * others or this process. Workers send each host's summary back through a pipe.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/hash.h>

#include "answers.h"
#include "atomic.h"
#include "cmd.h"
#include "content.h"
#include "error.h"
#include "facts.h"
#include "fleet.h"
#include "opt.h"
#include "report.h"
#include "scan.h"

static const struct opt scan_opts[] = {
	{"facts", 0, OPT_LIST, "FILE|DIR", "facts bundle, or a folder of *.json bundles (repeatable)",
	 NULL},
	{"output", 'o', OPT_VALUE, "OUTDIR", "where results go (default reports/)", NULL},
	{"stig", 0, OPT_VALUE, "ID", "benchmark id for every host (default: by Exchange role)",
	 NULL},
	{"tailoring", 0, OPT_LIST, "FILE", "XCCDF 1.2 tailoring file setting site values (one per STIG)",
	 NULL},
	{"answers", 0, OPT_VALUE, "FILE", "answer file for rules a person decides", NULL},
	{"content", 0, OPT_VALUE, "DIR", "binding files and OVAL (default: scapula's content)",
	 NULL},
	{"jobs", 'j', OPT_VALUE, "N", "hosts scanned at once (default: the number of cores)", NULL},
	{"no-reports", 0, OPT_FLAG, NULL, "write arf.xml only", NULL},
	{"quiet", 'q', OPT_FLAG, NULL, "no per-host summary lines", NULL},
	{NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cmd_spec scan_spec = {
	"scan",
	"[PACKAGE | DATASTREAM] --facts FILE|DIR... [-o OUTDIR] [--stig ID] [--tailoring FILE]... "
	"[--answers FILE] [-j N]",
	"Evaluate collected facts against a STIG and write ARF results and reports per host.",
	"PACKAGE is a DISA zip, folder or XCCDF (bound on the fly, as 'scapula bind' does) or a\n"
	"data stream that bind wrote; without it, scapula's own content is used. Each host's\n"
	"results go to OUTDIR/<hostname>/: arf.xml, report.html, checklist.ckl, checklist.cklb,\n"
	"results.csv; OUTDIR/index.html summarises the fleet. Nothing of the machine scapula\n"
	"runs on is ever read into the results. A tailoring file (see 'scapula tailor') gives\n"
	"one STIG its site values: give one per STIG for a fleet of Mailbox and Edge servers.\n\n"
	"Exit status: 0 every evaluated rule passed or was not checked; 2 open findings;\n"
	"1 an error (bad input, or a rule that came out error).",
	scan_opts,
	0,
	1,
};

struct host_list {
	char **paths;
	size_t n;
};

static int add_path(struct host_list *l, const char *p)
{
	char **grown = realloc(l->paths, (l->n + 1) * sizeof(*grown));

	if (!grown || !(grown[l->n] = strdup(p))) {
		free(grown == l->paths ? NULL : grown);
		return error_oom();
	}
	l->paths = grown;
	l->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json in DIR, sorted by name. */
static int add_dir(struct host_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;
	char path[4096];

	if (!d)
		return error_set(ERR_IO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0 && e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (add_path(l, path) < 0)
				break;
		}
	}
	closedir(d);
	qsort(l->paths + first, l->n - first, sizeof(char *), cmp_str);
	if (l->n == first)
		return error_set(ERR_NOTFOUND, "%s: no *.json facts bundles in this folder", dir);
	return 0;
}

static int collect_hosts(struct host_list *l, const struct opt_value *facts)
{
	struct stat st;

	for (size_t i = 0; i < facts->n_list; i++) {
		const char *p = facts->list[i];
		if (stat(p, &st) < 0)
			return error_set(ERR_IO, "%s: %s", p, strerror(errno));
		if (S_ISDIR(st.st_mode) ? add_dir(l, p) < 0 : add_path(l, p) < 0)
			return -1;
	}
	return 0;
}

/*
 * Each worker is a process forked once and fed host after host: a fork per host costs more
 * than scanning one (the page tables of the prepared content are copied, then torn down).
 * The parent writes a host's index into the worker's request pipe and reads its summary back
 * from its result pipe; a summary (under PIPE_BUF) arrives whole. A worker that dies (a
 * crash on one host) is replaced; a worker that served WORKER_HOSTS hosts is retired and
 * replaced too, so whatever libopenscap keeps per evaluation cannot grow with the fleet.
 */
#define WORKER_HOSTS 250

struct worker {
	pid_t pid;    /* 0: no process */
	int req, res; /* the parent's ends: write host indexes, read summaries */
	int busy;     /* a host was sent and its summary not yet read */
	size_t host;  /* the host being scanned */
	size_t served;
};

struct pool {
	struct worker *ws;
	size_t n;
	const struct host_list *hosts;
	const struct scan_content *content;
	const struct scan_options *opts;
	struct scan_summary *sums;
	xmlHashTablePtr names; /* lower-cased host name -> the first bundle naming it */
};

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* In the worker: scan each host index read until the parent closes the pipe; never returns. */
static void worker_main(int req, int res, const struct pool *p)
{
	size_t host;
	struct scan_summary sum;

#ifdef M_MXFAST
	/*
	 * Each host builds and frees documents of hundreds of thousands of small nodes; with
	 * glibc's fastbins, the next large allocation then consolidates them all, a fifth of a
	 * worker's time (perf). Without fastbins the frees go to tcache and the bins directly.
	 */
	mallopt(M_MXFAST, 0);
#endif

	while (read_all(req, &host, sizeof(host)) == 0 && host < p->hosts->n) {
		scan_host(&sum, p->content, p->hosts->paths[host], p->opts);
		error_clear();
		if (write_all(res, &sum, sizeof(sum)) < 0)
			_exit(3);
	}
	_exit(0);
}

static int worker_start(struct pool *p, struct worker *w)
{
	int req[2], res[2];

	if (pipe(req) < 0)
		return error_set(ERR_IO, "pipe: %s", strerror(errno));
	if (pipe(res) < 0) {
		close(req[0]);
		close(req[1]);
		return error_set(ERR_IO, "pipe: %s", strerror(errno));
	}
	fflush(NULL);
	w->pid = fork();
	if (w->pid == 0) {
		/* the other workers' pipes: holding them would keep those workers from EOF */
		for (size_t i = 0; i < p->n; i++)
			if (p->ws[i].pid > 0 && &p->ws[i] != w) {
				close(p->ws[i].req);
				close(p->ws[i].res);
			}
		close(req[1]);
		close(res[0]);
		worker_main(req[0], res[1], p);
	}
	close(req[0]);
	close(res[1]);
	if (w->pid < 0) {
		w->pid = 0;
		close(req[1]);
		close(res[0]);
		return error_set(ERR_IO, "fork: %s", strerror(errno));
	}
	w->req = req[1];
	w->res = res[0];
	w->busy = 0;
	w->served = 0;
	return 0;
}

/* Close the worker's pipes and wait for it; returns its wait status. */
static int worker_stop(struct worker *w)
{
	int status = 0;

	close(w->req);
	close(w->res);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	w->busy = 0;
	return status;
}

/* The summary of a host whose worker died scanning it. */
static void died(struct scan_summary *sum, const char *path, int status)
{
	memset(sum, 0, sizeof(*sum));
	snprintf(sum->hostname, sizeof(sum->hostname), "%s", path);
	sum->status = 1;
	if (WIFSIGNALED(status))
		snprintf(sum->error, sizeof(sum->error), "%s: the worker scanning it died (signal %d)",
			 path, WTERMSIG(status));
	else
		snprintf(sum->error, sizeof(sum->error), "%s: the worker scanning it failed", path);
}

static void progress(size_t done, size_t total)
{
	int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu hosts", fill, "##############################",
		width - fill, "", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/*
 * Two bundles of one run naming the same host would write the same folder: the later one is
 * refused (its summary says why). Host I is checked just before it is dispatched, against
 * the hosts before it, so the check overlaps the workers' scanning instead of delaying it. A
 * bundle that does not load is left to its worker, which reports it like any other failure.
 */
static int refused(struct pool *p, size_t i)
{
	struct facts *f = NULL;
	struct scan_summary *s = &p->sums[i];
	char key[sizeof(s->hostname)];
	const char *earlier;
	size_t n = 0;

	if (facts_load(&f, p->hosts->paths[i]) < 0) {
		error_clear();
		return 0;
	}
	for (const char *c = f->host.hostname; *c && n + 1 < sizeof(key); c++)
		key[n++] = (char)tolower((unsigned char)*c);
	key[n] = '\0';
	earlier = xmlHashLookup(p->names, BAD_CAST key);
	if (!earlier) {
		/* the table keeps a pointer to the path, which outlives it */
		xmlHashAddEntry(p->names, BAD_CAST key, p->hosts->paths[i]);
	} else {
		snprintf(s->hostname, sizeof(s->hostname), "%s", f->host.hostname);
		snprintf(s->error, sizeof(s->error), "%s: host %s is also in %s; not scanned twice",
			 p->hosts->paths[i], f->host.hostname, earlier);
		s->status = 1;
	}
	facts_free(f);
	return earlier != NULL;
}

/* Send host HOST to worker W, starting it (again) if it has no process or just died. */
static int dispatch(struct pool *p, struct worker *w, size_t host)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!w->pid && worker_start(p, w) < 0)
			return -1;
		if (write_all(w->req, &host, sizeof(host)) == 0) {
			w->busy = 1;
			w->host = host;
			return 0;
		}
		worker_stop(w); /* it died between two hosts */
	}
	return error_set(ERR_INTERNAL, "a scan worker keeps dying before it reads its host");
}

/* Read the summary of busy worker W, whose result pipe is readable. */
static void collect(struct pool *p, struct worker *w)
{
	struct scan_summary *sum = &p->sums[w->host];

	w->busy = 0;
	if (read_all(w->res, sum, sizeof(*sum)) < 0) {
		died(sum, p->hosts->paths[w->host], worker_stop(w));
		return;
	}
	if (++w->served >= WORKER_HOSTS)
		worker_stop(w);
}

/* Index of the next host to scan from *NEXT on, skipping (and counting done) refused ones. */
static size_t next_host(struct pool *p, size_t *next, size_t *done)
{
	while (*next < p->hosts->n && refused(p, *next)) {
		(*next)++;
		(*done)++;
	}
	return *next;
}

static int wait_any(struct pool *p, struct pollfd *fds, size_t *done)
{
	nfds_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		if (p->ws[i].busy)
			fds[n++] = (struct pollfd){p->ws[i].res, POLLIN, 0};
	if (poll(fds, n, -1) < 0)
		return errno == EINTR ? 0 : error_set(ERR_INTERNAL, "poll: %s", strerror(errno));
	for (size_t i = 0, k = 0; i < p->n; i++) {
		if (!p->ws[i].busy)
			continue;
		if (fds[k++].revents) {
			collect(p, &p->ws[i]);
			(*done)++;
		}
	}
	return 0;
}

static int pool_loop(struct pool *p)
{
	struct pollfd *fds = calloc(p->n, sizeof(*fds));
	size_t next = 0, done = 0, shown = 0, busy;
	int tty = isatty(STDERR_FILENO), ret = 0;

	if (!fds)
		return error_oom();
	for (;;) {
		busy = 0;
		for (size_t i = 0; i < p->n && ret == 0; i++) {
			if (!p->ws[i].busy && next_host(p, &next, &done) < p->hosts->n)
				ret = dispatch(p, &p->ws[i], next++);
			busy += p->ws[i].busy;
		}
		if (ret < 0 || (!busy && done == shown))
			break;
		if (busy && (ret = wait_any(p, fds, &done)) < 0)
			break;
		if (tty)
			progress(done, p->hosts->n);
		shown = done;
	}
	free(fds);
	return ret;
}

static int run_pool(struct scan_summary *sums, const struct host_list *l, size_t jobs,
		    const struct scan_content *c, const struct scan_options *o)
{
	struct pool p = {NULL, jobs < l->n ? jobs : l->n, l, c, o, sums, NULL};
	void (*old_pipe)(int);
	int ret;

	if (!p.n)
		return 0;
	p.ws = calloc(p.n, sizeof(*p.ws));
	p.names = xmlHashCreate((int)(l->n < 1u << 20 ? l->n : 1u << 20));
	if (!p.ws || !p.names) {
		free(p.ws);
		xmlHashFree(p.names, NULL);
		return error_oom();
	}
	old_pipe = signal(SIGPIPE, SIG_IGN); /* a worker that died is an EPIPE, not our death */
	ret = pool_loop(&p);
	for (size_t i = 0; i < p.n; i++)
		if (p.ws[i].pid)
			worker_stop(&p.ws[i]);
	free(p.ws);
	xmlHashFree(p.names, NULL);
	signal(SIGPIPE, old_pipe);
	return ret;
}

static void print_summary(const struct scan_summary *s, size_t n)
{
	printf("%-16s %-8s %-44s %-5s %5s %5s %5s %5s %5s  %s\n", "HOST", "ROLE", "STIG", "REL",
	       "PASS", "FAIL", "ERROR", "NOTCK", "NA", "OPEN CAT I/II/III");
	for (size_t i = 0; i < n; i++) {
		const struct scan_summary *h = &s[i];
		if (h->error[0]) {
			printf("%-16s error: %s\n", h->hostname, h->error);
			continue;
		}
		printf("%-16s %-8s %-44s %-5s %5zu %5zu %5zu %5zu %5zu  %zu/%zu/%zu\n", h->hostname,
		       h->role, h->stig, h->release, h->by_result[0], h->by_result[1],
		       h->by_result[2] + h->by_result[3], h->by_result[5], h->by_result[4],
		       h->open_by_cat[1], h->open_by_cat[2], h->open_by_cat[3]);
	}
}

static int exit_status(const struct scan_summary *s, size_t n)
{
	int status = EXIT_OK;

	for (size_t i = 0; i < n; i++) {
		if (s[i].status == 1)
			return EXIT_ERROR;
		if (s[i].status == 2)
			status = EXIT_FINDINGS;
	}
	return status;
}

static int any_scanned(const struct scan_summary *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i].error[0])
			return 1;
	return 0;
}

static long jobs_of(const char *v)
{
	char *end;
	long n;

	if (!v) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		return n > 0 ? n : 1;
	}
	n = strtol(v, &end, 10);
	return *end || n < 1 || n > 256 ? -1 : n;
}

static int scan_prepare(struct scan_content **c, struct answers **answers,
			struct report_styles **styles, const struct opt_result *res)
{
	const char *ans = opt_str(res, &scan_spec, "answers", NULL);

	if (ans && answers_load(answers, ans) < 0)
		return -1;
	if (!opt_flag(res, &scan_spec, "no-reports") &&
	    report_styles_load(styles, report_xslt_dir()) < 0)
		return -1;
	return scan_content_prepare(c, res->n_args ? res->args[0] : NULL,
				    opt_str(res, &scan_spec, "content", content_default_dir()),
				    opt_str(res, &scan_spec, "stig", NULL),
				    opt_get(res, &scan_spec, "tailoring")->list,
				    opt_get(res, &scan_spec, "tailoring")->n_list);
}

int cmd_scan(int argc, char **argv)
{
	struct opt_result res;
	struct host_list hosts = {NULL, 0};
	struct scan_content *content = NULL;
	struct answers *answers = NULL;
	struct report_styles *styles = NULL;
	struct scan_summary *sums = NULL;
	struct scan_options o;
	int status = cli_opt_status(opt_parse(&res, &scan_spec, argc, argv));
	long jobs;

	if (status >= 0)
		goto out;
	status = EXIT_ERROR;
	jobs = jobs_of(opt_str(&res, &scan_spec, "jobs", NULL));
	if (jobs < 0 || !opt_get(&res, &scan_spec, "facts")->n_list) {
		error_set(ERR_USAGE, jobs < 0 ? "--jobs takes a number from 1 to 256"
					      : "--facts FILE|DIR is required");
		status = cli_fail("scan");
		goto out;
	}
	if (collect_hosts(&hosts, opt_get(&res, &scan_spec, "facts")) < 0 ||
	    scan_prepare(&content, &answers, &styles, &res) < 0) {
		status = cli_fail("scan");
		goto out;
	}
	o.outdir = opt_str(&res, &scan_spec, "output", "reports");
	o.stig = opt_str(&res, &scan_spec, "stig", NULL);
	o.answers = answers;
	o.styles = styles;
	sums = calloc(hosts.n ? hosts.n : 1, sizeof(*sums));
	if (!sums || run_pool(sums, &hosts, (size_t)jobs, content, &o) < 0) {
		if (!sums)
			error_oom();
		status = cli_fail("scan");
		goto out;
	}
	for (size_t i = 0; i < hosts.n; i++)
		if (sums[i].error[0])
			fprintf(stderr, "scapula: scan: %s\n", sums[i].error);
	if (!opt_flag(&res, &scan_spec, "quiet"))
		print_summary(sums, hosts.n);
	status = exit_status(sums, hosts.n);
	/* a run in which every host failed has nothing to index: an earlier index stays */
	if (styles && any_scanned(sums, hosts.n) && fleet_write_index(o.outdir, sums, hosts.n) < 0)
		status = cli_fail("scan");
out:
	free(sums);
	for (size_t i = 0; i < hosts.n; i++)
		free(hosts.paths[i]);
	free(hosts.paths);
	report_styles_free(styles);
	answers_free(answers);
	scan_content_free(content);
	opt_release(&res);
	return status;
}
