# ctest architecture.layers: the layers include only downward (docs/ARCHITECTURE.md).
#   library (harness/ but the folders below) -> no header of the cases, the reference or above
#   cases (suites/) and reference (reference/) -> no header of each other or above
#   reference -> of the library only util/ and platform/ (it links wc_util, not wc_harness)
#   launcher (harness/launch), live viewer (harness/live) -> the library only
#   session (harness/session) -> no header of load mode or the CLI
#   load mode (harness/load) -> no header of the CLI
#   CLI (harness/cli) -> anything
# Headers are matched by the name they are included with: "session/...", "cli/...",
# "reference/..." (the reference's headers by their path from the project root), or a name
# relative to suites/. And fixtures/ holds data only: no C++ source, header or CMake project there.
set(application_layers session load live launch cli)  # folders of harness/ above the library

function(check_layer folder)  # ARGN: forbidden include names (regexes on the quoted name)
  file(GLOB_RECURSE files ${root}/${folder}/*.h ${root}/${folder}/*.cpp)
  foreach(file IN LISTS files)
    if(folder STREQUAL "harness")  # the library: an application layer is checked on its own
      file(RELATIVE_PATH below ${root}/harness ${file})
      string(REGEX MATCH "^[^/]+" top "${below}")
      list(FIND application_layers "${top}" layer_index)
      if(layer_index GREATER -1)
        continue()
      endif()
    endif()
    file(STRINGS ${file} includes REGEX "^#include \"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" name "${line}")
      foreach(forbidden IN LISTS ARGN)
        if(name MATCHES "^${forbidden}$")
          file(RELATIVE_PATH rel ${root} ${file})
          list(APPEND violations "${rel} includes \"${name}\"")
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

# Sets `violations` and `checked` in the caller for the tree at `root`.
function(check_tree root)
  file(GLOB_RECURSE suite_headers RELATIVE ${root}/suites ${root}/suites/*.h)
  file(GLOB_RECURSE reference_headers RELATIVE ${root}/reference ${root}/reference/*.h)
  set(violations "")
  string(REPLACE "." "\\." suite_patterns "${suite_headers}")
  set(above_cases "session/.*" "load/.*" "live/.*" "launch/.*" "cli/.*")
  check_layer(harness ${above_cases} ${suite_patterns} "reference/.*")
  check_layer(suites ${above_cases} "reference/.*")
  check_layer(reference ${above_cases} ${suite_patterns} "(capture|client|schema|runner|report)/.*")
  check_layer(harness/launch "session/.*" "load/.*" "live/.*" "cli/.*" ${suite_patterns}
              "reference/.*")
  check_layer(harness/live "session/.*" "load/.*" "launch/.*" "cli/.*" ${suite_patterns}
              "reference/.*")
  check_layer(harness/session "load/.*" "cli/.*")
  check_layer(harness/load "cli/.*")
  file(GLOB_RECURSE code ${root}/fixtures/*.h ${root}/fixtures/*.cpp ${root}/fixtures/CMakeLists.txt)
  list(FILTER code EXCLUDE REGEX "/node_modules/")
  foreach(file IN LISTS code)
    file(RELATIVE_PATH rel ${root} ${file})
    list(APPEND violations "${rel} is code in fixtures/, which holds data only")
  endforeach()
  list(LENGTH suite_headers suites_n)
  list(LENGTH reference_headers reference_n)
  set(checked "${suites_n} suite and ${reference_n} reference headers")
  set(violations "${violations}" PARENT_SCOPE)
  set(checked "${checked}" PARENT_SCOPE)
  if(suites_n EQUAL 0 OR reference_n EQUAL 0)
    message(FATAL_ERROR "${root}: found ${checked}: wrong SOURCE_DIR?")
  endif()
endfunction()

# The check can fail: a tree with upward includes planted, a reference include of the harness
# beyond wc_util and one C++ file among the fixtures must show each of them (seven), and none of
# the downward includes beside them.
set(planted ${WORK_DIR}/layers-planted)
file(REMOVE_RECURSE ${planted})
file(WRITE ${planted}/suites/support/checks.h "")
file(WRITE ${planted}/reference/runs/engine.h "")
file(WRITE ${planted}/harness/runner/runner.cpp "#include \"support/checks.h\"\n")
file(WRITE ${planted}/suites/case.cpp "#include \"reference/runs/engine.h\"\n#include \"util/url.h\"\n")
file(WRITE ${planted}/reference/runs/engine.cpp
  "#include \"cli/run_command.h\"\n#include \"capture/capture_server.h\"\n#include \"util/url.h\"\n")
file(WRITE ${planted}/harness/cli/run_command.cpp "#include \"reference/runs/engine.h\"\n")  # may
file(WRITE ${planted}/harness/session/session.cpp "#include \"cli/run_command.h\"\n")
file(WRITE ${planted}/harness/live/live_capture.cpp "#include \"session/session.h\"\n")
file(WRITE ${planted}/harness/load/load_mode.cpp "#include \"session/session.h\"\n")  # may
file(WRITE ${planted}/fixtures/payloads/server.cpp "")
check_tree(${planted})
list(LENGTH violations planted_n)
if(NOT planted_n EQUAL 7)
  message(FATAL_ERROR "the layer check missed planted violations: found [${violations}]")
endif()

check_tree(${SOURCE_DIR})
if(violations)
  string(REPLACE ";" "\n  " text "${violations}")
  message(FATAL_ERROR "an include goes upward across the layers:\n  ${text}")
endif()
message(STATUS "layers hold: ${checked} checked; the 7 planted violations were found")
