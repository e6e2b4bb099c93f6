#include "http/router.hpp"

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

void Router::add(Method method, std::string pattern, Access access, Handler handler) {
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
        return route.handler(request);
    }
    if (!allowed.empty()) {
        auto response = problem_response(405, std::string(to_string(request.method)) + " is not allowed here");
        response.set_header("Allow", std::move(allowed));
        return response;
    }
    if (!is_api_path(request.path) && fallback_ && (request.method == Method::Get || request.method == Method::Head)) {
        return fallback_(request);
    }
    return problem_response(404, "no such resource: " + request.path);
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> infos;
    infos.reserve(routes_.size());
    for (const auto& route : routes_) {
        infos.push_back(RouteInfo{.method = to_string(route.method), .pattern = route.pattern});
    }
    return infos;
}

}  // namespace kartoteka::http
