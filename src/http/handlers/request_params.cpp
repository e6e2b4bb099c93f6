#include "http/handlers/request_params.hpp"

#include <charconv>

namespace kartoteka::http {

std::optional<std::int64_t> parse_positive_integer(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

Result<std::int64_t> path_id(const Request& request, std::string_view name, std::string_view what) {
    const auto text = request.path_param(name);
    if (const auto id = parse_positive_integer(text)) {
        return *id;
    }
    return fail(Error::not_found(std::string(what) + " " + std::string(text) + " not found"));
}

Result<std::optional<std::int64_t>> expected_version(const Request& request) {
    std::string_view tag = request.if_match;
    if (tag.empty()) {
        return std::optional<std::int64_t>{};
    }
    if (tag.starts_with("W/")) {
        tag.remove_prefix(2);
    }
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
        tag = tag.substr(1, tag.size() - 2);
    }
    if (const auto version = parse_positive_integer(tag)) {
        return std::optional<std::int64_t>{*version};
    }
    return fail(Error{ErrorCode::MalformedRequest, "If-Match must be an ETag such as \"3\""});
}

Result<std::int64_t> required_version(const Request& request) {
    auto version = expected_version(request);
    if (!version) {
        return fail(std::move(version.error()));
    }
    if (!*version) {
        return fail(Error{ErrorCode::PreconditionRequired, "send If-Match with the ETag of the version you edited"});
    }
    return **version;
}

std::string etag(std::int64_t version) {
    return "\"" + std::to_string(version) + "\"";
}

}  // namespace kartoteka::http
