# content tests: the OVAL definitions and binding file of the Exchange 2016 Mailbox Server STIG
find_program(PYTHON3 python3 REQUIRED)
find_program(OSCAP oscap REQUIRED)
find_program(XMLLINT xmllint REQUIRED)

set(CONTENT_DIR ${PROJECT_SOURCE_DIR}/content)
set(MAILBOX_XCCDF ${SHARED_DIR}/stig/xccdf/U_MS_Exchange_2016_Mailbox_Server_STIG_V2R6_Manual-xccdf.xml)
set(MAILBOX_OVAL ${CONTENT_DIR}/exchange2016/mailbox.oval.xml)
set(MAILBOX_BINDING ${CONTENT_DIR}/exchange2016/mailbox.binding.xml)
set(MAILBOX_CASES ${CONTENT_DIR}/exchange2016/tests/mailbox)
set(CONTENT_TOOLS ${CMAKE_CURRENT_SOURCE_DIR}/content)

# OVAL 5.11 schema and schematron (oscap runs both); anything on stderr is a failure too.
add_test(NAME content_mailbox_oval_valid
  COMMAND sh -c "out=$(\"$0\" oval validate \"$1\" 2>&1); rc=$?; printf '%s' \"$out\"; test $rc -eq 0 && test -z \"$out\""
          ${OSCAP} ${MAILBOX_OVAL})

add_test(NAME content_mailbox_binding_schema
  COMMAND ${XMLLINT} --noout --schema ${CONTENT_DIR}/binding.xsd ${MAILBOX_BINDING})

# Every V2R6 rule exactly once, fingerprints of the check texts, definitions, values, cases.
# 53 is what the content decides today (34 automated, 19 site-value): it may only grow.
add_test(NAME content_mailbox_binding_covers_benchmark
  COMMAND ${PYTHON3} ${CONTENT_TOOLS}/check_binding.py ${MAILBOX_XCCDF} ${MAILBOX_BINDING}
          ${MAILBOX_CASES} --min-decided 53)

# The XML files are what tests/content/mailbox_rules.py says (run make_content.py to rewrite).
add_test(NAME content_mailbox_generated
  COMMAND ${PYTHON3} ${CONTENT_TOOLS}/make_content.py ${MAILBOX_XCCDF} ${CONTENT_DIR}/exchange2016 --check)

# Every case gives the verdict in its name, by oscap on system characteristics built in python.
add_test(NAME content_mailbox_oracle
  COMMAND ${PYTHON3} ${CONTENT_TOOLS}/oval_oracle.py ${MAILBOX_OVAL} ${MAILBOX_BINDING} ${MAILBOX_CASES})

# The system characteristics the oracle builds are valid (null, list, empty and error cases).
add_test(NAME content_mailbox_oracle_syschar_valid
  COMMAND ${PYTHON3} ${CONTENT_TOOLS}/oval_oracle.py --validate ${MAILBOX_OVAL} ${MAILBOX_BINDING}
          ${MAILBOX_CASES} --only V-228354 --only V-228356 --only V-228359 --only V-228382
          --only V-228374 --only V-228395)

# The oracle catches content that misreads the check text.
add_test(NAME content_mailbox_oracle_selftest
  COMMAND ${PYTHON3} ${CONTENT_TOOLS}/oracle_selftest.py ${MAILBOX_OVAL} ${MAILBOX_BINDING} ${MAILBOX_CASES})
