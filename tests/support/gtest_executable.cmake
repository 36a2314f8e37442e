# wc_add_gtest_executable(<name> SOURCES <files...> LINK <libraries...> LABELS <labels...>
#                         [DEFINITIONS <NAME=value...>] [RUNS_CLI] [TEST_PREFIX <prefix>]
#                         [TIMEOUT <seconds>])
# One googletest binary whose tests gtest_discover_tests registers with ctest. The test binaries
# differ only in these arguments, so they share one definition. Every binary links the shared
# helpers of tests/support (wc_test_support). LABELS: the first is the folder's label, the others
# are the labels scripts and CI select by (reliability, unit, ...). gtest_discover_tests flattens
# a "a;b" property value into separate arguments, so the discovery sets the first label only and
# an include file read after the discovered tests sets the whole list. RUNS_CLI: the tests start
# the webhook-conformance binary, so they get its path as WC_BINARY and build after it.
function(wc_add_gtest_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "RUNS_CLI" "TEST_PREFIX;TIMEOUT"
                        "SOURCES;LINK;DEFINITIONS;LABELS")
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LINK} wc_test_support)
  target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  if(arg_RUNS_CLI)
    target_compile_definitions(${name} PRIVATE WC_BINARY="$<TARGET_FILE:webhook-conformance>")
    add_dependencies(${name} webhook-conformance)
  endif()
  set(discovery_options TEST_LIST ${name}_TESTS)
  if(DEFINED arg_TEST_PREFIX)
    list(APPEND discovery_options TEST_PREFIX ${arg_TEST_PREFIX})
  endif()
  list(GET arg_LABELS 0 first_label)
  set(test_properties LABELS ${first_label})
  if(DEFINED arg_TIMEOUT)
    list(APPEND test_properties TIMEOUT ${arg_TIMEOUT})
  endif()
  gtest_discover_tests(${name} ${discovery_options} PROPERTIES ${test_properties}
                       DISCOVERY_TIMEOUT 30)
  list(LENGTH arg_LABELS label_count)
  if(label_count GREATER 1)
    # Read by ctest after the discovered tests (TEST_INCLUDE_FILES keeps the order of appending).
    set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake)
    file(WRITE ${labels_file}
      "if(DEFINED ${name}_TESTS)\n"
      "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${arg_LABELS}\")\n"
      "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
  endif()
endfunction()
