# ctest docs.no-outside-links: no file of the repository points outside it. Users who clone the
# project do not have the engineers' ../shared folder; its facts live in docs/PLATFORM.md.
# Scans the tracked kinds of text files under SOURCE_DIR, skipping build trees, node_modules and
# .git. First a planted tree must show exactly 4 hits, so the check can fail.
set(patterns "\\.\\./shared" "shared/spec" "spec/README\\.md")

function(scan root)  # sets `hits` in the caller
  file(GLOB_RECURSE files RELATIVE ${root} ${root}/*.md ${root}/*.cpp ${root}/*.h ${root}/*.txt
       ${root}/*.cmake ${root}/*.json ${root}/*.py ${root}/*.sh ${root}/*.yml ${root}/*.yaml
       ${root}/*.mjs ${root}/*.ts ${root}/*.js)
  set(found "")
  foreach(rel IN LISTS files)
    if(rel MATCHES "^(build[^/]*|\\.git|reports)/" OR rel MATCHES "node_modules/" OR
       rel STREQUAL "tests/docs/no_outside_links.cmake")
      continue()
    endif()
    file(READ ${root}/${rel} text)
    foreach(p IN LISTS patterns)
      if(text MATCHES "${p}")
        list(APPEND found "${rel} (${p})")
      endif()
    endforeach()
  endforeach()
  set(hits "${found}" PARENT_SCOPE)
endfunction()

set(planted ${WORK_DIR}/outside-links-planted)
file(REMOVE_RECURSE ${planted})
file(WRITE ${planted}/docs/A.md "see [the facts](../shared/spec/README.md)\n")
file(WRITE ${planted}/suites/b.cpp "// spec/README.md promise 1\n")
file(WRITE ${planted}/docs/C.md "see docs/PLATFORM.md\n")
scan(${planted})
list(LENGTH hits planted_n)
# A.md matches all three patterns, b.cpp one: 4 hits in 2 files, none in C.md.
if(NOT planted_n EQUAL 4)
  message(FATAL_ERROR "the planted tree should show 4 hits, found ${planted_n}: ${hits}")
endif()

scan(${SOURCE_DIR})
if(hits)
  string(REPLACE ";" "\n  " shown "${hits}")
  message(FATAL_ERROR "files link outside the repository (point them at docs/PLATFORM.md):\n  ${shown}")
endif()
message(STATUS "no file links outside the repository")
