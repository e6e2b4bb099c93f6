#include "http/router.hpp"

#include <algorithm>
#include <cctype>

#include "http/error_mapping.hpp"

namespace kartoteka::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 1;  // paths start with '/'
    while (start <= path.size()) {
        const auto end = path.find('/', start);
        const auto stop = end == std::string_view::npos ? path.size() : end;
        segments.push_back(path.substr(start, stop - start));
        start = stop + 1;
    }
    return segments;
}

bool is_api_path(std::string_view path) {
    return path == "/api" || path.starts_with("/api/");
}

bool is_json_content_type(std::string_view content_type) {
    auto media_type = content_type.substr(0, content_type.find(';'));
    while (!media_type.empty() && media_type.back() == ' ') {
        media_type.remove_suffix(1);
    }
    constexpr std::string_view kJson = "application/json";
    return media_type.size() == kJson.size() &&
           std::equal(media_type.begin(), media_type.end(), kJson.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

bool has_header(const Response& response, std::string_view name) {
    return std::any_of(response.headers.begin(), response.headers.end(), [name](const auto& header) {
        return header.first.size() == name.size() &&
               std::equal(header.first.begin(), header.first.end(), name.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    });
}

// API answers are per-user data: no shared cache may keep them, and no browser may sniff them into HTML.
Response with_api_headers(Response response) {
    if (!has_header(response, "Cache-Control")) {
        response.set_header("Cache-Control", "no-store");
    }
    response.set_header("X-Content-Type-Options", "nosniff");
    return response;
}

}  // namespace

const char* to_string(Method method) {
    switch (method) {
        case Method::Get:
            return "GET";
        case Method::Head:
            return "HEAD";
        case Method::Post:
            return "POST";
        case Method::Put:
            return "PUT";
        case Method::Patch:
            return "PATCH";
        case Method::Delete:
            return "DELETE";
        case Method::Options:
            return "OPTIONS";
        case Method::Other:
            return "OTHER";
    }
    return "OTHER";
}

void Router::add(Method method, std::string pattern, Access access, Handler handler, RequestBody body) {
    std::vector<Segment> segments;
    for (const auto segment : split_path(pattern)) {
        const bool is_param = segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
        segments.push_back(Segment{
            .text = std::string(is_param ? segment.substr(1, segment.size() - 2) : segment),
            .is_param = is_param,
        });
    }
    routes_.push_back(Route{
        .method = method,
        .pattern = std::move(pattern),
        .segments = std::move(segments),
        .access = access,
        .handler = std::move(handler),
        .body = body,
    });
}

bool Router::match(const Route& route, const std::vector<std::string_view>& path_segments, Request* request) {
    if (route.segments.size() != path_segments.size()) {
        return false;
    }
    for (std::size_t i = 0; i < path_segments.size(); ++i) {
        const auto& segment = route.segments[i];
        if (segment.is_param ? path_segments[i].empty() : segment.text != path_segments[i]) {
            return false;
        }
    }
    if (request != nullptr) {
        for (std::size_t i = 0; i < path_segments.size(); ++i) {
            if (route.segments[i].is_param) {
                request->path_params.insert_or_assign(route.segments[i].text, std::string(path_segments[i]));
            }
        }
    }
    return true;
}

Response Router::dispatch(Request& request) const {
    if (!is_api_path(request.path) && fallback_ && (request.method == Method::Get || request.method == Method::Head) &&
        !matches_any_route(request.path)) {
        return fallback_(request);
    }
    return with_api_headers(dispatch_route(request));
}

bool Router::matches_any_route(std::string_view path) const {
    const auto path_segments = split_path(path);
    return std::any_of(routes_.begin(), routes_.end(), [&path_segments](const Route& route) {
        return match(route, path_segments, nullptr);
    });
}

Response Router::dispatch_route(Request& request) const {
    const auto path_segments = split_path(request.path);
    std::string allowed;
    for (const auto& route : routes_) {
        if (!match(route, path_segments, nullptr)) {
            continue;
        }
        if (route.method != request.method) {
            if (!allowed.empty()) {
                allowed += ", ";
            }
            allowed += to_string(route.method);
            continue;
        }
        match(route, path_segments, &request);
        if (route.access == Access::Authenticated && guard_) {
            if (auto refusal = guard_(request)) {
                return std::move(*refusal);
            }
        }
        if (route.body == RequestBody::Json && !is_json_content_type(request.content_type)) {
            return problem_response(415, "this endpoint accepts only application/json");
        }
        return route.handler(request);
    }
    if (!allowed.empty()) {
        auto response = problem_response(405, std::string(to_string(request.method)) + " is not allowed here");
        response.set_header("Allow", std::move(allowed));
        return response;
    }
    return problem_response(404, "no such resource: " + request.path);
}

std::optional<Response> Router::admit(Request& request) const {
    const auto path_segments = split_path(request.path);
    for (const auto& route : routes_) {
        if (route.method == request.method && match(route, path_segments, &request)) {
            if (route.access == Access::Authenticated && guard_) {
                return guard_(request);
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

RequestBody Router::body_kind(Method method, std::string_view path) const {
    const auto path_segments = split_path(path);
    for (const auto& route : routes_) {
        if (route.method == method && match(route, path_segments, nullptr)) {
            return route.body;
        }
    }
    return RequestBody::None;
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> infos;
    infos.reserve(routes_.size());
    for (const auto& route : routes_) {
        infos.push_back(RouteInfo{.method = to_string(route.method), .pattern = route.pattern, .access = route.access});
    }
    return infos;
}

}  // namespace kartoteka::http
