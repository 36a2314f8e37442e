# Removes the exit-code footer of the top-level --help from the generated man page (-DPAGE=...):
# the page's EXIT STATUS section (docs/man/webhook-conformance.h2m) lists the codes once, in
# full. help2man has no way to leave a paragraph of --help out.
file(READ ${PAGE} page)
string(REGEX REPLACE "\\.PP\nExit codes: [^\n]*\n" "" trimmed "${page}")
if(trimmed STREQUAL page)
  message(FATAL_ERROR "${PAGE}: no 'Exit codes:' paragraph from --help to drop; "
                      "update cmake/ManPageDropHelpFooter.cmake with the footer")
endif()
file(WRITE ${PAGE} "${trimmed}")
