#pragma once

#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"

namespace kartoteka::store::sqlite {

/// The connections of one store file. Writes are serialised on one dedicated connection (batched, see
/// write()), so in-process writers queue here instead of spinning on SQLITE_BUSY; readers take pooled
/// connections and see WAL snapshots, so they never wait for the writer.
class Database {
public:
    Database(
        std::filesystem::path file,
        std::unique_ptr<Connection> writer,
        std::size_t reader_count,
        std::int64_t mmap_bytes
    )
        : file_(std::move(file)),
          writer_(std::move(writer)),
          readers_(file_, reader_count, mmap_bytes) {}

    /// Runs `work(Connection&)` atomically and durably (its changes are committed when this returns); a failed
    /// Result or an exception undoes exactly its own changes.
    ///
    /// Group commit: writes that arrive while another batch is being committed are run together in the next
    /// transaction, each inside its own SAVEPOINT. One commit per single-row write made concurrent creates
    /// cost ~1 ms each on a 1M-customer store (FTS5 writes a segment per transaction); a batch pays that once.
    template <typename Work>
    auto write(Work&& work) {
        using ResultType = decltype(work(*writer_));
        std::optional<ResultType> result;
        PendingWrite pending{[&](Connection& connection) {
            result.emplace(work(connection));
            return static_cast<bool>(*result);
        }};
        submit(pending);
        return std::move(*result);
    }

    /// Runs `work(Connection&)` in one read transaction, so several SELECTs see one snapshot.
    template <typename Work>
    auto read(Work&& work) {
        auto connection = readers_.lease();
        Transaction transaction(*connection, Transaction::Mode::Deferred);
        auto result = work(*connection);
        transaction.commit();
        return result;
    }

    ConnectionPool::Lease lease_reader() { return readers_.lease(); }
    const std::filesystem::path& file() const { return file_; }

private:
    struct PendingWrite {
        std::function<bool(Connection&)> run;  // true: keep its changes; false: roll them back
        std::exception_ptr error = nullptr;
        bool done = false;
    };

    /// Queues `pending` and returns once a batch containing it has committed (or rethrows its error).
    void submit(PendingWrite& pending);
    void run_batch(const std::vector<PendingWrite*>& batch);

    std::filesystem::path file_;
    std::mutex queue_mutex_;
    std::condition_variable batch_done_;
    std::vector<PendingWrite*> queue_;
    bool batch_running_ = false;
    std::unique_ptr<Connection> writer_;
    ConnectionPool readers_;
};

}  // namespace kartoteka::store::sqlite
