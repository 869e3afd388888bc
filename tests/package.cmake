# package tests: the walker on DISA's real packages, on our mini STIG, and on hostile zips
# written at test time (tests/fixtures/make_hostile.py; never committed, several are bombs).
find_program(PYTHON3 python3 REQUIRED)
add_test(NAME package_hostile_fixtures
  COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/make_hostile.py
          ${CMAKE_CURRENT_BINARY_DIR}/hostile)
set_tests_properties(package_hostile_fixtures PROPERTIES FIXTURES_SETUP package_hostile)

scapula_unit_test(package)
set_tests_properties(unit_package PROPERTIES FIXTURES_REQUIRED package_hostile)

# The committed mini-stig.zip is exactly what its script makes from tests/fixtures/mini-stig/.
add_test(NAME package_mini_stig_reproducible
  COMMAND sh -c "'${CMAKE_CURRENT_SOURCE_DIR}/fixtures/make-mini-stig.sh' '${CMAKE_CURRENT_BINARY_DIR}/mini-stig.zip' && cmp '${CMAKE_CURRENT_SOURCE_DIR}/fixtures/mini-stig.zip' '${CMAKE_CURRENT_BINARY_DIR}/mini-stig.zip'")
