/*
 * limits.h - caps applied to every untrusted input (docs/security.md lists them)
 *
 * One process-wide table, set once by the CLI before any work starts (read-only after that,
 * so worker threads and processes may read it freely).
 */
#ifndef SCAPULA_LIMITS_H
#define SCAPULA_LIMITS_H

#include <stddef.h>
#include <stdint.h>

struct limits {
	size_t xml_max_bytes;        /* one XML document, in bytes */
	size_t xml_max_attrs;        /* attributes on one element */
	size_t xml_max_depth;        /* element nesting */
	size_t zip_max_entry_bytes;  /* one decompressed zip entry */
	uint64_t zip_max_total_bytes; /* all entries of one package, decompressed, nested zips included */
	size_t zip_max_ratio;        /* decompressed : compressed, per entry */
	size_t zip_max_depth;        /* zips inside zips, the outer one counting as 1 */
	size_t zip_max_entries;      /* entries in one zip */
	size_t json_max_bytes;       /* one facts bundle */
	size_t json_max_depth;       /* nesting in a facts bundle */
};

/* The limits in force; borrowed, valid for the life of the process. */
const struct limits *limits_get(void);

/* Replace the limits in force (CLI only, before any work). */
void limits_set(const struct limits *l);

/* The built-in defaults. */
void limits_default(struct limits *out);

#endif
