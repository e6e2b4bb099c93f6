#pragma once

#include <optional>
#include <string>

#include "domain/actor.hpp"
#include "domain/calendar_feed.hpp"
#include "domain/calendar_time.hpp"
#include "domain/customer_service.hpp"
#include "domain/repositories.hpp"
#include "domain/task.hpp"

namespace kartoteka::domain {

/// The task use cases over the task, user and customer ports: validation, assignment rules (only active users),
/// the assignee's notification, versioning and the "Moje úkoly" views computed in Europe/Prague.
class TaskService {
public:
    TaskService(
        TaskRepository& tasks, UserRepository& users, CustomerRepository& customers, Clock clock = system_now_ms
    );

    /// NotFound when the customer is missing, AlreadyExists (code customer.trashed) when it is in the trash.
    Result<Task> create(CustomerId customer_id, TaskDraft draft, const Actor& actor);
    Result<Task> get(TaskId id);
    /// FailedPrecondition when expected_version is not the stored version.
    Result<Task> update(TaskId id, std::int64_t expected_version, const TaskPatch& patch, const Actor& actor);
    Result<Task> move_to_trash(TaskId id, std::optional<std::int64_t> expected_version, const Actor& actor);
    /// query.customer_id set: NotFound when that customer is missing or trashed.
    Result<TaskPage> list(TaskListQuery query);
    Result<TaskPage> my_tasks(UserId user_id, MyTasksView view, std::size_t limit, std::optional<std::string> cursor);

    /// Prague "today" and the minute now, for the JSON "overdue" flag.
    LocalDateTime local_now() const;

private:
    Result<void> check_assignee(UserId assignee_id);
    std::optional<Notification> assignment_notification(const Task& task, const Actor& actor, TimestampMs now) const;

    TaskRepository& tasks_;
    UserRepository& users_;
    CustomerRepository& customers_;
    Clock clock_;
};

}  // namespace kartoteka::domain
