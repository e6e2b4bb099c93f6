#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/error.hpp"

// Úkoly: a to-do on a customer card, assigned to one user, due on a calendar day in Europe/Prague.
namespace kartoteka::domain {

using TaskId = std::int64_t;
using NotificationId = std::int64_t;

enum class TaskStatus { Open, InProgress, Done, Cancelled };
enum class TaskPriority { Low, Normal, High };

inline constexpr std::size_t kMaxTaskTitleLength = 300;          // characters (code points)
inline constexpr std::size_t kMaxTaskDescriptionLength = 20000;  // characters (code points)
inline constexpr std::size_t kMaxTaskPageSize = 200;

struct Task {
    TaskId id = 0;
    CustomerId customer_id = 0;
    std::string customer_name = {};  // filled when read
    std::optional<std::int64_t> note_id = std::nullopt;
    std::string title = {};
    std::string description = {};
    UserId assignee_id = 0;
    std::string assignee_name = {};  // filled when read
    UserId created_by = 0;
    std::string created_by_name = {};                    // filled when read
    std::string due_date = {};                           // YYYY-MM-DD
    std::optional<std::string> due_time = std::nullopt;  // HH:MM, local time in Europe/Prague
    TaskPriority priority = TaskPriority::Normal;
    TaskStatus status = TaskStatus::Open;
    std::int64_t version = 0;
    TimestampMs created_at = 0;
    TimestampMs updated_at = 0;
    std::optional<TimestampMs> completed_at = std::nullopt;  // set while status is done
    std::optional<TimestampMs> deleted_at = std::nullopt;
};

/// A POST body. assignee_id absent means "the creator".
struct TaskDraft {
    std::string title = {};
    std::string description = {};
    std::optional<UserId> assignee_id = std::nullopt;
    std::string due_date = {};
    std::optional<std::string> due_time = std::nullopt;
    TaskPriority priority = TaskPriority::Normal;
    TaskStatus status = TaskStatus::Open;
    std::optional<std::int64_t> note_id = std::nullopt;
};

/// A PATCH body (merge patch at the top level): absent members stay; due_time and note_id may be cleared.
struct TaskPatch {
    std::optional<std::string> title = std::nullopt;
    std::optional<std::string> description = std::nullopt;
    std::optional<UserId> assignee_id = std::nullopt;
    std::optional<std::string> due_date = std::nullopt;
    std::optional<std::optional<std::string>> due_time = std::nullopt;
    std::optional<TaskPriority> priority = std::nullopt;
    std::optional<TaskStatus> status = std::nullopt;
    std::optional<std::optional<std::int64_t>> note_id = std::nullopt;
};

/// Where a list is sorted: by (due_date, due_time, id); all-day tasks come first on their day.
enum class TaskOrder { DueAscending, DueDescending };

struct TaskListQuery {
    std::optional<CustomerId> customer_id = std::nullopt;
    std::optional<UserId> assignee_id = std::nullopt;
    std::optional<UserId> created_by = std::nullopt;
    std::optional<UserId> not_assignee_id = std::nullopt;  // "assigned by me" leaves out my own tasks
    std::vector<TaskStatus> statuses = {};                 // empty: any status
    std::optional<std::string> due_before = std::nullopt;  // due_date < this
    std::optional<std::string> due_on = std::nullopt;      // due_date = this
    std::optional<std::string> due_after = std::nullopt;   // due_date > this
    TaskOrder order = TaskOrder::DueAscending;
    std::size_t limit = 50;
    std::optional<std::string> cursor = std::nullopt;
};

struct TaskPage {
    std::vector<Task> items = {};
    std::optional<std::string> next_cursor = std::nullopt;
};

/// "Moje úkoly" tabs.
enum class MyTasksView { Overdue, Today, Upcoming, Done, AssignedByMe };

const char* to_string(TaskStatus status);
const char* to_string(TaskPriority priority);
std::optional<TaskStatus> parse_task_status(std::string_view text);
std::optional<TaskPriority> parse_task_priority(std::string_view text);
std::optional<MyTasksView> parse_my_tasks_view(std::string_view text);

/// True for a real calendar day written as YYYY-MM-DD.
bool is_valid_date(std::string_view text);
/// True for HH:MM with 00 <= HH <= 23, 00 <= MM <= 59.
bool is_valid_time_of_day(std::string_view text);

/// Checks a task's own fields (title, description, due_date, due_time); trims the title. All problems at once,
/// keyed by JSON field name.
Result<Task> validate_task(Task task);

/// Whether an unfinished task is past its due date (or, when it has a time, past that minute) at
/// `local_today`/`local_now_hhmm` in Europe/Prague.
bool is_overdue(const Task& task, std::string_view local_today, std::string_view local_now_hhmm);

/// An in-app notification ("you were assigned a task").
struct Notification {
    NotificationId id = 0;
    UserId user_id = 0;
    std::string kind = "task_assigned";
    std::string text = {};  // the task's title at the time
    std::optional<TaskId> task_id = std::nullopt;
    std::optional<CustomerId> customer_id = std::nullopt;
    std::optional<UserId> actor_id = std::nullopt;
    std::string actor_name = {};  // filled when read
    TimestampMs created_at = 0;
    std::optional<TimestampMs> read_at = std::nullopt;
};

struct NotificationQuery {
    UserId user_id = 0;
    bool unread_only = false;
    std::optional<NotificationId> before_id = std::nullopt;
    std::size_t limit = 50;
};

struct NotificationPage {
    std::vector<Notification> items = {};  // newest first
    std::optional<NotificationId> next_before_id = std::nullopt;
    std::int64_t unread_count = 0;
};

/// Tasks: every write is one transaction with its history entry and, when given, the assignee's notification
/// (whose task_id the store fills in).
class TaskRepository {
public:
    virtual ~TaskRepository() = default;

    /// Stores a new task with version 1. InvalidArgument (field "note_id") when the note is not a live note of
    /// the task's customer; NotFound when the customer is missing; AlreadyExists when it is in the trash.
    virtual Result<Task> insert(const Task& task, const Actor& actor, const std::optional<Notification>& notify) = 0;
    /// NotFound when missing or in the trash (also when its customer is).
    virtual Result<Task> find(TaskId id) = 0;
    /// Replaces the stored task when its version is expected_version; FailedPrecondition otherwise.
    virtual Result<Task> update(
        const Task& task, std::int64_t expected_version, const Actor& actor, const std::optional<Notification>& notify
    ) = 0;
    virtual Result<Task> move_to_trash(
        TaskId id, std::optional<std::int64_t> expected_version, TimestampMs now, const Actor& actor
    ) = 0;
    /// InvalidArgument (field "cursor") for a cursor this store did not issue.
    virtual Result<TaskPage> list(const TaskListQuery& query) = 0;
};

class NotificationRepository {
public:
    virtual ~NotificationRepository() = default;
    virtual Result<NotificationPage> list(const NotificationQuery& query) = 0;
    /// NotFound when the notification is not the user's.
    virtual Result<void> mark_read(UserId user_id, NotificationId id, TimestampMs now) = 0;
    virtual Result<std::size_t> mark_all_read(UserId user_id, TimestampMs now) = 0;
};

}  // namespace kartoteka::domain
