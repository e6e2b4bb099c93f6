#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "store/sqlite/sqlite_connection.hpp"

namespace kartoteka::store::sqlite {

/// The connections of one store file. Writers are serialised by a mutex on one dedicated connection, so
/// in-process writers queue here instead of spinning on SQLITE_BUSY; readers take pooled connections and
/// see WAL snapshots, so they never wait for the writer.
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

    /// Runs `work(Connection&)` in BEGIN IMMEDIATE ... COMMIT; a failed Result or an exception rolls back.
    template <typename Work>
    auto write(Work&& work) {
        std::lock_guard lock(write_mutex_);
        Transaction transaction(*writer_, Transaction::Mode::Immediate);
        auto result = work(*writer_);
        if (result) {
            transaction.commit();
        }
        return result;
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
    std::filesystem::path file_;
    std::mutex write_mutex_;
    std::unique_ptr<Connection> writer_;
    ConnectionPool readers_;
};

}  // namespace kartoteka::store::sqlite
