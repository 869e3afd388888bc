/*
 * atomic.h - write an output file so that readers see the old file or the whole new one
 *
 * The bytes go to a temporary file in the target's folder (same file system), which is
 * fsync'ed and renamed over the target; the folder is fsync'ed too. On Linux the temporary
 * has no name while it is written (O_TMPFILE), so a killed run leaves the previous file
 * intact and no temporary behind (but for a kill between the two system calls that put a
 * replacement in place, or where O_TMPFILE is missing: then a stray ".NAME.XXXXXX", which
 * atomic_clean_stale removes). Never a half-written output. The new file gets mode 0666
 * minus the umask, like fopen would give it.
 */
#ifndef SCAPULA_ATOMIC_H
#define SCAPULA_ATOMIC_H

#include <stddef.h>

#include <libxml/tree.h>

/* Write LEN bytes of BUF to PATH atomically. Errors name PATH. */
int atomic_write_buffer(const char *path, const void *buf, size_t len);

/*
 * Serialize DOC (UTF-8, with an XML declaration, indented where libxml2 may do so without
 * changing text content) and write it to PATH atomically. The same document gives the same
 * bytes.
 */
int atomic_write_doc(xmlDocPtr doc, const char *path);

/*
 * Remove from DIR the temporaries (".NAME.XXXXXX") a killed writer of the files NAMES (a
 * NULL-terminated list of base names) may have left. Returns how many, or -1 with the error set.
 */
int atomic_clean_stale(const char *dir, const char *const *names);

/* Serialize DOC as atomic_write_doc does, into a new buffer the caller frees with xmlFree. */
int xml_doc_to_buffer(xmlChar **out, size_t *out_len, xmlDocPtr doc);

/* Write all LEN bytes of BUF to FD, resuming after signals. 0, or -1 with errno set. */
int write_all(int fd, const void *buf, size_t len);

#endif
