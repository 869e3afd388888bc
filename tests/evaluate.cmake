# evaluate tests: probe-free evaluation and finding details (unit), the ARF writer (unit), and,
# through tests/evaluate/eval_driver, the ARF against oscap's schemas (rds-validate, and oval
# validate --results on the OVAL results inside it), no probing of this machine under strace,
# a tailored site value, reproducible bytes, and flat memory over 1000 evaluations.
find_program(OSCAP oscap REQUIRED)
find_program(XMLLINT xmllint REQUIRED)
find_program(STRACE strace REQUIRED)

scapula_unit_test(evaluate)
scapula_unit_test(arf)

add_executable(eval_driver evaluate/eval_driver.c)
target_compile_options(eval_driver PRIVATE ${SCAPULA_WARNINGS})
target_link_libraries(eval_driver PRIVATE scapula_core)

set(eval_fix ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/evaluate)
set(eval_check ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/evaluate/evaluate_check.py)
set(eval_work ${CMAKE_CURRENT_BINARY_DIR}/evaluate-work)

add_test(NAME evaluate_arf_validates
  COMMAND ${eval_check} validate $<TARGET_FILE:eval_driver> ${eval_fix} ${eval_work}/validate
          ${OSCAP} ${XMLLINT})
add_test(NAME evaluate_no_probe
  COMMAND ${eval_check} noprobe $<TARGET_FILE:eval_driver> ${eval_fix} ${eval_work}/noprobe
          ${STRACE})
add_test(NAME evaluate_tailoring
  COMMAND ${eval_check} tailoring $<TARGET_FILE:eval_driver> ${eval_fix} ${eval_work}/tailoring)
add_test(NAME evaluate_deterministic
  COMMAND ${eval_check} deterministic $<TARGET_FILE:eval_driver> ${eval_fix}
          ${eval_work}/deterministic)
add_test(NAME evaluate_memory_flat
  COMMAND ${eval_check} memory $<TARGET_FILE:eval_driver> ${eval_fix} ${eval_work}/memory)

# Every content fact case, scanned by scapula itself (facts -> system characteristics ->
# libopenscap -> ARF, scapula's own content), gives its rule the verdict its name expects.
add_test(NAME evaluate_content_cases
  COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/content/scan_cases.py $<TARGET_FILE:scapula>
          ${PROJECT_SOURCE_DIR}/content/exchange2016/tests/mailbox
          ${PROJECT_SOURCE_DIR}/content/exchange2016/tests/edge)
set_tests_properties(evaluate_content_cases PROPERTIES TIMEOUT 1800)
