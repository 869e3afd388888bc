# content tests: the OVAL definitions and binding file of the Exchange 2016 Edge Transport Server STIG
find_program(PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
find_program(OSCAP oscap REQUIRED)
find_program(XMLLINT xmllint REQUIRED)

set(EDGE_CONTENT_DIR ${PROJECT_SOURCE_DIR}/content)
set(EDGE_XCCDF ${SHARED_DIR}/stig/xccdf/U_MS_Exchange_2016_Edge_Transport_Server_STIG_V2R6_Manual-xccdf.xml)
set(EDGE_OVAL ${EDGE_CONTENT_DIR}/exchange2016/edge.oval.xml)
set(EDGE_BINDING ${EDGE_CONTENT_DIR}/exchange2016/edge.binding.xml)
set(EDGE_CASES ${EDGE_CONTENT_DIR}/exchange2016/tests/edge)
set(EDGE_TOOLS ${CMAKE_CURRENT_SOURCE_DIR}/content)

# OVAL 5.11 schema and schematron (oscap runs both); anything on stderr is a failure too.
add_test(NAME content_edge_oval_valid
  COMMAND sh -c "out=$(\"$0\" oval validate \"$1\" 2>&1); rc=$?; printf '%s' \"$out\"; test $rc -eq 0 && test -z \"$out\""
          ${OSCAP} ${EDGE_OVAL})

add_test(NAME content_edge_binding_schema
  COMMAND ${XMLLINT} --noout --schema ${EDGE_CONTENT_DIR}/binding.xsd ${EDGE_BINDING})

# Every V2R6 rule exactly once, fingerprints of the check texts, definitions, values, cases.
# 53 is what the content decides today (38 automated, 15 site-value); at least 52 is the goal; it may only grow.
add_test(NAME content_edge_binding_covers_benchmark
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/check_binding.py ${EDGE_XCCDF} ${EDGE_BINDING} ${EDGE_CASES}
          --min-decided 53)

# The XML files are what tests/content/edge_rules.py says (make_content.py --stig edge rewrites them).
add_test(NAME content_edge_generated
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/make_content.py ${EDGE_XCCDF} ${EDGE_CONTENT_DIR}/exchange2016 --stig edge --check)

# Every case gives the verdict in its name, by oscap on system characteristics built in python.
add_test(NAME content_edge_oracle
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/oval_oracle.py ${EDGE_OVAL} ${EDGE_BINDING} ${EDGE_CASES})

# The system characteristics the oracle builds are valid (null, list, empty and error cases).
add_test(NAME content_edge_oracle_syschar_valid
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/oval_oracle.py --validate ${EDGE_OVAL} ${EDGE_BINDING} ${EDGE_CASES}
          --only V-221217 --only V-221223 --only V-221241 --only V-221246)

# The cases catch content that misreads the check texts.
add_test(NAME content_edge_oracle_selftest
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/edge_oracle_selftest.py ${EDGE_OVAL} ${EDGE_BINDING} ${EDGE_CASES})

# The hardened example meets every decided rule once the site's values (its EDSP) are set;
# without them the rules needing a required value are not checked, and the default example
# fails exactly these.
add_test(NAME content_edge_example_hardened
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/example_verdicts.py ${EDGE_OVAL} ${EDGE_BINDING}
          ${EDGE_CONTENT_DIR}/examples/edge-hardened.json
          --values ${EDGE_TOOLS}/edge-site.values)
add_test(NAME content_edge_example_hardened_unset
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/example_verdicts.py ${EDGE_OVAL} ${EDGE_BINDING}
          ${EDGE_CONTENT_DIR}/examples/edge-hardened.json)
add_test(NAME content_edge_example_default
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/example_verdicts.py ${EDGE_OVAL} ${EDGE_BINDING}
          ${EDGE_CONTENT_DIR}/examples/edge-default.json
          --fail V-221203,V-221206,V-221210,V-221212,V-221217,V-221218,V-221219,V-221223,V-221229
          --fail V-221231,V-221233,V-221234,V-221238,V-221242,V-221245,V-221258,V-221260
          --fail V-221262)
add_test(NAME content_edge_example_default_site
  COMMAND ${PYTHON3} ${EDGE_TOOLS}/example_verdicts.py ${EDGE_OVAL} ${EDGE_BINDING}
          ${EDGE_CONTENT_DIR}/examples/edge-default.json --values ${EDGE_TOOLS}/edge-site.values
          --fail V-221203,V-221206,V-221210,V-221212,V-221217,V-221218,V-221219,V-221223,V-221229
          --fail V-221231,V-221233,V-221234,V-221235,V-221238,V-221242,V-221245,V-221253
          --fail V-221258,V-221260,V-221262)
