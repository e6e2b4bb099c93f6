#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "http/router.hpp"

namespace kartoteka::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 = ephemeral
    std::size_t io_threads = 2;
    std::size_t worker_threads = 8;
    std::chrono::seconds io_timeout{30};  // per read or write on a connection
    std::size_t body_limit = 1024 * 1024;
    /// The largest file a RequestBody::Upload route accepts (the multipart framing around it may add a little).
    std::uint64_t upload_limit = 50ULL * 1024 * 1024;
    /// Where uploads are spooled while they stream in; on the blob store's filesystem so that keeping an
    /// upload is a rename. Empty: the system temp directory.
    std::string upload_dir = {};
    std::chrono::seconds shutdown_grace{20};  // how long in-flight requests may take to finish
};

/// HTTP/1.1 server: I/O threads run the sockets; every request's handler runs on the worker pool
/// (handlers block on SQLite), and the response goes back to the connection's strand to be written.
/// Upload bodies and file responses stream in fixed-size chunks: the socket side stays on the I/O thread,
/// the disk side (parsing, hashing, writing, reading) runs on the worker pool, and at most two chunks per
/// connection are in flight, so memory stays flat whatever the file size.
class Server {
public:
    Server(const Router& router, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds, listens and starts the threads. Returns the bound port (useful with port 0).
    /// Unavailable when the address cannot be bound.
    Result<std::uint16_t> start();

    /// Blocks until SIGINT or SIGTERM arrives (or request_stop() is called), then shuts down gracefully:
    /// stops accepting, closes idle connections, lets in-flight requests finish and be written, and
    /// joins all threads.
    void wait_and_shutdown();

    /// Makes wait_and_shutdown() return after a graceful shutdown. Safe from any thread.
    void request_stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kartoteka::http
