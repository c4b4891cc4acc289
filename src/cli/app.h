#pragma once
// The `strata` command line: parses flags, dispatches to one command, prints
// a failure as one line on stderr and turns it into a non-zero exit status.

namespace strata::cli {

int Main(int argc, char** argv);

}  // namespace strata::cli
