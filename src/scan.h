/*
 * scan.h - the main job: facts bundles in, ARF and reports out, per host
 *
 * The content (one data stream per STIG, bound on the fly from a DISA package, read from a
 * data stream bind wrote, or built from the content alone) is prepared once per run; each host
 * is then evaluated on its own (cmd_scan forks a worker per host), so one bad bundle never
 * stops the others.
 */
#ifndef SCAPULA_SCAN_H
#define SCAPULA_SCAN_H

#include <stddef.h>
#include <time.h>

#include "answers.h"
#include "report.h"

struct scan_options {
	const char *outdir;         /* reports/ by default */
	const char *stig;           /* benchmark id forced for every host, or NULL: by role */
	const struct answers *answers; /* or NULL */
	const struct report_styles *styles; /* NULL: no reports, ARF only */
};

/* What one host came to; filled by scan_host, small enough to pass through a pipe. */
struct scan_summary {
	char hostname[128];
	char role[16];
	char stig[128];
	char release[16];
	size_t by_result[9]; /* pass fail error unknown notapplicable notchecked notselected informational fixed */
	size_t open_by_cat[4];
	int status;          /* 0 clean, 2 open findings, 1 error */
	char error[1024];    /* the error, when the host could not be scanned */
	char arf[1600];      /* where its ARF went */
};

struct scan_content;
struct eval_content;

/*
 * Prepare the content: PACKAGE (a DISA zip, folder or XCCDF: bound with the binding files of
 * CONTENT_DIR; or a data stream bind wrote) or NULL (the content alone). STIG restricts to
 * one benchmark id. Each of the N_TAILORING TAILORING_PATHS goes to the benchmark its
 * benchmark@id names, else to every prepared benchmark whose Values it fits; one that fits
 * none, or two for one benchmark, is an error.
 */
int scan_content_prepare(struct scan_content **out, const char *package, const char *content_dir,
			 const char *stig, const char *const *tailoring_paths, size_t n_tailoring);
void scan_content_free(struct scan_content *c);

/* The benchmark ids prepared, for messages. Borrowed. */
size_t scan_content_count(const struct scan_content *c);
const char *scan_content_id(const struct scan_content *c, size_t i);

/* The prepared benchmark I, as evaluated (for 'scapula tailor'). Borrowed, valid until free. */
const struct eval_content *scan_content_eval(const struct scan_content *c, size_t i);

/*
 * Scan the bundle at FACTS_PATH: load it, choose the STIG by its Exchange role (or
 * OPTS->stig), evaluate, write OUTDIR/<hostname>/arf.xml and the reports next to it, each
 * atomically. Fills *SUM (status and counts) in every case; returns -1 with the error set
 * (and copied into SUM->error) when the host could not be scanned.
 */
int scan_host(struct scan_summary *sum, const struct scan_content *c, const char *facts_path,
	      const struct scan_options *opts);

#endif
