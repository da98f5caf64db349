// Serves the web UI from a folder: content types, SPA fallback to index.html, cache headers,
// and refusal of paths that would climb out of the folder. Private to net/.
#pragma once

#include <filesystem>

#include "net/http_types.h"

namespace pacificsoft::net::internal {

// Reads files on the calling thread (a worker, never an I/O thread). Immutable, so thread-safe.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // True for requests this folder answers: GET or HEAD outside /api.
  static bool handles(const HttpRequest& request);
  // The file (or index.html for an unknown extension-less path); 404 when neither exists.
  HttpResponse serve(const HttpRequest& request) const;

 private:
  std::filesystem::path root_;
};

// The Content-Type for a file name, by its extension; application/octet-stream when unknown.
const char* content_type_for(std::string_view file_name);

}  // namespace pacificsoft::net::internal
