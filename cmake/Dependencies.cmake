# Every dependency comes from a Debian package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(URIPARSER REQUIRED IMPORTED_TARGET liburiparser)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(GTest REQUIRED)
find_package(CLI11 REQUIRED)
find_package(pugixml REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)  # tests build a gzip bomb
find_package(OpenSSL REQUIRED)
# libcurl (libcurl4-openssl-dev) carries every exchange with a target: one overall deadline covers
# DNS, connect, the TLS handshake and the whole response (harness/client/curl_exchange.cpp).
find_package(CURL 7.80 REQUIRED)  # CURLOPT_PREREQFUNCTION
# simdjson (libsimdjson-dev) parses valid JSON several times faster than nlohmann's lexer
# (harness/util/fast_json.cpp, behind util/bounded_json.cpp).
find_package(simdjson 3 REQUIRED)

# valijson is header-only, but its Debian package depends on Qt5, Poco, MariaDB (~240 packages).
# Use the system copy when present; otherwise unpack the same .deb into the build tree without root.
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp
  PATHS /usr/include ${CMAKE_BINARY_DIR}/_deps/valijson/usr/include NO_DEFAULT_PATH)
if(NOT VALIJSON_INCLUDE_DIR)
  set(_vj ${CMAKE_BINARY_DIR}/_deps/valijson)
  file(MAKE_DIRECTORY ${_vj})
  message(STATUS "valijson: apt-get download libvalijson-dev into ${_vj}")
  execute_process(COMMAND apt-get download libvalijson-dev WORKING_DIRECTORY ${_vj}
                  RESULT_VARIABLE _dl OUTPUT_QUIET ERROR_QUIET)
  file(GLOB _debs ${_vj}/libvalijson-dev_*.deb)
  if(NOT _debs)
    message(FATAL_ERROR "valijson not found and 'apt-get download libvalijson-dev' failed; "
                        "run scripts/install-deps.sh or install libvalijson-dev")
  endif()
  list(GET _debs 0 _deb)
  execute_process(COMMAND dpkg -x ${_deb} ${_vj} RESULT_VARIABLE _x)
  find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp PATHS ${_vj}/usr/include NO_DEFAULT_PATH REQUIRED)
endif()
add_library(valijson_headers INTERFACE)
target_include_directories(valijson_headers SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
