# collector tests: the PowerShell facts collector cannot run here, so it is checked statically,
# against its manifest and the STIG check texts, and against the OVAL content (drift).
find_program(PYTHON3 python3 REQUIRED)
set(COLLECTOR_TOOLS ${CMAKE_CURRENT_SOURCE_DIR}/collector)
set(COLLECTOR_DIR ${PROJECT_SOURCE_DIR}/content/collect)

# read-only, balanced, table generated from the manifest, every cmdlet of the V2R6 checks run
add_test(NAME collector_static
  COMMAND ${PYTHON3} ${COLLECTOR_TOOLS}/check_collector.py
          --script ${COLLECTOR_DIR}/Collect-ExchangeFacts.ps1
          --manifest ${COLLECTOR_DIR}/cmdlets.json
          --xccdf-dir ${SHARED_DIR}/stig/xccdf)

# every cmdlet object, select and state of content/ is something the collector records, and
# every command the collector runs is used by the content of its role
add_test(NAME collector_drift
  COMMAND ${PYTHON3} ${COLLECTOR_TOOLS}/check_drift.py
          --manifest ${COLLECTOR_DIR}/cmdlets.json
          --content ${PROJECT_SOURCE_DIR}/content)

# the example bundles and the content's rule cases (error-* aside) hold only commands the
# collector runs and properties it records: they stand for what it writes
add_test(NAME collector_bundles
  COMMAND ${PYTHON3} ${COLLECTOR_TOOLS}/check_drift.py
          --manifest ${COLLECTOR_DIR}/cmdlets.json
          --bundles ${PROJECT_SOURCE_DIR}/content/examples
          --bundles ${PROJECT_SOURCE_DIR}/content/exchange2016/tests)

# the two checkers fail on mutated copies (a write cmdlet, unbalanced braces, content asking
# for a command or property the collector lacks, a collector command the content lacks)
add_test(NAME collector_checkers
  COMMAND ${PYTHON3} ${COLLECTOR_TOOLS}/test_checkers.py
          --source-dir ${PROJECT_SOURCE_DIR}
          --xccdf-dir ${SHARED_DIR}/stig/xccdf)
