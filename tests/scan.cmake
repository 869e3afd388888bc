# scan tests (tests/scan/scan_check.py): ARF validity and every verdict against the content's
# oracle on the example bundles, with the V2R6 package and with the content alone; exit
# statuses, bad hosts among good ones, -j, the progress bar; no probing of this machine under
# strace -f; tailoring (the template of 'scapula tailor', a tailored MaxHopCount); answer files;
# a worker killed mid-run.
find_program(OSCAP oscap REQUIRED)
find_program(STRACE strace REQUIRED)
find_program(XMLLINT xmllint REQUIRED)

set(scan_check ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/scan/scan_check.py)
set(scan_work ${CMAKE_CURRENT_BINARY_DIR}/scan-work)
set(scan_v2r6 ${SHARED_DIR}/stig/packages/U_MS_Exchange_2016_V2R6_STIG.zip)
set(xccdf12_xsd /usr/share/openscap/schemas/xccdf/1.2/xccdf_1.2.xsd)

add_test(NAME scan_verdicts_content
  COMMAND ${scan_check} verdicts $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/verdicts-content ${OSCAP})
add_test(NAME scan_verdicts_v2r6
  COMMAND ${scan_check} verdicts $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/verdicts-v2r6 ${OSCAP} ${scan_v2r6})
add_test(NAME scan_exit_status
  COMMAND ${scan_check} exit $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR} ${scan_work}/exit)
add_test(NAME scan_no_probe
  COMMAND ${scan_check} noprobe $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/noprobe ${STRACE})
add_test(NAME scan_tailoring_content
  COMMAND ${scan_check} tailoring $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/tailoring-content ${xccdf12_xsd})
add_test(NAME scan_tailoring_v2r6
  COMMAND ${scan_check} tailoring $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/tailoring-v2r6 ${xccdf12_xsd} ${scan_v2r6})
add_test(NAME scan_answers
  COMMAND ${scan_check} answers $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}
          ${scan_work}/answers)
add_test(NAME scan_worker_killed
  COMMAND ${scan_check} fleet $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR} ${scan_work}/fleet)
