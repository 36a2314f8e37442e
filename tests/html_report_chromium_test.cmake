# report.html in headless Chromium: the case ids and verdicts render (the DOM as Chromium built
# it, via --dump-dom). Skips with a reason when Debian's chromium is not installed
# (scripts/install-test-deps.sh installs it).
# -DWC=<webhook-conformance> -DWORK=<scratch dir> -DCHROMIUM=<path> -DFAULT=<reference fault>
if(NOT EXISTS ${CHROMIUM})
  message("SKIP: ${CHROMIUM} not found; run scripts/install-test-deps.sh to install chromium")
  return()
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/profile)
# A faulty reference, so the page has failures with evidence as well as passes.
execute_process(COMMAND ${WC} run --quiet --reference-fault ${FAULT} --report-dir ${WORK}/r
                RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected the faulty run to exit 1, got ${rc}: ${err}")
endif()
execute_process(
  COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --disable-background-networking
          --disable-component-update --disable-sync --no-first-run --disable-extensions
          --user-data-dir=${WORK}/profile --dump-dom file://${WORK}/r/report.html
  RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE err TIMEOUT 90)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}): ${err}")
endif()
file(WRITE ${WORK}/dom.html "${dom}")
file(READ ${WORK}/r/report.json json)
string(JSON ncases LENGTH "${json}" cases)
math(EXPR last "${ncases} - 1")
set(fails 0)
foreach(i RANGE ${last})
  string(JSON id GET "${json}" cases ${i} id)
  string(JSON verdict GET "${json}" cases ${i} verdict)
  string(JSON outcome GET "${json}" cases ${i} outcome)
  # The case's section as Chromium serialises it, then its badge text.
  string(FIND "${dom}" "data-case-id=\"${id}\" data-verdict=\"${verdict}\"" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "case ${id} (${verdict}) is not rendered; DOM in ${WORK}/dom.html")
  endif()
  string(SUBSTRING "${dom}" ${at} 400 section)
  string(FIND "${section}" ">${outcome}</span> <code class=\"case-id\">${id}</code>" badge)
  if(badge EQUAL -1)
    message(FATAL_ERROR "case ${id}: outcome ${outcome} not shown: ${section}")
  endif()
  if(verdict STREQUAL "fail")
    math(EXPR fails "${fails} + 1")
  endif()
endforeach()
if(fails EQUAL 0)
  message(FATAL_ERROR "the faulty run should have rendered failures")
endif()
string(FIND "${dom}" "GATE FAILED" gate)
string(FIND "${dom}" "id=\"matrix\"" matrix)
if(gate EQUAL -1 OR matrix EQUAL -1)
  message(FATAL_ERROR "summary or matrix missing from the rendered page")
endif()
message(STATUS "chromium rendered ${ncases} cases (${fails} failing)")
