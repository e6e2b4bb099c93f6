#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

// A streaming multipart/form-data parser (RFC 7578 over RFC 2046 framing): the body arrives in chunks of any
// size, split anywhere (inside a boundary, a header line or a CRLF), and part content is handed on as it
// arrives, so an upload of any size passes through a fixed amount of memory.
namespace kartoteka::http {

/// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is another one
/// or the boundary is missing or invalid (RFC 2046: 1..70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// The headers of one part that form-data gives a meaning to.
struct PartHeaders {
    std::string name = {};                     // Content-Disposition name="..."
    std::optional<std::string> filename = {};  // filename*= (RFC 5987, UTF-8) wins over filename="..."
    std::string content_type = {};             // as declared; empty when absent
};

/// Parses one Content-Disposition header value of a part ("form-data; name=...; filename=...").
/// MalformedRequest when it is not form-data or its parameters cannot be parsed.
Result<PartHeaders> parse_part_disposition(std::string_view value);

/// Receives the parts in order. A failed Result stops the parser; the error is returned by feed().
class MultipartSink {
public:
    virtual ~MultipartSink() = default;
    virtual Result<void> on_part_begin(const PartHeaders& headers) = 0;
    virtual Result<void> on_part_data(std::string_view bytes) = 0;
    virtual Result<void> on_part_end() = 0;
};

class MultipartParser {
public:
    static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // all headers of one part together

    explicit MultipartParser(std::string_view boundary);

    /// Consumes the next piece of the body. MalformedRequest on broken framing or headers; the sink's
    /// own errors pass through unchanged. After an error the parser must not be fed again.
    Result<void> feed(std::string_view chunk, MultipartSink& sink);

    /// True once the closing delimiter ("--boundary--") has been seen; whatever follows is ignored.
    bool done() const { return state_ == State::Epilogue; }

private:
    enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue };

    Result<void> scan_body(std::string_view& chunk, MultipartSink* sink);
    Result<void> after_delimiter(std::string_view& chunk);
    Result<void> headers(std::string_view& chunk, MultipartSink& sink);
    Result<void> emit(std::string_view bytes, MultipartSink* sink);

    std::string delimiter_;  // "\r\n--" + boundary
    State state_ = State::Preamble;
    std::string pending_;  // a tail that may be the start of the delimiter (shorter than it)
    std::string line_;     // bytes of the header block or of the line after a delimiter
};

}  // namespace kartoteka::http
