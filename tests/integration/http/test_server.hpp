#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/types.h>

// Harness for the API tests: runs the real kartoteka binary as a child process and speaks HTTP to it.
namespace kartoteka::api_test {

/// The admin password every test server starts with (via KARTOTEKA_ADMIN_PASSWORD).
inline constexpr const char* kAdminPassword = "admin-Heslo-2026";

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct ProcessResult {
    int exit_code = -1;  // -1 when the process did not exit normally (signal, timeout)
    std::string output;  // stdout and stderr interleaved
};

/// Runs the kartoteka binary with `arguments` to completion (killing it after `timeout`).
ProcessResult run_kartoteka(
    const std::vector<std::string>& arguments,
    const std::map<std::string, std::string>& environment = {},
    const std::string& standard_input = {},
    std::chrono::seconds timeout = std::chrono::seconds(60)
);

/// `kartoteka serve` on 127.0.0.1:<ephemeral port> with the given data directory.
class TestServer {
public:
    struct Options {
        std::optional<std::filesystem::path> data_dir = std::nullopt;             // a fresh temp dir when absent
        std::optional<std::string> admin_password = std::string(kAdminPassword);  // nullopt = leave env unset
        std::vector<std::string> extra_arguments = {};                            // appended to `serve ...`
        std::string password_cost = "minimal";
        /// Files written into the server's --web root before it starts (relative path -> content).
        std::map<std::string, std::string> web_files = {};
    };

    /// Starts the server and waits (up to 20 s) for its "kartoteka listening on" line; throws on failure.
    explicit TestServer(Options options);
    TestServer() : TestServer(Options{}) {}
    /// Kills the process if stop() was not called.
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    unsigned short port() const { return port_; }
    const std::filesystem::path& data_dir() const { return data_dir_; }
    /// Everything the server wrote to stdout/stderr so far.
    std::string output() const;

    /// Sends `signal_number` and waits up to 15 s for the exit; returns the exit code (-1: killed/timeout).
    int stop(int signal_number);
    bool running() const { return pid_ > 0; }

private:
    void drain_output();

    std::unique_ptr<TempDir> owned_data_dir_;
    TempDir web_root_;
    std::filesystem::path data_dir_;
    pid_t pid_ = -1;
    int output_fd_ = -1;
    unsigned short port_ = 0;
    struct SharedOutput;
    std::shared_ptr<SharedOutput> output_;
};

struct HttpResponse {
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // in order; names as sent
    std::string body;

    /// First header with this name (case-insensitive), or "" when absent.
    std::string header(std::string_view name) const;
    /// All headers with this name (Set-Cookie may repeat).
    std::vector<std::string> headers_named(std::string_view name) const;
    /// The body parsed as JSON; a JSON null (and a test failure) when it is not JSON.
    nlohmann::json json() const;
    /// True when Content-Type is application/problem+json and the body is a problem object.
    bool is_problem() const;
    /// The "errors" member of a problem body (field -> message), or an empty object.
    nlohmann::json field_errors() const;
    bool has_field_error(const std::string& field) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

/// One HTTP/1.1 request on a fresh connection (Boost.Beast, synchronous, 15 s timeout).
/// A JSON Content-Type is added when there is a body and no Content-Type header was given.
HttpResponse http_request(
    unsigned short port,
    const std::string& method,
    const std::string& target,
    const std::string& body = {},
    const Headers& headers = {}
);

/// Sends `raw_request` byte for byte (no normalisation of the target) and returns everything the server
/// answers until it closes the connection. Use "Connection: close" in the request.
std::string raw_http_exchange(unsigned short port, const std::string& raw_request);

/// A client that authenticates every request: with the session cookie (+ X-CSRF-Token on writes), with a
/// bearer token, or not at all.
class ApiClient {
public:
    enum class Mode { Anonymous, Session, Bearer };

    explicit ApiClient(unsigned short port) : port_(port) {}

    /// POST /api/v1/auth/login; on success keeps the cookie and the CSRF token. Returns the raw response.
    HttpResponse login(const std::string& username, const std::string& password);
    /// Logs in as admin; fails the calling test when that does not work.
    static ApiClient admin_session(unsigned short port);
    /// Logs in as admin, creates an API token and returns a client that only sends "Authorization: Bearer".
    static ApiClient admin_bearer(unsigned short port);
    static ApiClient bearer(unsigned short port, std::string token);

    HttpResponse request(
        const std::string& method, const std::string& target, const std::string& body = {}, Headers headers = {}
    ) const;
    HttpResponse get(const std::string& target) const { return request("GET", target); }
    HttpResponse post(const std::string& target, const nlohmann::json& body) const {
        return request("POST", target, body.dump());
    }
    HttpResponse patch(const std::string& target, const nlohmann::json& body, const std::string& if_match) const;
    HttpResponse del(const std::string& target) const { return request("DELETE", target); }

    Mode mode() const { return mode_; }
    const std::string& cookie() const { return cookie_; }  // "name=value"
    const std::string& csrf_token() const { return csrf_token_; }
    const std::string& bearer_token() const { return bearer_token_; }
    /// Sends requests without the X-CSRF-Token header even on writes (to test the refusal).
    void set_send_csrf(bool send) { send_csrf_ = send; }

private:
    unsigned short port_;
    Mode mode_ = Mode::Anonymous;
    std::string cookie_;
    std::string csrf_token_;
    std::string bearer_token_;
    bool send_csrf_ = true;
};

/// A valid IČO (mod-11 check digit) built from a 7-digit prefix.
std::string ico_with_check_digit(int seven_digits);
/// A string unique within this test run, usable in names and tags ("t1a2b3").
std::string unique_suffix();
/// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);
/// Follows next_cursor through GET `base_target` (which already has a query) and returns all items.
std::vector<nlohmann::json> list_all(const ApiClient& client, const std::string& base_target, int limit = 500);
/// Number of live customers (all pages).
std::size_t count_customers(const ApiClient& client);
/// The ETag-style If-Match value for a version: "\"3\"".
std::string if_match(std::int64_t version);

}  // namespace kartoteka::api_test
