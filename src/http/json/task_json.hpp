#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/calendar_time.hpp"
#include "domain/error.hpp"
#include "domain/task.hpp"

// Task and notification <-> JSON. Parsing is strict like the customer's: unknown members, wrong types and
// unknown enum words are field errors (422) with stable codes.
namespace kartoteka::http::json {

/// `now` decides the "overdue" flag (Prague day and minute).
nlohmann::json to_json(const domain::Task& task, const domain::LocalDateTime& now);
nlohmann::json to_json(const domain::TaskPage& page, const domain::LocalDateTime& now);
nlohmann::json to_json(const domain::Notification& notification);
nlohmann::json to_json(const domain::NotificationPage& page);

Result<domain::TaskDraft> parse_task_draft(std::string_view body);
Result<domain::TaskPatch> parse_task_patch(std::string_view body);

}  // namespace kartoteka::http::json
