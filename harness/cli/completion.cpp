#include "cli/completion.h"

#include <CLI/CLI.hpp>

#include <sstream>

namespace wc {
namespace {

// The long flags of `app` ("--target --launch ..."): names CLI11 accepted, so a word each.
std::string longFlags(const CLI::App& app) {
  std::string out;
  for (const auto* option : app.get_options([](const CLI::Option*) { return true; }))
    for (const auto& name : option->get_lnames()) out += (out.empty() ? "--" : " --") + name;
  return out;
}

}  // namespace

std::string bashCompletion(const CLI::App& app) {
  const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
  std::string names;
  for (const auto* sub : commands) names += (names.empty() ? "" : "|") + sub->get_name();
  std::ostringstream out;
  out << "# bash completion for webhook-conformance: source <(webhook-conformance completion bash)\n"
      << "_webhook_conformance() {\n"
      << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" command=\"\" word\n"
      << "  for word in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
      << "    case \"$word\" in " << names << ") command=\"$word\"; break ;; esac\n"
      << "  done\n"
      << "  local words\n"
      << "  case \"$command\" in\n";
  for (const auto* sub : commands)
    out << "    " << sub->get_name() << ") words=\"" << longFlags(*sub) << "\" ;;\n";
  std::string all = names;
  for (auto& c : all)
    if (c == '|') c = ' ';
  out << "    *) words=\"" << all << " " << longFlags(app) << "\" ;;\n"
      << "  esac\n"
      << "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      << "}\n"
      << "complete -o default -F _webhook_conformance webhook-conformance\n";
  return out.str();
}

}  // namespace wc
