/*
 * error.h - one error channel for the whole of scapula
 *
 * Core modules never print: they set an error once, where it is found, naming the subject
 * (file, entry, rule, JSON path), and return -1. The CLI prints it once as
 * "scapula: CMD: MESSAGE". The channel is per thread.
 */
#ifndef SCAPULA_ERROR_H
#define SCAPULA_ERROR_H

#include <stdarg.h>

enum err_kind {
	ERR_NONE = 0,
	ERR_USAGE,    /* bad command line: exit 64 */
	ERR_IO,       /* cannot read or write a file */
	ERR_FORMAT,   /* malformed or hostile input */
	ERR_LIMIT,    /* input exceeds a configured cap */
	ERR_NOTFOUND, /* asked-for rule, STIG or file is not there */
	ERR_NOMEM,
	ERR_INTERNAL,
};

/* Set the error (replacing any earlier one). Always returns -1 so callers can `return error_set(...)`. */
int error_set(enum err_kind kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int error_vset(enum err_kind kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Prefix the current message with context: "CONTEXT: old message". Returns -1. */
int error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The current message; borrowed, valid until the next error_* call on this thread. "" if none. */
const char *error_message(void);
enum err_kind error_kind(void);
void error_clear(void);

/* Sets ERR_NOMEM and returns -1. */
int error_oom(void);

#endif
