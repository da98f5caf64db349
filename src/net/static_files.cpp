// Static file serving for the web UI (see internal/static_files.h). Files are read whole: UI
// assets are small, and reading them on a worker keeps the I/O threads free.
#include "net/internal/static_files.h"

#include <array>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "common/log.h"

namespace pacificsoft::net::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "index.html";
// Bundlers put a content hash in every name under /assets/, so those never change in place.
constexpr std::string_view kAssetsCacheControl = "public, max-age=31536000, immutable";

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

std::string_view extension_of(std::string_view name) {
  std::size_t slash = name.rfind('/');
  std::string_view last = slash == std::string_view::npos ? name : name.substr(slash + 1);
  std::size_t dot = last.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : last.substr(dot + 1);
}

// The path relative to the root, or nullopt when a segment could escape it or name something
// odd. The path is already percent-decoded, so "%2e%2e" arrives here as "..".
std::optional<fs::path> safe_relative_path(std::string_view path) {
  fs::path relative;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    start = slash + 1;
    if (segment.empty()) continue;
    if (segment == ".." || segment == "." || segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return std::nullopt;
    }
    relative /= fs::path(std::string(segment));
  }
  return relative;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return content;
}

HttpResponse file_response(std::string content, std::string_view name) {
  HttpResponse response;
  response.status = 200;
  response.content_type = content_type_for(name);
  response.body = std::move(content);
  return response;
}

}  // namespace

const char* content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, const char*>, 11> kTypes = {{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"json", "application/json"},
      {"woff2", "font/woff2"},
      {"map", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
  }};
  std::string_view extension = extension_of(file_name);
  for (const auto& [known, type] : kTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

bool StaticFiles::handles(const HttpRequest& request) {
  return (request.method == Method::kGet || request.method == Method::kHead) &&
         !is_api_path(request.path);
}

HttpResponse StaticFiles::serve(const HttpRequest& request) const {
  std::optional<fs::path> relative = safe_relative_path(request.path);
  if (!relative) return HttpResponse::empty(404);
  if (!relative->empty()) {
    if (std::optional<std::string> content = read_file(root_ / *relative)) {
      HttpResponse response = file_response(std::move(*content), request.path);
      if (request.path.starts_with("/assets/")) {
        response.headers.emplace_back("Cache-Control", kAssetsCacheControl);
      } else if (relative->filename() == kIndex) {
        response.headers.emplace_back("Cache-Control", "no-cache");
      }
      return response;
    }
    // A missing file with an extension is a real 404; without one it is a client-side route
    // of the single-page app, which index.html resolves in the browser.
    if (!extension_of(request.path).empty()) return HttpResponse::empty(404);
  }
  std::optional<std::string> index = read_file(root_ / kIndex);
  if (!index) return HttpResponse::empty(404);
  HttpResponse response = file_response(std::move(*index), kIndex);
  // index.html names the hashed assets of the current build, so it must be revalidated.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace pacificsoft::net::internal
