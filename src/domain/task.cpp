#include "domain/task.hpp"

#include <array>
#include <utility>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

constexpr std::array<std::pair<TaskStatus, const char*>, 4> kStatusNames{{
    {TaskStatus::Open, "open"},
    {TaskStatus::InProgress, "in_progress"},
    {TaskStatus::Done, "done"},
    {TaskStatus::Cancelled, "cancelled"},
}};

constexpr std::array<std::pair<TaskPriority, const char*>, 3> kPriorityNames{{
    {TaskPriority::Low, "low"},
    {TaskPriority::Normal, "normal"},
    {TaskPriority::High, "high"},
}};

constexpr std::array<std::pair<MyTasksView, const char*>, 5> kViewNames{{
    {MyTasksView::Overdue, "overdue"},
    {MyTasksView::Today, "today"},
    {MyTasksView::Upcoming, "upcoming"},
    {MyTasksView::Done, "done"},
    {MyTasksView::AssignedByMe, "assigned_by_me"},
}};

template <typename Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
    for (const auto& [candidate, name] : names) {
        if (text == name) {
            return candidate;
        }
    }
    return std::nullopt;
}

bool all_digits(std::string_view text) {
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

std::size_t code_points(std::string_view utf8) {
    std::size_t count = 0;
    for (const char c : utf8) {
        // Continuation bytes (10xxxxxx) do not start a character.
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++count;
        }
    }
    return count;
}

bool is_finished(TaskStatus status) {
    return status == TaskStatus::Done || status == TaskStatus::Cancelled;
}

}  // namespace

const char* to_string(TaskStatus status) {
    return name_of(kStatusNames, status);
}

const char* to_string(TaskPriority priority) {
    return name_of(kPriorityNames, priority);
}

std::optional<TaskStatus> parse_task_status(std::string_view text) {
    return parse_name(kStatusNames, text);
}

std::optional<TaskPriority> parse_task_priority(std::string_view text) {
    return parse_name(kPriorityNames, text);
}

std::optional<MyTasksView> parse_my_tasks_view(std::string_view text) {
    return parse_name(kViewNames, text);
}

bool is_valid_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    const auto year_text = text.substr(0, 4);
    const auto month_text = text.substr(5, 2);
    const auto day_text = text.substr(8, 2);
    if (!all_digits(year_text) || !all_digits(month_text) || !all_digits(day_text)) {
        return false;
    }
    const int year = to_int(year_text);
    const int month = to_int(month_text);
    const int day = to_int(day_text);
    if (year < 1900 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    static constexpr std::array<int, 12> kDaysInMonth{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days = kDaysInMonth[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    return day <= days;
}

bool is_valid_time_of_day(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') {
        return false;
    }
    const auto hours = text.substr(0, 2);
    const auto minutes = text.substr(3, 2);
    return all_digits(hours) && all_digits(minutes) && to_int(hours) <= 23 && to_int(minutes) <= 59;
}

Result<Task> validate_task(Task task) {
    FieldErrors errors;
    FieldErrors codes;
    const auto report = [&](const std::string& field, std::string message, std::string code) {
        errors[field] = std::move(message);
        codes[field] = std::move(code);
    };
    task.title = util::trim(task.title);
    if (task.title.empty()) {
        report("title", "is required", "required");
    } else if (code_points(task.title) > kMaxTaskTitleLength) {
        report("title", "must be at most " + std::to_string(kMaxTaskTitleLength) + " characters", "too_long");
    }
    if (code_points(task.description) > kMaxTaskDescriptionLength) {
        report(
            "description", "must be at most " + std::to_string(kMaxTaskDescriptionLength) + " characters", "too_long"
        );
    }
    if (task.due_date.empty()) {
        report("due_date", "is required", "required");
    } else if (!is_valid_date(task.due_date)) {
        report("due_date", "must be a real calendar day written as YYYY-MM-DD", "date.invalid");
    }
    if (task.due_time && !is_valid_time_of_day(*task.due_time)) {
        report("due_time", "must be a time written as HH:MM (00:00 to 23:59)", "time.invalid");
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid task", std::move(errors), std::move(codes)));
    }
    return task;
}

bool is_overdue(const Task& task, std::string_view local_today, std::string_view local_now_hhmm) {
    if (is_finished(task.status)) {
        return false;
    }
    if (task.due_date != local_today) {
        return task.due_date < local_today;  // YYYY-MM-DD compares like the days it names
    }
    return task.due_time && *task.due_time < local_now_hhmm;
}

}  // namespace kartoteka::domain
