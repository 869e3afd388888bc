/*
 * checklist.c - CKLB (STIG Viewer 3) and CSV writers over the report model
 */
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "error.h"
#include "report_model.h"

/* The model's description-field names → CKLB keys. */
static const struct {
	const char *field;
	const char *key;
} cklb_fields[] = {
	{"FalsePositives", "false_positives"},
	{"FalseNegatives", "false_negatives"},
	{"Documentable", "documentable"},
	{"Mitigations", "mitigations"},
	{"PotentialImpacts", "potential_impacts"},
	{"ThirdPartyTools", "third_party_tools"},
	{"MitigationControl", "mitigation_control"},
	{"Responsibility", "responsibility"},
	{"SeverityOverrideGuidance", "security_override_guidance"},
	{"IAControls", "ia_controls"},
};

static const char *cklb_status(const char *ckl_status)
{
	if (strcmp(ckl_status, "NotAFinding") == 0)
		return "not_a_finding";
	if (strcmp(ckl_status, "Open") == 0)
		return "open";
	if (strcmp(ckl_status, "Not_Applicable") == 0)
		return "not_applicable";
	return "not_reviewed";
}

static const char *cklb_severity(const char *sev)
{
	if (strcmp(sev, "high") == 0 || strcmp(sev, "medium") == 0 || strcmp(sev, "low") == 0)
		return sev;
	return "unknown";
}

static int set_str(json_t *obj, const char *key, const char *value)
{
	if (json_object_set_new(obj, key, json_string(value ? value : "")) < 0)
		return error_set(ERR_FORMAT, "report model: '%s' is not valid UTF-8", key);
	return 0;
}

static json_t *string_array(xmlNodePtr parent, const char *name)
{
	json_t *arr = json_array();

	for (xmlNodePtr c = model_first(parent, name); c; c = model_next(c, name))
		json_array_append_new(arr, json_string(model_text(c)));
	return arr;
}

/* rule_id without DISA's "_rule" suffix, as STIG Viewer 3 displays it. */
static void pretty_rule_id(char *buf, size_t size, const char *rule_id)
{
	size_t n = strlen(rule_id);

	if (n > 5 && strcmp(rule_id + n - 5, "_rule") == 0)
		n -= 5;
	if (n >= size)
		n = size - 1;
	memcpy(buf, rule_id, n);
	buf[n] = '\0';
}

static json_t *cklb_rule(xmlNodePtr rule, xmlNodePtr stig, const char *stamp)
{
	json_t *r = json_object(), *ref = json_object(), *tree = json_array(), *g = json_object();
	char pretty[256];
	int bad = 0;

	pretty_rule_id(pretty, sizeof(pretty), model_attr(rule, "rule-id"));
	bad |= set_str(r, "uuid", model_attr(rule, "uuid"));
	bad |= set_str(r, "stig_uuid", model_attr(stig, "uuid"));
	bad |= set_str(r, "group_id", model_attr(rule, "vuln"));
	bad |= set_str(r, "group_id_src", model_attr(rule, "vuln"));
	bad |= set_str(r, "rule_id", pretty);
	bad |= set_str(r, "rule_id_src", model_attr(rule, "rule-id"));
	bad |= set_str(r, "target_key", model_attr(rule, "target-key"));
	bad |= set_str(r, "stig_ref", model_attr(stig, "stig-ref"));
	bad |= set_str(r, "weight", model_attr(rule, "weight"));
	bad |= set_str(r, "classification", "Unclassified");
	bad |= set_str(r, "severity", cklb_severity(model_attr(rule, "severity")));
	bad |= set_str(r, "rule_version", model_attr(rule, "stig-id"));
	bad |= set_str(r, "rule_title", model_child_text(rule, "title"));
	bad |= set_str(r, "fix_text", model_child_text(rule, "fix-text"));
	bad |= set_str(r, "reference_identifier", model_attr(rule, "target-key"));
	bad |= set_str(r, "group_title", model_attr(rule, "group-title"));
	bad |= set_str(r, "discussion", model_field(rule, "VulnDiscussion"));
	bad |= set_str(r, "check_content", model_child_text(rule, "check-content"));
	for (size_t i = 0; i < sizeof(cklb_fields) / sizeof(cklb_fields[0]); i++)
		bad |= set_str(r, cklb_fields[i].key, model_field(rule, cklb_fields[i].field));
	bad |= set_str(ref, "name", model_attr(rule, "check-ref-name"));
	bad |= set_str(ref, "href", model_attr(rule, "check-ref-href"));
	json_object_set_new(r, "check_content_ref", ref);
	json_object_set_new(r, "legacy_ids", string_array(rule, "legacy"));
	json_object_set_new(r, "ccis", string_array(rule, "cci"));
	bad |= set_str(g, "id", model_attr(rule, "vuln"));
	bad |= set_str(g, "title", model_attr(rule, "group-title"));
	bad |= set_str(g, "description", "<GroupDescription></GroupDescription>");
	json_array_append_new(tree, g);
	json_object_set_new(r, "group_tree", tree);
	bad |= set_str(r, "createdAt", stamp);
	bad |= set_str(r, "updatedAt", stamp);
	bad |= set_str(r, "status", cklb_status(model_attr(rule, "ckl-status")));
	json_object_set_new(r, "overrides", json_object());
	bad |= set_str(r, "comments", model_child_text(rule, "comment"));
	bad |= set_str(r, "finding_details", model_child_text(rule, "details"));
	if (bad) {
		json_decref(r);
		return NULL;
	}
	return r;
}

static json_t *cklb_stig(xmlNodePtr stig, const char *stamp)
{
	json_t *s = json_object(), *rules = json_array();
	int bad = 0;

	bad |= set_str(s, "stig_name", model_attr(stig, "title"));
	bad |= set_str(s, "display_name", model_attr(stig, "display-name"));
	bad |= set_str(s, "stig_id", model_attr(stig, "id"));
	bad |= set_str(s, "release_info", model_attr(stig, "release-info"));
	bad |= set_str(s, "uuid", model_attr(stig, "uuid"));
	bad |= set_str(s, "reference_identifier", model_attr(stig, "target-key"));
	json_object_set_new(s, "size", json_integer(strtol(model_attr(stig, "size"), NULL, 10)));
	json_object_set_new(s, "rules", rules);
	for (xmlNodePtr r = model_first(stig, "rule"); r && !bad; r = model_next(r, "rule")) {
		json_t *jr = cklb_rule(r, stig, stamp);
		if (!jr)
			bad = 1;
		else
			json_array_append_new(rules, jr);
	}
	if (bad) {
		json_decref(s);
		return NULL;
	}
	return s;
}

static json_t *cklb_target(xmlNodePtr host)
{
	json_t *t = json_object();
	xmlNodePtr ip = model_first(host, "ip"), mac = model_first(host, "mac");

	set_str(t, "target_type", "Computing");
	set_str(t, "host_name", model_attr(host, "hostname"));
	set_str(t, "ip_address", ip ? model_text(ip) : "");
	set_str(t, "mac_address", mac ? model_text(mac) : "");
	set_str(t, "fqdn", model_attr(host, "fqdn"));
	set_str(t, "comments", "");
	set_str(t, "role", "Member Server");
	json_object_set_new(t, "is_web_database", json_false());
	set_str(t, "technology_area", "Exchange Server");
	set_str(t, "web_db_site", "");
	set_str(t, "web_db_instance", "");
	return t;
}

int cklb_from_model(json_t **out, xmlDocPtr model)
{
	xmlNodePtr root = xmlDocGetRootElement(model);
	xmlNodePtr host = model_first(root, "host");
	const char *stamp = model_attr(root, "scan-time");
	json_t *doc, *stigs;

	*out = NULL;
	if (!host)
		return error_set(ERR_FORMAT, "report model: no host");
	doc = json_object();
	stigs = json_array();
	set_str(doc, "title", model_attr(root, "title"));
	set_str(doc, "id", model_attr(root, "uuid"));
	set_str(doc, "cklb_version", "1.0");
	json_object_set_new(doc, "target_data", cklb_target(host));
	json_object_set_new(doc, "stigs", stigs);
	for (xmlNodePtr s = model_first(root, "stig"); s; s = model_next(s, "stig")) {
		json_t *js = cklb_stig(s, stamp);
		if (!js) {
			json_decref(doc);
			return -1;
		}
		json_array_append_new(stigs, js);
	}
	*out = doc;
	return 0;
}

/*
 * Append S to the growing buffer, quoted per RFC 4180 when it needs to be. A cell that a
 * spreadsheet would take for a formula (=, +, - or @ first: a rule title from a tampered
 * package, say) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice
 * on CSV injection).
 */
static int csv_cell(char **buf, size_t *len, size_t *cap, const char *s, int last, int one_line)
{
	size_t need = 2 * strlen(s) + 6;
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	char *p;

	if (*len + need > *cap) {
		size_t ncap = (*cap + need) * 2;
		char *n = realloc(*buf, ncap);
		if (!n)
			return error_oom();
		*buf = n;
		*cap = ncap;
	}
	p = *buf + *len;
	if (quote)
		*p++ = '"';
	if (*s && strchr("=+-@", *s))
		*p++ = '\'';
	for (; *s; s++) {
		char c = *s;
		if (one_line && (c == '\r' || c == '\n' || c == '\t')) {
			c = ' ';
		} else if (c == '"') {
			*p++ = '"';
		}
		*p++ = c;
	}
	if (quote)
		*p++ = '"';
	if (last) {
		*p++ = '\r';
		*p++ = '\n';
	} else {
		*p++ = ',';
	}
	*len = (size_t)(p - *buf);
	return 0;
}

static int csv_row(char **buf, size_t *len, size_t *cap, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (csv_cell(buf, len, cap, cells[i], i + 1 == n, 1) < 0)
			return -1;
	return 0;
}

static int csv_rule(char **buf, size_t *len, size_t *cap, const char *host, xmlNodePtr stig,
		    xmlNodePtr rule)
{
	static const char *const cat_names[] = {"", "CAT I", "CAT II", "CAT III"};
	char ccis[4096] = "";
	size_t used = 0;
	long cat = strtol(model_attr(rule, "cat"), NULL, 10);
	const char *cells[10];

	for (xmlNodePtr c = model_first(rule, "cci"); c; c = model_next(c, "cci")) {
		size_t l = strlen(model_text(c));
		if (used + l + 2 >= sizeof(ccis))
			break;
		if (used)
			ccis[used++] = ' ';
		memcpy(ccis + used, model_text(c), l + 1);
		used += l;
	}
	cells[0] = host;
	cells[1] = model_attr(stig, "id");
	cells[2] = model_attr(rule, "vuln");
	cells[3] = model_attr(rule, "rule-id");
	cells[4] = model_attr(rule, "stig-id");
	cells[5] = cat >= 1 && cat <= 3 ? cat_names[cat] : "";
	cells[6] = model_attr(rule, "result");
	cells[7] = model_child_text(rule, "title");
	cells[8] = model_child_text(rule, "details");
	cells[9] = ccis;
	return csv_row(buf, len, cap, cells, 10);
}

int csv_from_model(char **buf, size_t *len, xmlDocPtr model, int header)
{
	static const char *const head[] = {"hostname", "stig", "vuln_id", "rule_id", "stig_id",
					   "cat", "status", "title", "finding_details", "ccis"};
	xmlNodePtr root = xmlDocGetRootElement(model);
	const char *host = model_attr(model_first(root, "host"), "hostname");
	size_t cap = *len;

	if (header && csv_row(buf, len, &cap, head, 10) < 0)
		return -1;
	for (xmlNodePtr s = model_first(root, "stig"); s; s = model_next(s, "stig"))
		for (xmlNodePtr r = model_first(s, "rule"); r; r = model_next(r, "rule"))
			if (csv_rule(buf, len, &cap, host, s, r) < 0)
				return -1;
	return 0;
}
