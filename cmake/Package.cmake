# The Debian package (README "Install"): `scripts/build-deb.sh` builds the tool-only preset and
# runs CPack on it. The package holds what `cmake --install` installs, under /usr; its Depends are
# computed by dpkg-shlibdeps from the binary, so they name the Debian runtime libraries it links
# (README.md lists them; ctest cli.deb-package compares). ctest cli.deb-lintian runs lintian on it.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "webhook-conformance")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Conformance suite for the webhook behaviour of LangGraph Platform deployments")
# The extended Description: what the tool is for (`apt show`). One line each: CPack does not wrap
# them, and Debian wants them under 80 columns.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "Checks that a LangGraph Platform deployment (or a LangGraph.js server) sends"
  "the webhooks its documentation promises: when, to which URL, with which"
  "headers and payload. It runs against a deployment or its embedded reference"
  "server and writes JUnit, JSON, HTML and Markdown reports for CI gates.")
# No real mail domain: .invalid (RFC 2606) says so rather than a made-up address that bounces.
set(CPACK_PACKAGE_CONTACT "webhook-conformance maintainers <maintainers@webhook-conformance.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # webhook-conformance_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE "gzip")  # fast to build and to unpack in CI
set(CPACK_STRIP_FILES ON)                  # the debug info stays in the build tree
# The copyright file, the changelog and the compressed man page (Debian policy), added to the
# staged tree only: `cmake --install` stays as it was.
set(CPACK_WC_DEBIAN_FILES ${PROJECT_SOURCE_DIR}/packaging/deb)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/DebianPackageFiles.cmake)
include(CPack)
