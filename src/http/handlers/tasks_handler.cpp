#include "http/handlers/tasks_handler.hpp"

#include "http/actor.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/json_io.hpp"
#include "http/json/task_json.hpp"

namespace kartoteka::http {
namespace {

Response task_response(unsigned status, const domain::Task& task, const domain::LocalDateTime& now) {
    auto response = json::json_response(status, json::to_json(task, now));
    response.set_header("ETag", etag(task.version));
    return response;
}

/// limit, cursor, status (comma-separated), assignee, created_by, due_before.
Result<domain::TaskListQuery> parse_list_query(const Request& request) {
    domain::TaskListQuery query;
    FieldErrors errors;
    if (auto limit = request.query_param("limit")) {
        const auto value = parse_positive_integer(*limit);
        if (!value || *value > static_cast<std::int64_t>(domain::kMaxTaskPageSize)) {
            errors["limit"] = "must be an integer from 1 to " + std::to_string(domain::kMaxTaskPageSize);
        } else {
            query.limit = static_cast<std::size_t>(*value);
        }
    }
    if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
        query.cursor = std::move(*cursor);
    }
    if (auto status = request.query_param("status"); status && !status->empty()) {
        std::string_view rest = *status;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto word = rest.substr(0, comma);
            if (const auto parsed = domain::parse_task_status(word)) {
                query.statuses.push_back(*parsed);
            } else {
                errors["status"] = "must be open, in_progress, done or cancelled (comma-separated)";
            }
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    const auto user_filter = [&](const char* name, std::optional<domain::UserId>& target) {
        if (auto text = request.query_param(name); text && !text->empty()) {
            if (const auto id = parse_positive_integer(*text)) {
                target = *id;
            } else {
                errors[name] = "must be a user id";
            }
        }
    };
    user_filter("assignee", query.assignee_id);
    user_filter("created_by", query.created_by);
    if (auto due_before = request.query_param("due_before"); due_before && !due_before->empty()) {
        if (domain::is_valid_date(*due_before)) {
            query.due_before = std::move(*due_before);
        } else {
            errors["due_before"] = "must be a date written as YYYY-MM-DD";
        }
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid query parameters", std::move(errors)));
    }
    return query;
}

}  // namespace

Response TasksHandler::list_for_customer(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    auto query = parse_list_query(request);
    if (!query) {
        return error_response(query.error());
    }
    query->customer_id = *customer_id;
    auto page = tasks_.list(std::move(*query));
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page, tasks_.local_now()));
}

Response TasksHandler::create(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    auto draft = json::parse_task_draft(request.body);
    if (!draft) {
        return error_response(draft.error());
    }
    auto created = tasks_.create(*customer_id, std::move(*draft), actor_of(request));
    if (!created) {
        return error_response(created.error());
    }
    auto response = task_response(201, *created, tasks_.local_now());
    response.set_header("Location", "/api/v1/tasks/" + std::to_string(created->id));
    return response;
}

Response TasksHandler::list(Request& request) {
    auto query = parse_list_query(request);
    if (!query) {
        return error_response(query.error());
    }
    auto page = tasks_.list(std::move(*query));
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page, tasks_.local_now()));
}

Response TasksHandler::get(Request& request) {
    auto id = path_id(request, "id", "task");
    if (!id) {
        return error_response(id.error());
    }
    auto task = tasks_.get(*id);
    if (!task) {
        return error_response(task.error());
    }
    return task_response(200, *task, tasks_.local_now());
}

Response TasksHandler::versioned_write_response(domain::TaskId id, const Result<domain::Task>& written) {
    if (!written) {
        nlohmann::json extra = nlohmann::json::object();
        if (written.error().code == ErrorCode::FailedPrecondition) {
            if (auto current = tasks_.get(id)) {
                extra["current_version"] = current->version;
            }
        }
        return error_response(written.error(), extra);
    }
    return task_response(200, *written, tasks_.local_now());
}

Response TasksHandler::update(Request& request) {
    auto id = path_id(request, "id", "task");
    if (!id) {
        return error_response(id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    if (!*version) {
        return error_response(Error{
            ErrorCode::PreconditionRequired, "send If-Match with the ETag of the version you edited"});
    }
    auto patch = json::parse_task_patch(request.body);
    if (!patch) {
        return error_response(patch.error());
    }
    return versioned_write_response(*id, tasks_.update(*id, **version, *patch, actor_of(request)));
}

Response TasksHandler::remove(Request& request) {
    auto id = path_id(request, "id", "task");
    if (!id) {
        return error_response(id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    if (!*version) {
        return error_response(Error{
            ErrorCode::PreconditionRequired, "send If-Match with the ETag of the version you are deleting"});
    }
    return versioned_write_response(*id, tasks_.move_to_trash(*id, *version, actor_of(request)));
}

}  // namespace kartoteka::http
