#include "importer/zip_archive.hpp"

#include <string>
#include <utility>

#include <zip.h>

namespace kartoteka::importer {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

std::string zip_error_text(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

}  // namespace

ZipEntry::ZipEntry(
    zip_file* file, std::string name, std::uint64_t compressed_size, std::uint64_t max_bytes, const Limits& limits
)
    : file_(file),
      name_(std::move(name)),
      compressed_size_(compressed_size),
      max_bytes_(max_bytes),
      ratio_check_after_(limits.ratio_check_after_bytes),
      max_ratio_(limits.max_compression_ratio),
      buffer_(kChunkBytes) {}

ZipEntry::~ZipEntry() {
    if (file_ != nullptr) {
        zip_fclose(file_);
    }
}

Result<std::string_view> ZipEntry::next_chunk() {
    zip_int64_t got = zip_fread(file_, buffer_.data(), buffer_.size());
    if (got < 0) {
        zip_error_t* error = zip_file_get_error(file_);
        return fail(
            Error::invalid("the file is damaged: cannot decompress " + name_ + " (" + zip_error_strerror(error) + ")")
        );
    }
    produced_ += static_cast<std::uint64_t>(got);
    if (produced_ > max_bytes_) {
        return fail(Error{
            ErrorCode::ResourceExhausted,
            "refused: " + name_ + " decompresses to more than " + std::to_string(max_bytes_ >> 20) +
                " MiB (a zip bomb or a file too large to import)"});
    }
    if (produced_ > ratio_check_after_ && produced_ > compressed_size_ * max_ratio_) {
        return fail(Error{
            ErrorCode::ResourceExhausted,
            "refused: " + name_ + " expands more than " + std::to_string(max_ratio_) +
                " times when decompressed (a zip bomb)"});
    }
    return std::string_view(buffer_.data(), static_cast<std::size_t>(got));
}

Result<ZipArchive> ZipArchive::open(const std::filesystem::path& path) {
    int code = 0;
    zip* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (archive == nullptr) {
        return fail(Error::invalid("the file is not a readable zip package: " + zip_error_text(code)));
    }
    return ZipArchive(archive);
}

ZipArchive& ZipArchive::operator=(ZipArchive&& other) noexcept {
    if (this != &other) {
        if (archive_ != nullptr) {
            zip_discard(archive_);
        }
        archive_ = std::exchange(other.archive_, nullptr);
    }
    return *this;
}

ZipArchive::~ZipArchive() {
    if (archive_ != nullptr) {
        zip_discard(archive_);
    }
}

bool ZipArchive::contains(std::string_view name) const {
    return zip_name_locate(archive_, std::string(name).c_str(), 0) >= 0;
}

Result<std::unique_ptr<ZipEntry>> ZipArchive::open_entry(
    std::string_view name, std::uint64_t max_bytes, const Limits& limits
) const {
    std::string entry_name(name);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, entry_name.c_str(), 0, &stat) != 0) {
        return fail(Error::invalid("the file is damaged: it has no " + entry_name));
    }
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE) {
        return fail(Error::invalid("the file is encrypted (password-protected); save it without a password"));
    }
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > max_bytes) {
        return fail(Error{
            ErrorCode::ResourceExhausted,
            "refused: " + entry_name + " declares " + std::to_string(stat.size >> 20) +
                " MiB uncompressed, more than " + std::to_string(max_bytes >> 20) + " MiB"});
    }
    zip_file* file = zip_fopen_index(archive_, stat.index, 0);
    if (file == nullptr) {
        zip_error_t* error = zip_get_error(archive_);
        if (zip_error_code_zip(error) == ZIP_ER_NOPASSWD || zip_error_code_zip(error) == ZIP_ER_WRONGPASSWD) {
            return fail(Error::invalid("the file is encrypted (password-protected); save it without a password"));
        }
        return fail(
            Error::invalid("the file is damaged: cannot open " + entry_name + " (" + zip_error_strerror(error) + ")")
        );
    }
    std::uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0;
    return std::make_unique<ZipEntry>(file, entry_name, compressed, max_bytes, limits);
}

Result<std::string> ZipArchive::read(std::string_view name, std::uint64_t max_bytes, const Limits& limits) const {
    auto entry = open_entry(name, max_bytes, limits);
    if (!entry) {
        return fail(entry.error());
    }
    std::string content;
    for (;;) {
        auto chunk = (*entry)->next_chunk();
        if (!chunk) {
            return fail(chunk.error());
        }
        if (chunk->empty()) {
            return content;
        }
        content.append(*chunk);
    }
}

}  // namespace kartoteka::importer
