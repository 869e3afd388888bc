/*
 * benchmark_json.h - the JSON form of the model: one object per rule
 *
 * The object is documented in docs/rules-json.md and docs/rules.schema.json; `rules --format
 * json` writes one per rule and `show --format json` the same object. Keys come in a fixed
 * order, so output is reproducible.
 */
#ifndef SCAPULA_BENCHMARK_JSON_H
#define SCAPULA_BENCHMARK_JSON_H

#include <jansson.h>

#include "benchmark.h"

/* What the rule objects of one benchmark share: its summary object and a profile index. */
struct rules_json;

/* Prepare the rule objects of B (borrowed: B must outlive *OUT). */
int rules_json_new(struct rules_json **out, const struct benchmark *b);

/* A new reference to the object of rule I of the benchmark; NULL (error set) when out of memory. */
json_t *rules_json_rule(struct rules_json *rj, size_t i);

void rules_json_free(struct rules_json *rj);

/* The object of R, one of B's rules; NULL (error set) when out of memory. */
json_t *rule_to_json(const struct benchmark *b, const struct rule *r);

#endif
