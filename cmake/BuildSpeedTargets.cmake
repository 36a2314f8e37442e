# Applies cmake/BuildSpeed.cmake to the targets, once they exist (included at the end of the
# top-level CMakeLists.txt).
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/harness report/junit_report.cpp)
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/fixtures/reference run_execution.cpp)
wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/harness/cli load_command.cpp)
if(WEBHOOK_CONFORMANCE_TESTS)
  wc_unity_build_exclusions(${PROJECT_SOURCE_DIR}/tests destructive_isolation_test.cpp)
endif()

# One precompiled header, built with wc_harness and reused by every target compiled with the
# same flags (the libraries, the tests, benchmarks and fuzzers: a preset sets the flags for the
# whole build). Extra -D definitions of a consumer (WC_BINARY, ...) do not touch these headers,
# which GCC and clang both accept. valijson is left out: one file includes it.
if(WEBHOOK_CONFORMANCE_PCH)
  target_precompile_headers(wc_harness PRIVATE
    <httplib.h> <nlohmann/json.hpp> <gtest/gtest.h> <regex>
    <algorithm> <chrono> <condition_variable> <functional> <map> <memory> <mutex> <optional>
    <sstream> <string> <thread> <vector>)
  set(wc_pch_users wc_reference wc_suites wc_cli)
  foreach(dir tests bench fuzz)
    string(TOUPPER ${dir} option)
    if(WEBHOOK_CONFORMANCE_${option})  # the directory was added: its targets exist
      get_property(targets DIRECTORY ${PROJECT_SOURCE_DIR}/${dir} PROPERTY BUILDSYSTEM_TARGETS)
      foreach(target IN LISTS targets)
        get_target_property(type ${target} TYPE)
        if(type STREQUAL "EXECUTABLE")
          list(APPEND wc_pch_users ${target})
        endif()
      endforeach()
    endif()
  endforeach()
  foreach(target IN LISTS wc_pch_users)
    target_precompile_headers(${target} REUSE_FROM wc_harness)
  endforeach()
endif()
