/*
 * syschar.h - a facts bundle as OVAL 5.11 system characteristics (docs/facts.md)
 *
 * Each cmdlet the bundle records becomes a win-sc:cmdlet_item, one value record per returned
 * object (field names lower-cased, datatypes from the JSON types, a null property a field
 * with status "does not exist", as MITRE's ovaldi writes them). Given OVAL definitions, every
 * win-def:cmdlet_object there is bound to the command with the same module, verb, noun and
 * parameters, and its collected object says complete, or error when the command failed or
 * the bundle lacks it; objects of other types are "not collected". Nothing is ever probed:
 * the document answers every object the definitions hold.
 */
#ifndef SCAPULA_SYSCHAR_H
#define SCAPULA_SYSCHAR_H

#include <stddef.h>

#include <libxml/tree.h>

#include "facts.h"

#define SYSCHAR_OVAL_VERSION "5.11.1"

/*
 * Build the system characteristics of F. OVAL_DEFINITIONS (borrowed; may be NULL) is a
 * document whose root is oval_definitions, or which holds exactly one such element (an SCAP
 * data stream with one OVAL component). Without it: one item per command, select nil (all
 * properties), no collected_objects. On success *out is a new document (xmlFreeDoc).
 */
int syschar_build(xmlDocPtr *out, const struct facts *f, xmlDocPtr oval_definitions);

struct syschar_stats {
	size_t items;	      /* cmdlet items in system_data */
	size_t objects;	      /* collected objects */
	size_t complete;      /* ... with flag complete */
	size_t error;	      /* ... with flag error */
	size_t not_collected; /* ... with flag not collected */
};

/* Count what a document from syschar_build holds. */
void syschar_count(struct syschar_stats *out, xmlDocPtr sc);

/*
 * Write DOC to PATH atomically (src/atomic.h): a temporary file in the same folder, fsync,
 * rename; a failed or killed run leaves any earlier PATH as it was.
 */
int syschar_save(xmlDocPtr doc, const char *path);

#endif
