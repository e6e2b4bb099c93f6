#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth_service.hpp"
#include "domain/error.hpp"
#include "util/text.hpp"

// Transport-free request and response types: handlers and the router never see Beast, so they compile
// quickly and can be tested without sockets (server.cpp converts at the edge).
namespace kartoteka::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

const char* to_string(Method method);

/// A file part of a multipart upload, already written to a temporary file by the server while it streamed
/// in (the body is never held in memory). The server removes the file after the response unless the
/// handler moved it away (into the blob store).
struct Upload {
    std::string temp_path = {};
    std::string filename = {};      // from the part's Content-Disposition (filename* preferred), unvalidated
    std::string content_type = {};  // as declared by the part; never trusted for display
    std::uint64_t size = 0;
    std::string sha256 = {};  // lower-case hex of the content
    std::string head = {};    // the first bytes (up to kUploadHeadBytes), for content sniffing
};

inline constexpr std::size_t kUploadHeadBytes = 512;

struct Request {
    Method method = Method::Get;
    std::string path = {};   // percent-decoded path without the query string
    std::string query = {};  // raw query string after '?', not decoded
    std::string body = {};

    // Only the headers the application reads; copying all of them would cost on the hot path.
    std::string content_type = {};
    std::string cookie = {};
    std::string authorization = {};
    std::string csrf_token = {};
    std::string if_match = {};
    std::string host = {};  // for absolute URLs handed out (the calendar feed's)

    // Filled by the router and the authentication guard.
    std::map<std::string, std::string, std::less<>> path_params = {};
    std::optional<auth::Principal> principal = std::nullopt;
    std::string session_token = {};  // set when authenticated by cookie (logout needs it)

    // Routes declared with RequestBody::Upload: the spooled `file` part (body stays empty).
    std::optional<Upload> upload = std::nullopt;

    /// The decoded value of a query parameter, or nullopt when it is absent.
    std::optional<std::string> query_param(std::string_view name) const;
    std::string_view path_param(std::string_view name) const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = {};
    std::string body = {};
    std::vector<std::pair<std::string, std::string>> headers = {};
    /// When set, the body is this file's first file_size bytes, streamed from disk by the server (body and
    /// content_type stay as given; the server sets Content-Length). HEAD requests get the headers only.
    std::string file_path = {};
    std::uint64_t file_size = 0;
    /// The file at file_path is a temporary made for this response: the server unlinks it once it is open
    /// (the open descriptor keeps the bytes readable), or when opening fails.
    bool file_is_temporary = false;
    /// When set, the body is produced piece by piece and sent with chunked transfer encoding (body and
    /// file_path are ignored). The server calls it on the worker pool, never on an I/O thread and never twice
    /// at once; each call appends the next piece to `out` (which arrives empty) and returns true while more
    /// will follow, false after the last piece. At most two pieces per connection are in flight, so a slow
    /// client holds the producer back instead of letting memory grow. An error once the header has gone out
    /// can only abort the connection: the body then lacks its final chunk and the client sees a truncated
    /// transfer. HEAD requests get the headers only and the producer is never called.
    std::function<Result<bool>(std::string& out)> stream = {};

    Response& set_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

/// Percent-decoding for query strings ('+' is a space); nullopt on a malformed escape.
using util::percent_decode;

}  // namespace kartoteka::http
