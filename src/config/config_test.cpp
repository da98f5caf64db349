#include "config/config.h"

#include <gtest/gtest.h>

#include <map>

namespace pacificsoft::config {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConfigTest, BuiltInDefaultsApplyWithoutFile) {
  auto config = Config::defaults(fake_env({}));
  ASSERT_TRUE(config.is_ok()) << config.status().to_string();
  EXPECT_EQ(*config->get_port("http.bind_port"), 8080);
  EXPECT_EQ(*config->get_string("database.entities.type"), "sqlite");
}

TEST(ConfigTest, EnvironmentOverridesDefault) {
  auto config = Config::defaults(fake_env({{"HTTP_BIND_PORT", "9090"}}));
  ASSERT_TRUE(config.is_ok());
  EXPECT_EQ(*config->get_port("http.bind_port"), 9090);
}

TEST(ConfigTest, FileOverridesDefaultAndMissingKeysFallBack) {
  auto config = Config::load("http:\n  bind_port: \"${MY_PORT:7070}\"\n", "test.yml", fake_env({}));
  ASSERT_TRUE(config.is_ok());
  EXPECT_EQ(*config->get_port("http.bind_port"), 7070);
  EXPECT_EQ(*config->get_string("http.bind_address"), "0.0.0.0");
}

TEST(ConfigTest, BadNumberNamesSettingAndVariable) {
  auto config = Config::defaults(fake_env({{"HTTP_BIND_PORT", "eighty"}}));
  ASSERT_TRUE(config.is_ok());
  auto port = config->get_port("http.bind_port");
  ASSERT_FALSE(port.is_ok());
  EXPECT_NE(port.status().message().find("http.bind_port"), std::string::npos);
  EXPECT_NE(port.status().message().find("HTTP_BIND_PORT"), std::string::npos);
}

TEST(ConfigTest, PortOutOfRangeIsRejected) {
  auto config = Config::defaults(fake_env({{"HTTP_BIND_PORT", "70000"}}));
  EXPECT_FALSE(config->get_port("http.bind_port").is_ok());
}

TEST(ConfigTest, UnparsableYamlNamesSource) {
  auto config = Config::load("http: [unclosed", "broken.yml", fake_env({}));
  ASSERT_FALSE(config.is_ok());
  EXPECT_NE(config.status().message().find("broken.yml"), std::string::npos);
}

TEST(ConfigTest, UnreadableFileIsAnError) {
  auto config = Config::load_file("/nonexistent/pacificsoft.yml", fake_env({}));
  EXPECT_FALSE(config.is_ok());
}

TEST(ConfigTest, BooleansAreStrict) {
  auto config = Config::defaults(fake_env({{"INSTALL_LOAD_DEMO", "yes"}}));
  EXPECT_FALSE(config->get_bool("install.load_demo").is_ok());
  auto other = Config::defaults(fake_env({{"INSTALL_LOAD_DEMO", "false"}}));
  EXPECT_FALSE(*other->get_bool("install.load_demo"));
}

}  // namespace
}  // namespace pacificsoft::config
