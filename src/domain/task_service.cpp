#include "domain/task_service.hpp"

#include <tuple>
#include <utility>

#include "domain/calendar_time.hpp"

namespace kartoteka::domain {
namespace {

bool same_content(Task candidate, const Task& stored) {
    const auto fields = [](const Task& task) {
        return std::tie(
            task.note_id,
            task.title,
            task.description,
            task.assignee_id,
            task.due_date,
            task.due_time,
            task.priority,
            task.status
        );
    };
    return fields(candidate) == fields(stored);
}

Error actor_without_user() {
    return Error{ErrorCode::PermissionDenied, "tasks are created by a signed-in user"};
}

}  // namespace

TaskService::TaskService(TaskRepository& tasks, UserRepository& users, CustomerRepository& customers, Clock clock)
    : tasks_(tasks),
      users_(users),
      customers_(customers),
      clock_(std::move(clock)) {}

LocalDateTime TaskService::local_now() const {
    return prague_local(clock_());
}

Result<void> TaskService::check_assignee(UserId assignee_id) {
    auto user = users_.find(assignee_id);
    if (!user) {
        if (user.error().code != ErrorCode::NotFound) {
            return fail(std::move(user.error()));
        }
        return fail(Error::invalid_field(
            "assignee_id", "user " + std::to_string(assignee_id) + " does not exist", "assignee.missing"
        ));
    }
    if (user->deactivated_at) {
        return fail(Error::invalid_field(
            "assignee_id",
            "user " + user->username + " is deactivated and cannot be assigned tasks",
            "assignee.inactive"
        ));
    }
    return ok();
}

std::optional<Notification> TaskService::assignment_notification(const Task& task, const Actor& actor, TimestampMs now)
    const {
    if (actor.user_id == task.assignee_id) {
        return std::nullopt;  // nobody needs telling about a task they gave themselves
    }
    return Notification{
        .user_id = task.assignee_id,
        .kind = "task_assigned",
        .text = task.title,
        .task_id = task.id == 0 ? std::nullopt : std::optional<TaskId>{task.id},
        .customer_id = task.customer_id,
        .actor_id = actor.user_id,
        .created_at = now,
    };
}

Result<Task> TaskService::create(CustomerId customer_id, TaskDraft draft, const Actor& actor) {
    if (!actor.user_id) {
        return fail(actor_without_user());
    }
    auto customer = customers_.find(customer_id, true);
    if (!customer) {
        return fail(std::move(customer.error()));
    }
    if (customer->deleted_at) {
        return fail(Error{
            ErrorCode::AlreadyExists,
            "customer " + std::to_string(customer_id) + " is in the trash; restore it to add tasks",
            {{"customer_id", "is in the trash"}},
            {{"customer_id", "customer.trashed"}},
        });
    }
    Task task{
        .customer_id = customer_id,
        .note_id = draft.note_id,
        .title = std::move(draft.title),
        .description = std::move(draft.description),
        .assignee_id = draft.assignee_id.value_or(*actor.user_id),
        .created_by = *actor.user_id,
        .due_date = std::move(draft.due_date),
        .due_time = std::move(draft.due_time),
        .priority = draft.priority,
        .status = draft.status,
    };
    auto valid = validate_task(std::move(task));
    if (!valid) {
        return fail(std::move(valid.error()));
    }
    if (auto assignee = check_assignee(valid->assignee_id); !assignee) {
        return fail(std::move(assignee.error()));
    }
    const TimestampMs now = clock_();
    valid->created_at = now;
    valid->updated_at = now;
    if (valid->status == TaskStatus::Done) {
        valid->completed_at = now;
    }
    return tasks_.insert(*valid, actor, assignment_notification(*valid, actor, now));
}

Result<Task> TaskService::get(TaskId id) {
    return tasks_.find(id);
}

Result<Task> TaskService::update(TaskId id, std::int64_t expected_version, const TaskPatch& patch, const Actor& actor) {
    auto stored = tasks_.find(id);
    if (!stored) {
        return fail(std::move(stored.error()));
    }
    if (stored->version != expected_version) {
        return fail(Error::conflict(
            "task " + std::to_string(id) + " is at version " + std::to_string(stored->version) + ", not " +
            std::to_string(expected_version)
        ));
    }
    Task task = *stored;
    if (patch.title) {
        task.title = *patch.title;
    }
    if (patch.description) {
        task.description = *patch.description;
    }
    if (patch.assignee_id) {
        task.assignee_id = *patch.assignee_id;
    }
    if (patch.due_date) {
        task.due_date = *patch.due_date;
    }
    if (patch.due_time) {
        task.due_time = *patch.due_time;
    }
    if (patch.priority) {
        task.priority = *patch.priority;
    }
    if (patch.status) {
        task.status = *patch.status;
    }
    if (patch.note_id) {
        task.note_id = *patch.note_id;
    }
    auto valid = validate_task(std::move(task));
    if (!valid) {
        return fail(std::move(valid.error()));
    }
    if (same_content(*valid, *stored)) {
        return std::move(*stored);  // no write: colleagues' open copies stay current
    }
    const bool reassigned = valid->assignee_id != stored->assignee_id;
    if (reassigned) {
        if (auto assignee = check_assignee(valid->assignee_id); !assignee) {
            return fail(std::move(assignee.error()));
        }
    }
    const TimestampMs now = clock_();
    valid->updated_at = now;
    if (valid->status == TaskStatus::Done && stored->status != TaskStatus::Done) {
        valid->completed_at = now;
    } else if (valid->status != TaskStatus::Done) {
        valid->completed_at = std::nullopt;
    }
    const auto notify = reassigned ? assignment_notification(*valid, actor, now) : std::nullopt;
    return tasks_.update(*valid, expected_version, actor, notify);
}

Result<Task> TaskService::move_to_trash(TaskId id, std::optional<std::int64_t> expected_version, const Actor& actor) {
    return tasks_.move_to_trash(id, expected_version, clock_(), actor);
}

Result<TaskPage> TaskService::list(TaskListQuery query) {
    if (query.limit == 0 || query.limit > kMaxTaskPageSize) {
        return fail(Error::invalid_field("limit", "must be between 1 and " + std::to_string(kMaxTaskPageSize)));
    }
    if (query.customer_id) {
        if (auto customer = customers_.find(*query.customer_id); !customer) {
            return fail(std::move(customer.error()));
        }
    }
    return tasks_.list(query);
}

Result<TaskPage> TaskService::my_tasks(
    UserId user_id, MyTasksView view, std::size_t limit, std::optional<std::string> cursor
) {
    const std::string today = local_now().date;
    TaskListQuery query{.limit = limit, .cursor = std::move(cursor)};
    const std::vector<TaskStatus> unfinished{TaskStatus::Open, TaskStatus::InProgress};
    switch (view) {
        case MyTasksView::Overdue:
            query.assignee_id = user_id;
            query.statuses = unfinished;
            query.due_before = today;
            break;
        case MyTasksView::Today:
            query.assignee_id = user_id;
            query.statuses = unfinished;
            query.due_on = today;
            break;
        case MyTasksView::Upcoming:
            query.assignee_id = user_id;
            query.statuses = unfinished;
            query.due_after = today;
            break;
        case MyTasksView::Done:
            query.assignee_id = user_id;
            query.statuses = {TaskStatus::Done};
            query.order = TaskOrder::DueDescending;  // the most recent work first
            break;
        case MyTasksView::AssignedByMe:
            query.created_by = user_id;
            query.not_assignee_id = user_id;
            query.statuses = unfinished;
            break;
    }
    return list(std::move(query));
}

}  // namespace kartoteka::domain
