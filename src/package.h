/*
 * package.h - walk a DISA package (zip, zip of zips, folder, bare file) entry by entry
 *
 * Nothing is ever extracted to disk: every candidate entry is read into memory under the caps
 * of limits.h and handed to the visitor, then freed, so a walk over DISA's whole library holds
 * one entry (plus the inner zip it came from) at a time.
 */
#ifndef SCAPULA_PACKAGE_H
#define SCAPULA_PACKAGE_H

#include <stddef.h>

struct package_entry {
	/*
	 * Where the entry came from, for messages and for the model's "source":
	 * "U_MS_Exchange_2016_V2R6_STIG.zip:U_..._Mailbox_Server_V2R6_Manual_STIG.zip:U_...-xccdf.xml"
	 * (the path given by the user, then each zip member name, joined by ':').
	 */
	const char *path;
	/* The entry's name inside its innermost container (or the file path for a bare file). */
	const char *name;
	const char *data; /* its bytes, NUL-terminated (the NUL is not counted in len) */
	size_t len;
};

/*
 * Called for every entry that looks like XML (by content, not by name). Borrowed data is valid
 * only during the call. Return 0 to go on, -1 (with the error set) to stop the walk.
 */
typedef int (*package_visit_fn)(const struct package_entry *entry, void *ctx);

/*
 * Walk PATH: a zip (nested zips recursed to limits->zip_max_depth), a folder (recursed, in
 * sorted order), or a single file. Zip members are visited in the order of the central
 * directory sorted by name, so output is reproducible. Non-XML entries (PDF, images, ...) are
 * skipped silently; an entry that claims to be XML by name but holds compressed data, or any
 * violation of the zip rules in docs/security.md, is an error naming the package and entry.
 * Returns 0, or -1 with the error set (the visitor's own error passes through unchanged).
 */
int package_walk(const char *path, package_visit_fn fn, void *ctx);

/* Same as package_walk for a zip already in memory; NAME is its display path. */
int package_walk_zip_buffer(const char *data, size_t len, const char *name, package_visit_fn fn,
			    void *ctx);

#endif
