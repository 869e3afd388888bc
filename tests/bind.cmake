# bind tests: content loading, fingerprints, safe XSLT, atomic output, data streams (unit);
# scapula bind end to end: drift checked against an independent oracle
# (tests/oracles/drift_oracle.py), reproducible bytes, hostile packages. The data stream's
# validity (oscap ds sds-validate, oscap info) is checked by tests/cli/bind-*.
find_program(PYTHON3 python3 REQUIRED)
scapula_unit_test(bind)

set(bind_xccdf ${SHARED_DIR}/stig/xccdf)
set(bind_mailbox ${bind_xccdf}/U_MS_Exchange_2016_Mailbox_Server_STIG)
set(bind_check ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/bind_check.py)
foreach(release V2R3 V2R4)
  add_test(NAME bind_drift_mailbox_${release}
    COMMAND ${bind_check} drift $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}/content
            ${bind_mailbox}_${release}_Manual-xccdf.xml ${bind_mailbox}_V2R6_Manual-xccdf.xml)
endforeach()
set(bind_edge ${bind_xccdf}/U_MS_Exchange_2016_Edge_Transport_Server_STIG)
foreach(release V2R2 V2R3 V2R4 V2R5)
  add_test(NAME bind_drift_edge_${release}
    COMMAND ${bind_check} drift $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}/content
            ${bind_edge}_${release}_Manual-xccdf.xml ${bind_edge}_V2R6_Manual-xccdf.xml)
endforeach()
add_test(NAME bind_drift_fixture_V2R3
  COMMAND ${bind_check} drift $<TARGET_FILE:scapula> ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/bind/content
          ${bind_mailbox}_V2R3_Manual-xccdf.xml ${bind_mailbox}_V2R6_Manual-xccdf.xml)
add_test(NAME bind_reproducible
  COMMAND ${bind_check} reproducible $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}/content
          ${bind_mailbox}_V2R6_Manual-xccdf.xml
          ${SHARED_DIR}/stig/packages/U_MS_Exchange_2016_V2R6_STIG.zip
          MS_Exchange_2016_Mailbox_Server_STIG)
add_test(NAME bind_hostile_doctype_in_zip
  COMMAND ${bind_check} hostile-doctype $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}/content)
file(GLOB bind_exchange2016 ${bind_xccdf}/U_MS_Exchange_2016_*_Manual-xccdf.xml)
add_test(NAME bind_exchange2016_releases
  COMMAND ${bind_check} releases $<TARGET_FILE:scapula> ${PROJECT_SOURCE_DIR}/content
          ${bind_exchange2016})
