# --target-config's environment form (LANGGRAPH_HTTP / LANGGRAPH_WEBHOOKS as `langgraph build`
# writes them) judges a deployment exactly as its langgraph.json does: from a Dockerfile, a
# dotenv file and the harness's own environment, the configured-headers case passes, the report
# holds the same (masked) configuration, and the header's value is in no report.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

set(secret "form-test-header-value-7f3a")
set(http_block "{\"disable_webhooks\": false}")
set(webhooks_block "{\"url\": {\"disable_loopback\": false}, \"headers\": {\"X-Conformance-Form\": \"${secret}\"}}")
file(WRITE ${WORK}/langgraph.json "{\"http\": ${http_block}, \"webhooks\": ${webhooks_block}}")
file(WRITE ${WORK}/Dockerfile "FROM langchain/langgraph-api:3.11\nENV LANGGRAPH_HTTP='${http_block}'\nENV LANGGRAPH_WEBHOOKS='${webhooks_block}'\n")
file(WRITE ${WORK}/deployment.env "# the deployment's variables\nexport LANGGRAPH_HTTP='${http_block}'\nLANGGRAPH_WEBHOOKS='${webhooks_block}'\n")

function(run_with form dir)
  expect_exit(0 ${WC} run --quiet --target-config ${form} --filter headers.configured-headers
              --report-dir ${WORK}/${dir})
  file(READ ${WORK}/${dir}/report.json report)
  string(JSON config GET "${report}" target config)
  set(config_${dir} "${config}" PARENT_SCOPE)
  string(JSON verdict GET "${report}" cases 0 verdict)
  if(NOT verdict STREQUAL "pass")
    message(FATAL_ERROR "${form}: headers.configured-headers ended ${verdict}")
  endif()
  file(GLOB_RECURSE written ${WORK}/${dir}/*)
  foreach(f IN LISTS written)
    file(READ ${f} text)
    string(FIND "${text}" "${secret}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${form}: the configured header's value is in ${f}")
    endif()
  endforeach()
endfunction()

run_with(${WORK}/langgraph.json file)
run_with(env:${WORK}/Dockerfile dockerfile)
run_with(env:${WORK}/deployment.env dotenv)
set(ENV{LANGGRAPH_HTTP} "${http_block}")
set(ENV{LANGGRAPH_WEBHOOKS} "${webhooks_block}")
run_with(env: environment)
unset(ENV{LANGGRAPH_HTTP})
unset(ENV{LANGGRAPH_WEBHOOKS})
foreach(form dockerfile dotenv environment)
  if(NOT config_${form} STREQUAL config_file)
    message(FATAL_ERROR "the ${form} form gave another configuration:\n${config_${form}}\nnot\n${config_file}")
  endif()
endforeach()
