# Build time (docs/PERFORMANCE.md, "Build time"). Two measures, both on by default:
# - unity builds (WEBHOOK_CONFORMANCE_UNITY_BUILD): CMake compiles the sources of each target in
#   batches of 8, so nlohmann/json, gtest and httplib are parsed, and their templates instantiated
#   and optimised, once per batch instead of once per file. Files whose file-local names collide
#   with a neighbour's are compiled alone (wc_unity_build_exclusions below).
# - a precompiled header (WEBHOOK_CONFORMANCE_PCH) of the heavy headers for the libraries, reused
#   by the test binaries whose flags match.
option(WEBHOOK_CONFORMANCE_UNITY_BUILD "Compile each target's sources in batches (faster builds)" ON)
option(WEBHOOK_CONFORMANCE_PCH "Precompile the heavy headers (httplib, nlohmann/json, gtest)" ON)
if(WEBHOOK_CONFORMANCE_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)
endif()

# Sources that define a file-local helper whose name another file of the same target also uses
# (e.g. two anonymous-namespace `seconds()`): in one batch they would be redefinitions. Each is
# compiled on its own; a new collision fails the build naming both definitions.
function(wc_unity_build_exclusions directory)
  list(TRANSFORM ARGN PREPEND ${directory}/ OUTPUT_VARIABLE files)  # relative to the caller else
  set_source_files_properties(${files} DIRECTORY ${directory}
    PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
