/*
 * facts.h - a facts bundle (format 1, docs/facts.md): what cmdlets returned on one Exchange host
 *
 * The loader reads the JSON bundle with a byte cap and a depth cap, checks every key and
 * type, and builds this model; anything else is rejected with an error naming the file and
 * the JSON path (`commands[3].objects[0].MaxHopCount: expected ...`). Every string in the
 * model is valid UTF-8 without NUL and without characters XML 1.0 cannot carry, so it can go
 * into any report as it is (after the usual escaping).
 */
#ifndef SCAPULA_FACTS_H
#define SCAPULA_FACTS_H

#include <stddef.h>

/* The only bundle format this release reads. */
#define FACTS_FORMAT 1

enum facts_type {
	FACTS_NULL,   /* the property was null: "does not exist" in OVAL */
	FACTS_BOOL,   /* .boolean */
	FACTS_INT,    /* .integer */
	FACTS_STRING, /* .string */
	FACTS_LIST,   /* .list: a multi-valued property, every element a string */
};

struct facts_value {
	enum facts_type type;
	int boolean;
	long long integer;
	char *string;
	char **list;
	size_t n_list;
};

/* One property of a returned object, named as PowerShell spells it. */
struct facts_prop {
	char *name;
	struct facts_value value;
};

/* One object a cmdlet returned; properties in the order of the bundle. */
struct facts_object {
	struct facts_prop *props;
	size_t n_props;
};

/* One cmdlet parameter; the value as text (true/false, decimal integers as such). */
struct facts_param {
	char *name;
	char *value;
	int scope; /* Server or Identity naming this host: ignored when matching */
};

enum facts_status { FACTS_OK, FACTS_ERROR };

enum facts_role { FACTS_ROLE_MAILBOX, FACTS_ROLE_EDGE };

struct facts_command {
	char *module;
	char *verb; /* spelled as OVAL's list of approved verbs spells it ("Get") */
	char *noun;
	struct facts_param *params;
	size_t n_params;
	enum facts_status status;
	char *error; /* FACTS_ERROR only: what the cmdlet said */
	struct facts_object *objects;
	size_t n_objects;
	char *key; /* canonical identity for matching (see facts_key_new) */
};

struct facts_host {
	char *hostname;
	char *fqdn; /* NULL when absent */
	char **ipv4;
	size_t n_ipv4;
	char **mac;
	size_t n_mac;
	char *os;	  /* NULL when absent */
	char *os_version; /* NULL when absent */
	enum facts_role role;
	char *exchange_role;	/* "Mailbox" or "Edge" */
	char *exchange_version; /* NULL when absent */
};

struct facts {
	char *name; /* the file name the bundle was loaded from */
	int format;
	char *collected;	 /* RFC 3339 date and time, as in the bundle */
	char *collector_name;	 /* NULL when absent */
	char *collector_version; /* NULL when absent */
	struct facts_host host;
	struct facts_command *commands;
	size_t n_commands;
	struct facts_command **by_key; /* the commands sorted by key, for facts_find */
};

/* Read and check the bundle at PATH (at most the JSON byte cap is read). */
int facts_load(struct facts **out, const char *path);

/* Check LEN bytes of BUF (need not be NUL-terminated); NAME names the bundle in errors. */
int facts_load_buffer(struct facts **out, const char *buf, size_t len, const char *name);

void facts_free(struct facts *f);

/*
 * The canonical identity of a command, for matching: module, verb and noun lower-cased, then
 * the parameters sorted by lower-cased name, with their values lower-cased. NAMES/VALUES are
 * parallel arrays of N entries, already without scope parameters. Returns a new string the
 * caller frees, or NULL (out of memory, error set).
 */
char *facts_key_new(const char *module, const char *verb, const char *noun,
		    const char *const *names, const char *const *values, size_t n);

/* The command whose key is KEY, or NULL. Borrowed, valid until facts_free. */
const struct facts_command *facts_find(const struct facts *f, const char *key);

/* The property of OBJ named NAME (ASCII case-insensitively), or NULL. Borrowed. */
const struct facts_prop *facts_prop_find(const struct facts_object *obj, const char *name);

/* The verb as OVAL 5.11 spells it ("get" -> "Get"), or NULL if it is not an approved verb. */
const char *facts_approved_verb(const char *verb);

/* Counts for summaries. */
size_t facts_count_errors(const struct facts *f);
size_t facts_count_objects(const struct facts *f);

#endif
