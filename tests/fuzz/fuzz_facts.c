/*
 * fuzz_facts.c - the facts bundle loader (JSON from the collector)
 */
#include <string.h>

#include "error.h"
#include "facts.h"
#include "fuzz.h"

#define NAME "fuzz-facts.json"

/* A loaded bundle answers its own look-ups: every command is found again by its key. */
static void check_model(const struct facts *f)
{
	fuzz_assert(f->host.hostname && f->collected, "a bundle without host name or date");
	for (size_t i = 0; i < f->n_commands; i++) {
		const struct facts_command *c = &f->commands[i];
		const struct facts_command *found = facts_find(f, c->key);

		fuzz_assert(found && strcmp(found->key, c->key) == 0,
			    "a command not found by its own key");
		fuzz_assert(facts_approved_verb(c->verb) != NULL,
			    "a command with an unapproved verb");
		for (size_t o = 0; o < c->n_objects; o++)
			for (size_t p = 0; p < c->objects[o].n_props; p++)
				fuzz_assert(
				    facts_prop_find(&c->objects[o], c->objects[o].props[p].name),
				    "a property not found by its own name");
	}
	fuzz_assert(facts_count_errors(f) <= f->n_commands, "more errors than commands");
	(void)facts_count_objects(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facts *f = NULL;

	fuzz_init();
	error_clear();
	if (facts_load_buffer(&f, (const char *)data, size, NAME) < 0) {
		fuzz_assert(!f, "a failed load returned a bundle");
		fuzz_check_error(NAME);
		return 0;
	}
	fuzz_assert(f != NULL, "a load that succeeded returned no bundle");
	check_model(f);
	facts_free(f);
	return 0;
}
