#include "http/handlers/me_handler.hpp"

#include "auth/tokens.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/json_io.hpp"
#include "http/json/task_json.hpp"
#include "util/time.hpp"

namespace kartoteka::http {
namespace {

domain::UserId me(const Request& request) {
    return request.principal->user.id;
}

Result<std::size_t> parse_limit(const Request& request) {
    auto limit = request.query_param("limit");
    if (!limit) {
        return std::size_t{50};
    }
    const auto value = parse_positive_integer(*limit);
    if (!value || *value > static_cast<std::int64_t>(domain::kMaxTaskPageSize)) {
        return fail(
            Error::invalid_field("limit", "must be an integer from 1 to " + std::to_string(domain::kMaxTaskPageSize))
        );
    }
    return static_cast<std::size_t>(*value);
}

// A Host header ends up inside a URL we hand out: only host names, IPv4/IPv6 literals and a port pass.
bool is_plausible_host(std::string_view host) {
    if (host.empty() || host.size() > 255) {
        return false;
    }
    for (const char c : host) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                             c == '-' || c == ':' || c == '[' || c == ']';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

}  // namespace

Response MeHandler::tasks(Request& request) {
    const auto view_text = request.query_param("view").value_or("today");
    const auto view = domain::parse_my_tasks_view(view_text);
    if (!view) {
        return error_response(
            Error::invalid_field("view", "must be overdue, today, upcoming, done or assigned_by_me", "enum")
        );
    }
    auto limit = parse_limit(request);
    if (!limit) {
        return error_response(limit.error());
    }
    auto cursor = request.query_param("cursor");
    if (cursor && cursor->empty()) {
        cursor.reset();
    }
    auto page = tasks_.my_tasks(me(request), *view, *limit, std::move(cursor));
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page, tasks_.local_now()));
}

Response MeHandler::notifications(Request& request) {
    domain::NotificationQuery query{.user_id = me(request)};
    if (auto unread = request.query_param("unread")) {
        if (*unread != "true" && *unread != "false") {
            return error_response(Error::invalid_field("unread", "must be true or false", "type.boolean"));
        }
        query.unread_only = *unread == "true";
    }
    auto limit = parse_limit(request);
    if (!limit) {
        return error_response(limit.error());
    }
    query.limit = *limit;
    if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
        const auto before = parse_positive_integer(*cursor);
        if (!before) {
            return error_response(Error::invalid_field("cursor", "is not a cursor from this list", "cursor.invalid"));
        }
        query.before_id = *before;
    }
    auto page = notifications_.list(query);
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page));
}

Response MeHandler::read_notification(Request& request) {
    const auto text = request.path_param("id");
    const auto id = parse_positive_integer(text);
    if (!id) {
        return error_response(Error::not_found("notification " + std::string(text) + " not found"));
    }
    if (auto done = notifications_.mark_read(me(request), *id, domain::system_now_ms()); !done) {
        return error_response(done.error());
    }
    Response response;
    response.status = 204;
    return response;
}

Response MeHandler::read_all_notifications(Request& request) {
    if (auto done = notifications_.mark_all_read(me(request), domain::system_now_ms()); !done) {
        return error_response(done.error());
    }
    Response response;
    response.status = 204;
    return response;
}

Response MeHandler::create_calendar_feed(Request& request) {
    if (!is_plausible_host(request.host)) {
        return error_response(Error{ErrorCode::MalformedRequest, "the Host header is missing or malformed"});
    }
    // Only the hash is kept: the URL is shown once, and whoever reads the database cannot subscribe.
    const std::string token = auth::generate_token();
    const auto now = domain::system_now_ms();
    if (auto stored = feeds_.replace(me(request), auth::hash_token(token), now); !stored) {
        return error_response(stored.error());
    }
    const std::string url =
        std::string(secure_ ? "https://" : "http://") + request.host + "/api/v1/calendar-feeds/" + token;
    auto response = json::json_response(201, {{"url", url}, {"created_at", util::format_rfc3339(now)}});
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response MeHandler::calendar_feed(Request& request) {
    auto created = feeds_.created_at(me(request));
    if (!created) {
        return error_response(created.error());
    }
    return json::json_response(
        200,
        {{"active", created->has_value()},
         {"created_at", *created ? nlohmann::json(util::format_rfc3339(**created)) : nlohmann::json()}}
    );
}

Response MeHandler::revoke_calendar_feed(Request& request) {
    if (auto revoked = feeds_.revoke(me(request)); !revoked) {
        return error_response(revoked.error());
    }
    Response response;
    response.status = 204;
    return response;
}

}  // namespace kartoteka::http
