#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth_service.hpp"

// Transport-free request and response types: handlers and the router never see Beast, so they compile
// quickly and can be tested without sockets (server.cpp converts at the edge).
namespace kartoteka::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

const char* to_string(Method method);

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

    // Filled by the router and the authentication guard.
    std::map<std::string, std::string, std::less<>> path_params = {};
    std::optional<auth::Principal> principal = std::nullopt;
    std::string session_token = {};  // set when authenticated by cookie (logout needs it)

    /// The decoded value of a query parameter, or nullopt when it is absent.
    std::optional<std::string> query_param(std::string_view name) const;
    std::string_view path_param(std::string_view name) const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = {};
    std::string body = {};
    std::vector<std::pair<std::string, std::string>> headers = {};

    Response& set_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

/// Percent-decoding for query strings ('+' is a space); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace kartoteka::http
