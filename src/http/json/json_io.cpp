#include "http/json/json_io.hpp"

#include "util/text.hpp"

namespace kartoteka::http::json {

Result<nlohmann::json> parse_json_object(std::string_view body) {
    if (body.empty()) {
        return fail(Error{ErrorCode::MalformedRequest, "the request body is empty; a JSON object is expected"});
    }
    if (!util::is_valid_utf8(body)) {
        return fail(Error{ErrorCode::MalformedRequest, "the request body is not valid UTF-8"});
    }
    // nlohmann reports syntax errors only by exception; it is caught right here and becomes a value.
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& error) {
        return fail(Error{ErrorCode::MalformedRequest, std::string("malformed JSON: ") + error.what()});
    }
    if (!document.is_object()) {
        return fail(Error{ErrorCode::MalformedRequest, "the request body must be a JSON object"});
    }
    return document;
}

Response json_response(unsigned status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    response.content_type = "application/json";
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace kartoteka::http::json
