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
	/*
	 * The entry's name inside its innermost container: the zip member name, the path below
	 * the folder walked ("sub/x.xml"), or the path itself for a bare file.
	 */
	const char *name;
	const char *data; /* its bytes, NUL-terminated (the NUL is not counted in len) */
	size_t len;
};

/*
 * Called for every entry that looks like XML by content (after an optional UTF-8 BOM and
 * blanks, its first byte is '<'), whatever its name: DISA's STIG_unclass.xsl is visited too,
 * and the XCCDF of a few STIGs is named "..._xccdf.xml". The bytes are handed over as read
 * (BOM included). Borrowed data is valid only during the call. Return 0 to go on, -1 (with
 * the error set) to stop the walk.
 */
typedef int (*package_visit_fn)(const struct package_entry *entry, void *ctx);

/*
 * Walk PATH: a zip (members that are zips by their magic, whatever their name, recursed to
 * limits->zip_max_depth, the outer zip counting as 1), a folder (recursed, symbolic links
 * inside it not followed, anything but files and folders skipped), or a single file (which
 * must be XML or a zip). Zip members and folder entries are visited sorted by name (bytewise),
 * so output is reproducible. Non-XML entries (PDF, images, ...) are skipped silently without
 * being inflated; an entry named *.xml that holds gzip, bzip2 or xz data, or any violation of
 * the zip rules in docs/security.md, is an error "PATH:ENTRY[:INNER ENTRY]: what is wrong".
 * Returns 0, or -1 with the error set (the visitor's own error passes through unchanged).
 */
int package_walk(const char *path, package_visit_fn fn, void *ctx);

/* Same as package_walk for a zip already in memory; NAME is its display path. */
int package_walk_zip_buffer(const char *data, size_t len, const char *name, package_visit_fn fn,
			    void *ctx);

#endif
