#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <regex>
#include <set>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace kartoteka::api_test {
namespace {

TEST(ServerProcess, ShutsDownGracefullyOnSigterm) {
    TestServer server;
    ASSERT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
    EXPECT_EQ(server.stop(SIGTERM), 0) << server.output();
}

TEST(ServerProcess, ShutsDownGracefullyOnSigint) {
    TestServer server;
    ASSERT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
    EXPECT_EQ(server.stop(SIGINT), 0) << server.output();
}

TEST(ServerProcess, ShutsDownGracefullyWithAnIdleKeepAliveConnectionOpen) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    TestServer server;
    boost::asio::io_context io_context;
    beast::tcp_stream stream(io_context);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    ASSERT_EQ(response.result_int(), 200u);
    // The connection stays open and idle: shutdown must not wait for the client to hang up.
    EXPECT_EQ(server.stop(SIGTERM), 0) << server.output();
}

TEST(ServerProcess, RequestInFlightAtSigtermIsAnsweredBeforeExit) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    // Interactive argon2id makes the login take a few hundred milliseconds: long enough to be in flight.
    TestServer server({.password_cost = "interactive"});
    boost::asio::io_context io_context;
    beast::tcp_stream stream(io_context);
    stream.expires_after(std::chrono::seconds(20));
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    http::request<http::string_body> request{http::verb::post, "/api/v1/auth/login", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.body() = nlohmann::json{{"username", "admin"}, {"password", kAdminPassword}}.dump();
    request.prepare_payload();
    http::write(stream, request);
    // Let the server read the request and hand it to a worker; the hash itself takes far longer than this.
    std::this_thread::sleep_for(std::chrono::milliseconds(40));

    auto exit_code = std::async(std::launch::async, [&server] { return server.stop(SIGTERM); });
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code read_error;
    http::read(stream, buffer, response, read_error);
    ASSERT_FALSE(read_error) << "the in-flight login got no answer: " << read_error.message();
    EXPECT_EQ(response.result_int(), 200u) << response.body();
    EXPECT_FALSE(response.keep_alive()) << "a response sent during shutdown must close the connection";
    EXPECT_FALSE(response[http::field::set_cookie].empty());

    EXPECT_EQ(exit_code.get(), 0) << server.output();
    EXPECT_NE(server.output().find("shut down cleanly"), std::string::npos) << server.output();
    // The store was closed properly: the last connection checkpointed the WAL and removed it.
    EXPECT_FALSE(std::filesystem::exists(server.data_dir() / "kartoteka.db-wal"));
    EXPECT_EQ(run_kartoteka({"user", "list", "--data", server.data_dir().string()}).exit_code, 0);
}

TEST(ServerProcess, ServesSeveralRequestsOnOneKeepAliveConnection) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    TestServer server;
    boost::asio::io_context io_context;
    beast::tcp_stream stream(io_context);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    beast::flat_buffer buffer;
    for (int i = 0; i < 3; ++i) {
        http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
        request.set(http::field::host, "127.0.0.1");
        http::write(stream, request);
        http::response<http::string_body> response;
        http::read(stream, buffer, response);
        EXPECT_EQ(response.result_int(), 200u) << "request " << i;
        EXPECT_TRUE(response.keep_alive()) << "request " << i;
    }
}

TEST(ServerProcess, DataSurvivesRestart) {
    TempDir data;
    std::int64_t id = 0;
    {
        TestServer server({.data_dir = data.path()});
        const auto client = ApiClient::admin_session(server.port());
        const auto created =
            client.post("/api/v1/customers", {{"kind", "company"}, {"name", "Trvalá s.r.o."}, {"ico", "25596641"}});
        ASSERT_EQ(created.status, 201u) << created.body;
        id = created.json()["id"].get<std::int64_t>();
        ASSERT_EQ(server.stop(SIGTERM), 0) << server.output();
    }
    TestServer server({.data_dir = data.path()});
    const auto stored = ApiClient::admin_session(server.port()).get("/api/v1/customers/" + std::to_string(id));
    ASSERT_EQ(stored.status, 200u) << stored.body;
    EXPECT_EQ(stored.json()["name"], "Trvalá s.r.o.");
    EXPECT_EQ(stored.json()["ico"], "25596641");
}

TEST(ServerProcess, AdminPasswordFromEnvironmentAppliesOnlyToAnEmptyStore) {
    TempDir data;
    {
        TestServer server({.data_dir = data.path(), .admin_password = "first-password-1"});
        ASSERT_EQ(server.stop(SIGTERM), 0);
    }
    TestServer server({.data_dir = data.path(), .admin_password = "second-password-2"});
    ApiClient first(server.port());
    EXPECT_EQ(first.login("admin", "first-password-1").status, 200u);
    ApiClient second(server.port());
    EXPECT_EQ(second.login("admin", "second-password-2").status, 401u)
        << "a later start must not reset the admin password";
}

TEST(ServerProcess, RandomAdminPasswordIsPrintedOnceAndWorks) {
    TempDir data;
    std::string working_password;
    {
        TestServer server({.data_dir = data.path(), .admin_password = std::nullopt});
        const std::string output = server.output();
        // The format of the message is the server's business: try every long enough word it printed.
        static const std::regex kCandidate(R"([A-Za-z0-9_\-+/=!@#$%^&*.~]{16,})");
        std::set<std::string> candidates;
        for (auto it = std::sregex_iterator(output.begin(), output.end(), kCandidate); it != std::sregex_iterator();
             ++it) {
            candidates.insert(it->str());
        }
        for (const auto& candidate : candidates) {
            ApiClient client(server.port());
            if (client.login("admin", candidate).status == 200) {
                working_password = candidate;
                break;
            }
        }
        ASSERT_FALSE(working_password.empty()) << "no printed word of 16+ characters logs in as admin:\n" << output;
        ASSERT_EQ(server.stop(SIGTERM), 0);
    }
    TestServer server({.data_dir = data.path(), .admin_password = std::nullopt});
    EXPECT_EQ(server.output().find(working_password), std::string::npos) << "the password was printed again";
    ApiClient client(server.port());
    EXPECT_EQ(client.login("admin", working_password).status, 200u);
}

}  // namespace
}  // namespace kartoteka::api_test
