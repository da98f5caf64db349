// YAML settings with ${ENV:default} substitution.
#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace pacificsoft::config {

struct Config::Tree {
  YAML::Node overrides;
  YAML::Node defaults;
  EnvLookup env;
};

namespace {

// A setting's value after substitution, with the variable it came from for error messages.
struct Resolved {
  std::string value;
  std::string env_name;  // empty when the value has no ${...}
};

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    parts.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

std::optional<std::string> scalar_at(const YAML::Node& root, std::string_view path) {
  if (!root) return std::nullopt;
  std::vector<YAML::Node> chain{root};  // yaml-cpp nodes alias; walk with copies.
  for (const auto& part : split_path(path)) {
    const YAML::Node& current = chain.back();
    if (!current.IsMap() || !current[part]) return std::nullopt;
    chain.push_back(current[part]);
  }
  if (!chain.back().IsScalar()) return std::nullopt;
  return chain.back().Scalar();
}

// Replaces every ${NAME:default} (or ${NAME}) with the variable's value or the default.
Resolved substitute(const std::string& text, const EnvLookup& env) {
  Resolved resolved;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    std::size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      resolved.value.append(text, pos);
      break;
    }
    resolved.value.append(text, pos, open - pos);
    std::string body = text.substr(open + 2, close - open - 2);
    std::size_t colon = body.find(':');
    resolved.env_name = body.substr(0, colon);
    auto from_env = env(resolved.env_name);
    resolved.value +=
        from_env ? *from_env : (colon == std::string::npos ? "" : body.substr(colon + 1));
    pos = close + 1;
  }
  return resolved;
}

Status bad_setting(std::string_view path, const Resolved& setting, std::string_view what) {
  std::string message = "setting " + std::string(path);
  if (!setting.env_name.empty()) message += " (" + setting.env_name + ")";
  message += ": '" + setting.value + "' " + std::string(what);
  return invalid_argument(std::move(message));
}

Result<YAML::Node> parse_yaml(std::string_view text, std::string_view source) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return invalid_argument("configuration " + std::string(source) + ": " + e.what());
  }
}

Result<Resolved> resolve(const Config::Tree& tree, std::string_view path) {
  auto text = scalar_at(tree.overrides, path);
  if (!text) text = scalar_at(tree.defaults, path);
  if (!text) return invalid_argument("setting " + std::string(path) + " is missing");
  return substitute(*text, tree.env);
}

}  // namespace

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Config::Config(std::unique_ptr<Tree> tree) : tree_(std::move(tree)) {}
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;
Config::~Config() = default;

Result<Config> Config::load(std::string_view overrides_yaml, std::string_view source,
                            EnvLookup env) {
  auto defaults = parse_yaml(default_yaml(), "built-in defaults");
  if (!defaults) return defaults.status();
  auto overrides = parse_yaml(overrides_yaml, source);
  if (!overrides) return overrides.status();
  auto tree = std::make_unique<Tree>(Tree{*overrides, *defaults, std::move(env)});
  return Config(std::move(tree));
}

Result<Config> Config::load_file(const std::string& path, EnvLookup env) {
  std::ifstream file(path);
  if (!file) return invalid_argument("configuration file " + path + " cannot be read");
  std::stringstream content;
  content << file.rdbuf();
  return load(content.str(), path, std::move(env));
}

Result<Config> Config::defaults(EnvLookup env) { return load("", "built-in", std::move(env)); }

Result<std::string> Config::get_string(std::string_view path) const {
  auto setting = resolve(*tree_, path);
  if (!setting) return setting.status();
  return std::move(setting->value);
}

Result<std::int64_t> Config::get_int(std::string_view path, std::int64_t min,
                                     std::int64_t max) const {
  auto setting = resolve(*tree_, path);
  if (!setting) return setting.status();
  const std::string& value = setting->value;
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || value.empty()) {
    return bad_setting(path, *setting, "is not a number");
  }
  if (number < min || number > max) {
    return bad_setting(path, *setting,
                       "is out of range " + std::to_string(min) + ".." + std::to_string(max));
  }
  return number;
}

Result<std::uint16_t> Config::get_port(std::string_view path) const {
  auto number = get_int(path, 0, 65535);
  if (!number) return number.status();
  return static_cast<std::uint16_t>(*number);
}

Result<bool> Config::get_bool(std::string_view path) const {
  auto setting = resolve(*tree_, path);
  if (!setting) return setting.status();
  if (setting->value == "true") return true;
  if (setting->value == "false") return false;
  return bad_setting(path, *setting, "is not true or false");
}

}  // namespace pacificsoft::config
