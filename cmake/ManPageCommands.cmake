# Writes help2man's include file (-DOUT=...) with one section per subcommand: each command's
# --help, verbatim (no-fill), so `man webhook-conformance` documents every flag, not only the
# top-level list. -DWC=<webhook-conformance> -DCOMMANDS=run;list;...
file(WRITE ${OUT} "[COMMANDS]\n")
foreach(command IN LISTS COMMANDS)
  execute_process(COMMAND ${WC} ${command} --help RESULT_VARIABLE rc OUTPUT_VARIABLE help
                  ERROR_VARIABLE err TIMEOUT 30)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${WC} ${command} --help exited ${rc}: ${err}")
  endif()
  # roff: a backslash is \e; - is \- (else it may print as a hyphen, and a copied flag breaks);
  # a line starting with . or ' would be a request: \& keeps it text.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REPLACE "-" "\\-" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  file(APPEND ${OUT} ".SS ${command}\n.nf\n${help}.fi\n")
endforeach()
