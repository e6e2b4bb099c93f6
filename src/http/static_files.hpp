#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace kartoteka::http {

/// The built web UI, loaded into memory once at start-up (it is a few hundred kB), so serving a file
/// costs no disk I/O and no path from a request ever reaches the file system (no traversal possible).
class StaticFiles {
public:
    /// Loads every regular file under web_root; an absent root serves a "UI not built" page.
    explicit StaticFiles(const std::filesystem::path& web_root);

    /// A file by URL path; unknown paths fall back to index.html for client-side routes.
    Response serve(const Request& request) const;

    std::size_t file_count() const { return files_.size(); }

private:
    struct File {
        std::string content;
        std::string content_type;
        std::string cache_control;
    };
    Response respond(const File& file, const Request& request) const;

    std::unordered_map<std::string, File> files_;  // key: URL path, e.g. "/assets/index-3f2a.js"
};

}  // namespace kartoteka::http
