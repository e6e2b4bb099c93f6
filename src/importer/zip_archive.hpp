#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "importer/sheet_reader.hpp"

struct zip;
struct zip_file;

namespace kartoteka::importer {

/// One entry of a zip archive, decompressed on demand in bounded chunks. The zip-bomb checks run on the bytes
/// actually produced, because the sizes declared in a zip can lie.
class ZipEntry {
public:
    ZipEntry(
        zip_file* file, std::string name, std::uint64_t compressed_size, std::uint64_t max_bytes, const Limits& limits
    );
    ZipEntry(const ZipEntry&) = delete;
    ZipEntry& operator=(const ZipEntry&) = delete;
    ~ZipEntry();

    /// The next chunk of decompressed bytes (valid until the next call); empty at the end of the entry.
    Result<std::string_view> next_chunk();

private:
    zip_file* file_;
    std::string name_;
    std::uint64_t compressed_size_;
    std::uint64_t max_bytes_;
    std::uint64_t produced_ = 0;
    std::uint64_t ratio_check_after_;
    std::uint32_t max_ratio_;
    std::vector<char> buffer_;
};

/// A read-only zip archive (xlsx and ods are both zip packages).
class ZipArchive {
public:
    static Result<ZipArchive> open(const std::filesystem::path& path);

    ZipArchive(ZipArchive&& other) noexcept : archive_(other.archive_) { other.archive_ = nullptr; }
    ZipArchive& operator=(ZipArchive&& other) noexcept;
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;
    ~ZipArchive();

    bool contains(std::string_view name) const;
    Result<std::unique_ptr<ZipEntry>> open_entry(std::string_view name, std::uint64_t max_bytes, const Limits& limits)
        const;
    /// The whole (small) entry, bounded by max_bytes.
    Result<std::string> read(std::string_view name, std::uint64_t max_bytes, const Limits& limits) const;

private:
    explicit ZipArchive(zip* archive) : archive_(archive) {}
    zip* archive_ = nullptr;
};

}  // namespace kartoteka::importer
