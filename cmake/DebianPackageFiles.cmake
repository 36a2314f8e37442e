# Run by CPack after it has installed the package's files into its staging tree and before it
# builds the .deb (CPACK_PRE_BUILD_SCRIPTS in cmake/Package.cmake). It adds what Debian policy asks
# of a package and a plain `cmake --install` has no use for: the copyright file, the changelog and
# a compressed man page. Everything is packaging/deb/ or the staged files, so the .deb is
# reproducible: gzip -n stores no name or time.
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()
set(root ${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX})
set(doc ${root}/share/doc/${CPACK_PACKAGE_NAME})
set(sources ${CPACK_WC_DEBIAN_FILES})

function(gzip_to in out)
  execute_process(COMMAND gzip -9n -c ${in} OUTPUT_FILE ${out} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${in}: ${rc}")
  endif()
  file(CHMOD ${out} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endfunction()

# The copyright file carries LICENSE's text; Debian keeps no second copy (lintian: extra-license-file).
file(REMOVE ${doc}/LICENSE)
file(COPY_FILE ${sources}/copyright ${doc}/copyright)
file(CHMOD ${doc}/copyright PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# A changelog whose newest entry is another version would misdescribe the package: refuse it.
file(STRINGS ${sources}/changelog newest LIMIT_COUNT 1)
if(NOT newest MATCHES "^${CPACK_PACKAGE_NAME} \\(${CPACK_PACKAGE_VERSION}\\) ")
  message(FATAL_ERROR "${sources}/changelog: the newest entry is \"${newest}\", not version "
    "${CPACK_PACKAGE_VERSION}; add an entry for it")
endif()
# The version has no Debian revision (the packaging lives in the project's own tree), so this is
# a native package, whose one changelog Debian names changelog.gz.
gzip_to(${sources}/changelog ${doc}/changelog.gz)

file(GLOB pages ${root}/share/man/man[1-9]/*.[1-9])
foreach(page IN LISTS pages)
  gzip_to(${page} ${page}.gz)
  file(REMOVE ${page})
endforeach()

# Debian keeps documentation under /usr/share/doc: the notes that travel with the data the
# package installs (lintian: package-contains-documentation-outside-usr-share-doc) move there,
# under the same relative path.
foreach(note langgraph-js/FINDINGS.md langgraph-python/README.md schemas/PROVENANCE.md)
  set(from ${root}/share/${CPACK_PACKAGE_NAME}/${note})
  if(EXISTS ${from})
    get_filename_component(dir ${doc}/${note} DIRECTORY)
    file(MAKE_DIRECTORY ${dir})
    file(RENAME ${from} ${doc}/${note})
  endif()
endforeach()

# The compiler's identification (.comment) is of no use in a package (lintian:
# binary-has-unneeded-section); dh_strip removes it the same way.
find_program(OBJCOPY objcopy)
if(OBJCOPY)
  foreach(binary IN ITEMS ${root}/bin/${CPACK_PACKAGE_NAME})
    execute_process(COMMAND ${OBJCOPY} --remove-section=.comment ${binary} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "objcopy --remove-section=.comment ${binary}: ${rc}")
    endif()
  endforeach()
endif()
