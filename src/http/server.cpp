#include "http/server.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/error_mapping.hpp"

namespace kartoteka::http {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;

/// "1 MiB", "64 KiB" or "1000 bytes": the body limit as an operator would have written it.
std::string format_size(std::size_t bytes) {
    constexpr std::size_t kKibibyte = 1024;
    constexpr std::size_t kMebibyte = kKibibyte * kKibibyte;
    if (bytes >= kMebibyte && bytes % kMebibyte == 0) {
        return std::to_string(bytes / kMebibyte) + " MiB";
    }
    if (bytes >= kKibibyte && bytes % kKibibyte == 0) {
        return std::to_string(bytes / kKibibyte) + " KiB";
    }
    return std::to_string(bytes) + " bytes";
}

Method to_method(bhttp::verb verb) {
    switch (verb) {
        case bhttp::verb::get:
            return Method::Get;
        case bhttp::verb::head:
            return Method::Head;
        case bhttp::verb::post:
            return Method::Post;
        case bhttp::verb::put:
            return Method::Put;
        case bhttp::verb::patch:
            return Method::Patch;
        case bhttp::verb::delete_:
            return Method::Delete;
        case bhttp::verb::options:
            return Method::Options;
        default:
            return Method::Other;
    }
}

class Session;

/// What every connection shares: the router, the worker pool and the set of live sessions
/// (kept so that shutdown can close idle keep-alive connections).
struct ServerState {
    ServerState(const Router& router_in, ServerOptions options_in, net::thread_pool& workers_in)
        : router(router_in),
          options(std::move(options_in)),
          workers(workers_in) {}

    const Router& router;
    ServerOptions options;
    net::thread_pool& workers;
    std::atomic<std::uint64_t> next_request_id{1};

    std::mutex sessions_mutex;
    std::condition_variable sessions_changed;
    std::unordered_set<Session*> sessions;
    bool stopping = false;  // set under sessions_mutex; connections accepted after it are closed at once
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, ServerState& state) : stream_(std::move(socket)), state_(state) {
        std::lock_guard lock(state_.sessions_mutex);
        state_.sessions.insert(this);
    }

    ~Session() {
        std::lock_guard lock(state_.sessions_mutex);
        state_.sessions.erase(this);
        state_.sessions_changed.notify_all();
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

    /// Called at shutdown: an idle connection closes now, a busy one after its response is written.
    void request_stop() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            self->stopping_ = true;
            if (!self->busy_) {
                self->close();
            }
        });
    }

private:
    void read() {
        parser_.emplace();
        parser_->body_limit(state_.options.body_limit);
        parser_->header_limit(kHeaderLimit);
        buffer_.consume(0);
        stream_.expires_after(state_.options.io_timeout);
        bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
            ec == net::error::connection_reset || ec == net::error::eof) {
            return close();
        }
        started_ = Clock::now();
        if (ec == bhttp::error::body_limit) {
            return reply_and_close(
                bhttp::verb::unknown,
                "",
                problem_response(413, "the request body exceeds the limit of " + format_size(state_.options.body_limit))
            );
        }
        if (ec) {
            // A malformed request line or header: answer once, then drop the connection because its
            // framing can no longer be trusted.
            return reply_and_close(bhttp::verb::unknown, "", problem_response(400, "malformed HTTP request"));
        }
        busy_ = true;
        auto message = parser_->release();
        version_ = message.version();
        keep_alive_ = message.keep_alive();
        verb_ = message.method();

        const std::string_view target = message.target();
        const auto question = target.find('?');
        const auto raw_path = target.substr(0, question);
        auto path = percent_decode(raw_path, false);
        log_path_.assign(raw_path);
        if (!path || raw_path.empty() || raw_path.front() != '/') {
            return reply_and_close(verb_, log_path_, problem_response(400, "malformed request target"));
        }

        Request request;
        request.method = to_method(verb_);
        request.path = std::move(*path);
        if (question != std::string_view::npos) {
            request.query.assign(target.substr(question + 1));
        }
        request.content_type.assign(message[bhttp::field::content_type]);
        request.cookie.assign(message[bhttp::field::cookie]);
        request.authorization.assign(message[bhttp::field::authorization]);
        request.csrf_token.assign(message["X-CSRF-Token"]);
        request.if_match.assign(message[bhttp::field::if_match]);
        request.body = std::move(message.body());

        // Handlers block on SQLite, so they never run on an I/O thread.
        net::post(state_.workers, [self = shared_from_this(), request = std::move(request)]() mutable {
            auto response = self->handle(request);
            net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->write(std::move(response));
            });
        });
    }

    /// The one exception boundary per request: anything thrown is a bug or broken infrastructure.
    Response handle(Request& request) {
        const auto request_id = state_.next_request_id.fetch_add(1, std::memory_order_relaxed);
        try {
            return state_.router.dispatch(request);
        } catch (const std::exception& error) {
            spdlog::error(
                "request {} ({} {}) failed: {}", request_id, to_string(request.method), request.path, error.what()
            );
        } catch (...) {
            spdlog::error(
                "request {} ({} {}) failed with a non-standard exception",
                request_id,
                to_string(request.method),
                request.path
            );
        }
        return error_response(Error::internal("internal error"), nlohmann::json{{"request_id", request_id}});
    }

    void reply_and_close(bhttp::verb verb, std::string_view path, Response response) {
        busy_ = true;
        keep_alive_ = false;
        verb_ = verb;
        log_path_.assign(path);
        write(std::move(response));
    }

    void write(Response response) {
        const bool keep_alive = keep_alive_ && !stopping_;
        auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
            static_cast<bhttp::status>(response.status), version_ == 0 ? 11 : version_
        );
        message->set(bhttp::field::server, "kartoteka");
        if (!response.content_type.empty()) {
            message->set(bhttp::field::content_type, response.content_type);
        }
        for (auto& [name, value] : response.headers) {
            message->insert(name, value);
        }
        message->body() = std::move(response.body);
        message->keep_alive(keep_alive);
        message->prepare_payload();

        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
        spdlog::info(
            "{} {} {} {}us",
            verb_ == bhttp::verb::unknown ? "-" : bhttp::to_string(verb_),
            log_path_,
            response.status,
            micros
        );

        response_ = message;
        stream_.expires_after(state_.options.io_timeout);
        bhttp::async_write(
            stream_, *message, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive)
        );
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
        busy_ = false;
        response_.reset();
        if (ec || !keep_alive || stopping_) {
            return close();
        }
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    ServerState& state_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
    Clock::time_point started_{};
    std::string log_path_;
    bhttp::verb verb_ = bhttp::verb::unknown;
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool busy_ = false;      // a request is being handled or its response written
    bool stopping_ = false;  // shutdown: no more requests on this connection
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& io_context, ServerState& state)
        : io_context_(io_context),
          acceptor_(net::make_strand(io_context)),
          state_(state) {}

    Result<std::uint16_t> listen(const std::string& host, std::uint16_t port) {
        beast::error_code ec;
        const auto address = net::ip::make_address(host, ec);
        if (ec) {
            return fail(Error{ErrorCode::Unavailable, "invalid listen address " + host + ": " + ec.message()});
        }
        const tcp::endpoint endpoint{address, port};
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            acceptor_.bind(endpoint, ec);
        }
        if (!ec) {
            acceptor_.listen(net::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            return fail(Error{
                ErrorCode::Unavailable, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message()});
        }
        return acceptor_.local_endpoint().port();
    }

    void start() { accept(); }

    void stop() {
        net::post(acceptor_.get_executor(), [self = shared_from_this()] {
            beast::error_code ignored;
            self->acceptor_.close(ignored);
        });
    }

private:
    void accept() {
        acceptor_.async_accept(
            net::make_strand(io_context_), beast::bind_front_handler(&Listener::on_accept, shared_from_this())
        );
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
            return;
        }
        if (ec) {
            spdlog::warn("accept failed: {}", ec.message());
        } else if (shutting_down()) {
            // The acceptor closes asynchronously; a connection that slipped in after shutdown began would
            // not be asked to stop and would hold the process for the whole grace period.
            beast::error_code ignored;
            socket.close(ignored);
            return;
        } else {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Session>(std::move(socket), state_)->start();
        }
        accept();
    }

    bool shutting_down() const {
        const std::lock_guard lock(state_.sessions_mutex);
        return state_.stopping;
    }

    net::io_context& io_context_;
    tcp::acceptor acceptor_;
    ServerState& state_;
};

}  // namespace

class Server::Impl {
public:
    Impl(const Router& router, ServerOptions options)
        : io_context_(static_cast<int>(std::max<std::size_t>(1, options.io_threads))),
          workers_(std::max<std::size_t>(1, options.worker_threads)),
          state_(router, std::move(options), workers_),
          work_guard_(net::make_work_guard(io_context_)),
          signals_(io_context_, SIGINT, SIGTERM) {}

    ~Impl() {
        if (!joined_) {
            shutdown();
        }
    }

    Result<std::uint16_t> start() {
        listener_ = std::make_shared<Listener>(io_context_, state_);
        auto port = listener_->listen(state_.options.host, state_.options.port);
        if (!port) {
            return port;
        }
        listener_->start();
        signals_.async_wait([this](const beast::error_code& ec, int signal) {
            if (!ec) {
                spdlog::info("signal {} received, shutting down", signal);
                request_stop();
            }
        });
        const auto threads = std::max<std::size_t>(1, state_.options.io_threads);
        for (std::size_t i = 0; i < threads; ++i) {
            io_threads_.emplace_back([this] { io_context_.run(); });
        }
        return port;
    }

    void request_stop() {
        std::lock_guard lock(stop_mutex_);
        stop_requested_ = true;
        stop_changed_.notify_all();
    }

    void wait_and_shutdown() {
        {
            std::unique_lock lock(stop_mutex_);
            stop_changed_.wait(lock, [this] { return stop_requested_; });
        }
        shutdown();
    }

private:
    void shutdown() {
        if (listener_) {
            listener_->stop();
        }
        beast::error_code ignored;
        signals_.cancel(ignored);
        // Take strong references under the lock but ask the sessions to stop outside it: a session can finish
        // meanwhile, and if ours is its last reference its destructor runs here and takes sessions_mutex
        // itself (holding the lock at that point deadlocked shutdown once in a few dozen runs).
        std::vector<std::shared_ptr<Session>> open_sessions;
        {
            const std::lock_guard lock(state_.sessions_mutex);
            state_.stopping = true;
            for (auto* session : state_.sessions) {
                // A session whose destructor is already waiting for the mutex cannot be locked: skip it.
                if (auto alive = weak_session(session).lock()) {
                    open_sessions.push_back(std::move(alive));
                }
            }
        }
        for (const auto& session : open_sessions) {
            session->request_stop();
        }
        open_sessions.clear();
        {
            std::unique_lock lock(state_.sessions_mutex);
            const auto deadline = Clock::now() + state_.options.shutdown_grace;
            if (!state_.sessions_changed.wait_until(lock, deadline, [this] { return state_.sessions.empty(); })) {
                spdlog::warn("{} connection(s) still open after the grace period", state_.sessions.size());
            }
        }
        workers_.join();
        work_guard_.reset();
        io_context_.stop();
        for (auto& thread : io_threads_) {
            if (thread.joinable()) {
                thread.join();
            }
        }
        joined_ = true;
    }

    static std::weak_ptr<Session> weak_session(Session* session) { return session->weak_from_this(); }

    net::io_context io_context_;
    net::thread_pool workers_;
    ServerState state_;
    net::executor_work_guard<net::io_context::executor_type> work_guard_;
    net::signal_set signals_;
    std::shared_ptr<Listener> listener_;
    std::vector<std::thread> io_threads_;

    std::mutex stop_mutex_;
    std::condition_variable stop_changed_;
    bool stop_requested_ = false;
    bool joined_ = false;
};

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() = default;

Result<std::uint16_t> Server::start() {
    return impl_->start();
}

void Server::wait_and_shutdown() {
    impl_->wait_and_shutdown();
}

void Server::request_stop() {
    impl_->request_stop();
}

}  // namespace kartoteka::http
