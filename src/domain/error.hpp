#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace kartoteka {

/// Error categories, after google.rpc.Code. http/error_mapping.cpp is the one place that maps them to HTTP.
enum class ErrorCode {
    InvalidArgument,       // bad input; field_errors says which fields (422, or 400 for unparsable bodies)
    MalformedRequest,      // a body that is not JSON / not UTF-8 at all (400)
    NotFound,              // 404
    AlreadyExists,         // 409
    FailedPrecondition,    // version mismatch: a colleague saved first (412)
    PreconditionRequired,  // a write that needs If-Match came without it (428)
    Unauthenticated,       // 401
    PermissionDenied,      // 403 (also a missing/wrong CSRF token)
    ResourceExhausted,     // 413 / 429
    Unavailable,           // 503
    Internal,              // 500
};

/// Field name -> human-readable message, e.g. {"ico": "IČO must have 8 digits"}.
/// Nested fields use dots and indices: "billing_address.postal_code", "contacts[1].email".
using FieldErrors = std::map<std::string, std::string>;

/// Stable machine codes of field errors, e.g. "ico.check_digit", "required", "too_long". Clients translate
/// these (the messages are English and may be reworded); http/error_mapping.cpp sends them as
/// "error_codes" and uses "invalid" for a field that has a message but no code.
inline constexpr std::string_view kGenericFieldErrorCode = "invalid";

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    FieldErrors field_errors = {};
    FieldErrors field_codes = {};  // same keys as field_errors; value is a stable code (see above)

    static Error invalid(std::string message, FieldErrors fields = {}, FieldErrors codes = {}) {
        return Error{ErrorCode::InvalidArgument, std::move(message), std::move(fields), std::move(codes)};
    }
    static Error invalid_field(const std::string& field, std::string message) {
        return Error{ErrorCode::InvalidArgument, "invalid field: " + field, FieldErrors{{field, std::move(message)}}};
    }
    static Error invalid_field(const std::string& field, std::string message, std::string code) {
        return Error{
            ErrorCode::InvalidArgument,
            "invalid field: " + field,
            FieldErrors{{field, std::move(message)}},
            FieldErrors{{field, std::move(code)}}};
    }
    static Error not_found(std::string message) { return Error{ErrorCode::NotFound, std::move(message)}; }
    static Error conflict(std::string message) { return Error{ErrorCode::FailedPrecondition, std::move(message)}; }
    static Error internal(std::string message) { return Error{ErrorCode::Internal, std::move(message)}; }
};

template <typename T>
using Result = tl::expected<T, Error>;

/// Result<void> success value: `return ok();`.
inline Result<void> ok() {
    return {};
}

inline tl::unexpected<Error> fail(Error error) {
    return tl::unexpected<Error>(std::move(error));
}

}  // namespace kartoteka
