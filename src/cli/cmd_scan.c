/*
 * cmd_scan.c - scapula scan: facts bundles in, ARF and reports out
 *
 * The content is prepared (and validated) once, in this process; each host is then scanned in
 * a worker process of its own (at most -j at a time), so one host's failure, even a crash,
 * never stops or corrupts the others. Workers send their summary back through a pipe.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "answers.h"
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
	{"tailoring", 0, OPT_VALUE, "FILE", "XCCDF 1.2 tailoring file setting site values", NULL},
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
	"[PACKAGE | DATASTREAM] --facts FILE|DIR... [-o OUTDIR] [--stig ID] [--tailoring FILE] "
	"[--answers FILE] [-j N]",
	"Evaluate collected facts against a STIG and write ARF results and reports per host.",
	"PACKAGE is a DISA zip, folder or XCCDF (bound on the fly, as 'scapula bind' does) or a\n"
	"data stream that bind wrote; without it, scapula's own content is used. Each host's\n"
	"results go to OUTDIR/<hostname>/: arf.xml, report.html, checklist.ckl, checklist.cklb,\n"
	"results.csv; OUTDIR/index.html summarises the fleet. Nothing of the machine scapula\n"
	"runs on is ever read into the results.\n\n"
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

struct worker {
	pid_t pid;
	int fd;
	size_t host;
};

/* In the child: scan one host and send the summary; never returns. */
static void run_child(int fd, const struct scan_content *c, const char *path,
		      const struct scan_options *o)
{
	struct scan_summary sum;
	const char *p = (const char *)&sum;
	size_t left = sizeof(sum);

	scan_host(&sum, c, path, o);
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		p += w;
		left -= (size_t)w;
	}
	_exit(0);
}

static int spawn(struct worker *w, size_t host, const struct host_list *l,
		 const struct scan_content *c, const struct scan_options *o)
{
	int fds[2];

	if (pipe(fds) < 0)
		return error_set(ERR_IO, "pipe: %s", strerror(errno));
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return error_set(ERR_IO, "fork: %s", strerror(errno));
	}
	if (w->pid == 0) {
		close(fds[0]);
		run_child(fds[1], c, l->paths[host], o);
	}
	close(fds[1]);
	w->fd = fds[0];
	w->host = host;
	return 0;
}

/* Collect the summary of the worker that exited with STATUS. */
static void reap(struct worker *w, int status, struct scan_summary *sum, const char *path)
{
	size_t got = 0;
	char *p = (char *)sum;

	while (got < sizeof(*sum)) {
		ssize_t r = read(w->fd, p + got, sizeof(*sum) - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(w->fd);
	w->pid = 0;
	if (got == sizeof(*sum))
		return;
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
 * refused (its summary says why) before any worker starts. A bundle that does not load is
 * left to its worker, which reports it like any other failure.
 */
static void refuse_duplicates(struct scan_summary *sums, const struct host_list *l)
{
	char **names = calloc(l->n ? l->n : 1, sizeof(*names));

	for (size_t i = 0; names && i < l->n; i++) {
		struct facts *f = NULL;

		if (facts_load(&f, l->paths[i]) < 0) {
			error_clear();
			continue;
		}
		names[i] = strdup(f->host.hostname);
		facts_free(f);
		for (size_t j = 0; names[i] && j < i; j++)
			if (names[j] && strcasecmp(names[j], names[i]) == 0) {
				snprintf(sums[i].hostname, sizeof(sums[i].hostname), "%s", names[i]);
				snprintf(sums[i].error, sizeof(sums[i].error),
					 "%s: host %s is also in %s; not scanned twice", l->paths[i],
					 names[i], l->paths[j]);
				sums[i].status = 1;
				break;
			}
	}
	for (size_t i = 0; names && i < l->n; i++)
		free(names[i]);
	free(names);
}

static int run_pool(struct scan_summary *sums, const struct host_list *l, size_t jobs,
		    const struct scan_content *c, const struct scan_options *o)
{
	struct worker *ws = calloc(jobs, sizeof(*ws));
	size_t next = 0, running = 0, done = 0;
	int tty = isatty(STDERR_FILENO);

	if (!ws)
		return error_oom();
	while (next < l->n || running) {
		int status;
		pid_t pid;

		for (size_t i = 0; i < jobs && next < l->n; i++) {
			if (ws[i].pid)
				continue;
			while (next < l->n && sums[next].error[0]) { /* refused before the pool */
				next++;
				done++;
			}
			if (next >= l->n)
				break;
			if (spawn(&ws[i], next, l, c, o) < 0) {
				free(ws);
				return -1;
			}
			next++;
			running++;
		}
		if (!running)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			free(ws);
			return error_set(ERR_INTERNAL, "waitpid: %s", strerror(errno));
		}
		for (size_t i = 0; i < jobs; i++)
			if (ws[i].pid && ws[i].pid == pid) {
				reap(&ws[i], status, &sums[ws[i].host], l->paths[ws[i].host]);
				running--;
				done++;
			}
		if (tty)
			progress(done, l->n);
	}
	free(ws);
	return 0;
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
				    opt_str(res, &scan_spec, "tailoring", NULL));
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
	o.tailoring_path = opt_str(&res, &scan_spec, "tailoring", NULL);
	o.answers = answers;
	o.styles = styles;
	sums = calloc(hosts.n ? hosts.n : 1, sizeof(*sums));
	if (sums)
		refuse_duplicates(sums, &hosts);
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
	if (styles && fleet_write_index(o.outdir, sums, hosts.n) < 0)
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
