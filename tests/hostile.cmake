# hostile inputs, end to end (tests/hostile/): every case of docs/security.md through the
# command line - exit 1, one line naming the file and the place, within 2 s and 200 MB, nothing
# written, an earlier report left as it was - and scan killed with SIGKILL while it writes a
# fleet. The inputs (a 1 GiB bundle, bombs, 200,000 attributes...) are made at test time.
# SCAPULA_SANITIZED=1 (set here for the -DSCAPULA_SANITIZE=ON build) stretches the time bound
# tenfold and drops the memory bound, and the output says so. GNU time measures the memory.
find_program(GNU_TIME time PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)

add_test(NAME hostile_inputs
  COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/run_hostile.py $<TARGET_FILE:scapula>
          ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/hostile-inputs)
add_test(NAME hostile_crash_safety
  COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/crash_safety.py $<TARGET_FILE:scapula>
          ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/hostile-crash)
# Both measure time: run them alone, not beside the rest of the suite.
set_tests_properties(hostile_inputs hostile_crash_safety PROPERTIES RUN_SERIAL TRUE TIMEOUT 1200)
if(SCAPULA_SANITIZE)
  set_tests_properties(hostile_inputs hostile_crash_safety PROPERTIES
    ENVIRONMENT SCAPULA_SANITIZED=1)
endif()
