// 128-bit identifiers in the reference platform's textual form (8-4-4-4-12 lower-case hex).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pacificsoft {

class Uuid {
 public:
  Uuid() = default;  // the all-zero uuid
  explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case); nullopt on anything else.
  static std::optional<Uuid> parse(std::string_view text);
  // A random (version 4) uuid. Thread-safe.
  static Uuid random();
  // The reference platform's "null" id, used for "no customer" and the system tenant.
  static const Uuid& null_id();

  // True for the all-zero uuid and for the reference's null id.
  bool is_null() const;
  std::string to_string() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace pacificsoft

template <>
struct std::hash<pacificsoft::Uuid> {
  std::size_t operator()(const pacificsoft::Uuid& id) const noexcept;
};
