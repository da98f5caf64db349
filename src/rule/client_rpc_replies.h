// Where the "rpc call reply" node sends the answer to a device's client-side RPC. The rule
// engine declares it; app/ wires it to the transports' waiting calls.
#pragma once

#include <string>
#include <string_view>

namespace pacificsoft::rule {

class ClientRpcReplies {
 public:
  virtual ~ClientRpcReplies() = default;
  // False when no call waits under that key (answered already, timed out, another node's).
  virtual bool reply(std::string_view request_key, std::string payload) = 0;
};

}  // namespace pacificsoft::rule
