# Fuzz targets (tests/fuzz/fuzz_<name>.c, each defining LLVMFuzzerTestOneInput) and their
# corpora (tests/fuzz/corpus/<name>/), as libgit2 does it:
#   - by default each target is linked with fuzz/replay.c and its corpus replays as the ctest
#     case fuzz_replay_<name> (under ASan/UBSan in the -DSCAPULA_SANITIZE=ON build);
#   - with -DSCAPULA_FUZZ=ON (clang only; bench/fuzz.sh) each is a libFuzzer executable, and the
#     core library is built with coverage instrumentation and ASan/UBSan.
option(SCAPULA_FUZZ "Build the fuzz targets with libFuzzer (clang)" OFF)

set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR}/fuzz)
set(SCAPULA_FUZZ_TARGETS package xml benchmark desc facts answers tailoring arf)

if(SCAPULA_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SCAPULA_FUZZ needs clang (CC=clang-14), not ${CMAKE_C_COMPILER_ID}")
  endif()
  set(fuzz_sanitize -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  # Everything linked with the instrumented core needs the sanitizer runtimes.
  target_compile_options(scapula_core PRIVATE -fsanitize=fuzzer-no-link ${fuzz_sanitize})
  target_link_options(scapula_core INTERFACE -fsanitize=address,undefined)
endif()

foreach(name ${SCAPULA_FUZZ_TARGETS})
  if(SCAPULA_FUZZ)
    add_executable(fuzz_${name} ${fuzz_dir}/fuzz_${name}.c ${fuzz_dir}/fuzz_common.c)
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer ${fuzz_sanitize})
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    add_executable(fuzz_${name} ${fuzz_dir}/fuzz_${name}.c ${fuzz_dir}/fuzz_common.c
                ${fuzz_dir}/replay.c)
    add_test(NAME fuzz_replay_${name}
      COMMAND fuzz_${name} ${fuzz_dir}/corpus/${name})
  endif()
  target_compile_options(fuzz_${name} PRIVATE ${SCAPULA_WARNINGS})
  target_compile_definitions(fuzz_${name} PRIVATE SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_include_directories(fuzz_${name} PRIVATE ${fuzz_dir})
  target_link_libraries(fuzz_${name} PRIVATE scapula_core)
endforeach()
