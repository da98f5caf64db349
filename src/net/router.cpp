// Segment trie behind Router: literal children by name, one {param} child per node, handlers
// per method at the node where a pattern ends. Matching backtracks from literal to param.
#include "net/router.h"

#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/log.h"

namespace pacificsoft::net {
namespace {

// A registered handler with the names of its {param} segments, in path order. Names live here
// rather than on trie nodes because two patterns may name the same position differently.
// WebSocket endpoints live in their own trie as kGet routes with `websocket` set instead.
struct Route {
  Method method;
  Handler handler;
  std::vector<std::string> param_names;
  std::shared_ptr<WebSocketHandler> websocket;
};

// Splits "/a/b/" into {"a", "b"}: one trailing slash is tolerated, inner empty segments are
// kept so "/a//b" does not silently equal "/a/b".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return segments;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool is_param_segment(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

[[noreturn]] void abort_registration(std::string_view pattern, std::string_view reason) {
  spdlog::critical("router: cannot register '{}': {}", pattern, reason);
  std::abort();
}

}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::vector<Route> routes;

  // Walks `pattern` down from this node, creating nodes, and collects its {param} names.
  Node* insert(std::string_view pattern, std::vector<std::string>& param_names) {
    if (pattern.empty() || pattern.front() != '/') abort_registration(pattern, "must start with /");
    Node* node = this;
    for (std::string_view segment : split_path(pattern)) {
      if (is_param_segment(segment)) {
        param_names.emplace_back(segment.substr(1, segment.size() - 2));
        if (!node->param) node->param = std::make_unique<Node>();
        node = node->param.get();
        continue;
      }
      auto it = node->literals.find(segment);
      if (it == node->literals.end()) {
        it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
      }
      node = it->second.get();
    }
    return node;
  }

  const Route* find_route(Method method) const {
    for (const Route& route : routes) {
      if (route.method == method) return &route;
    }
    return nullptr;
  }

  // Depth-first match; `values` collects param segment values along the successful path.
  const Route* match(const std::vector<std::string_view>& segments, std::size_t index,
                     Method method, std::vector<std::string_view>& values) const {
    if (index == segments.size()) return find_route(method);
    std::string_view segment = segments[index];
    if (auto it = literals.find(segment); it != literals.end()) {
      if (const Route* route = it->second->match(segments, index + 1, method, values)) {
        return route;
      }
    }
    if (param && !segment.empty()) {
      values.push_back(segment);
      if (const Route* route = param->match(segments, index + 1, method, values)) return route;
      values.pop_back();
    }
    return nullptr;
  }
};

Router::Router() : root_(std::make_unique<Node>()), websocket_root_(std::make_unique<Node>()) {
  fallback_ = [](const HttpRequest&, const PathParams&, const Reply& reply) {
    reply(HttpResponse::empty(404));
  };
}

Router::~Router() = default;

void Router::add(Method method, std::string_view pattern, Handler handler) {
  if (!handler) abort_registration(pattern, "empty handler");
  std::vector<std::string> param_names;
  Node* node = root_->insert(pattern, param_names);
  if (node->find_route(method) != nullptr) abort_registration(pattern, "registered twice");
  node->routes.push_back(Route{method, std::move(handler), std::move(param_names), nullptr});
}

void Router::add_websocket(std::string_view pattern, std::shared_ptr<WebSocketHandler> handler) {
  if (!handler) abort_registration(pattern, "empty WebSocket handler");
  std::vector<std::string> param_names;
  Node* node = websocket_root_->insert(pattern, param_names);
  if (node->find_route(Method::kGet) != nullptr) abort_registration(pattern, "registered twice");
  node->routes.push_back(Route{Method::kGet, nullptr, std::move(param_names), std::move(handler)});
}

std::shared_ptr<WebSocketHandler> Router::find_websocket(std::string_view path,
                                                         PathParams& params) const {
  std::vector<std::string_view> segments = split_path(path);
  std::vector<std::string_view> values;
  const Route* route = websocket_root_->match(segments, 0, Method::kGet, values);
  if (route == nullptr) return nullptr;
  for (std::size_t i = 0; i < values.size(); ++i) {
    params.add(route->param_names[i], std::string(values[i]));
  }
  return route->websocket;
}

void Router::set_fallback(Handler handler) { fallback_ = std::move(handler); }

void Router::route(const HttpRequest& request, Reply reply) const {
  std::vector<std::string_view> segments = split_path(request.path);
  std::vector<std::string_view> values;
  const Route* route = root_->match(segments, 0, request.method, values);
  // HEAD is GET without a body (the server drops it), so GET routes answer HEAD too.
  if (route == nullptr && request.method == Method::kHead) {
    values.clear();
    route = root_->match(segments, 0, Method::kGet, values);
  }
  PathParams params;
  if (route == nullptr) {
    fallback_(request, params, std::move(reply));
    return;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    params.add(route->param_names[i], std::string(values[i]));
  }
  route->handler(request, params, std::move(reply));
}

}  // namespace pacificsoft::net
