# Writes help2man's include file (-DOUT=...) with one section per subcommand: each command's
# --help as man markup, so `man webhook-conformance` documents every flag, not only the
# top-level list. CLI11 does not wrap its help; each option becomes a tagged paragraph that the
# man reader fills to the terminal's width. -DWC=<webhook-conformance> -DCOMMANDS=run;list;...
#
# CLI11's layout: an option line is two spaces, the name padded to column 30, its description;
# a name too long for the column puts the description on the next line, indented to column 30.
set(description_column 30)

# roff: a backslash is \e; - is \- (else it may print as a hyphen, and a copied flag breaks);
# a line starting with . or ' would be a request: \& keeps it text.
function(roff_text text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Appends the pending option (OPTION_NAME, OPTION_TEXT in the caller) as a tagged paragraph.
macro(flush_option)
  if(NOT option_name STREQUAL "")
    roff_text("${option_name}" name)
    roff_text("${option_text}" text)
    string(APPEND page ".TP\n.B ${name}\n${text}\n")
    set(option_name "")
    set(option_text "")
  endif()
endmacro()

file(WRITE ${OUT} "[COMMANDS]\n")
foreach(command IN LISTS COMMANDS)
  execute_process(COMMAND ${WC} ${command} --help RESULT_VARIABLE rc OUTPUT_VARIABLE help
                  ERROR_VARIABLE err TIMEOUT 30)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${WC} ${command} --help exited ${rc}: ${err}")
  endif()
  set(page ".SS ${command}\n")
  set(option_name "")
  set(option_text "")
  # Line by line with string(FIND), not as a CMake list: help text holds ';' and '['.
  while(NOT help STREQUAL "")
    string(FIND "${help}" "\n" end)
    if(end EQUAL -1)
      set(line "${help}")
      set(help "")
    else()
      string(SUBSTRING "${help}" 0 ${end} line)
      math(EXPR rest "${end} + 1")
      string(SUBSTRING "${help}" ${rest} -1 help)
    endif()
    string(LENGTH "${line}" length)
    if(line MATCHES "^                              +([^ ].*)$")  # a description continued
      string(STRIP "${option_text} ${CMAKE_MATCH_1}" option_text)
    elseif(line MATCHES "^  [^ ]")  # an option (or positional, or subcommand) and its description
      flush_option()
      if(length GREATER description_column)
        math(EXPR name_length "${description_column} - 2")
        string(SUBSTRING "${line}" 2 ${name_length} option_name)
        string(SUBSTRING "${line}" ${description_column} -1 option_text)
      else()
        string(SUBSTRING "${line}" 2 -1 option_name)
      endif()
      string(STRIP "${option_name}" option_name)
      string(STRIP "${option_text}" option_text)
    elseif(line STREQUAL "")
      flush_option()
    else()  # the description, Usage:, Options:
      flush_option()
      roff_text("${line}" text)
      string(APPEND page ".PP\n${text}\n")
    endif()
  endwhile()
  flush_option()
  file(APPEND ${OUT} "${page}")
endforeach()
