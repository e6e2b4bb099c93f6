#include "http/server.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
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
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/error_mapping.hpp"
#include "http/multipart.hpp"
#include "util/sha256.hpp"

namespace kartoteka::http {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;

/// "1 MiB", "64 KiB" or "1000 bytes": the body limit as an operator would have written it.
std::string format_size(std::uint64_t bytes) {
    constexpr std::uint64_t kKibibyte = 1024;
    constexpr std::uint64_t kMebibyte = kKibibyte * kKibibyte;
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

constexpr std::size_t kChunkBytes = 256 * 1024;
// Room for the multipart framing around the file (boundaries, part headers, small extra fields).
constexpr std::uint64_t kMultipartOverhead = 64 * 1024;
// After refusing a request whose body was not read, keep reading (and dropping) it for a moment so that the
// client sees the answer: closing with unread data makes the kernel reset the connection, which can
// destroy the response before the client has read it.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::uint64_t kLingerBytes = 64ULL * 1024 * 1024;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kDigits[bytes[i] >> 4]);
        hex.push_back(kDigits[bytes[i] & 0x0f]);
    }
    return hex;
}

/// The `file` part of one multipart upload, written to a temporary file as it arrives and hashed on the
/// way. Runs on the worker pool, one chunk at a time (the session never hands it two at once). The
/// destructor removes the temporary file unless a handler moved it away, so an aborted, refused or
/// failed upload leaves nothing behind.
class UploadSpool final : public MultipartSink {
public:
    UploadSpool(std::filesystem::path directory, std::string_view boundary, std::uint64_t limit)
        : directory_(std::move(directory)),
          parser_(boundary),
          limit_(limit) {}

    ~UploadSpool() override { discard(); }
    UploadSpool(const UploadSpool&) = delete;
    UploadSpool& operator=(const UploadSpool&) = delete;

    Result<void> feed(std::string_view chunk) { return parser_.feed(chunk, *this); }

    /// After the whole body: the spooled file, or why the upload is refused.
    Result<Upload> finish() {
        if (!parser_.done()) {
            return fail(Error{
                ErrorCode::MalformedRequest, "malformed multipart body: it ends before its closing boundary"});
        }
        if (!file_done_) {
            return fail(Error::invalid_field("file", "send the file in a multipart part named \"file\"", "required"));
        }
        close_file();
        upload_.temp_path = path_.string();
        upload_.size = size_;
        upload_.sha256 = hash_.hex_digest();
        return upload_;
    }

    /// Removes the temporary file if it is still there (a handler that keeps the upload renames it away).
    void discard() {
        close_file();
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove(path_, ignored);
            path_.clear();
        }
    }

    Result<void> on_part_begin(const PartHeaders& headers) override {
        capturing_ = headers.name == "file";
        if (!capturing_) {
            return ok();  // other fields are not part of the contract; their bytes are dropped
        }
        if (file_seen_) {
            return fail(Error::invalid_field("file", "send exactly one file per request", "too_many"));
        }
        file_seen_ = true;
        if (!headers.filename) {
            return fail(Error::invalid_field("file", "the file part has no filename", "required"));
        }
        upload_.filename = *headers.filename;
        upload_.content_type = headers.content_type;
        return open_file();
    }

    Result<void> on_part_data(std::string_view bytes) override {
        if (!capturing_) {
            return ok();
        }
        size_ += bytes.size();
        if (size_ > limit_) {
            return fail(Error{
                ErrorCode::ResourceExhausted, "the file exceeds the upload limit of " + format_size(limit_)});
        }
        if (upload_.head.size() < kUploadHeadBytes) {
            upload_.head.append(bytes.substr(0, kUploadHeadBytes - upload_.head.size()));
        }
        hash_.update(bytes);
        while (!bytes.empty()) {
            const auto written = ::write(fd_, bytes.data(), bytes.size());
            if (written < 0 && errno == EINTR) {
                continue;
            }
            if (written <= 0) {
                const int error = errno;
                spdlog::error("cannot write upload {}: {}", path_.string(), std::strerror(error));
                return fail(Error{ErrorCode::Unavailable, "the server cannot store the file now"});
            }
            bytes.remove_prefix(static_cast<std::size_t>(written));
        }
        return ok();
    }

    Result<void> on_part_end() override {
        if (capturing_) {
            file_done_ = true;
            capturing_ = false;
        }
        return ok();
    }

private:
    Result<void> open_file() {
        static std::atomic<std::uint64_t> counter{0};
        std::array<unsigned char, 8> random{};
        randombytes_buf(random.data(), random.size());
        path_ = directory_ / ("upload-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) +
                              "-" + to_hex(random.data(), random.size()));
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd_ < 0) {
            const int error = errno;
            spdlog::error("cannot create upload file {}: {}", path_.string(), std::strerror(error));
            path_.clear();
            return fail(Error{ErrorCode::Unavailable, "the server cannot store the file now"});
        }
        return ok();
    }

    void close_file() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    std::filesystem::path directory_;
    MultipartParser parser_;
    std::uint64_t limit_;
    std::filesystem::path path_ = {};
    int fd_ = -1;
    bool capturing_ = false;
    bool file_seen_ = false;
    bool file_done_ = false;
    std::uint64_t size_ = 0;
    util::Sha256 hash_;  // only the one `file` part is hashed
    Upload upload_ = {};
};

/// An open file being sent as a response body; read on the worker pool.
struct DownloadFile {
    int fd = -1;
    std::uint64_t size = 0;
    DownloadFile() = default;
    DownloadFile(const DownloadFile&) = delete;
    DownloadFile& operator=(const DownloadFile&) = delete;
    ~DownloadFile() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

/// Two chunk buffers per streaming connection: one on the socket, one on the disk.
struct ChunkBuffers {
    std::array<std::unique_ptr<char[]>, 2> data{
        std::make_unique<char[]>(kChunkBytes), std::make_unique<char[]>(kChunkBytes)};
    std::deque<std::pair<int, std::size_t>> ready = {};  // (buffer, bytes) waiting for their next stage
    int next = 0;  // the buffer the next chunk goes into (chunks alternate, so order is kept)
    int held = 0;  // buffers not free: being filled, waiting, or being drained
    bool filling = false;
    bool draining = false;

    int take() {
        const int index = next;
        next ^= 1;
        ++held;
        return index;
    }
};

/// A response body made by Response::stream on the worker pool and sent as HTTP/1.1 chunks. Two buffers:
/// while one is on the socket the producer fills the other, and it waits when both are taken.
struct BodyStream {
    std::function<Result<bool>(std::string&)> produce;
    std::array<std::string, 2> data = {};
    std::deque<int> ready = {};  // filled buffers waiting for the socket, in order
    int next = 0;
    int held = 0;  // buffers being filled, waiting, or on the socket
    bool producing = false;
    bool sending = false;
    bool finished = false;  // the producer said it was done
    bool chunked = true;    // false for HTTP/1.0 clients: raw bytes, end of body = end of connection
    std::uint64_t bytes = 0;
};

/// Pieces smaller than this are coalesced on the worker before they go out as one chunk.
constexpr std::size_t kStreamChunkBytes = 64 * 1024;

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
    std::uint64_t upload_body_limit() const { return state_.options.upload_limit + kMultipartOverhead; }

    void read() {
        header_parser_.emplace();
        // The real limit depends on the route, known only once the header is in (checked in on_header).
        header_parser_->body_limit(std::max<std::uint64_t>(state_.options.body_limit, upload_body_limit()));
        header_parser_->header_limit(kHeaderLimit);
        buffer_.consume(0);
        stream_.expires_after(state_.options.io_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *header_parser_, beast::bind_front_handler(&Session::on_header, shared_from_this())
        );
    }

    static bool is_disconnect(const beast::error_code& ec) {
        return ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
               ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof;
    }

    void on_header(beast::error_code ec, std::size_t /*bytes*/) {
        if (is_disconnect(ec)) {
            return close();
        }
        started_ = Clock::now();
        if (ec == bhttp::error::body_limit) {
            return reply_and_close(bhttp::verb::unknown, "", too_large(upload_body_limit()));
        }
        if (ec) {
            // A malformed request line or header: answer once, then drop the connection because its
            // framing can no longer be trusted.
            return reply_and_close(bhttp::verb::unknown, "", problem_response(400, "malformed HTTP request"));
        }
        busy_ = true;
        const auto& message = header_parser_->get();
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

        request_ = Request{};
        request_.method = to_method(verb_);
        request_.path = std::move(*path);
        if (question != std::string_view::npos) {
            request_.query.assign(target.substr(question + 1));
        }
        request_.content_type.assign(message[bhttp::field::content_type]);
        request_.cookie.assign(message[bhttp::field::cookie]);
        request_.authorization.assign(message[bhttp::field::authorization]);
        request_.csrf_token.assign(message["X-CSRF-Token"]);
        request_.if_match.assign(message[bhttp::field::if_match]);
        request_.host.assign(message[bhttp::field::host]);
        expect_continue_ = iequals(message[bhttp::field::expect], "100-continue");

        std::optional<std::uint64_t> content_length;
        if (const auto length = header_parser_->content_length()) {
            content_length = *length;
        }
        if (state_.router.body_kind(request_.method, request_.path) == RequestBody::Upload) {
            return admit_upload(content_length);
        }
        if (content_length && *content_length > state_.options.body_limit) {
            return reply_and_close(verb_, log_path_, too_large(state_.options.body_limit));
        }
        parser_.emplace(std::move(*header_parser_));
        parser_->body_limit(state_.options.body_limit);
        send_continue_then([self = shared_from_this()] {
            self->stream_.expires_after(self->state_.options.io_timeout);
            bhttp::async_read(
                self->stream_,
                self->buffer_,
                *self->parser_,
                beast::bind_front_handler(&Session::on_read, self->shared_from_this())
            );
        });
    }

    static Response too_large(std::uint64_t limit) {
        return problem_response(413, "the request body exceeds the limit of " + format_size(limit));
    }

    /// Answers "Expect: 100-continue" (curl sends it before large bodies and waits for it), then goes on.
    template <typename Next>
    void send_continue_then(Next next) {
        if (!expect_continue_) {
            return next();
        }
        auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version_);
        stream_.expires_after(state_.options.io_timeout);
        bhttp::async_write(
            stream_,
            *interim,
            [self = shared_from_this(), interim, next = std::move(next)](beast::error_code ec, std::size_t) mutable {
                if (ec) {
                    return self->close();
                }
                next();
            }
        );
    }

    void on_read(beast::error_code ec, std::size_t /*bytes*/) {
        if (is_disconnect(ec)) {
            return close();
        }
        if (ec == bhttp::error::body_limit) {
            return reply_and_close(verb_, log_path_, too_large(state_.options.body_limit));
        }
        if (ec) {
            return reply_and_close(verb_, log_path_, problem_response(400, "malformed HTTP request"));
        }
        request_.body = std::move(parser_->get().body());
        parser_.reset();
        dispatch_request();
    }

    /// Runs the handler on the worker pool (handlers block on SQLite) and writes its response.
    void dispatch_request() {
        net::post(state_.workers, [self = shared_from_this()]() mutable {
            auto response = self->handle(self->request_);
            auto file = self->open_download(response);
            net::post(
                self->stream_.get_executor(),
                [self, response = std::move(response), file = std::move(file)]() mutable {
                    self->write(std::move(response), std::move(file));
                }
            );
        });
    }

    // ---- uploads: socket -> (I/O thread) chunk -> (worker) multipart parser, SHA-256, temp file ----

    /// Authenticates before a byte of the body is read, so an anonymous client cannot make the server spool
    /// up to the upload limit to disk. The guard may query the store, so it runs on a worker.
    void admit_upload(std::optional<std::uint64_t> content_length) {
        net::post(state_.workers, [self = shared_from_this(), content_length] {
            std::optional<Response> refusal;
            try {
                refusal = self->state_.router.admit(self->request_);
            } catch (const std::exception& error) {
                spdlog::error("admitting upload {} failed: {}", self->log_path_, error.what());
                refusal = problem_response(500, "internal error");
            }
            net::post(self->stream_.get_executor(), [self, content_length, refusal = std::move(refusal)]() mutable {
                if (refusal) {
                    return self->reply_and_close(self->verb_, self->log_path_, std::move(*refusal));
                }
                self->start_upload(content_length);
            });
        });
    }

    void start_upload(std::optional<std::uint64_t> content_length) {
        const auto boundary = multipart_boundary(request_.content_type);
        if (!boundary) {
            return reply_and_close(
                verb_,
                log_path_,
                problem_response(415, "this endpoint accepts only multipart/form-data with a boundary")
            );
        }
        if (content_length && *content_length > upload_body_limit()) {
            return reply_and_close(
                verb_,
                log_path_,
                problem_response(
                    413, "the file exceeds the upload limit of " + format_size(state_.options.upload_limit)
                )
            );
        }
        upload_parser_.emplace(std::move(*header_parser_));
        upload_parser_->body_limit(upload_body_limit());  // for chunked bodies
        const auto directory = state_.options.upload_dir.empty() ? std::filesystem::temp_directory_path()
                                                                 : std::filesystem::path(state_.options.upload_dir);
        spool_ = std::make_shared<UploadSpool>(directory, *boundary, state_.options.upload_limit);
        // Beast reads into what the buffer has room for (at most 64 KiB a time); the header left it tiny,
        // and half-kilobyte reads made a 1 GB upload cost two million system calls.
        buffer_.reserve(kChunkBytes);
        chunks_.emplace();
        streaming_ = true;
        send_continue_then([self = shared_from_this()] { self->read_upload_chunk(); });
    }

    void read_upload_chunk() {
        auto& chunks = *chunks_;
        if (!streaming_ || chunks.filling || chunks.held == 2 || upload_parser_->is_done()) {
            return;
        }
        const int index = chunks.take();
        chunks.filling = true;
        auto& body = upload_parser_->get().body();
        body.data = chunks.data[index].get();
        body.size = kChunkBytes;
        body.more = true;
        stream_.expires_after(state_.options.io_timeout);
        bhttp::async_read(
            stream_,
            buffer_,
            *upload_parser_,
            beast::bind_front_handler(&Session::on_upload_read, shared_from_this(), index)
        );
    }

    void on_upload_read(int index, beast::error_code ec, std::size_t /*bytes*/) {
        if (!streaming_) {
            return;
        }
        auto& chunks = *chunks_;
        chunks.filling = false;
        if (ec == bhttp::error::need_buffer) {
            ec = {};
        }
        if (ec == bhttp::error::body_limit) {
            return upload_failed(Error{
                ErrorCode::ResourceExhausted,
                "the file exceeds the upload limit of " + format_size(state_.options.upload_limit)});
        }
        if (ec) {
            // The client went away or stalled mid-body: drop the upload (the spool removes its file).
            if (!is_disconnect(ec)) {
                spdlog::info("upload {} aborted: {}", log_path_, ec.message());
            }
            streaming_ = false;
            spool_.reset();
            return close();
        }
        const std::size_t filled = kChunkBytes - upload_parser_->get().body().size;
        chunks.ready.emplace_back(index, filled);
        process_upload_chunk();
        read_upload_chunk();
    }

    void process_upload_chunk() {
        auto& chunks = *chunks_;
        if (chunks.draining) {
            return;
        }
        if (chunks.ready.empty()) {
            if (upload_parser_->is_done() && !chunks.filling) {
                finish_upload();
            }
            return;
        }
        const auto [index, filled] = chunks.ready.front();
        chunks.ready.pop_front();
        chunks.draining = true;
        net::post(state_.workers, [self = shared_from_this(), spool = spool_, index, filled] {
            auto fed = spool->feed(std::string_view(self->chunks_->data[index].get(), filled));
            net::post(self->stream_.get_executor(), [self, fed = std::move(fed)] {
                self->on_upload_chunk_processed(fed);
            });
        });
    }

    void on_upload_chunk_processed(const Result<void>& fed) {
        if (!streaming_) {
            return;
        }
        auto& chunks = *chunks_;
        chunks.draining = false;
        --chunks.held;
        if (!fed) {
            return upload_failed(fed.error());
        }
        process_upload_chunk();
        read_upload_chunk();
    }

    void finish_upload() {
        streaming_ = false;
        upload_parser_.reset();
        chunks_.reset();
        buffer_.shrink_to_fit();
        net::post(state_.workers, [self = shared_from_this(), spool = std::move(spool_)]() mutable {
            auto upload = spool->finish();
            Response response;
            if (upload) {
                self->request_.upload = std::move(*upload);
                response = self->handle(self->request_);
            } else {
                response = error_response(upload.error());
            }
            spool->discard();
            spool.reset();
            net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->write(std::move(response), nullptr);
            });
        });
    }

    /// Refuses an upload part-way: the rest of its body is never read, so the connection closes after the answer.
    void upload_failed(const Error& error) {
        streaming_ = false;
        spool_.reset();  // a chunk still on a worker keeps its own reference; the file goes with the last one
        reply_and_close(verb_, log_path_, error_response(error));
    }

    // ---- responses ----

    /// Opens a file response's file on the worker thread (never on the I/O thread); a missing file is a 500.
    std::shared_ptr<DownloadFile> open_download(Response& response) {
        if (response.file_path.empty()) {
            return nullptr;
        }
        auto file = std::make_shared<DownloadFile>();
        file->fd = ::open(response.file_path.c_str(), O_RDONLY | O_CLOEXEC);
        file->size = response.file_size;
        if (response.file_is_temporary) {
            // The descriptor keeps the bytes; the name goes now so that no path leaves the file behind.
            ::unlink(response.file_path.c_str());
        }
        struct stat info {};
        if (file->fd < 0 || ::fstat(file->fd, &info) != 0 || static_cast<std::uint64_t>(info.st_size) < file->size) {
            const int error = errno;
            spdlog::error(
                "cannot send {}: {}", response.file_path, file->fd < 0 ? std::strerror(error) : "file too short"
            );
            response = error_response(Error::internal("stored file unreadable"));
            return nullptr;
        }
        if (request_.method != Method::Head) {
            ::posix_fadvise(file->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
        return file;
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

    /// Answers a request whose body may not have been read, then lingers (see kLingerTime) and closes.
    void reply_and_close(bhttp::verb verb, std::string_view path, Response response) {
        busy_ = true;
        keep_alive_ = false;
        linger_ = true;
        verb_ = verb;
        log_path_.assign(path);
        write(std::move(response), nullptr);
    }

    template <typename Message>
    void fill_headers(Message& message, Response& response, bool keep_alive) {
        message.set(bhttp::field::server, "kartoteka");
        if (!response.content_type.empty()) {
            message.set(bhttp::field::content_type, response.content_type);
        }
        for (auto& [name, value] : response.headers) {
            message.insert(name, value);
        }
        message.keep_alive(keep_alive);
    }

    void write(Response response, std::shared_ptr<DownloadFile> file) {
        const bool keep_alive = keep_alive_ && !stopping_;
        const unsigned version = version_ == 0 ? 11 : version_;
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
        spdlog::info(
            "{} {} {} {}us",
            verb_ == bhttp::verb::unknown ? "-" : bhttp::to_string(verb_),
            log_path_,
            response.status,
            micros
        );
        stream_.expires_after(state_.options.io_timeout);
        if (response.stream) {
            return write_stream_header(std::move(response), keep_alive, version);
        }
        if (file) {
            // The header goes out through Beast; the body follows as raw bytes (Content-Length framing).
            auto message = std::make_shared<bhttp::response<bhttp::empty_body>>(
                static_cast<bhttp::status>(response.status), version
            );
            fill_headers(*message, response, keep_alive);
            message->content_length(file->size);
            response_ = message;
            bhttp::async_write(
                stream_,
                *message,
                [self = shared_from_this(), keep_alive, file = std::move(file)](
                    beast::error_code ec, std::size_t
                ) mutable { self->on_file_header_written(keep_alive, std::move(file), ec); }
            );
            return;
        }
        auto message =
            std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(response.status), version);
        fill_headers(*message, response, keep_alive);
        message->body() = std::move(response.body);
        message->prepare_payload();
        response_ = message;
        bhttp::async_write(
            stream_, *message, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive)
        );
    }

    // ---- produced bodies: (worker) Response::stream -> chunk -> (I/O thread) socket ----

    void write_stream_header(Response response, bool keep_alive, unsigned version) {
        struct Header {
            bhttp::response<bhttp::empty_body> message;
            bhttp::response_serializer<bhttp::empty_body> serializer{message};
        };
        auto header = std::make_shared<Header>();
        header->message.result(static_cast<bhttp::status>(response.status));
        header->message.version(version);
        auto body = std::make_shared<BodyStream>();
        body->produce = std::move(response.stream);
        body->chunked = version >= 11;
        if (!body->chunked) {
            keep_alive = false;  // HTTP/1.0 knows no chunks: the body ends where the connection does
        }
        fill_headers(header->message, response, keep_alive);
        if (body->chunked) {
            header->message.chunked(true);
        }
        response_ = header;
        bhttp::async_write_header(
            stream_,
            header->serializer,
            [self = shared_from_this(), keep_alive, body = std::move(body)](beast::error_code ec, std::size_t) mutable {
                if (ec || self->request_.method == Method::Head) {
                    return self->on_write(keep_alive, ec, 0);
                }
                self->body_stream_ = std::move(body);
                self->body_stream_keep_alive_ = keep_alive;
                self->streaming_ = true;
                self->produce_stream_chunk();
            }
        );
    }

    void produce_stream_chunk() {
        auto& body = *body_stream_;
        if (!streaming_ || body.finished || body.producing || body.held == 2) {
            return;
        }
        const int index = body.next;
        body.next ^= 1;
        ++body.held;
        body.producing = true;
        net::post(state_.workers, [self = shared_from_this(), body = body_stream_, index] {
            std::string& out = body->data[index];
            out.clear();
            bool more = true;
            std::optional<Error> failure;
            try {
                std::string piece;
                while (more && out.size() < kStreamChunkBytes) {
                    piece.clear();
                    auto produced = body->produce(piece);
                    if (!produced) {
                        failure = produced.error();
                        break;
                    }
                    more = *produced;
                    out.append(piece);
                }
            } catch (const std::exception& error) {
                failure = Error::internal(error.what());
            }
            net::post(self->stream_.get_executor(), [self, body, index, more, failure = std::move(failure)] {
                self->on_stream_chunk(body, index, more, failure);
            });
        });
    }

    void on_stream_chunk(
        const std::shared_ptr<BodyStream>& body, int index, bool more, const std::optional<Error>& failure
    ) {
        if (!streaming_ || body != body_stream_) {
            return;
        }
        body->producing = false;
        if (failure) {
            spdlog::error("{}: response body failed after {} bytes: {}", log_path_, body->bytes, failure->message);
            return end_stream(false);
        }
        if (body->data[index].empty()) {
            --body->held;
        } else {
            body->ready.push_back(index);
        }
        body->finished = !more;
        send_stream_chunk();
        produce_stream_chunk();
    }

    void send_stream_chunk() {
        auto& body = *body_stream_;
        if (body.sending) {
            return;
        }
        if (body.ready.empty()) {
            if (body.finished && !body.producing) {
                finish_stream();
            }
            return;
        }
        const int index = body.ready.front();
        body.ready.pop_front();
        body.sending = true;
        stream_.expires_after(state_.options.io_timeout);
        const auto buffer = net::buffer(body.data[index]);
        auto sent = [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_stream_chunk_sent(ec);
        };
        if (body.chunked) {
            net::async_write(stream_, bhttp::make_chunk(buffer), std::move(sent));
        } else {
            net::async_write(stream_, buffer, std::move(sent));
        }
        body.bytes += body.data[index].size();
    }

    void on_stream_chunk_sent(beast::error_code ec) {
        if (!streaming_) {
            return;
        }
        auto& body = *body_stream_;
        body.sending = false;
        --body.held;
        if (ec) {
            return end_stream(false);
        }
        send_stream_chunk();
        produce_stream_chunk();
    }

    void finish_stream() {
        auto& body = *body_stream_;
        body.sending = true;  // nothing else may start while the last chunk goes out
        if (!body.chunked) {
            return end_stream(true);
        }
        stream_.expires_after(state_.options.io_timeout);
        net::async_write(
            stream_,
            bhttp::make_chunk_last(),
            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (!self->streaming_) {
                    return;
                }
                self->end_stream(!ec);
            }
        );
    }

    void end_stream(bool complete) {
        if (!streaming_) {
            return;
        }
        streaming_ = false;
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
        spdlog::info("{} body {} bytes {} {}us", log_path_, body_stream_->bytes, complete ? "sent" : "aborted", micros);
        // A producer call may still be on a worker; it holds its own reference to the stream.
        body_stream_.reset();
        if (!complete) {
            return close();
        }
        on_write(body_stream_keep_alive_, {}, 0);
    }

    // ---- file bodies: (worker) pread -> chunk -> (I/O thread) socket ----

    void on_file_header_written(bool keep_alive, std::shared_ptr<DownloadFile> file, beast::error_code ec) {
        if (ec || request_.method == Method::Head || file->size == 0) {
            return on_write(keep_alive, ec, 0);
        }
        download_ = std::move(file);
        download_keep_alive_ = keep_alive;
        download_offset_ = 0;
        download_sent_ = 0;
        chunks_.emplace();
        streaming_ = true;
        read_file_chunk();
    }

    void read_file_chunk() {
        auto& chunks = *chunks_;
        if (!streaming_ || chunks.filling || chunks.held == 2 || download_offset_ >= download_->size) {
            return;
        }
        const int index = chunks.take();
        chunks.filling = true;
        const auto offset = download_offset_;
        const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, download_->size - offset));
        download_offset_ += length;
        net::post(state_.workers, [self = shared_from_this(), file = download_, index, offset, length] {
            std::size_t done = 0;
            while (done < length) {
                const auto got = ::pread(
                    file->fd, self->chunks_->data[index].get() + done, length - done, static_cast<off_t>(offset + done)
                );
                if (got < 0 && errno == EINTR) {
                    continue;
                }
                if (got <= 0) {
                    break;
                }
                done += static_cast<std::size_t>(got);
            }
            net::post(self->stream_.get_executor(), [self, index, length, complete = done == length] {
                self->on_file_chunk_read(index, length, complete);
            });
        });
    }

    void on_file_chunk_read(int index, std::size_t length, bool complete) {
        if (!streaming_) {
            return;
        }
        auto& chunks = *chunks_;
        chunks.filling = false;
        if (!complete) {
            // The header promised more bytes than the file gave: the framing is broken, so drop the connection.
            spdlog::error("{}: the stored file became unreadable while it was being sent", log_path_);
            return end_download(false);
        }
        chunks.ready.emplace_back(index, length);
        send_file_chunk();
        read_file_chunk();
    }

    void send_file_chunk() {
        auto& chunks = *chunks_;
        if (chunks.draining || chunks.ready.empty()) {
            return;
        }
        const auto [index, length] = chunks.ready.front();
        chunks.ready.pop_front();
        chunks.draining = true;
        stream_.expires_after(state_.options.io_timeout);
        net::async_write(
            stream_,
            net::buffer(chunks.data[index].get(), length),
            [self = shared_from_this()](beast::error_code ec, std::size_t written) {
                self->on_file_chunk_sent(ec, written);
            }
        );
    }

    void on_file_chunk_sent(beast::error_code ec, std::size_t written) {
        if (!streaming_) {
            return;
        }
        auto& chunks = *chunks_;
        chunks.draining = false;
        --chunks.held;
        if (ec) {
            return end_download(false);
        }
        download_sent_ += written;
        if (download_sent_ >= download_->size) {
            return end_download(true);
        }
        send_file_chunk();
        read_file_chunk();
    }

    void end_download(bool complete) {
        if (!streaming_) {
            return;
        }
        streaming_ = false;
        // A read may still be on a worker: it holds the session and the file, so both stay valid until it
        // returns; only then may the buffers go.
        if (!chunks_->filling) {
            chunks_.reset();
        }
        download_.reset();
        if (!complete) {
            return close();
        }
        on_write(download_keep_alive_, {}, 0);
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
        busy_ = false;
        response_.reset();
        if (ec) {
            return close();
        }
        if (!keep_alive || stopping_) {
            return linger_ ? linger_close() : close();
        }
        read();
    }

    void linger_close() {
        linger_ = false;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        linger_deadline_ = Clock::now() + kLingerTime;
        lingered_ = 0;
        linger_read();
    }

    void linger_read() {
        if (Clock::now() >= linger_deadline_ || lingered_ >= kLingerBytes) {
            return close();
        }
        stream_.expires_at(linger_deadline_);
        stream_.async_read_some(
            net::buffer(linger_buffer_),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                if (ec) {
                    return self->close();
                }
                self->lingered_ += bytes;
                self->linger_read();
            }
        );
    }

    void close() {
        streaming_ = false;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    ServerState& state_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::optional<bhttp::request_parser<bhttp::buffer_body>> upload_parser_;
    Request request_;
    std::shared_ptr<void> response_;
    Clock::time_point started_{};
    std::string log_path_;
    bhttp::verb verb_ = bhttp::verb::unknown;
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool expect_continue_ = false;
    bool busy_ = false;      // a request is being handled or its response written
    bool stopping_ = false;  // shutdown: no more requests on this connection

    // Streaming an upload or a file response (never both at once).
    std::optional<ChunkBuffers> chunks_;
    bool streaming_ = false;
    std::shared_ptr<UploadSpool> spool_;
    std::shared_ptr<DownloadFile> download_;
    std::uint64_t download_offset_ = 0;  // bytes handed to readers
    std::uint64_t download_sent_ = 0;    // bytes written to the socket
    bool download_keep_alive_ = false;
    std::shared_ptr<BodyStream> body_stream_;
    bool body_stream_keep_alive_ = false;

    bool linger_ = false;
    Clock::time_point linger_deadline_{};
    std::uint64_t lingered_ = 0;
    std::array<char, 16 * 1024> linger_buffer_{};
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
