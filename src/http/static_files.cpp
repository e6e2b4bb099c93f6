#include "http/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace kartoteka::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
}};

std::string content_type_for(const std::filesystem::path& path) {
    const auto extension = path.extension().string();
    for (const auto& [suffix, type] : kContentTypes) {
        if (extension == suffix) {
            return std::string(type);
        }
    }
    return "application/octet-stream";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream input(path, std::ios::binary);
    std::ostringstream content;
    content << input.rdbuf();
    return std::move(content).str();
}

constexpr std::string_view kNotBuiltPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kartoteka</title></head>"
    "<body><h1>kartoteka</h1><p>The web UI is not built. Run <code>make web</code> (or <code>npm run build</code> "
    "in web/) and restart the server. The API is available under <code>/api/v1</code>.</p></body></html>";

// The built UI loads only same-origin scripts and styles (no inline scripts; React style props need
// 'unsafe-inline' styles), so this policy costs nothing and stops injected script and framing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

bool is_html(std::string_view content_type) {
    return content_type.starts_with("text/html");
}

// Pages (not assets) are what a clickjacking frame or a leaky Referer would target.
void add_page_headers(Response& response) {
    response.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Referrer-Policy", "same-origin");
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& web_root) {
    std::error_code error;
    if (!std::filesystem::is_directory(web_root, error)) {
        return;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(web_root, error);
         !error && it != std::filesystem::recursive_directory_iterator();
         it.increment(error)) {
        if (!it->is_regular_file(error)) {
            continue;
        }
        const auto relative = it->path().lexically_relative(web_root).generic_string();
        const std::string url_path = "/" + relative;
        const bool hashed_asset = url_path.starts_with("/assets/");
        files_.emplace(
            url_path,
            File{
                .content = read_file(it->path()),
                .content_type = content_type_for(it->path()),
                // Vite puts a content hash into every asset name, so they never change; index.html must
                // be revalidated so that a new build is picked up.
                .cache_control = hashed_asset ? "public, max-age=31536000, immutable" : "no-cache",
            }
        );
    }
}

Response StaticFiles::respond(const File& file, const Request& request) const {
    Response response;
    response.content_type = file.content_type;
    response.set_header("Cache-Control", file.cache_control);
    response.set_header("X-Content-Type-Options", "nosniff");
    if (is_html(file.content_type)) {
        add_page_headers(response);
    }
    if (request.method != Method::Head) {
        response.body = file.content;
    }
    return response;
}

Response StaticFiles::serve(const Request& request) const {
    if (files_.empty()) {
        Response response;
        response.content_type = "text/html; charset=utf-8";
        response.body = std::string(kNotBuiltPage);
        add_page_headers(response);
        return response;
    }
    const std::string& path = request.path == "/" ? std::string("/index.html") : request.path;
    if (const auto found = files_.find(path); found != files_.end()) {
        return respond(found->second, request);
    }
    // A missing hashed asset is a real 404: answering index.html would confuse the browser's module loader.
    if (!request.path.starts_with("/assets/")) {
        if (const auto index = files_.find("/index.html"); index != files_.end()) {
            return respond(index->second, request);
        }
    }
    Response response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "not found\n";
    return response;
}

}  // namespace kartoteka::http
