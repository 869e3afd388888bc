/*
 * fuzz_xml.c - the hardened XML loader: pre-scan and parse of any bytes
 */
#include "error.h"
#include "fuzz.h"
#include "xml.h"

#define NAME "fuzz.xml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr doc = NULL;
	int prescan;

	fuzz_init();
	error_clear();
	prescan = xml_prescan((const char *)data, size, NAME);
	if (prescan < 0)
		fuzz_check_error(NAME);
	if (xml_parse(&doc, (const char *)data, size, NAME) < 0) {
		fuzz_assert(!doc, "a failed parse returned a document");
		fuzz_check_error(NAME);
		return 0;
	}
	/* What the pre-scan refuses must never reach libxml2. */
	fuzz_assert(prescan == 0, "a document the pre-scan refused was parsed");
	fuzz_assert(doc && xmlDocGetRootElement(doc), "a parsed document without a root element");
	xmlFreeDoc(doc);
	return 0;
}
