#pragma once
// `webhook-conformance completion bash`: a bash completion script made from the command line's
// own definition, so it names every command and flag there is and nothing else.
#include <string>

namespace CLI {
class App;
}

namespace wc {

std::string bashCompletion(const CLI::App& app);

}  // namespace wc
