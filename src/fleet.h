/*
 * fleet.h - OUTDIR/index.html: one line per host of a scan, linking to its report
 */
#ifndef SCAPULA_FLEET_H
#define SCAPULA_FLEET_H

#include <stddef.h>

#include "scan.h"

/* Write OUTDIR/index.html (atomically) for the N hosts of a scan. */
int fleet_write_index(const char *outdir, const struct scan_summary *sums, size_t n);

#endif
