// Beast <-> net/ value conversion (see internal/http_convert.h). Target decoding goes through
// Boost.URL, which also turns '+' in the query into a space as HTML forms and browsers mean it.
#include "net/internal/http_convert.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "common/text.h"

namespace pacificsoft::net::internal {
namespace {

namespace http = boost::beast::http;

// Statuses that must carry neither a body nor Content-Length (RFC 9110 sections 6.4.1, 8.6).
bool forbids_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

}  // namespace

Method method_from_verb(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::head:
      return Method::kHead;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

Result<HttpRequest> to_http_request(BeastRequest&& request, const std::string& remote_address) {
  auto target = boost::urls::parse_origin_form(
      std::string_view(request.target().data(), request.target().size()));
  if (!target) return invalid_argument("bad request target");
  HttpRequest converted;
  converted.method = method_from_verb(request.method());
  converted.path = target->path();
  for (const auto& param : target->params()) {
    converted.query.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
  converted.headers.reserve(std::distance(request.begin(), request.end()));
  for (const auto& field : request) {
    std::string_view name(field.name_string().data(), field.name_string().size());
    converted.headers.emplace_back(lower_ascii(name),
                                   std::string(field.value().data(), field.value().size()));
  }
  converted.body = std::move(request.body());
  converted.remote_address = remote_address;
  return converted;
}

BeastResponse to_beast_response(HttpResponse&& response, unsigned version, bool keep_alive,
                                bool head) {
  int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
  BeastResponse out{static_cast<http::status>(status), version};
  if (!response.content_type.empty()) out.set(http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) out.insert(name, value);
  out.keep_alive(keep_alive);
  if (forbids_body(status)) return out;
  out.content_length(response.body.size());
  if (!head) out.body() = std::move(response.body);
  return out;
}

}  // namespace pacificsoft::net::internal
