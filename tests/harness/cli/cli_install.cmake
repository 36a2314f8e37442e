# `cmake --install` into a temporary prefix gives a binary that works from there: --version,
# list, and a short run against the embedded reference (it reads no data files).
# -DBUILD=<build dir> -DWORK=<scratch dir> -DVERSION=<project version>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

set(prefix ${WORK}/prefix)
expect_exit(0 ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
set(wc ${prefix}/bin/webhook-conformance)
foreach(file bin/webhook-conformance share/doc/webhook-conformance/README.md
             share/doc/webhook-conformance/LICENSE
             share/doc/webhook-conformance/docs/CASES.md
             share/webhook-conformance/schemas/run.schema.json
             share/webhook-conformance/configs/disable-webhooks.json
             share/webhook-conformance/langgraph-python/langgraph.fragment.json
             share/webhook-conformance/langgraph-python/webhook_conformance_graphs/graphs.py)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()

# Run from elsewhere, so nothing is found relative to the working directory.
expect_exit(0 ${wc} --version)
expect_contains("${LAST_OUT}" "webhook-conformance ${VERSION} (judges langgraph-api up to " "--version")
expect_exit(0 ${wc} list)
expect_contains("${LAST_OUT}" "delivery.threads-runs-create" "list")
expect_exit(0 ${wc} run --quiet --filter token --report-dir ${WORK}/reports)
if(NOT EXISTS ${WORK}/reports/junit.xml)
  message(FATAL_ERROR "the installed binary wrote no junit.xml")
endif()

# It finds the LangGraph.js projects next to itself, not in the source tree: installed without
# node_modules, --launch says to run npm install there (exit 2).
foreach(file share/webhook-conformance/langgraph-js/langgraph.json
             share/webhook-conformance/langgraph-js/src/graphs.mjs)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
if(EXISTS ${prefix}/share/webhook-conformance/langgraph-js/node_modules)
  message(FATAL_ERROR "cmake --install copied node_modules")
endif()
expect_exit(2 ${wc} run --quiet --launch langgraph-js --report-dir ${WORK}/launch)
expect_contains("${LAST_ERR}" "${prefix}/share/webhook-conformance/langgraph-js" "--launch from the installed binary")
if(HELP2MAN AND NOT EXISTS ${prefix}/share/man/man1/webhook-conformance.1)
  message(FATAL_ERROR "help2man is installed but no man page was installed")
endif()
if(HELP2MAN)  # every subcommand's flags, not only the top-level list (cmake/ManPageCommands.cmake)
  file(READ ${prefix}/share/man/man1/webhook-conformance.1 man)
  foreach(flag "\\-\\-target\\-config" "\\-\\-reference\\-fault" "\\-\\-max\\-shown" "\\-\\-runs")
    string(FIND "${man}" "${flag}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the man page lacks ${flag}")
    endif()
  endforeach()
endif()
