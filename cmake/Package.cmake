# The Debian package (issue 15, README "Install"): `scripts/build-deb.sh` builds the tool-only preset
# and runs CPack on it. The package holds what `cmake --install` installs, under /usr; its Depends
# are computed by dpkg-shlibdeps from the binary, so they name the Debian runtime libraries it
# links (libcpp-httplib0.11, libssl3, liburiparser1, libpugixml1v5, libyaml-0-2, libstdc++6, ...).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "webhook-conformance")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Conformance suite for the webhook behaviour of LangGraph Platform deployments")
set(CPACK_PACKAGE_CONTACT "webhook-conformance maintainers <maintainers@webhook-conformance.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # webhook-conformance_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE "gzip")  # fast to build and to unpack in CI
set(CPACK_STRIP_FILES ON)                  # the debug info stays in the build tree
include(CPack)
