/*
 * limits.c - the caps on untrusted input and their defaults
 *
 * Defaults are sized so that DISA's whole SRG/STIG library (832 benchmarks, about 150 MB of
 * XCCDF, the largest 1.5 MB) and SCAP Security Guide data streams (about 11 MB) pass untouched,
 * while a zip bomb or an XML amplification is stopped long before it costs real memory.
 */
#include "limits.h"

#define MIB ((size_t)1024 * 1024)

void limits_default(struct limits *out)
{
	out->xml_max_bytes = 64 * MIB;
	out->xml_max_attrs = 256;
	out->xml_max_depth = 256;
	out->zip_max_entry_bytes = 64 * MIB;
	out->zip_max_total_bytes = (uint64_t)1024 * MIB;
	out->zip_max_ratio = 200;
	out->zip_max_depth = 4;
	out->zip_max_entries = 100000;
	out->json_max_bytes = 8 * MIB; /* jansson needs about 16x this in memory */
	out->json_max_depth = 64;
}

static struct limits current;
static int current_set;

const struct limits *limits_get(void)
{
	if (!current_set) {
		limits_default(&current);
		current_set = 1;
	}
	return &current;
}

void limits_set(const struct limits *l)
{
	current = *l;
	current_set = 1;
}
