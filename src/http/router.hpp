#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace kartoteka::http {

using Handler = std::function<Response(Request&)>;

/// Who may call a route. Authenticated routes pass through the guard first.
enum class Access { Public, Authenticated };

/// What a route reads from the request body. Json routes answer 415 to any other Content-Type, in one
/// place, so every JSON endpoint refuses form posts alike (they would otherwise be parsed as JSON).
/// Upload routes take multipart/form-data with one `file` part, which the server streams to a temporary
/// file under its own (larger) limit and hands over as Request::upload.
enum class RequestBody { None, Json, Upload };

struct RouteInfo {
    std::string method;   // "GET", "POST", ...
    std::string pattern;  // "/api/v1/customers/{id}"
    Access access = Access::Authenticated;
};

/// Runs before an authenticated route's handler: returns a response to stop the request
/// (401, 403), or nullopt after filling request.principal.
using Guard = std::function<std::optional<Response>(Request&)>;

/// One table of (method, path pattern) -> handler. Patterns are literal segments and {name} captures,
/// matched segment by segment (no regular expressions on the hot path).
class Router {
public:
    void add(Method method, std::string pattern, Access access, Handler handler, RequestBody body = RequestBody::None);
    void set_guard(Guard guard) { guard_ = std::move(guard); }
    /// Answers GET/HEAD requests that match no route and lie outside /api (static files, the SPA).
    void set_fallback(Handler handler) { fallback_ = std::move(handler); }

    /// 404 for an unknown /api path, 405 with Allow for a known path with another method.
    Response dispatch(Request& request) const;

    std::vector<RouteInfo> routes() const;

    /// The body kind of the route that `method` + `path` would reach (None when no route matches), so the
    /// server can decide how to read the body from the header alone.
    RequestBody body_kind(Method method, std::string_view path) const;
    /// Runs the matching route's guard without its handler (nullopt: admitted, principal filled), so the
    /// server can refuse an upload before reading a byte of its body.
    std::optional<Response> admit(Request& request) const;

private:
    struct Segment {
        std::string text;
        bool is_param = false;
    };
    struct Route {
        Method method;
        std::string pattern;
        std::vector<Segment> segments;
        Access access;
        Handler handler;
        RequestBody body;
    };

    Response dispatch_route(Request& request) const;
    bool matches_any_route(std::string_view path) const;
    static bool match(const Route& route, const std::vector<std::string_view>& path_segments, Request* request);

    std::vector<Route> routes_;
    Guard guard_;
    Handler fallback_;
};

}  // namespace kartoteka::http
