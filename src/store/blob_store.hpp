#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "domain/document.hpp"

namespace kartoteka::store {

struct BlobSweepReport {
    std::size_t temp_files_removed = 0;
    std::size_t blobs_removed = 0;
    std::size_t blobs_kept = 0;
};

/// The bytes of documents on the filesystem, named by their SHA-256: data_dir/blobs/ab/abcdef... Files
/// arrive as temporary files in data_dir/tmp (same filesystem, so keeping one is an atomic rename) and are
/// fsynced before the rename, so a committed row never points at a file that a crash could lose.
/// Thread-safe.
class BlobStore final : public domain::BlobStorage {
public:
    /// Whether the metadata still refers to a blob; an error counts as "yes" (never delete on doubt).
    using ReferenceCheck = std::function<Result<bool>(const std::string& sha256)>;

    /// Creates data_dir/blobs and data_dir/tmp when missing. Unavailable when they cannot be created.
    static Result<std::unique_ptr<BlobStore>> open(const std::filesystem::path& data_dir, ReferenceCheck referenced);

    Result<void> adopt(const std::string& temp_path, const std::string& sha256) override;
    void release(const std::string& sha256, bool committed) override;
    std::string path_of(const std::string& sha256) const override;

    /// Where uploads are spooled (data_dir/tmp).
    const std::filesystem::path& temp_dir() const { return temp_dir_; }

    /// For start-up, before any upload runs: removes every file in tmp/ (uploads cut short by a crash) and
    /// every blob that no version refers to (a crash between the rename and the commit).
    BlobSweepReport sweep();

    /// True for 64 lower-case hex digits: the only names that may reach the filesystem.
    static bool is_sha256(std::string_view text);

private:
    BlobStore(std::filesystem::path blob_dir, std::filesystem::path temp_dir, ReferenceCheck referenced)
        : blob_dir_(std::move(blob_dir)),
          temp_dir_(std::move(temp_dir)),
          referenced_(std::move(referenced)) {}

    bool still_referenced(const std::string& sha256);

    std::filesystem::path blob_dir_;
    std::filesystem::path temp_dir_;
    ReferenceCheck referenced_;
    std::mutex mutex_;
    std::map<std::string, int> pins_;  // blobs between adopt() and release()
};

}  // namespace kartoteka::store
