#include "http/json/task_json.hpp"

#include <string>

#include "http/json/json_io.hpp"
#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

nlohmann::json user_ref(domain::UserId id, const std::string& display_name) {
    return {{"id", id}, {"display_name", display_name}};
}

template <typename T>
nlohmann::json optional_value(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json optional_time(const std::optional<domain::TimestampMs>& value) {
    return value ? nlohmann::json(util::format_rfc3339(*value)) : nlohmann::json();
}

/// Collects field errors with their codes, the first problem per field winning.
class Problems {
public:
    void add(const std::string& field, std::string code, std::string message) {
        if (errors_.emplace(field, std::move(message)).second) {
            codes_.emplace(field, std::move(code));
        }
    }
    bool empty() const { return errors_.empty(); }
    Error error() {
        return Error::invalid("the request body has invalid fields", std::move(errors_), std::move(codes_));
    }

    std::optional<std::string> string(const std::string& field, const nlohmann::json& value) {
        if (!value.is_string()) {
            add(field, "type.string", "must be a string");
            return std::nullopt;
        }
        return value.get<std::string>();
    }
    std::optional<std::int64_t> id(const std::string& field, const nlohmann::json& value) {
        if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
            add(field, "type.id", "must be a positive integer");
            return std::nullopt;
        }
        return value.get<std::int64_t>();
    }
    std::optional<domain::TaskPriority> priority(const nlohmann::json& value) {
        if (auto text = string("priority", value)) {
            if (auto parsed = domain::parse_task_priority(*text)) {
                return parsed;
            }
            add("priority", "enum", "must be low, normal or high");
        }
        return std::nullopt;
    }
    std::optional<domain::TaskStatus> status(const nlohmann::json& value) {
        if (auto text = string("status", value)) {
            if (auto parsed = domain::parse_task_status(*text)) {
                return parsed;
            }
            add("status", "enum", "must be open, in_progress, done or cancelled");
        }
        return std::nullopt;
    }

private:
    FieldErrors errors_;
    FieldErrors codes_;
};

}  // namespace

nlohmann::json to_json(const domain::Task& task, const domain::LocalDateTime& now) {
    return {
        {"id", task.id},
        {"customer", {{"id", task.customer_id}, {"name", task.customer_name}}},
        {"note_id", optional_value(task.note_id)},
        {"title", task.title},
        {"description", task.description},
        {"assignee", user_ref(task.assignee_id, task.assignee_name)},
        {"created_by", user_ref(task.created_by, task.created_by_name)},
        {"due_date", task.due_date},
        {"due_time", optional_value(task.due_time)},
        {"priority", domain::to_string(task.priority)},
        {"status", domain::to_string(task.status)},
        {"overdue", domain::is_overdue(task, now.date, now.time)},
        {"version", task.version},
        {"created_at", util::format_rfc3339(task.created_at)},
        {"updated_at", util::format_rfc3339(task.updated_at)},
        {"completed_at", optional_time(task.completed_at)},
    };
}

nlohmann::json to_json(const domain::TaskPage& page, const domain::LocalDateTime& now) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& task : page.items) {
        items.push_back(to_json(task, now));
    }
    return {{"items", std::move(items)}, {"next_cursor", optional_value(page.next_cursor)}};
}

nlohmann::json to_json(const domain::Notification& notification) {
    return {
        {"id", notification.id},
        {"kind", notification.kind},
        {"text", notification.text},
        {"task_id", optional_value(notification.task_id)},
        {"customer_id", optional_value(notification.customer_id)},
        {"actor", notification.actor_id ? user_ref(*notification.actor_id, notification.actor_name) : nlohmann::json()},
        {"created_at", util::format_rfc3339(notification.created_at)},
        {"read_at", optional_time(notification.read_at)},
    };
}

nlohmann::json to_json(const domain::NotificationPage& page) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& notification : page.items) {
        items.push_back(to_json(notification));
    }
    return {
        {"items", std::move(items)},
        {"next_cursor", page.next_before_id ? nlohmann::json(std::to_string(*page.next_before_id)) : nlohmann::json()},
        {"unread_count", page.unread_count},
    };
}

Result<domain::TaskDraft> parse_task_draft(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    domain::TaskDraft draft;
    Problems problems;
    for (const auto& [key, value] : document->items()) {
        if (key == "title") {
            draft.title = problems.string(key, value).value_or("");
        } else if (key == "description") {
            if (!value.is_null()) {
                draft.description = problems.string(key, value).value_or("");
            }
        } else if (key == "assignee_id") {
            draft.assignee_id = problems.id(key, value);
        } else if (key == "due_date") {
            draft.due_date = problems.string(key, value).value_or("");
        } else if (key == "due_time") {
            if (!value.is_null()) {
                draft.due_time = problems.string(key, value);
            }
        } else if (key == "priority") {
            draft.priority = problems.priority(value).value_or(draft.priority);
        } else if (key == "status") {
            draft.status = problems.status(value).value_or(draft.status);
        } else if (key == "note_id") {
            if (!value.is_null()) {
                draft.note_id = problems.id(key, value);
            }
        } else {
            problems.add(key, "unknown_field", "unknown field");
        }
    }
    if (!problems.empty()) {
        return fail(problems.error());
    }
    return draft;
}

Result<domain::TaskPatch> parse_task_patch(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    domain::TaskPatch patch;
    Problems problems;
    const auto required = [&](const std::string& key, const nlohmann::json& value) {
        if (value.is_null()) {
            problems.add(key, "required", "cannot be cleared");
            return false;
        }
        return true;
    };
    for (const auto& [key, value] : document->items()) {
        if (key == "title") {
            if (required(key, value)) {
                patch.title = problems.string(key, value);
            }
        } else if (key == "description") {
            patch.description = value.is_null() ? std::optional<std::string>("") : problems.string(key, value);
        } else if (key == "assignee_id") {
            if (required(key, value)) {
                patch.assignee_id = problems.id(key, value);
            }
        } else if (key == "due_date") {
            if (required(key, value)) {
                patch.due_date = problems.string(key, value);
            }
        } else if (key == "due_time") {
            if (value.is_null()) {
                patch.due_time = std::optional<std::string>{};
            } else if (auto text = problems.string(key, value)) {
                patch.due_time = std::optional<std::string>{std::move(*text)};
            }
        } else if (key == "priority") {
            if (required(key, value)) {
                patch.priority = problems.priority(value);
            }
        } else if (key == "status") {
            if (required(key, value)) {
                patch.status = problems.status(value);
            }
        } else if (key == "note_id") {
            if (value.is_null()) {
                patch.note_id = std::optional<std::int64_t>{};
            } else if (auto id = problems.id(key, value)) {
                patch.note_id = std::optional<std::int64_t>{*id};
            }
        } else {
            problems.add(key, "unknown_field", "unknown field");
        }
    }
    if (!problems.empty()) {
        return fail(problems.error());
    }
    return patch;
}

}  // namespace kartoteka::http::json
