# wc_add_gtest_executable(<name> SOURCES <files...> LINK <libraries...> LABEL <label>
#                         [DEFINITIONS <NAME=value...>] [RUNS_CLI] [TEST_PREFIX <prefix>]
#                         [TIMEOUT <seconds>])
# One googletest binary whose tests gtest_discover_tests registers with ctest. The test binaries
# differ only in these arguments, so they share one definition. LABEL takes one label only:
# gtest_discover_tests flattens a "a;b" property value into separate arguments. RUNS_CLI: the
# tests start the webhook-conformance binary, so they get its path as WC_BINARY and build after it.
function(wc_add_gtest_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "RUNS_CLI" "LABEL;TEST_PREFIX;TIMEOUT"
                        "SOURCES;LINK;DEFINITIONS")
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LINK})
  target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  if(arg_RUNS_CLI)
    target_compile_definitions(${name} PRIVATE WC_BINARY="$<TARGET_FILE:webhook-conformance>")
    add_dependencies(${name} webhook-conformance)
  endif()
  set(discovery_options "")
  if(DEFINED arg_TEST_PREFIX)
    list(APPEND discovery_options TEST_PREFIX ${arg_TEST_PREFIX})
  endif()
  set(test_properties LABELS ${arg_LABEL})
  if(DEFINED arg_TIMEOUT)
    list(APPEND test_properties TIMEOUT ${arg_TIMEOUT})
  endif()
  gtest_discover_tests(${name} ${discovery_options} PROPERTIES ${test_properties}
                       DISCOVERY_TIMEOUT 30)
endfunction()
