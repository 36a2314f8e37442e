# $GITHUB_STEP_SUMMARY: `run` appends summary.md to it (after exit 0/1 and after exit 3), links the
# run's artifacts when GitHub says where they are, and an unwritable file is one warning on
# stderr that never changes the exit code.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

# Another step wrote first: ours is appended after it, and the link points at report.html.
file(WRITE ${WORK}/step.md "# earlier step\n")
expect_exit(0 ${CMAKE_COMMAND} -E env GITHUB_STEP_SUMMARY=${WORK}/step.md
            GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/agents GITHUB_RUN_ID=42
            ${WC} run --quiet --filter token --report-dir ${WORK}/ok)
file(READ ${WORK}/step.md step)
file(READ ${WORK}/ok/summary.md summary)
expect_contains("${step}" "# earlier step\n" "the earlier step's summary is kept")
expect_contains("${step}" "${summary}" "summary.md appended")
expect_contains("${summary}" "[wc-report-html]: report.html" "summary.md links report.html")
expect_contains("${step}" "(https://github.com/acme/agents/actions/runs/42#artifacts)"
                "the run's artifacts linked")
expect_match_count("${LAST_ERR}" "GITHUB_STEP_SUMMARY" 0 "no warning when it was written")

# Exit 3 (nothing listening): the step summary still says why.
file(WRITE ${WORK}/step3.md "")
expect_exit(3 ${CMAKE_COMMAND} -E env GITHUB_STEP_SUMMARY=${WORK}/step3.md
            ${WC} run --target http://127.0.0.1:9 --report-dir ${WORK}/closed)
file(READ ${WORK}/step3.md step3)
expect_contains("${step3}" "no case ran" "exit 3 summary appended")

# Unwritable (a directory): one warning, the verdict unchanged.
file(MAKE_DIRECTORY ${WORK}/not-a-file)
expect_exit(0 ${CMAKE_COMMAND} -E env GITHUB_STEP_SUMMARY=${WORK}/not-a-file
            ${WC} run --quiet --filter token --report-dir ${WORK}/unwritable)
expect_match_count("${LAST_ERR}" "warning: GITHUB_STEP_SUMMARY not written" 1 "one warning")

# Unset or empty: nothing is written anywhere else, no warning.
expect_exit(0 ${CMAKE_COMMAND} -E env GITHUB_STEP_SUMMARY=
            ${WC} run --quiet --filter token --report-dir ${WORK}/unset)
expect_match_count("${LAST_ERR}" "GITHUB_STEP_SUMMARY" 0 "no warning when unset")
