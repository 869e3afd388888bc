/*
 * arf.h - ARF 1.1 (NIST IR 7694) results of one host
 *
 * arf_write builds, with libxml2 (libopenscap's ds_rds_create leaves the OVAL results out):
 *
 *   arf:asset-report-collection
 *     core:relationships      xccdf1 and oval0 createdFor collection1, isAbout asset0
 *     arf:report-requests     collection1: the source data stream, as loaded
 *     arf:assets              asset0: ai:computing-device (connections, fqdn, hostname)
 *     arf:reports
 *       xccdf1                XCCDF 1.2 TestResult: benchmark, tailoring-file, identity,
 *                             profile, target (the Exchange host, never this machine),
 *                             target-address, target-facts, target-id-ref, set-value,
 *                             rule-result (result, ident, message = finding details,
 *                             check with check-export and check-content-ref href="#oval0"),
 *                             score (urn:xccdf:scoring:default)
 *       oval0                 OVAL 5.11 results with the system characteristics
 *
 * The same inputs give the same bytes: every time in the document comes from the caller.
 */
#ifndef SCAPULA_ARF_H
#define SCAPULA_ARF_H

#include <stddef.h>
#include <time.h>

#include <libxml/tree.h>

#include "evaluate.h"

#define ARF_XCCDF_REPORT_ID "xccdf1"
#define ARF_OVAL_REPORT_ID  "oval0"
#define ARF_ASSET_ID	    "asset0"
#define ARF_REQUEST_ID	    "collection1"

/* A target fact beyond the asset identifiers: urn:scapula:fact:exchange_role, ... */
struct arf_fact {
	const char *name; /* a URI */
	const char *type; /* "string" | "number" | "boolean" */
	const char *value;
};

/* The host the facts describe (never the machine scapula runs on). Strings are borrowed. */
struct arf_host {
	const char *hostname;	/* required */
	const char *fqdn;	/* NULL when unknown */
	const char *const *ips; /* IPv4 or IPv6, as collected */
	size_t n_ips;
	const char *const *macs; /* "00-15-5D-0A-01-02" or "00:15:5d:0a:01:02" */
	size_t n_macs;
	const char *identity; /* who collected the facts; NULL leaves out the identity element */
	int authenticated, privileged;
	const struct arf_fact *facts;
	size_t n_facts;
};

struct arf_input {
	const struct eval_content *content;
	const struct eval_result *result;
	const struct arf_host *host;
	const struct eval_values *tailoring; /* NULL when no tailoring file was used */
	time_t start_time;		     /* when the facts were collected */
	time_t end_time;		     /* when they were evaluated: arf_time_now */
	int shallow_request; /* 1: the report request holds the data stream's root element only,
				for a caller that splices in its content, serialized once (scan) */
};

/* Build the ARF document. On success *out is a new document (xmlFreeDoc). */
int arf_write(xmlDocPtr *out, const struct arf_input *in);

/* The XCCDF TestResult element of an ARF document (report xccdf1), or NULL. Borrowed. */
xmlNodePtr arf_test_result(xmlDocPtr arf);

/* SOURCE_DATE_EPOCH when set (it must be a plain number of seconds), else the clock. */
int arf_time_now(time_t *out);

/* Parse an RFC 3339 date-time ("2026-11-20T14:03:11Z", "...T09:03:11.5-05:00"). */
int arf_time_parse(time_t *out, const char *text);

/* Format T as an xsd:dateTime in UTC ("2026-11-20T14:03:11Z") into BUF (at least 21 bytes). */
void arf_time_format(char *buf, size_t size, time_t t);

#endif
