// Settings tree read from YAML with ${ENV_NAME:default} substitution. Typed reads return errors
// that name the setting and its environment variable, so a bad start says exactly what to fix.
// Components never read this directly: app/ converts sections into each component's Options.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace pacificsoft::config {

// Looks up an environment variable; a seam so tests need not touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_env();

// The built-in defaults: config/pacificsoft.yml, embedded at build time.
std::string_view default_yaml();

// Immutable after construction; safe to read from any thread.
class Config {
 public:
  // Parses YAML text (a file's content). `overrides` wins over the built-in defaults for every
  // setting it has. InvalidArgument names `source` when the YAML does not parse.
  static Result<Config> load(std::string_view overrides_yaml, std::string_view source,
                             EnvLookup env);
  // Reads a file and calls load(); an unreadable file is an error that names it.
  static Result<Config> load_file(const std::string& path, EnvLookup env);
  // Only the built-in defaults.
  static Result<Config> defaults(EnvLookup env);

  // Reads the setting at a dotted path such as "http.bind_port".
  Result<std::string> get_string(std::string_view path) const;
  Result<std::int64_t> get_int(std::string_view path, std::int64_t min, std::int64_t max) const;
  Result<std::uint16_t> get_port(std::string_view path) const;
  Result<bool> get_bool(std::string_view path) const;

  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;
  ~Config();

  struct Tree;  // opaque: the parsed YAML documents and the environment seam

 private:
  explicit Config(std::unique_ptr<Tree> tree);
  std::unique_ptr<Tree> tree_;
};

}  // namespace pacificsoft::config
