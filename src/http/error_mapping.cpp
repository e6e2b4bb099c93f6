#include "http/error_mapping.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace kartoteka::http {
namespace {

struct ErrorMapping {
    ErrorCode code;
    unsigned status;
    const char* type;  // about:blank when the status title says it all
};

// 422 rather than 400 for InvalidArgument: the body was well-formed JSON but its content is refused,
// which lets clients tell "fix your serializer" (400) from "show these field errors" (422).
constexpr std::array<ErrorMapping, 11> kErrorMappings{{
    {ErrorCode::InvalidArgument, 422, "https://kartoteka.example/problems/validation"},
    {ErrorCode::MalformedRequest, 400, "https://kartoteka.example/problems/malformed-request"},
    {ErrorCode::NotFound, 404, "about:blank"},
    {ErrorCode::AlreadyExists, 409, "about:blank"},
    {ErrorCode::FailedPrecondition, 412, "https://kartoteka.example/problems/version-mismatch"},
    {ErrorCode::PreconditionRequired, 428, "about:blank"},
    {ErrorCode::Unauthenticated, 401, "about:blank"},
    {ErrorCode::PermissionDenied, 403, "about:blank"},
    {ErrorCode::ResourceExhausted, 413, "about:blank"},
    {ErrorCode::Unavailable, 503, "about:blank"},
    {ErrorCode::Internal, 500, "about:blank"},
}};

const ErrorMapping& mapping_for(ErrorCode code) {
    for (const auto& mapping : kErrorMappings) {
        if (mapping.code == code) {
            return mapping;
        }
    }
    return kErrorMappings.back();
}

const char* status_title(unsigned status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Content";
        case 428:
            return "Precondition Required";
        case 503:
            return "Service Unavailable";
        default:
            return "Internal Server Error";
    }
}

Response make_problem(unsigned status, const char* type, std::string_view detail, nlohmann::json problem) {
    problem["type"] = type;
    problem["title"] = status_title(status);
    problem["status"] = status;
    problem["detail"] = detail;
    Response response;
    response.status = status;
    response.content_type = std::string(kProblemContentType);
    response.body = problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (status == 401) {
        response.set_header("WWW-Authenticate", "Bearer");
    }
    return response;
}

// One code for every field that has a message, so clients can translate every error they show;
// layers that set no code (the store, auth) get the generic one.
nlohmann::json field_error_codes(const Error& error) {
    nlohmann::json codes = nlohmann::json::object();
    for (const auto& [field, message] : error.field_errors) {
        const auto code = error.field_codes.find(field);
        codes[field] = code == error.field_codes.end() ? std::string(kGenericFieldErrorCode) : code->second;
    }
    return codes;
}

}  // namespace

unsigned http_status_for(ErrorCode code) {
    return mapping_for(code).status;
}

Response error_response(const Error& error) {
    return error_response(error, nlohmann::json::object());
}

Response error_response(const Error& error, const nlohmann::json& extra_members) {
    const auto& mapping = mapping_for(error.code);
    nlohmann::json problem = extra_members.is_object() ? extra_members : nlohmann::json::object();
    if (!error.field_errors.empty()) {
        problem["errors"] = error.field_errors;
        problem["error_codes"] = field_error_codes(error);
    }
    // Internal details stay in the log; the client gets a generic text.
    const std::string_view detail =
        error.code == ErrorCode::Internal ? std::string_view("internal error") : std::string_view(error.message);
    return make_problem(mapping.status, mapping.type, detail, std::move(problem));
}

Response problem_response(unsigned status, std::string_view detail) {
    return make_problem(status, "about:blank", detail, nlohmann::json::object());
}

}  // namespace kartoteka::http
