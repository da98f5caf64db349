// Router unit tests: pattern matching, path params, literal-over-param precedence with
// backtracking, fallback for unknown paths and methods, trailing slash.
#include "net/router.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace pacificsoft::net {
namespace {

// Routes a request synchronously and returns what the handler answered.
HttpResponse route(const Router& router, Method method, std::string path) {
  HttpRequest request;
  request.method = method;
  request.path = std::move(path);
  std::optional<HttpResponse> answer;
  router.route(request, [&](HttpResponse response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value());
  return answer.value_or(HttpResponse::empty(-1));
}

// A handler that answers its name followed by the listed params, e.g. "device:id=7".
Handler named(const std::string& name, const std::vector<std::string>& params = {}) {
  return [name, params](const HttpRequest&, const PathParams& values, const Reply& reply) {
    std::string body = name;
    for (const auto& param : params) {
      body.append(":").append(param).append("=").append(values.get(param));
    }
    reply(HttpResponse::text(200, body));
  };
}

TEST(RouterTest, MatchesLiteralPaths) {
  Router router;
  router.add(Method::kGet, "/api/auth/user", named("user"));
  router.add(Method::kGet, "/", named("root"));
  EXPECT_EQ(route(router, Method::kGet, "/api/auth/user").body, "user");
  EXPECT_EQ(route(router, Method::kGet, "/").body, "root");
  EXPECT_EQ(route(router, Method::kGet, "/api/auth").status, 404);
  EXPECT_EQ(route(router, Method::kGet, "/api/auth/user/more").status, 404);
}

TEST(RouterTest, ExtractsParams) {
  Router router;
  router.add(Method::kGet, "/api/device/{deviceId}", named("device", {"deviceId"}));
  router.add(Method::kGet, "/api/{entityType}/{entityId}/values",
             named("values", {"entityType", "entityId"}));
  EXPECT_EQ(route(router, Method::kGet, "/api/device/abc").body, "device:deviceId=abc");
  EXPECT_EQ(route(router, Method::kGet, "/api/DEVICE/42/values").body,
            "values:entityType=DEVICE:entityId=42");
  // A param never matches an empty segment.
  EXPECT_EQ(route(router, Method::kGet, "/api/device//").status, 404);
}

TEST(RouterTest, SameDepthParamsMayHaveDifferentNames) {
  Router router;
  router.add(Method::kGet, "/api/customer/{customerId}", named("customer", {"customerId"}));
  router.add(Method::kGet, "/api/customer/{id}/devices", named("devices", {"id"}));
  EXPECT_EQ(route(router, Method::kGet, "/api/customer/c1").body, "customer:customerId=c1");
  EXPECT_EQ(route(router, Method::kGet, "/api/customer/c1/devices").body, "devices:id=c1");
}

TEST(RouterTest, LiteralWinsOverParam) {
  Router router;
  router.add(Method::kGet, "/api/device/{deviceId}", named("device", {"deviceId"}));
  router.add(Method::kGet, "/api/device/types", named("types"));
  EXPECT_EQ(route(router, Method::kGet, "/api/device/types").body, "types");
  EXPECT_EQ(route(router, Method::kGet, "/api/device/other").body, "device:deviceId=other");
}

TEST(RouterTest, BacktracksWhenLiteralBranchFailsDeeper) {
  Router router;
  router.add(Method::kGet, "/api/device/types/all", named("all-types"));
  router.add(Method::kGet, "/api/device/{deviceId}/credentials",
             named("credentials", {"deviceId"}));
  EXPECT_EQ(route(router, Method::kGet, "/api/device/types/credentials").body,
            "credentials:deviceId=types");
  EXPECT_EQ(route(router, Method::kGet, "/api/device/types/all").body, "all-types");
}

TEST(RouterTest, BacktracksWhenLiteralBranchLacksTheMethod) {
  Router router;
  router.add(Method::kGet, "/api/device/types", named("types"));
  router.add(Method::kDelete, "/api/device/{deviceId}", named("delete", {"deviceId"}));
  EXPECT_EQ(route(router, Method::kDelete, "/api/device/types").body, "delete:deviceId=types");
}

TEST(RouterTest, MethodsAreSeparate) {
  Router router;
  router.add(Method::kGet, "/api/device", named("get"));
  router.add(Method::kPost, "/api/device", named("post"));
  EXPECT_EQ(route(router, Method::kGet, "/api/device").body, "get");
  EXPECT_EQ(route(router, Method::kPost, "/api/device").body, "post");
  EXPECT_EQ(route(router, Method::kPut, "/api/device").status, 404);
  // HEAD falls back to the GET route (the server strips the body).
  EXPECT_EQ(route(router, Method::kHead, "/api/device").body, "get");
}

TEST(RouterTest, CustomFallbackSeesUnknownPathsAndMethods) {
  Router router;
  router.add(Method::kGet, "/api/device", named("get"));
  router.set_fallback([](const HttpRequest& request, const PathParams&, const Reply& reply) {
    reply(HttpResponse::json(404, "{\"path\":\"" + request.path + "\"}"));
  });
  HttpResponse unknown = route(router, Method::kGet, "/api/nothing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "{\"path\":\"/api/nothing\"}");
  EXPECT_EQ(route(router, Method::kDelete, "/api/device").body, "{\"path\":\"/api/device\"}");
}

TEST(RouterTest, ToleratesTrailingSlash) {
  Router router;
  router.add(Method::kGet, "/api/device", named("list"));
  router.add(Method::kGet, "/api/tenant/", named("tenant"));
  EXPECT_EQ(route(router, Method::kGet, "/api/device/").body, "list");
  EXPECT_EQ(route(router, Method::kGet, "/api/tenant").body, "tenant");
  EXPECT_EQ(route(router, Method::kGet, "/api/tenant/").body, "tenant");
}

TEST(RouterTest, DefaultFallbackIsEmpty404) {
  Router router;
  HttpResponse response = route(router, Method::kGet, "/anything");
  EXPECT_EQ(response.status, 404);
  EXPECT_TRUE(response.body.empty());
  EXPECT_TRUE(response.content_type.empty());
}

TEST(RouterDeathTest, DuplicateRegistrationAborts) {
  Router router;
  router.add(Method::kGet, "/api/device/{id}", named("a"));
  EXPECT_DEATH(router.add(Method::kGet, "/api/device/{deviceId}", named("b")), "");
}

class NullWsHandler : public WebSocketHandler {
 public:
  void on_message(const std::shared_ptr<WebSocketConnection>&, std::string) override {}
};

TEST(RouterTest, WebSocketEndpointsMatchByPathApartFromHttpRoutes) {
  Router router;
  auto telemetry = std::make_shared<NullWsHandler>();
  auto plugin = std::make_shared<NullWsHandler>();
  router.add_websocket("/api/ws/plugins/telemetry", telemetry);
  router.add_websocket("/api/ws/plugins/{name}", plugin);
  PathParams params;
  EXPECT_EQ(router.find_websocket("/api/ws/plugins/telemetry", params), telemetry);
  EXPECT_EQ(router.find_websocket("/api/ws/plugins/other", params), plugin);
  EXPECT_EQ(params.get("name"), "other");
  EXPECT_EQ(router.find_websocket("/api/ws", params), nullptr);
  // HTTP routing does not see WebSocket endpoints.
  EXPECT_EQ(route(router, Method::kGet, "/api/ws/plugins/telemetry").status, 404);
}

TEST(RouterDeathTest, DuplicateWebSocketRegistrationAborts) {
  Router router;
  router.add_websocket("/api/ws/{a}", std::make_shared<NullWsHandler>());
  EXPECT_DEATH(router.add_websocket("/api/ws/{b}", std::make_shared<NullWsHandler>()), "");
}

TEST(HttpTypesTest, HeaderAndQueryLookups) {
  HttpRequest request;
  request.headers = {{"x-authorization", "Bearer t"}, {"content-type", "application/json"}};
  request.query = {{"page", "0"}, {"page", "1"}, {"flag", ""}};
  EXPECT_EQ(request.header("X-Authorization"), "Bearer t");
  EXPECT_FALSE(request.header("accept").has_value());
  EXPECT_EQ(request.query_param("page"), "0");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_FALSE(request.query_param("pageSize").has_value());
}

}  // namespace
}  // namespace pacificsoft::net
