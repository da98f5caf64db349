// Names the calling thread, so `top -H`, perf and gdb tell the server's threads apart.
#pragma once

#include <string>

namespace pacificsoft {

// Linux keeps 15 characters; a longer name is cut.
void name_this_thread(std::string name);

}  // namespace pacificsoft
