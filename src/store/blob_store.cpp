#include "store/blob_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace kartoteka::store {
namespace {

namespace fs = std::filesystem;

/// fsync of a file or a directory by path; false (errno set) on failure.
bool sync_path(const fs::path& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    errno = error;
    return synced;
}

Error unavailable(const std::string& what) {
    spdlog::error("blob store: {}", what);
    return Error{ErrorCode::Unavailable, "the server cannot store the file now"};
}

}  // namespace

Result<std::unique_ptr<BlobStore>> BlobStore::open(const fs::path& data_dir, ReferenceCheck referenced) {
    auto blob_dir = data_dir / "blobs";
    auto temp_dir = data_dir / "tmp";
    std::error_code error;
    fs::create_directories(blob_dir, error);
    if (!error) {
        fs::create_directories(temp_dir, error);
    }
    if (error) {
        return fail(Error{ErrorCode::Unavailable, "cannot create " + blob_dir.string() + ": " + error.message()});
    }
    return std::unique_ptr<BlobStore>(new BlobStore(std::move(blob_dir), std::move(temp_dir), std::move(referenced)));
}

bool BlobStore::is_sha256(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string BlobStore::path_of(const std::string& sha256) const {
    return (blob_dir_ / sha256.substr(0, 2) / sha256).string();
}

Result<void> BlobStore::adopt(const std::string& temp_path, const std::string& sha256) {
    if (!is_sha256(sha256)) {
        return fail(Error::internal("not a SHA-256: " + sha256));
    }
    // Outside the lock: for a large file this is the slow part, and it concerns only this upload's file.
    if (!sync_path(temp_path, false)) {
        return fail(unavailable("fsync " + temp_path + ": " + std::strerror(errno)));
    }
    const fs::path target = path_of(sha256);
    const std::lock_guard lock(mutex_);
    std::error_code error;
    if (fs::exists(target, error)) {
        // The same content is stored already (another version, another document): keep that copy.
        fs::remove(temp_path, error);
    } else {
        fs::create_directories(target.parent_path(), error);
        if (error) {
            return fail(unavailable("create " + target.parent_path().string() + ": " + error.message()));
        }
        fs::rename(temp_path, target, error);
        if (error) {
            return fail(unavailable("rename " + temp_path + " to " + target.string() + ": " + error.message()));
        }
        // The rename itself must survive a crash before the metadata commits refer to it.
        if (!sync_path(target.parent_path(), true)) {
            spdlog::warn("blob store: fsync {}: {}", target.parent_path().string(), std::strerror(errno));
        }
    }
    ++pins_[sha256];
    return ok();
}

bool BlobStore::still_referenced(const std::string& sha256) {
    auto referenced = referenced_(sha256);
    if (!referenced) {
        spdlog::warn(
            "blob store: cannot tell whether {} is referenced ({}); keeping it", sha256, referenced.error().message
        );
        return true;
    }
    return *referenced;
}

void BlobStore::release(const std::string& sha256, bool committed) {
    const std::lock_guard lock(mutex_);
    const auto pin = pins_.find(sha256);
    if (pin != pins_.end() && --pin->second == 0) {
        pins_.erase(pin);
    }
    if (committed || pins_.contains(sha256) || still_referenced(sha256)) {
        return;
    }
    std::error_code error;
    fs::remove(path_of(sha256), error);
    if (error) {
        spdlog::warn("blob store: cannot remove unreferenced {}: {}", sha256, error.message());
    }
}

BlobSweepReport BlobStore::sweep() {
    BlobSweepReport report;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(temp_dir_, error)) {
        std::error_code removed;
        if (fs::remove_all(entry.path(), removed) > 0 && !removed) {
            ++report.temp_files_removed;
        }
    }
    const std::lock_guard lock(mutex_);
    for (const auto& shard : fs::directory_iterator(blob_dir_, error)) {
        if (!shard.is_directory()) {
            continue;
        }
        std::error_code listing;
        for (const auto& entry : fs::directory_iterator(shard.path(), listing)) {
            const auto name = entry.path().filename().string();
            if (!is_sha256(name) || name.substr(0, 2) != shard.path().filename().string()) {
                continue;  // not ours: leave it to whoever put it there
            }
            if (pins_.contains(name) || still_referenced(name)) {
                ++report.blobs_kept;
                continue;
            }
            std::error_code removed;
            if (fs::remove(entry.path(), removed)) {
                ++report.blobs_removed;
            }
        }
    }
    if (error) {
        spdlog::warn("blob store: sweep: {}", error.message());
    }
    return report;
}

}  // namespace kartoteka::store
