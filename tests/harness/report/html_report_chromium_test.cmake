# report.html in headless Chromium. (1) The DOM as Chromium built it (--dump-dom): every case id
# and verdict renders, the "needs attention" list comes before the matrix and links to existing
# cards. (2) The layout at 1280 px: the page is script-free (its CSP forbids scripts), so a
# test-only copy gets a tiny probe script, without the CSP meta, that writes the measured widths
# into the DOM before --dump-dom serialises it: no horizontal overflow, the whole matrix inside
# the window, the attention list near the top. (3) A 1280 px screenshot (PNG width checked), and
# the probe under --force-dark-mode (prefers-color-scheme: dark changes the page's colours).
# The probe is shown to fail on two planted wide pages.
# Skips with a reason when Debian's chromium is not installed (scripts/install-test-deps.sh).
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
set(chromium_flags --headless --no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --disable-sync --no-first-run --disable-extensions
    --hide-scrollbars --user-data-dir=${WORK}/profile)
function(chromium_dom page out_var)  # ARGN: extra flags
  execute_process(COMMAND ${CHROMIUM} ${chromium_flags} --window-size=1280,900 ${ARGN}
                          --dump-dom file://${page}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE err TIMEOUT 90)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "chromium failed on ${page} (${rc}): ${err}")
  endif()
  set(${out_var} "${dom}" PARENT_SCOPE)
endfunction()

# (1) The shipped page.
chromium_dom(${WORK}/r/report.html dom)
file(WRITE ${WORK}/dom.html "${dom}")
file(READ ${WORK}/r/report.json json)
string(JSON ncases LENGTH "${json}" cases)
math(EXPR last "${ncases} - 1")
set(fails 0)
set(attention_ids "")
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
  if(outcome MATCHES "^(fail|error|warn|stale|interrupted)$")
    list(APPEND attention_ids ${id})
  endif()
endforeach()
if(fails EQUAL 0)
  message(FATAL_ERROR "the faulty run should have rendered failures")
endif()
string(FIND "${dom}" "GATE FAILED" gate)
string(FIND "${dom}" "id=\"attention\"" attention)
string(FIND "${dom}" "id=\"matrix\"" matrix)
string(FIND "${dom}" "<section class=\"case" first_card)
if(gate EQUAL -1 OR matrix EQUAL -1 OR attention EQUAL -1)
  message(FATAL_ERROR "summary, attention list or matrix missing from the rendered page")
endif()
if(NOT attention LESS matrix OR NOT matrix LESS first_card)
  message(FATAL_ERROR "expected the attention list (${attention}) before the matrix (${matrix}) "
                      "before the cards (${first_card})")
endif()
string(SUBSTRING "${dom}" ${attention} -1 rest)
string(FIND "${rest}" "</section>" attention_end)
string(SUBSTRING "${rest}" 0 ${attention_end} attention_html)
list(LENGTH attention_ids nattention)
foreach(id IN LISTS attention_ids)
  string(FIND "${attention_html}" "href=\"#case-${id}\"" link)
  if(link EQUAL -1)
    message(FATAL_ERROR "${id} needs attention but is not linked from the attention list")
  endif()
endforeach()
string(FIND "${attention_html}" "Needs attention (${nattention})" heading)
if(heading EQUAL -1)
  message(FATAL_ERROR "the attention list should count ${nattention}: ${attention_html}")
endif()
string(FIND "${dom}" "<script" script)
if(NOT script EQUAL -1)
  message(FATAL_ERROR "the shipped report.html must be script-free")
endif()

# (2) The layout at 1280 px, measured by a probe in a test-only copy.
file(READ ${WORK}/r/report.html page)
set(csp "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
string(FIND "${page}" "${csp}" has_csp)
if(has_csp EQUAL -1)
  message(FATAL_ERROR "report.html lacks its Content-Security-Policy meta")
endif()
string(REPLACE "${csp}" "" probe_page "${page}")
file(READ ${CMAKE_CURRENT_LIST_DIR}/../../data/html_layout_probe.js probe)
string(REPLACE "</body>" "<script>${probe}</script></body>" probe_page "${probe_page}")
file(WRITE ${WORK}/probe.html "${probe_page}")
function(read_probe dom prefix)
  string(REGEX MATCH "<div [^>]*id=\"layout-probe\"[^>]*>" tag "${dom}")
  if(tag STREQUAL "")
    message(FATAL_ERROR "the layout probe did not run; DOM in ${WORK}")
  endif()
  foreach(key scroll-width client-width matrix-right matrix-scroll-width matrix-client-width
          attention-top matrix-top matrix-bottom matrix-links widest background)
    string(REGEX MATCH "data-${key}=\"([^\"]*)\"" _ "${tag}")
    string(REPLACE "-" "_" var "${key}")
    set(${prefix}_${var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  endforeach()
endfunction()
chromium_dom(${WORK}/probe.html probe_dom)
file(WRITE ${WORK}/probe-dom.html "${probe_dom}")
read_probe("${probe_dom}" light)
message(STATUS "at 1280 px: page ${light_scroll_width}/${light_client_width} px wide, matrix "
               "right edge ${light_matrix_right}, ${light_matrix_links} case links, rows "
               "${light_matrix_top}-${light_matrix_bottom} px, attention at ${light_attention_top} px")
if(NOT light_client_width EQUAL 1280)
  message(FATAL_ERROR "the window should be 1280 px wide, got ${light_client_width}")
endif()
if(light_scroll_width GREATER light_client_width)
  message(FATAL_ERROR "horizontal overflow at 1280 px: the page is ${light_scroll_width} px wide "
                      "(widest element: ${light_widest})")
endif()
if(light_matrix_right GREATER light_client_width OR
   light_matrix_scroll_width GREATER light_matrix_client_width)
  message(FATAL_ERROR "the matrix does not fit 1280 px: right edge ${light_matrix_right}, "
                      "${light_matrix_scroll_width} of ${light_matrix_client_width} px shown")
endif()
if(NOT light_matrix_links EQUAL ncases)
  message(FATAL_ERROR "the matrix links ${light_matrix_links} cases, the run has ${ncases}")
endif()
if(light_attention_top GREATER 400)
  message(FATAL_ERROR "the attention list starts ${light_attention_top} px down; expected near the top")
endif()

# The probe can fail: a 3000 px block planted at the top of the body must show as overflow, and a
# 3000 px caption planted in the matrix as a matrix that does not fit.
string(REPLACE "<body>" "<body><div style=\"width:3000px;height:1px\"></div>" wide_page "${probe_page}")
string(REPLACE "<table class=\"matrix\" id=\"matrix\">"
       "<table class=\"matrix\" id=\"matrix\"><caption><div style=\"width:3000px\">x</div></caption>"
       wide_matrix_page "${probe_page}")
if(wide_page STREQUAL probe_page OR wide_matrix_page STREQUAL probe_page)
  message(FATAL_ERROR "could not plant the wide elements: <body> or the matrix table not found")
endif()
file(WRITE ${WORK}/planted-wide.html "${wide_page}")
file(WRITE ${WORK}/planted-wide-matrix.html "${wide_matrix_page}")
chromium_dom(${WORK}/planted-wide.html planted_dom)
read_probe("${planted_dom}" planted)
if(NOT planted_scroll_width GREATER planted_client_width)
  message(FATAL_ERROR "the probe missed a planted 3000 px block: page ${planted_scroll_width} of "
                      "${planted_client_width} px")
endif()
chromium_dom(${WORK}/planted-wide-matrix.html planted_matrix_dom)
read_probe("${planted_matrix_dom}" planted_matrix)
if(NOT planted_matrix_matrix_right GREATER planted_matrix_client_width AND
   NOT planted_matrix_matrix_scroll_width GREATER planted_matrix_matrix_client_width)
  message(FATAL_ERROR "the probe missed a matrix widened to 3000 px: right edge "
                      "${planted_matrix_matrix_right}, ${planted_matrix_matrix_scroll_width} of "
                      "${planted_matrix_matrix_client_width} px")
endif()
message(STATUS "planted: page ${planted_scroll_width} px, matrix right edge "
               "${planted_matrix_matrix_right} px: both caught")

# (3) A screenshot 1280 px wide, and dark mode.
execute_process(COMMAND ${CHROMIUM} ${chromium_flags} --window-size=1280,1600
                        --screenshot=${WORK}/report-1280.png file://${WORK}/r/report.html
                RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 90)
if(NOT rc EQUAL 0 OR NOT EXISTS ${WORK}/report-1280.png)
  message(FATAL_ERROR "chromium --screenshot failed (${rc}): ${err}")
endif()
file(READ ${WORK}/report-1280.png png_width OFFSET 16 LIMIT 4 HEX)
if(NOT png_width STREQUAL "00000500")
  message(FATAL_ERROR "the screenshot should be 1280 (0x00000500) px wide, its IHDR says ${png_width}")
endif()
chromium_dom(${WORK}/probe.html dark_dom --force-dark-mode)
read_probe("${dark_dom}" dark)
if(dark_background STREQUAL light_background)
  message(FATAL_ERROR "prefers-color-scheme: dark left the background at ${light_background}")
endif()
message(STATUS "chromium rendered ${ncases} cases (${fails} failing, ${nattention} needing "
               "attention); background ${light_background}, dark ${dark_background}; "
               "screenshot ${WORK}/report-1280.png")
