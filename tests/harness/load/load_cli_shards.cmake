# `load --shard i/n` + `merge`: two shards on one machine merge into one accounting,
# the same as one load of all the runs; a fault in one shard fails the merged gate; a missing or
# repeated shard is a usage error.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

function(counts_of dir out)
  file(READ ${dir}/load.json json)
  set(text "")
  foreach(key planned sent created webhooks exactly_once_ok lost duplicated payload-invalid
              token-mangled status-mismatch)
    string(JSON v GET "${json}" summary counts ${key})
    string(APPEND text "${key}=${v} ")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

expect_exit(0 ${WC} load --quiet --runs 400 --concurrency 32 --report-dir ${WORK}/whole)
expect_exit(0 ${WC} load --quiet --runs 400 --concurrency 32 --shard 1/2 --report-dir ${WORK}/s1)
expect_contains("${LAST_OUT}" "this shard 1/2: 200" "shard 1 drives half the runs")
expect_exit(0 ${WC} load --quiet --runs 400 --concurrency 32 --shard 2/2 --report-dir ${WORK}/s2)
expect_exit(0 ${WC} merge ${WORK}/s2/load.json ${WORK}/s1/load.json --report-dir ${WORK}/merged)
expect_contains("${LAST_OUT}" "400 runs sent: 400 exactly once and valid" "merged accounting")
counts_of(${WORK}/whole whole)
counts_of(${WORK}/merged merged)
if(NOT whole STREQUAL merged)
  message(FATAL_ERROR "two merged shards must account like one load:\n whole:  ${whole}\n merged: ${merged}")
endif()
file(READ ${WORK}/merged/load.json json)
string(JSON shards LENGTH "${json}" merged_shards)
string(JSON first GET "${json}" runs 0 index)
string(JSON last GET "${json}" runs 399 index)
if(NOT shards EQUAL 2 OR NOT first EQUAL 0 OR NOT last EQUAL 399)
  message(FATAL_ERROR "merged load.json: ${shards} shards, runs ${first}..${last}")
endif()

# A fault in one shard fails the merged gate and names that shard's runs.
expect_exit(1 ${WC} load --quiet --runs 400 --concurrency 32 --shard 2/2
            --reference-fault duplicate-delivery --report-dir ${WORK}/s2-dup)
expect_exit(1 ${WC} merge ${WORK}/s1/load.json ${WORK}/s2-dup/load.json --report-dir ${WORK}/merged-dup)
expect_contains("${LAST_OUT}" "fail load.duplicates: 200 of 400 runs" "the merged duplicates")
expect_contains("${LAST_OUT}" "run 1 (run_id " "a run of shard 2 is named")

expect_exit(2 ${WC} merge ${WORK}/s1/load.json --report-dir ${WORK}/m)
expect_contains("${LAST_ERR}" "shard(s) 2 of 2 missing" "a missing shard")
expect_exit(2 ${WC} merge ${WORK}/s1/load.json ${WORK}/s1/load.json --report-dir ${WORK}/m)
expect_contains("${LAST_ERR}" "given twice" "a repeated shard")
expect_exit(2 ${WC} merge ${WORK}/whole/load.json ${WORK}/s1/load.json --report-dir ${WORK}/m)
expect_exit(2 ${WC} merge ${WORK}/no-such-file.json --report-dir ${WORK}/m)
