/*
 * fuzz_arf.c - the ARF reader `report` uses, and the checklist writers fed by its model
 *
 * ARF bytes → xml_parse → report_model_from_arf → CKLB (json) and CSV, as `report` does for
 * every format not made by XSLT.
 */
#include <stdlib.h>

#include <jansson.h>

#include "checklist.h"
#include "error.h"
#include "fuzz.h"
#include "report.h"
#include "xml.h"

#define NAME "fuzz-arf.xml"

static void write_checklists(xmlDocPtr model)
{
	json_t *cklb = NULL;
	char *csv = NULL, *text;
	size_t len = 0;

	if (cklb_from_model(&cklb, model) < 0) {
		fuzz_check_error("");
	} else {
		text = json_dumps(cklb, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fuzz_assert(text != NULL, "a CKLB document json_dumps cannot write");
		free(text);
		json_decref(cklb);
	}
	if (csv_from_model(&csv, &len, model, 1) < 0)
		fuzz_check_error("");
	free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr arf = NULL, model = NULL;

	fuzz_init();
	error_clear();
	if (xml_parse(&arf, (const char *)data, size, NAME) < 0) {
		fuzz_check_error(NAME);
		return 0;
	}
	if (report_model_from_arf(&model, arf, NAME) < 0) {
		fuzz_assert(!model, "a failed read returned a model");
		fuzz_check_error(NAME);
	} else {
		fuzz_assert(model != NULL, "a read that succeeded returned no model");
		write_checklists(model);
		xmlFreeDoc(model);
	}
	xmlFreeDoc(arf);
	return 0;
}
