# Bad configuration exits 2 with exactly one line that names what to fix, and never starts a run.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)
set(EXPECT_EXIT_TIMEOUT 30)  # a usage error is found before anything starts

# expect_usage_error(<text the one line must contain> <args...>)
function(expect_usage_error mentions)
  expect_exit(2 ${WC} ${ARGN})
  expect_match_count("${LAST_ERR}" "\n" 1 "one line on stderr for ${ARGN}")
  expect_contains("${LAST_ERR}" "${mentions}" "the message for ${ARGN}")
endfunction()

# Unknown flag.
expect_usage_error("--no-such-flag" run --no-such-flag)
expect_usage_error("--frobnicate" run --quiet --frobnicate=3)

# Unreadable --target-config: missing, a directory, not JSON, JSON but not an object.
expect_usage_error("--target-config" run --target-config ${WORK}/missing.json)
expect_usage_error("--target-config" run --target-config ${WORK})
file(WRITE ${WORK}/truncated.json "{\"http\": {\"disable_webhooks\": tru")
expect_usage_error("--target-config" run --target-config ${WORK}/truncated.json)
file(WRITE ${WORK}/array.json "[1, 2, 3]")
expect_usage_error("--target-config" run --target-config ${WORK}/array.json)

# Invalid langgraph.json: well-formed JSON whose webhook settings have the wrong types.
file(WRITE ${WORK}/wrong-types.json "{\"http\": {\"disable_webhooks\": \"yes\"}}")
expect_usage_error("disable_webhooks" run --target-config ${WORK}/wrong-types.json)
file(WRITE ${WORK}/wrong-policy.json "{\"webhooks\": {\"url\": {\"max_url_length\": \"long\"}}}")
expect_usage_error("max_url_length" run --target-config ${WORK}/wrong-policy.json)

# The environment form (LANGGRAPH_HTTP / LANGGRAPH_WEBHOOKS, as `langgraph build` writes them):
# the same bounds and refusals as a langgraph.json, each naming the variable.
file(WRITE ${WORK}/truncated.env "LANGGRAPH_WEBHOOKS='{\"headers\": '\n")
expect_usage_error("LANGGRAPH_WEBHOOKS in ${WORK}/truncated.env is not a JSON object"
                   run --target-config env:${WORK}/truncated.env)
string(REPEAT "[" 100 open_brackets)
string(REPEAT "]" 100 close_brackets)
file(WRITE ${WORK}/deep.env "ENV LANGGRAPH_HTTP='${open_brackets}${close_brackets}'\n")
expect_usage_error("LANGGRAPH_HTTP in ${WORK}/deep.env is not a JSON object: JSON nested deeper"
                   run --target-config env:${WORK}/deep.env)
string(REPEAT "a" 1100000 long_value)
file(WRITE ${WORK}/large.env "LANGGRAPH_WEBHOOKS='{\"headers\": {\"X\": \"${long_value}\"}}'\n")
expect_usage_error("larger than 1048576 bytes" run --target-config env:${WORK}/large.env)
file(WRITE ${WORK}/unrelated.env "OTHER=1\n")
expect_usage_error("neither LANGGRAPH_HTTP nor LANGGRAPH_WEBHOOKS" run --target-config env:${WORK}/unrelated.env)
set(ENV{LANGGRAPH_WEBHOOKS} "{\"url\": ")
expect_usage_error("LANGGRAPH_WEBHOOKS in the environment is not a JSON object" run --target-config env:)
unset(ENV{LANGGRAPH_WEBHOOKS})
set(ENV{LANGGRAPH_HTTP} "{\"disable_webhooks\": \"yes\"}")
expect_usage_error("LANGGRAPH_HTTP/LANGGRAPH_WEBHOOKS refused: http.disable_webhooks" run --target-config env:)
unset(ENV{LANGGRAPH_HTTP})

# --webhook-secret-file: a missing file, a secret too short to redact safely, one over 4 KiB.
expect_usage_error("--webhook-secret-file" run --webhook-secret-file ${WORK}/missing-secret)
file(WRITE ${WORK}/short-secret "abc\n")
expect_usage_error("at least 8 bytes" run --webhook-secret-file ${WORK}/short-secret)
string(REPEAT "s" 5000 long_secret)
file(WRITE ${WORK}/long-secret "${long_secret}")
expect_usage_error("larger than 4096 bytes" run --webhook-secret-file ${WORK}/long-secret)

# Bad URLs.
expect_usage_error("--target" run --target "not a url")
expect_usage_error("--target" run --target "ftp://example.com/")
expect_usage_error("--target" run --target "http://")
expect_usage_error("--callback-url" run --callback-url "//no-scheme")

# serve-reference: ports and delivery timing out of range (--port 70000 used to listen
# on another port than it printed), and --config files that are not a bounded JSON object.
expect_usage_error("--port" serve-reference --port 70000)
expect_usage_error("--port" serve-reference --port -1)
expect_usage_error("--webhook-read-timeout-ms" serve-reference --webhook-read-timeout-ms 0)
expect_usage_error("--webhook-connect-timeout-ms" serve-reference --webhook-connect-timeout-ms 600001)
expect_usage_error("--webhook-backoff-ms" serve-reference --webhook-backoff-ms 60001)
expect_usage_error("--config" serve-reference --config ${WORK}/missing.json)
expect_usage_error("--config" serve-reference --config ${WORK}/truncated.json)
expect_usage_error("not a JSON object" serve-reference --config ${WORK}/array.json)
expect_usage_error("disable_webhooks" serve-reference --config ${WORK}/wrong-types.json)
expect_usage_error("max_url_length" serve-reference --config ${WORK}/wrong-policy.json)

# --expected-failures: YAML aliases are refused before anything is expanded.
file(WRITE ${WORK}/alias-loop.yaml "a: &a [*a, *a]\n")
expect_usage_error("YAML aliases" run --expected-failures ${WORK}/alias-loop.yaml)
