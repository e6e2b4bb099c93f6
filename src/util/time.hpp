#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kartoteka::util {

/// RFC 3339 in UTC with milliseconds: "2026-11-27T17:25:17.123Z".
std::string format_rfc3339(std::int64_t unix_ms);
/// Parses RFC 3339 (any offset); nullopt when malformed.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace kartoteka::util
