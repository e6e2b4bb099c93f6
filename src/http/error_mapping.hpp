#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "domain/error.hpp"
#include "http/message.hpp"

// The one place where error categories become HTTP: status codes and RFC 9457 problem+json bodies.
namespace kartoteka::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

/// googleapis-style mapping of an error category to an HTTP status.
unsigned http_status_for(ErrorCode code);

/// A problem+json response for a domain error; "errors" carries the field errors when there are any,
/// and "error_codes" a stable code for each of them.
Response error_response(const Error& error);

/// Same, with extra members merged into the problem object (e.g. "current_version" on a 412).
Response error_response(const Error& error, const nlohmann::json& extra_members);

/// A problem+json response for failures found by the HTTP layer itself (404 route, 405, 413, 415).
Response problem_response(unsigned status, std::string_view detail);

}  // namespace kartoteka::http
