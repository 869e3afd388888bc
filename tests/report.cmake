# report tests: every report of a scan (HTML, CKL, CKLB, CSV) judged against the ARF it came from
# by tests/report/check_reports.py (xml.etree on the ARF; xmllint + DISA's XSD, jsonschema + DISA's
# CKLB schema, the csv module, MITRE SAF's ckl2hdf, headless Chromium for the reports), for the
# example bundles and for a bundle full of markup; `scapula report` giving scan's bytes again;
# and the stylesheets under xslt.c's security preferences (unit).
scapula_unit_test(xslt)

find_program(NODE node)
set(report_pkg ${SHARED_DIR}/stig/packages/U_MS_Exchange_2016_V2R6_STIG.zip)
set(report_out ${CMAKE_CURRENT_BINARY_DIR}/report-out)
set(report_check ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/report/check_reports.py)
set(report_saf ${CMAKE_CURRENT_SOURCE_DIR}/node/node_modules/.bin/saf)
set(report_browser ${NODE} ${CMAKE_CURRENT_SOURCE_DIR}/report/browser_test.js)
set(report_markup "<script>alert(1)</script>")

# The example bundles (two Mailbox, two Edge hosts): findings, so scan exits 2.
add_test(NAME report_scan_examples
  COMMAND ${report_check} scan 2 ${report_out}/examples $<TARGET_FILE:scapula>
          ${report_pkg} --facts ${PROJECT_SOURCE_DIR}/content/examples -q)
set_tests_properties(report_scan_examples PROPERTIES FIXTURES_SETUP report_examples)
add_test(NAME report_check_examples
  COMMAND ${report_check} check ${report_out}/examples ${SHARED_DIR} ${PROJECT_SOURCE_DIR}
          ${report_saf})
add_test(NAME report_browser_examples
  COMMAND ${report_check} browser ${report_out}/examples ${report_browser})
set_tests_properties(report_check_examples report_browser_examples PROPERTIES
  FIXTURES_REQUIRED report_examples TIMEOUT 900)

# Markup, quotes, ampersands and ]]> in connector names, banners, the OS and answer comments.
add_test(NAME report_scan_hostile
  COMMAND ${report_check} scan 2 ${report_out}/hostile $<TARGET_FILE:scapula>
          ${report_pkg} --facts ${CMAKE_CURRENT_SOURCE_DIR}/report/hostile-facts.json
          --answers ${CMAKE_CURRENT_SOURCE_DIR}/report/hostile-answers.xml -q)
set_tests_properties(report_scan_hostile PROPERTIES FIXTURES_SETUP report_hostile)
add_test(NAME report_check_hostile
  COMMAND ${report_check} check ${report_out}/hostile ${SHARED_DIR} ${PROJECT_SOURCE_DIR}
          ${report_saf} --markup ${report_markup})
add_test(NAME report_browser_hostile
  COMMAND ${report_check} browser ${report_out}/hostile ${report_browser}
          --markup ${report_markup})
set_tests_properties(report_check_hostile report_browser_hostile PROPERTIES
  FIXTURES_REQUIRED report_hostile TIMEOUT 900)

# Exit 77 only when /usr/bin/chromium is absent; the test then shows as skipped, with the reason.
set_tests_properties(report_browser_examples report_browser_hostile PROPERTIES
  SKIP_RETURN_CODE 77)

# scapula report on a scan's arf.xml, into a fresh folder: the same bytes (SOURCE_DATE_EPOCH for
# both); and the same UUIDs as the examples scanned at another time.
add_test(NAME report_regenerate
  COMMAND ${report_check} regen ${report_out}/regen $<TARGET_FILE:scapula>
          ${report_out}/examples ${report_pkg} --facts ${PROJECT_SOURCE_DIR}/content/examples -q)
set_tests_properties(report_regenerate PROPERTIES FIXTURES_REQUIRED report_examples)
