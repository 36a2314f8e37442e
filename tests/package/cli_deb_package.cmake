# ctest cli.deb-package: the .deb CPack makes of this build installs into a temporary root and the
# tool runs from there: `dpkg-deb -x`, then `run --filter token` against the embedded
# reference. Its Depends name the Debian runtime libraries, and README.md lists exactly those.
# -DBUILD=<build dir> -DWORK=<scratch dir> -DCPACK=<cpack> -DREADME=<README.md>
include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect_exit.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/deb_build.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
build_deb(debs)
if(DEB_SKIPPED)
  return()
endif()
expect_exit(0 ${DPKG_DEB} -f ${debs} Depends)
foreach(lib libcpp-httplib libssl libstdc++6)
  expect_contains("${LAST_OUT}" "${lib}" "the package's Depends")
endforeach()

# The README's list is the field's package names (versions dropped), in the field's order, so a
# new library or a new soname cannot leave it stale.
string(STRIP "${LAST_OUT}" depends)
string(REGEX REPLACE " \\([^)]*\\)" "" depends "${depends}")
file(READ ${README} readme)
string(REGEX REPLACE "[ \n]+" " " readme "${readme}")
set(anchor "checks this list against the .deb's `Depends`\\): ")
if(NOT readme MATCHES "${anchor}([^.]+(\\.[a-z0-9][^.]*)*)\\.")
  message(FATAL_ERROR "${README}: no Depends list after \"${anchor}\"; it should read: ${depends}")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL depends)
  message(FATAL_ERROR "${README} lists the Depends as\n  ${CMAKE_MATCH_1}\nthe .deb has\n  ${depends}\n"
    "(the list is of the Debian release the .deb is built on; update README.md)")
endif()

expect_exit(0 ${DPKG_DEB} -x ${debs} ${WORK}/root)
set(wc ${WORK}/root/usr/bin/webhook-conformance)
expect_exit(0 ${wc} -V)
expect_exit(0 ${wc} run --quiet --filter token --report-dir ${WORK}/reports)
expect_contains("${LAST_OUT}" " 0 fail, " "the unpacked tool's run")
foreach(file usr/share/doc/webhook-conformance/README.md usr/share/doc/webhook-conformance/copyright
             usr/share/doc/webhook-conformance/changelog.gz usr/share/webhook-conformance/configs/default.json
             usr/share/webhook-conformance/langgraph-js/package.json)
  if(NOT EXISTS ${WORK}/root/${file})
    message(FATAL_ERROR "the .deb does not hold ${file}")
  endif()
endforeach()
# Debian policy: man pages are compressed (cmake/DebianPackageFiles.cmake).
file(GLOB uncompressed ${WORK}/root/usr/share/man/man1/*.1)
if(uncompressed)
  message(FATAL_ERROR "the .deb holds uncompressed man pages: ${uncompressed}")
endif()
