#include "test_server.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kartoteka::api_test {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kListeningLine = "kartoteka listening on http://127.0.0.1:";
constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(15);
constexpr auto kRequestTimeout = std::chrono::seconds(15);

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// A written-off pipe must not kill the test process (the server may close early, e.g. on 413).
const bool kSigpipeIgnored = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
}();

struct Child {
    pid_t pid = -1;
    int output_fd = -1;  // read end: the child's stdout and stderr
    int input_fd = -1;   // write end: the child's stdin
};

// argv and envp are built before fork(): after fork only async-signal-safe calls are allowed.
Child spawn_kartoteka(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> argument_storage{KARTOTEKA_BINARY};
    argument_storage.insert(argument_storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argument_storage) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);

    std::vector<std::string> environment_storage;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view variable(*entry);
        const auto name = variable.substr(0, variable.find('='));
        if (!overrides.contains(std::string(name)) && name != "KARTOTEKA_ADMIN_PASSWORD") {
            environment_storage.emplace_back(variable);
        }
    }
    for (const auto& [name, value] : overrides) {
        environment_storage.push_back(name + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& variable : environment_storage) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);

    int output_pipe[2];
    int input_pipe[2];
    if (::pipe2(output_pipe, O_CLOEXEC) != 0 || ::pipe2(input_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::dup2(input_pipe[0], STDIN_FILENO);
        ::dup2(output_pipe[1], STDOUT_FILENO);
        ::dup2(output_pipe[1], STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(output_pipe[1]);
    ::close(input_pipe[0]);
    return Child{pid, output_pipe[0], input_pipe[1]};
}

// Reads what is available within `timeout`; false on EOF or timeout with nothing read.
bool read_some(int fd, std::string& into, std::chrono::milliseconds timeout) {
    pollfd descriptor{fd, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) {
        return ready == 0 || errno == EINTR;  // timeout or signal: nothing yet, not EOF
    }
    char buffer[4096];
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) {
        return false;
    }
    into.append(buffer, static_cast<std::size_t>(got));
    return true;
}

int wait_for_exit(pid_t pid, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        if (done < 0 && errno != EINTR) {
            return -1;
        }
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------- TempDir

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kartoteka-api-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

// ---------------------------------------------------------------------------------------------- processes

ProcessResult run_kartoteka(
    const std::vector<std::string>& arguments,
    const std::map<std::string, std::string>& environment,
    const std::string& standard_input,
    std::chrono::seconds timeout
) {
    Child child = spawn_kartoteka(arguments, environment);
    if (!standard_input.empty()) {
        // Small inputs fit the pipe buffer, so this cannot block on a child that reads nothing.
        [[maybe_unused]] const auto written = ::write(child.input_fd, standard_input.data(), standard_input.size());
    }
    ::close(child.input_fd);

    ProcessResult result;
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline && read_some(child.output_fd, result.output, std::chrono::milliseconds(200))) {
    }
    ::close(child.output_fd);
    const auto remaining = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
    result.exit_code = wait_for_exit(child.pid, std::max(remaining, std::chrono::seconds(1)));
    return result;
}

struct TestServer::SharedOutput {
    mutable std::mutex mutex;
    std::string text;
    std::thread drainer;
};

TestServer::TestServer(Options options) : output_(std::make_shared<SharedOutput>()) {
    if (options.data_dir) {
        data_dir_ = *options.data_dir;
    } else {
        owned_data_dir_ = std::make_unique<TempDir>();
        data_dir_ = owned_data_dir_->path();
    }
    std::map<std::string, std::string> environment;
    if (options.admin_password) {
        environment["KARTOTEKA_ADMIN_PASSWORD"] = *options.admin_password;
    }
    for (const auto& [relative, content] : options.web_files) {
        const auto file = web_root_.path() / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
    }
    std::vector<std::string> arguments{
        "serve",
        "--data",
        data_dir_.string(),
        "--listen",
        "127.0.0.1:0",
        "--password-cost",
        options.password_cost,
        "--web",
        web_root_.path().string()};
    arguments.insert(arguments.end(), options.extra_arguments.begin(), options.extra_arguments.end());
    Child child = spawn_kartoteka(arguments, environment);
    ::close(child.input_fd);
    pid_ = child.pid;
    output_fd_ = child.output_fd;

    std::string seen;
    const auto deadline = Clock::now() + kStartTimeout;
    while (port_ == 0) {
        const auto found = seen.find(kListeningLine);
        if (found != std::string::npos) {
            const auto digits_start = found + kListeningLine.size();
            const auto line_end = seen.find('\n', digits_start);
            if (line_end != std::string::npos) {
                port_ = static_cast<unsigned short>(std::stoi(seen.substr(digits_start, line_end - digits_start)));
                break;
            }
        }
        const bool alive = read_some(output_fd_, seen, std::chrono::milliseconds(200));
        if (!alive || Clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            wait_for_exit(pid_, std::chrono::seconds(5));
            pid_ = -1;
            ::close(output_fd_);
            output_fd_ = -1;
            throw std::runtime_error(
                std::string(alive ? "timed out after 20 s waiting for" : "server exited before printing") + " \"" +
                std::string(kListeningLine) + "PORT\". Its output:\n" + seen
            );
        }
    }
    output_->text = std::move(seen);
    // Keep reading, or a chatty server (one log line per request) would block on a full pipe.
    output_->drainer = std::thread([shared = output_, fd = output_fd_] {
        std::string chunk;
        while (read_some(fd, chunk, std::chrono::milliseconds(500))) {
            if (!chunk.empty()) {
                const std::lock_guard lock(shared->mutex);
                shared->text += chunk;
                chunk.clear();
            }
        }
    });
}

TestServer::~TestServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for_exit(pid_, std::chrono::seconds(5));
        pid_ = -1;
    }
    if (output_->drainer.joinable()) {
        output_->drainer.join();
    }
    if (output_fd_ >= 0) {
        ::close(output_fd_);
    }
}

std::string TestServer::output() const {
    const std::lock_guard lock(output_->mutex);
    return output_->text;
}

int TestServer::stop(int signal_number) {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, signal_number);
    const int exit_code = wait_for_exit(pid_, kStopTimeout);
    pid_ = -1;
    if (output_->drainer.joinable()) {
        output_->drainer.join();
    }
    return exit_code;
}

// ---------------------------------------------------------------------------------------------- HTTP

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) {
            return value;
        }
    }
    return {};
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) {
            values.push_back(value);
        }
    }
    return values;
}

nlohmann::json HttpResponse::json() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
        ADD_FAILURE() << "response body is not JSON (status " << status << "): " << body.substr(0, 500);
        return nullptr;
    }
    return parsed;
}

bool HttpResponse::is_problem() const {
    const std::string content_type = header("Content-Type");
    if (content_type.rfind("application/problem+json", 0) != 0) {
        return false;
    }
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_object() && parsed.contains("status") && parsed["status"] == status && parsed.contains("title");
}

nlohmann::json HttpResponse::field_errors() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("errors") && parsed["errors"].is_object()) {
        return parsed["errors"];
    }
    return nlohmann::json::object();
}

bool HttpResponse::has_field_error(const std::string& field) const {
    return field_errors().contains(field);
}

std::string raw_http_exchange(unsigned short port, const std::string& raw_request) {
    net::io_context io_context;
    tcp::socket socket(io_context);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    net::write(socket, net::buffer(raw_request));
    std::string answer;
    beast::error_code error;
    std::array<char, 4096> chunk{};
    while (true) {
        const auto read = socket.read_some(net::buffer(chunk), error);
        answer.append(chunk.data(), read);
        if (error) {
            break;
        }
    }
    return answer;
}

HttpResponse http_request(
    unsigned short port,
    const std::string& method,
    const std::string& target,
    const std::string& body,
    const Headers& headers
) {
    net::io_context io_context;
    beast::tcp_stream stream(io_context);
    stream.expires_after(kRequestTimeout);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));

    http::request<http::string_body> request;
    request.version(11);
    request.target(target);
    const auto verb = http::string_to_verb(method);
    if (verb == http::verb::unknown) {
        request.method_string(method);
    } else {
        request.method(verb);
    }
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
        request.insert(name, value);
        has_content_type = has_content_type || iequals(name, "Content-Type");
    }
    if (!body.empty() && !has_content_type) {
        request.set(http::field::content_type, "application/json");
    }
    request.body() = body;
    request.prepare_payload();

    // Write and read at the same time: a server may answer (413) before it has read the whole body.
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code read_error;
    http::async_write(stream, request, [](beast::error_code, std::size_t) {});
    http::async_read(stream, buffer, parser, [&](beast::error_code error, std::size_t) {
        read_error = error;
        stream.cancel();
    });
    io_context.run();
    if (read_error) {
        throw std::runtime_error("HTTP " + method + " " + target + ": no response (" + read_error.message() + ")");
    }

    HttpResponse response;
    const auto& message = parser.get();
    response.status = message.result_int();
    for (const auto& field : message) {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = message.body();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return response;
}

// ---------------------------------------------------------------------------------------------- ApiClient

HttpResponse ApiClient::login(const std::string& username, const std::string& password) {
    auto response = http_request(
        port_, "POST", "/api/v1/auth/login", nlohmann::json{{"username", username}, {"password", password}}.dump()
    );
    if (response.status != 200) {
        return response;
    }
    for (const auto& set_cookie : response.headers_named("Set-Cookie")) {
        const std::string pair = set_cookie.substr(0, set_cookie.find(';'));
        if (pair.find('=') != std::string::npos && pair.back() != '=') {
            cookie_ = pair;
        }
    }
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_object() && parsed.contains("csrf_token") && parsed["csrf_token"].is_string()) {
        csrf_token_ = parsed["csrf_token"].get<std::string>();
    }
    mode_ = Mode::Session;
    return response;
}

ApiClient ApiClient::admin_session(unsigned short port) {
    ApiClient client(port);
    const auto response = client.login("admin", kAdminPassword);
    EXPECT_EQ(response.status, 200u) << "admin login failed: " << response.body;
    EXPECT_FALSE(client.cookie().empty()) << "login set no cookie";
    EXPECT_FALSE(client.csrf_token().empty()) << "login returned no csrf_token";
    return client;
}

ApiClient ApiClient::admin_bearer(unsigned short port) {
    const ApiClient session = admin_session(port);
    const auto response = session.post("/api/v1/auth/tokens", {{"name", "api-test " + unique_suffix()}});
    EXPECT_EQ(response.status, 201u) << response.body;
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    std::string token;
    if (parsed.is_object() && parsed.contains("token") && parsed["token"].is_string()) {
        token = parsed["token"].get<std::string>();
    }
    EXPECT_FALSE(token.empty()) << "POST /api/v1/auth/tokens returned no token: " << response.body;
    return bearer(port, token);
}

ApiClient ApiClient::bearer(unsigned short port, std::string token) {
    ApiClient client(port);
    client.mode_ = Mode::Bearer;
    client.bearer_token_ = std::move(token);
    return client;
}

HttpResponse ApiClient::request(
    const std::string& method, const std::string& target, const std::string& body, Headers headers
) const {
    auto has_header = [&headers](std::string_view name) {
        for (const auto& [key, value] : headers) {
            if (iequals(key, name)) {
                return true;
            }
        }
        return false;
    };
    const bool is_write = method != "GET" && method != "HEAD" && method != "OPTIONS";
    if (mode_ == Mode::Session) {
        if (!has_header("Cookie")) {
            headers.emplace_back("Cookie", cookie_);
        }
        if (is_write && send_csrf_ && !has_header("X-CSRF-Token")) {
            headers.emplace_back("X-CSRF-Token", csrf_token_);
        }
    } else if (mode_ == Mode::Bearer && !has_header("Authorization")) {
        headers.emplace_back("Authorization", "Bearer " + bearer_token_);
    }
    return http_request(port_, method, target, body, headers);
}

HttpResponse ApiClient::patch(const std::string& target, const nlohmann::json& body, const std::string& match) const {
    Headers headers;
    if (!match.empty()) {
        headers.emplace_back("If-Match", match);
    }
    return request("PATCH", target, body.dump(), headers);
}

// ---------------------------------------------------------------------------------------------- helpers

std::string ico_with_check_digit(int seven_digits) {
    std::string digits = std::to_string(seven_digits);
    digits.insert(0, 7 - std::min<std::size_t>(7, digits.size()), '0');
    int sum = 0;
    for (int i = 0; i < 7; ++i) {
        sum += (digits[static_cast<std::size_t>(i)] - '0') * (8 - i);
    }
    return digits + std::to_string((11 - sum % 11) % 10);
}

std::string unique_suffix() {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
    return "t" + std::to_string(::getpid() % 1000) + "x" + std::to_string(now % 100000000) + "n" +
           std::to_string(counter++);
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char character : text) {
        if (std::isalnum(character) || character == '-' || character == '_' || character == '.' || character == '~') {
            encoded += static_cast<char>(character);
        } else {
            encoded += '%';
            encoded += kHex[character >> 4];
            encoded += kHex[character & 0x0F];
        }
    }
    return encoded;
}

std::vector<nlohmann::json> list_all(const ApiClient& client, const std::string& base_target, int limit) {
    std::vector<nlohmann::json> items;
    const char separator = base_target.find('?') == std::string::npos ? '?' : '&';
    std::string cursor;
    for (int page = 0; page < 10000; ++page) {
        std::string target = base_target + separator + "limit=" + std::to_string(limit);
        if (!cursor.empty()) {
            target += "&cursor=" + url_encode(cursor);
        }
        const auto response = client.get(target);
        if (response.status != 200) {
            ADD_FAILURE() << "GET " << target << " -> " << response.status << ": " << response.body;
            return items;
        }
        const auto body = response.json();
        if (!body.is_object() || !body.contains("items") || !body["items"].is_array()) {
            ADD_FAILURE() << "GET " << target << " has no items array: " << response.body;
            return items;
        }
        for (const auto& item : body["items"]) {
            items.push_back(item);
        }
        if (!body.contains("next_cursor") || !body["next_cursor"].is_string() ||
            body["next_cursor"].get<std::string>().empty()) {
            return items;
        }
        cursor = body["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << "GET " << base_target << ": the cursor never ended";
    return items;
}

std::size_t count_customers(const ApiClient& client) {
    return list_all(client, "/api/v1/customers").size();
}

std::string if_match(std::int64_t version) {
    return "\"" + std::to_string(version) + "\"";
}

}  // namespace kartoteka::api_test
