#include "cli/cli.h"

int main(int argc, char** argv) { return wc::cliMain(argc, argv); }
