#include "common/thread_name.h"

#include <pthread.h>

namespace pacificsoft {

void name_this_thread(std::string name) {
  constexpr std::size_t kMaxLength = 15;
  if (name.size() > kMaxLength) name.resize(kMaxLength);
  pthread_setname_np(pthread_self(), name.c_str());
}

}  // namespace pacificsoft
