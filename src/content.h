/*
 * content.h - scapula's own check content: binding files and the OVAL documents they name
 *
 * A content folder (content/ in the source tree) holds, at any depth, binding files named
 * *.binding.xml (namespace urn:scapula:binding:1; see content/binding.xsd) and next to each
 * the OVAL 5.11 definitions file its "oval" attribute names. A binding file maps every rule of
 * one DISA benchmark, by Vuln id, to a class (automated, site-value, evidence, manual), an OVAL
 * definition where it has one, and the fingerprint of the check text the check was written
 * against. Loading checks every cross-reference (definitions, external variables, values) so
 * that later stages can trust it.
 */
#ifndef SCAPULA_CONTENT_H
#define SCAPULA_CONTENT_H

#include <stddef.h>

#include <libxml/tree.h>

#define BINDING_NS     "urn:scapula:binding:1"
#define OVAL_DEFS_NS   "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define OVAL_COMMON_NS "http://oval.mitre.org/XMLSchema/oval-common-5"

enum rule_class {
	RULE_AUTOMATED,	 /* an OVAL definition decides pass/fail */
	RULE_SITE_VALUE, /* same, against a value the site may tailor (an XCCDF Value) */
	RULE_EVIDENCE,	 /* collected facts shown to a reviewer; not decided */
	RULE_MANUAL,	 /* not checked */
};

/* "automated", "site-value", "evidence", "manual". */
const char *rule_class_name(enum rule_class c);

/* A rule class with an OVAL definition (automated or site-value). */
int rule_class_checked(enum rule_class c);

struct binding_value {
	char *id;	     /* "max_hop_count" */
	char *type;	     /* "number" | "string" | "boolean" */
	char *variable;	     /* the OVAL external_variable id it feeds */
	char *default_value; /* the STIG's value; "" when the STIG leaves it to the site */
	int required;	     /* the site must set it (required="true", or no default) */
	char *title;	     /* always ("" if absent) */
	char *description;   /* always ("" if absent) */
};

struct binding_evidence {
	char *module, *verb, *noun;
};

struct binding_rule {
	char *vuln;    /* "V-228375" */
	char *stig_id; /* "EX16-MB-000220" ("" if absent) */
	char *severity; /* DISA's severity when written: high | medium | low; "" if absent */
	enum rule_class cls;
	char *definition;   /* OVAL definition id; "" for evidence and manual */
	char *check_sha256; /* 64 lower-case hex digits */
	char *reason;	    /* always ("" if absent) */
	char **exports;	    /* value ids (site-value rules) */
	size_t n_exports;
	struct binding_evidence *evidence;
	size_t n_evidence;
};

struct binding {
	char *path;	       /* the binding file */
	char *benchmark;       /* DISA's benchmark id: "MS_Exchange_2016_Mailbox_Server_STIG" */
	char *oval_href;       /* the OVAL file name as written: "mailbox.oval.xml" */
	char *oval_path;       /* that file, resolved next to the binding file */
	char *written_against; /* "V2R6" */
	struct binding_value *values;
	size_t n_values;
	struct binding_rule *rules; /* in file order */
	size_t n_rules;
	xmlDocPtr oval; /* the parsed OVAL definitions document */
};

struct content {
	char *dir;
	struct binding *bindings; /* sorted by benchmark id */
	size_t n_bindings;
};

/*
 * The content folder to use when none is given: $SCAPULA_CONTENT_DIR if set and not empty,
 * else the source tree's content/. Borrowed; valid for the life of the process.
 */
const char *content_default_dir(void);

/*
 * Load every binding file under DIR (sorted, at most 4 folders deep) and the OVAL document
 * each names. A folder without any binding file is an error. On error the message names the
 * file and the rule, value or definition at fault.
 */
int content_load(struct content **out, const char *dir);

/* Load a single binding file and its OVAL document. */
int binding_load(struct binding *out, const char *path);
void binding_release(struct binding *b);

void content_free(struct content *c);

/* The binding for benchmark id ID (DISA's XCCDF 1.1 id), or NULL. Borrowed from C. */
const struct binding *content_find(const struct content *c, const char *id);

/* The rule for Vuln id VULN, or NULL. Borrowed from B. */
const struct binding_rule *binding_rule_find(const struct binding *b, const char *vuln);

/* The value with id ID, or NULL. Borrowed from B. */
const struct binding_value *binding_value_find(const struct binding *b, const char *id);

/* The OVAL definition element with id ID in B's OVAL document, or NULL. Borrowed from B. */
xmlNodePtr binding_oval_definition(const struct binding *b, const char *id);

/*
 * The check-text fingerprint of the content conventions: SHA-256, lower-case hex, of TEXT
 * with every run of ASCII whitespace [ \t\r\n]+ replaced by one space and leading and trailing
 * whitespace removed. TEXT is the check-content as parsed (entities decoded once), UTF-8.
 */
int check_fingerprint(char out[65], const char *text);

#endif
