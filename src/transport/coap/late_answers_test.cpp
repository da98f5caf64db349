// The CoAP device API on services that answer every call after it returned (as a core reached
// over the network will), with libcoap's own coap-client: the token is checked, the request
// served and its answer sent as a separate response.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "transport/coap/coap_server.h"
#include "transport/testing/late_services.h"

namespace pacificsoft::transport::coap {
namespace {

struct CoapAnswer {
  std::string code;  // "2.01"
  std::string payload;
  std::string log;  // what coap-client printed, for a failure's message
};

class CoapLateAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CoapServerOptions options;
    options.bind_address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<CoapServer>(options, late_.services);
    ASSERT_TRUE(server_->start());
  }
  void TearDown() override { server_->stop(); }

  // One request with coap-client; its last response's code and payload.
  CoapAnswer request(const std::string& method, const std::string& path,
                     const std::string& payload = {}, const std::string& options = {}) {
    const std::string out = ::testing::TempDir() + "coap-late-" + std::to_string(::getpid());
    std::remove(out.c_str());
    std::string command = "coap-client-notls -v 7 -B 5 -o " + out + " -m " + method + " " +
                          options + (payload.empty() ? "" : " -e '" + payload + "'") +
                          " coap://127.0.0.1:" + std::to_string(server_->port()) + "/" + path +
                          " 2>&1";
    std::string log;
    if (FILE* client = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      while (std::size_t read = std::fread(buffer, 1, sizeof buffer, client))
        log.append(buffer, read);
      ::pclose(client);
    }
    CoapAnswer answer;
    answer.log = log;
    static const std::regex kIncoming(R"(process incoming (\d\.\d\d) response)");
    for (std::sregex_iterator it(log.begin(), log.end(), kIncoming), end; it != end; ++it) {
      answer.code = (*it)[1];
    }
    std::stringstream text;
    text << std::ifstream(out).rdbuf();
    answer.payload = text.str();
    return answer;
  }

  test_support::LateServices late_;
  std::unique_ptr<CoapServer> server_;
};

TEST_F(CoapLateAnswersTest, TelemetryIsCreatedOnceTheTokenAndTheWriteAnswered) {
  auto answer = request("post", "api/v1/device/telemetry", R"({"t":1})");
  EXPECT_EQ(answer.code, "2.01") << answer.log;
  EXPECT_EQ(late_.backend.uplinks(), std::vector<std::string>{"device: 1 points"});
}

TEST_F(CoapLateAnswersTest, AnUnknownTokenIsUnauthorizedAndNothingIsPosted) {
  auto answer = request("post", "api/v1/stranger/telemetry", R"({"t":1})");
  EXPECT_EQ(answer.code, "4.01") << answer.log;
  EXPECT_TRUE(late_.backend.uplinks().empty());
}

TEST_F(CoapLateAnswersTest, AttributesAreReadAfterTheToken) {
  auto answer = request("get", "api/v1/device/attributes?sharedKeys=mode");
  EXPECT_EQ(answer.code, "2.05") << answer.log;
  EXPECT_EQ(answer.payload, R"({"shared":{"mode":"eco"}})");
}

TEST_F(CoapLateAnswersTest, AnObservationStartsWithTheAttributesReadLater) {
  auto answer = request("get", "api/v1/device/attributes", {}, "-s 1");
  EXPECT_EQ(answer.code, "2.05") << answer.log;
  EXPECT_EQ(answer.payload, R"({"mode":"eco"})");
}

TEST_F(CoapLateAnswersTest, ARequestBodyKeptForALateTokenIsTheOneServed) {
  auto answer = request("post", "api/v1/device/attributes", R"({"a":1,"b":"two"})");
  EXPECT_EQ(answer.code, "2.01") << answer.log;
  EXPECT_EQ(late_.backend.uplinks(), std::vector<std::string>{"device: 2 attributes"});
}

TEST_F(CoapLateAnswersTest, ProvisioningIsAnsweredWhenTheDirectoryAnswers) {
  auto answer = request("post", "api/v1/provision", R"({"deviceName":"n"})");
  EXPECT_EQ(answer.code, "2.05") << answer.log;
  EXPECT_EQ(answer.payload, R"({"status":"SUCCESS","request":{"deviceName":"n"}})");
}

}  // namespace
}  // namespace pacificsoft::transport::coap
