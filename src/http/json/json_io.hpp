#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/error.hpp"
#include "http/message.hpp"

namespace kartoteka::http::json {

/// The body as a JSON object. MalformedRequest (400) naming the problem when it is not UTF-8,
/// not JSON, or not an object.
Result<nlohmann::json> parse_json_object(std::string_view body);

Response json_response(unsigned status, const nlohmann::json& body);

}  // namespace kartoteka::http::json
