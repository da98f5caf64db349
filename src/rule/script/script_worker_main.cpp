// pacificsoft-script: runs rule-node scripts for the server, one request at a time, in a process
// of its own. Debian's Duktape cannot interrupt a running script, so the server enforces time
// limits by killing this process; memory is capped by the allocator below.
// Protocol on stdin/stdout: frames of a 4-byte little-endian length and JSON text.
//   request  {"script": "<function body>", "msg": <any>, "metadata": {...}, "msgType": "..."}
//   response {"result": <any>} or {"error": "<message>"}
// The body runs as function(msg, metadata, msgType), compiled once per distinct text.
#include <duktape.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// Every block carries its size in front, so frees and reallocs keep the count right.
struct Budget {
  std::size_t used = 0;
  std::size_t limit = 0;
};

void* allocate(void* udata, duk_size_t size) {
  auto* budget = static_cast<Budget*>(udata);
  if (budget->used + size > budget->limit) return nullptr;  // Duktape throws an error
  auto* block = static_cast<std::size_t*>(std::malloc(size + sizeof(std::size_t)));
  if (block == nullptr) return nullptr;
  *block = size;
  budget->used += size;
  return block + 1;
}

void release(void* udata, void* pointer) {
  if (pointer == nullptr) return;
  auto* block = static_cast<std::size_t*>(pointer) - 1;
  static_cast<Budget*>(udata)->used -= *block;
  std::free(block);
}

void* reallocate(void* udata, void* pointer, duk_size_t size) {
  if (pointer == nullptr) return allocate(udata, size);
  if (size == 0) {
    release(udata, pointer);
    return nullptr;
  }
  void* fresh = allocate(udata, size);
  if (fresh == nullptr) return nullptr;
  const std::size_t old_size = *(static_cast<std::size_t*>(pointer) - 1);
  std::memcpy(fresh, pointer, old_size < size ? old_size : size);
  release(udata, pointer);
  return fresh;
}

[[noreturn]] void fatal(void*, const char* message) {
  const std::string text = std::string("script worker fatal: ") + (message ? message : "") + "\n";
  (void)!::write(2, text.data(), text.size());
  std::_Exit(3);
}

bool read_exactly(char* out, std::size_t size) {
  while (size > 0) {
    ssize_t got = ::read(0, out, size);
    if (got <= 0) return false;
    out += got;
    size -= static_cast<std::size_t>(got);
  }
  return true;
}

bool write_frame(const char* data, std::size_t size) {
  unsigned char header[4];
  for (int i = 0; i < 4; ++i) header[i] = static_cast<unsigned char>((size >> (8 * i)) & 0xFF);
  std::string frame(reinterpret_cast<char*>(header), 4);
  frame.append(data, size);
  const char* cursor = frame.data();
  std::size_t left = frame.size();
  while (left > 0) {
    ssize_t wrote = ::write(1, cursor, left);
    if (wrote <= 0) return false;
    cursor += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
  return true;
}

// (request) → the compiled function of request.script (cached in the global stash).
duk_ret_t push_function(duk_context* ctx) {
  duk_get_prop_string(ctx, -1, "script");
  const char* body = duk_require_string(ctx, -1);
  duk_push_global_stash(ctx);
  if (duk_get_prop_string(ctx, -1, body)) return 1;
  duk_pop(ctx);
  duk_push_sprintf(ctx, "(function (msg, metadata, msgType) {\n%s\n})", body);
  duk_push_string(ctx, "rule-node-script");
  duk_compile(ctx, DUK_COMPILE_EVAL);
  duk_call(ctx, 0);
  duk_dup(ctx, -1);
  duk_put_prop_string(ctx, -3, body);
  return 1;
}

// Runs one request (a JSON text on the stack top) and leaves the response's JSON text.
duk_ret_t run_request(duk_context* ctx, void*) {
  duk_json_decode(ctx, 0);
  duk_push_c_function(ctx, push_function, 1);
  duk_dup(ctx, 0);
  duk_call(ctx, 1);
  for (const char* argument : {"msg", "metadata", "msgType"}) {
    duk_get_prop_string(ctx, 0, argument);
  }
  duk_call(ctx, 3);
  if (duk_is_undefined(ctx, -1)) {
    duk_pop(ctx);
    duk_push_null(ctx);
  }
  duk_push_object(ctx);
  duk_swap_top(ctx, -2);
  duk_put_prop_string(ctx, -2, "result");
  duk_json_encode(ctx, -1);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Budget budget{0, std::size_t{16} << 20};
  if (argc == 3 && std::string(argv[1]) == "--memory-limit") {
    budget.limit = std::strtoull(argv[2], nullptr, 10);
  }
  duk_context* ctx = duk_create_heap(allocate, reallocate, release, &budget, fatal);
  if (ctx == nullptr) return 2;
  for (;;) {
    unsigned char header[4];
    if (!read_exactly(reinterpret_cast<char*>(header), 4)) break;
    const std::size_t size = header[0] | (header[1] << 8U) | (header[2] << 16U) |
                             (static_cast<std::size_t>(header[3]) << 24U);
    std::string request(size, '\0');
    if (!read_exactly(request.data(), size)) break;
    duk_set_top(ctx, 0);
    duk_push_lstring(ctx, request.data(), request.size());
    if (duk_safe_call(ctx, run_request, nullptr, 1, 1) != DUK_EXEC_SUCCESS) {
      const std::string error = duk_safe_to_string(ctx, -1);
      duk_set_top(ctx, 0);
      duk_push_object(ctx);
      duk_push_string(ctx, error.c_str());
      duk_put_prop_string(ctx, -2, "error");
      duk_json_encode(ctx, -1);
    }
    duk_size_t length = 0;
    const char* response = duk_get_lstring(ctx, -1, &length);
    if (!write_frame(response, length)) break;
  }
  duk_destroy_heap(ctx);
  return 0;
}
