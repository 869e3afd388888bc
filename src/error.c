/*
 * error.c - per-thread error channel
 */
#include <stdio.h>
#include <string.h>

#include "error.h"

#define ERROR_MAX 2048

static _Thread_local char message[ERROR_MAX];
static _Thread_local enum err_kind kind;

int error_vset(enum err_kind k, const char *fmt, va_list ap)
{
	kind = k;
	vsnprintf(message, sizeof(message), fmt, ap);
	return -1;
}

int error_set(enum err_kind k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(k, fmt, ap);
	va_end(ap);
	return -1;
}

int error_prefix(const char *fmt, ...)
{
	char prefix[ERROR_MAX];
	char old[ERROR_MAX];
	size_t pl;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);

	memcpy(old, message, sizeof(old));
	pl = strlen(prefix);
	if (pl > sizeof(message) - 3)
		pl = sizeof(message) - 3;
	memcpy(message, prefix, pl);
	memcpy(message + pl, ": ", 2);
	memcpy(message + pl + 2, old, sizeof(message) - pl - 3);
	message[sizeof(message) - 1] = '\0';
	if (kind == ERR_NONE)
		kind = ERR_INTERNAL;
	return -1;
}

const char *error_message(void)
{
	return message;
}

enum err_kind error_kind(void)
{
	return kind;
}

void error_clear(void)
{
	kind = ERR_NONE;
	message[0] = '\0';
}

int error_oom(void)
{
	return error_set(ERR_NOMEM, "out of memory");
}
