# facts tests: the bundle loader, the system characteristics writer, the examples, hostile
# bundles (the big ones written at test time by fixtures/facts/make_hostile.py, never committed)
# and OVAL evaluation of the written system characteristics by oscap, an independent oracle.
find_program(PYTHON3 python3 REQUIRED)
find_program(OSCAP oscap REQUIRED)

scapula_unit_test(facts)
scapula_unit_test(syschar)

set(FACTS_FIX ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/facts)

# A 1 GB string (as a file and through a pipe) and depth 10,000: refused by the caps, with
# memory to spare (the script checks the peak resident size of each run).
add_test(NAME facts_hostile_generated
  COMMAND ${PYTHON3} ${FACTS_FIX}/make_hostile.py $<TARGET_FILE:scapula>
          ${CMAKE_CURRENT_BINARY_DIR}/facts-hostile)
# Its 256 MiB peak-RSS bound is for scapula, not for ASan's shadow memory and quarantine.
set_tests_properties(facts_hostile_generated PROPERTIES LABELS no-asan)

# The examples hold every cmdlet the V2R6 check texts name, and pass the JSON Schema.
add_test(NAME facts_examples_cover_stig
  COMMAND ${PYTHON3} ${FACTS_FIX}/check_examples.py ${PROJECT_SOURCE_DIR} ${SHARED_DIR})

# Written system characteristics validate against the OVAL 5.11 schemas, and oscap's
# evaluation of our test definitions gives pass, fail, error and unknown where it should.
foreach(case good bad error missing)
  add_test(NAME facts_oval_${case}
    COMMAND ${PYTHON3} ${FACTS_FIX}/oval_check.py $<TARGET_FILE:scapula> ${OSCAP}
            ${FACTS_FIX}/defs.xml ${FACTS_FIX}/${case}.json
            ${CMAKE_CURRENT_BINARY_DIR}/facts-oval/${case} ${FACTS_FIX}/expected-${case}.txt)
endforeach()
foreach(case mailbox-default mailbox-hardened edge-default)
  add_test(NAME facts_oval_example_${case}
    COMMAND ${PYTHON3} ${FACTS_FIX}/oval_check.py $<TARGET_FILE:scapula> ${OSCAP}
            ${FACTS_FIX}/defs.xml ${PROJECT_SOURCE_DIR}/content/examples/${case}.json
            ${CMAKE_CURRENT_BINARY_DIR}/facts-oval/${case} ${FACTS_FIX}/expected-${case}.txt)
endforeach()
add_test(NAME facts_oval_no_definitions
  COMMAND ${PYTHON3} ${FACTS_FIX}/oval_check.py $<TARGET_FILE:scapula> ${OSCAP}
          - ${PROJECT_SOURCE_DIR}/content/examples/edge-default.json
          ${CMAKE_CURRENT_BINARY_DIR}/facts-oval/no-definitions -)
