// Conversion between Beast messages and the net/ value types, so only the session code sees
// Beast. Private to net/.
#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "common/status.h"
#include "net/http_types.h"

namespace pacificsoft::net::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

Method method_from_verb(boost::beast::http::verb verb);

// Moves the body out of `request`. Fails (invalid_argument) when the target is not a valid
// origin-form URL ("/path?query").
Result<HttpRequest> to_http_request(BeastRequest&& request, const std::string& remote_address);

// `head`: the request was HEAD, so Content-Length is the body's but no body is sent.
BeastResponse to_beast_response(HttpResponse&& response, unsigned version, bool keep_alive,
                                bool head);

}  // namespace pacificsoft::net::internal
