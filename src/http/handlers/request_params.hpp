#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/message.hpp"

// Request pieces every resource handler reads the same way: path ids and If-Match versions.
namespace kartoteka::http {

/// A decimal integer > 0 and nothing else, or nullopt.
std::optional<std::int64_t> parse_positive_integer(std::string_view text);
/// A positive integer from the path parameter `name`; one that cannot name a record is reported like a
/// missing record: NotFound "<what> <text> not found".
Result<std::int64_t> path_id(const Request& request, std::string_view name, std::string_view what);
/// If-Match carries the ETag we sent: "\"<version>\"" (a weak W/ prefix and bare numbers are accepted too).
/// nullopt when the header is absent; MalformedRequest when it is not such a tag.
Result<std::optional<std::int64_t>> expected_version(const Request& request);
/// expected_version for writes that must be versioned: PreconditionRequired (428) without If-Match.
Result<std::int64_t> required_version(const Request& request);
/// The ETag of a record version: "\"<version>\"".
std::string etag(std::int64_t version);

}  // namespace kartoteka::http
