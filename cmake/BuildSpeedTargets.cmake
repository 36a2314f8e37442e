# Applies cmake/BuildSpeed.cmake to the targets, once they exist (included at the end of the
# top-level CMakeLists.txt).
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/harness report/junit_report.cpp)
# Not a collision: valijson's templates make this the heaviest file (18 s at -O2); alone it
# compiles beside the rest of wc_harness on the second core instead of lengthening that batch.
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/harness schema/payload_validator.cpp)
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/reference runs/run_execution.cpp)
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/harness/load load_mode.cpp)
if(WEBHOOK_CONFORMANCE_TESTS)
  wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/tests/harness/session destructive_isolation_test.cpp)
endif()

# The tool's libraries in one batch each, fewer and larger than the tests' 8: nlohmann/json's and
# httplib's inline code is optimised once per batch, and at -O2 that code generation is ~80 % of
# a compile (-ftime-report). Tool-only build, 2 cores idle: 110 s with batches of 8, 84 s like
# this (docs/PERFORMANCE.md, "Build time"). The application's batches, the longest, start first: CMakeLists.txt
# adds harness/session, harness/cli and harness/load right after harness.
set_target_properties(wc_util wc_harness wc_session wc_load wc_live wc_launch wc_cli wc_reference wc_suites
  PROPERTIES UNITY_BUILD_BATCH_SIZE 0)

# One precompiled header, built with wc_harness and reused by every target compiled with the
# same flags (the libraries, the tests, benchmarks and fuzzers: a preset sets the flags for the
# whole build). Extra -D definitions of a consumer (WC_BINARY, ...) do not touch these headers,
# which GCC and clang both accept. valijson is left out: one file includes it.
if(WEBHOOK_CONFORMANCE_PCH)
  target_precompile_headers(wc_harness PRIVATE
    <httplib.h> <nlohmann/json.hpp> <gtest/gtest.h> <regex>
    <algorithm> <chrono> <condition_variable> <functional> <map> <memory> <mutex> <optional>
    <sstream> <string> <thread> <vector>)
  # Not wc_util nor wc_reference: one batch each, and the header's gtest would need gtest's flags.
  set(wc_pch_users wc_suites wc_session wc_load wc_live wc_launch wc_cli)
  # The executables (and tests/support's library) of a directory and of its subdirectories:
  # tests/ has one per folder of code.
  function(wc_pch_users_in dir out)
    set(users "")
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE" OR target STREQUAL "wc_test_support")
        list(APPEND users ${target})
      endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
      wc_pch_users_in(${subdir} sub_users)
      list(APPEND users ${sub_users})
    endforeach()
    set(${out} ${users} PARENT_SCOPE)
  endfunction()
  foreach(dir tests bench fuzz)
    string(TOUPPER ${dir} option)
    if(WEBHOOK_CONFORMANCE_${option})  # the directory was added: its targets exist
      wc_pch_users_in(${PROJECT_SOURCE_DIR}/${dir} dir_users)
      list(APPEND wc_pch_users ${dir_users})
    endif()
  endforeach()
  foreach(target IN LISTS wc_pch_users)
    target_precompile_headers(${target} REUSE_FROM wc_harness)
  endforeach()
endif()
