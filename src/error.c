/*
 * error.c - per-thread error channel
 */
#include <stdio.h>
#include <string.h>

#include "error.h"

#define ERROR_MAX 2048

static _Thread_local char message[ERROR_MAX];
static _Thread_local enum err_kind kind;

/*
 * Messages quote hostile input (names, ids, values) and end up on a terminal and in logs:
 * control characters, C0 and C1 (U+0080 to U+009F, two bytes in UTF-8), become '?', so a
 * message stays one line and cannot carry escape sequences.
 */
static void neutralize(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
}

int error_vset(enum err_kind k, const char *fmt, va_list ap)
{
	kind = k;
	vsnprintf(message, sizeof(message), fmt, ap);
	neutralize(message);
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
	neutralize(message);
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
