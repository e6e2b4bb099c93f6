#include "store/sqlite/sqlite_task_repository.hpp"

#include <charconv>
#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_history_writer.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Task;
using domain::TaskId;

constexpr std::string_view kTaskColumns =
    "SELECT t.id, t.customer_id, c.name, t.note_id, t.title, t.description, t.assignee_id, a.display_name, "
    "t.created_by, b.display_name, t.due_date, t.due_time, t.priority, t.status, t.version, t.created_at, "
    "t.updated_at, t.completed_at, t.deleted_at "
    "FROM tasks t JOIN customers c ON c.id = t.customer_id JOIN users a ON a.id = t.assignee_id "
    "JOIN users b ON b.id = t.created_by ";

const std::string kSelectLiveTask =
    std::string(kTaskColumns) + "WHERE t.id = $1 AND t.deleted_at IS NULL AND c.deleted_at IS NULL";

constexpr std::string_view kSelectCustomerDeletedAt = "SELECT deleted_at FROM customers WHERE id = $1";
constexpr std::string_view kSelectNoteOwner = "SELECT customer_id, deleted_at FROM notes WHERE id = $1";
constexpr std::string_view kSelectUserName = "SELECT display_name FROM users WHERE id = $1";

constexpr std::string_view kInsertTask =
    "INSERT INTO tasks (customer_id, note_id, title, description, assignee_id, created_by, due_date, due_time, "
    "priority, status, version, created_at, updated_at, completed_at, deleted_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $13, NULL)";

constexpr std::string_view kUpdateTask =
    "UPDATE tasks SET note_id = $1, title = $2, description = $3, assignee_id = $4, due_date = $5, due_time = $6, "
    "priority = $7, status = $8, version = version + 1, updated_at = $9, completed_at = $10 "
    "WHERE id = $11 AND version = $12 AND deleted_at IS NULL";

constexpr std::string_view kTrashTask =
    "UPDATE tasks SET deleted_at = $1, updated_at = $1, version = version + 1 WHERE id = $2 AND deleted_at IS NULL";

constexpr std::string_view kInsertNotification =
    "INSERT INTO notifications (user_id, kind, task_id, customer_id, actor_id, text, created_at, read_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)";

std::optional<std::string> optional_text(const Statement& row, int column) {
    if (row.is_null(column)) {
        return std::nullopt;
    }
    return row.text(column);
}

std::optional<std::int64_t> optional_int(const Statement& row, int column) {
    if (row.is_null(column)) {
        return std::nullopt;
    }
    return row.int64(column);
}

Task read_task(const Statement& row) {
    return Task{
        .id = row.int64(0),
        .customer_id = row.int64(1),
        .customer_name = row.text(2),
        .note_id = optional_int(row, 3),
        .title = row.text(4),
        .description = row.text(5),
        .assignee_id = row.int64(6),
        .assignee_name = row.text(7),
        .created_by = row.int64(8),
        .created_by_name = row.text(9),
        .due_date = row.text(10),
        .due_time = optional_text(row, 11),
        .priority = domain::parse_task_priority(row.text_view(12)).value_or(domain::TaskPriority::Normal),
        .status = domain::parse_task_status(row.text_view(13)).value_or(domain::TaskStatus::Open),
        .version = row.int64(14),
        .created_at = row.int64(15),
        .updated_at = row.int64(16),
        .completed_at = optional_int(row, 17),
        .deleted_at = optional_int(row, 18),
    };
}

Result<Task> load_live_task(Connection& connection, TaskId id) {
    auto statement = connection.prepare(kSelectLiveTask);
    statement.bind("$1", id);
    if (!statement.step()) {
        return fail(Error::not_found("task " + std::to_string(id) + " not found"));
    }
    return read_task(statement);
}

Result<void> check_customer_live(Connection& connection, domain::CustomerId id) {
    auto statement = connection.prepare(kSelectCustomerDeletedAt);
    statement.bind("$1", id);
    if (!statement.step()) {
        return fail(Error::not_found("customer " + std::to_string(id) + " not found"));
    }
    if (!statement.is_null(0)) {
        return fail(Error{
            ErrorCode::AlreadyExists,
            "customer " + std::to_string(id) + " is in the trash",
            {{"customer_id", "is in the trash"}},
            {{"customer_id", "customer.trashed"}},
        });
    }
    return ok();
}

// Read from the notes table directly: a task only needs to know that the note is a live note of its customer.
Result<void> check_note(Connection& connection, const Task& task) {
    if (!task.note_id) {
        return ok();
    }
    auto statement = connection.prepare(kSelectNoteOwner);
    statement.bind("$1", *task.note_id);
    if (!statement.step() || statement.int64(0) != task.customer_id || !statement.is_null(1)) {
        return fail(Error::invalid_field(
            "note_id", "note " + std::to_string(*task.note_id) + " is not a live note of this customer", "note.invalid"
        ));
    }
    return ok();
}

std::string user_name(Connection& connection, domain::UserId id) {
    auto statement = connection.prepare(kSelectUserName);
    statement.bind("$1", id);
    return statement.step() ? statement.text(0) : std::string();
}

// ---- history ----

using FieldValues = std::vector<std::pair<std::string, nlohmann::json>>;

FieldValues field_values(const Task& task, const std::string& assignee_name) {
    return {
        {"title", task.title},
        {"description", task.description.empty() ? nlohmann::json() : nlohmann::json(task.description)},
        {"assignee", {{"id", task.assignee_id}, {"display_name", assignee_name}}},
        {"due_date", task.due_date},
        {"due_time", task.due_time ? nlohmann::json(*task.due_time) : nlohmann::json()},
        {"priority", domain::to_string(task.priority)},
        {"status", domain::to_string(task.status)},
        {"note_id", task.note_id ? nlohmann::json(*task.note_id) : nlohmann::json()},
    };
}

std::vector<domain::FieldChange> created_changes(const FieldValues& after) {
    std::vector<domain::FieldChange> changes;
    for (const auto& [field, value] : after) {
        if (!value.is_null()) {
            changes.push_back(domain::FieldChange{.field = field, .before_json = "null", .after_json = value.dump()});
        }
    }
    return changes;
}

std::vector<domain::FieldChange> diff(const FieldValues& before, const FieldValues& after) {
    std::vector<domain::FieldChange> changes;
    for (std::size_t i = 0; i < before.size(); ++i) {
        // The assignee's name may have been edited since; only a different id is a reassignment.
        const bool same = before[i].first == "assignee" ? before[i].second["id"] == after[i].second["id"]
                                                        : before[i].second == after[i].second;
        if (!same) {
            changes.push_back(domain::FieldChange{
                .field = before[i].first,
                .before_json = before[i].second.dump(),
                .after_json = after[i].second.dump(),
            });
        }
    }
    return changes;
}

void record(
    Connection& connection,
    const Task& task,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    append_history(
        connection,
        domain::HistoryEntry{
            .customer_id = task.customer_id,
            .subject = domain::HistorySubject::Task,
            .subject_id = task.id,
            .subject_label = task.title,
            .action = action,
            .changes = std::move(changes),
            .actor = actor,
            .at = at,
        }
    );
}

void insert_notification(Connection& connection, domain::Notification notification, TaskId task_id) {
    connection.prepare(kInsertNotification)
        .bind("$1", notification.user_id)
        .bind("$2", std::string_view(notification.kind))
        .bind("$3", task_id)
        .bind("$4", notification.customer_id)
        .bind("$5", notification.actor_id)
        .bind("$6", std::string_view(notification.text))
        .bind("$7", notification.created_at)
        .run();
}

Error assignee_missing(const Task& task) {
    return Error::invalid_field(
        "assignee_id", "user " + std::to_string(task.assignee_id) + " does not exist", "assignee.missing"
    );
}

void bind_optional_text(Statement& statement, const char* name, const std::optional<std::string>& text) {
    if (text) {
        statement.bind(name, std::string_view(*text));
    } else {
        statement.bind_null(name);
    }
}

// ---- list ----

struct CursorKey {
    std::string due_date;
    std::string due_time;  // "" for all-day tasks, which sort first on their day
    TaskId id = 0;
};

std::string encode_cursor(const Task& task) {
    return task.due_date + "_" + task.due_time.value_or("") + "_" + std::to_string(task.id);
}

std::optional<CursorKey> decode_cursor(std::string_view text) {
    const auto first = text.find('_');
    const auto second = first == std::string_view::npos ? first : text.find('_', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    CursorKey key{std::string(text.substr(0, first)), std::string(text.substr(first + 1, second - first - 1))};
    const auto id_text = text.substr(second + 1);
    const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), key.id);
    if (error != std::errc{} || end != id_text.data() + id_text.size() || key.id <= 0 ||
        !domain::is_valid_date(key.due_date) ||
        (!key.due_time.empty() && !domain::is_valid_time_of_day(key.due_time))) {
        return std::nullopt;
    }
    return key;
}

}  // namespace

Result<Task> SqliteTaskRepository::insert(
    const Task& task, const domain::Actor& actor, const std::optional<domain::Notification>& notify
) {
    return database_.write([&](Connection& connection) -> Result<Task> {
        if (auto live = check_customer_live(connection, task.customer_id); !live) {
            return fail(std::move(live.error()));
        }
        if (auto note = check_note(connection, task); !note) {
            return fail(std::move(note.error()));
        }
        TaskId id = 0;
        try {
            auto statement = connection.prepare(kInsertTask);
            statement.bind("$1", task.customer_id)
                .bind("$2", task.note_id)
                .bind("$3", std::string_view(task.title))
                .bind("$4", std::string_view(task.description))
                .bind("$5", task.assignee_id)
                .bind("$6", task.created_by)
                .bind("$7", std::string_view(task.due_date));
            bind_optional_text(statement, "$8", task.due_time);
            statement.bind("$9", std::string_view(domain::to_string(task.priority)))
                .bind("$10", std::string_view(domain::to_string(task.status)))
                .bind("$11", task.created_at)
                .bind("$12", task.updated_at)
                .bind("$13", task.completed_at);
            statement.run();
            id = connection.last_insert_id();
        } catch (const SqliteError& error) {
            if (error.is_foreign_key_violation()) {
                return fail(assignee_missing(task));
            }
            throw;
        }
        auto stored = load_live_task(connection, id);
        if (!stored) {
            return fail(std::move(stored.error()));
        }
        record(
            connection,
            *stored,
            domain::HistoryAction::Created,
            created_changes(field_values(*stored, stored->assignee_name)),
            actor,
            stored->created_at
        );
        if (notify) {
            insert_notification(connection, *notify, id);
        }
        return stored;
    });
}

Result<Task> SqliteTaskRepository::find(TaskId id) {
    return database_.read([&](Connection& connection) { return load_live_task(connection, id); });
}

Result<Task> SqliteTaskRepository::update(
    const Task& task,
    std::int64_t expected_version,
    const domain::Actor& actor,
    const std::optional<domain::Notification>& notify
) {
    return database_.write([&](Connection& connection) -> Result<Task> {
        auto before = load_live_task(connection, task.id);
        if (!before) {
            return fail(std::move(before.error()));
        }
        if (before->version != expected_version) {
            return fail(Error::conflict(
                "task " + std::to_string(task.id) + " is at version " + std::to_string(before->version) + ", not " +
                std::to_string(expected_version)
            ));
        }
        Task checked = task;
        checked.customer_id = before->customer_id;
        if (checked.note_id != before->note_id) {
            if (auto note = check_note(connection, checked); !note) {
                return fail(std::move(note.error()));
            }
        }
        try {
            auto statement = connection.prepare(kUpdateTask);
            statement.bind("$1", task.note_id)
                .bind("$2", std::string_view(task.title))
                .bind("$3", std::string_view(task.description))
                .bind("$4", task.assignee_id)
                .bind("$5", std::string_view(task.due_date));
            bind_optional_text(statement, "$6", task.due_time);
            statement.bind("$7", std::string_view(domain::to_string(task.priority)))
                .bind("$8", std::string_view(domain::to_string(task.status)))
                .bind("$9", task.updated_at)
                .bind("$10", task.completed_at)
                .bind("$11", task.id)
                .bind("$12", expected_version);
            statement.run();
        } catch (const SqliteError& error) {
            if (error.is_foreign_key_violation()) {
                return fail(assignee_missing(task));
            }
            throw;
        }
        auto after = load_live_task(connection, task.id);
        if (!after) {
            return fail(std::move(after.error()));
        }
        record(
            connection,
            *after,
            domain::HistoryAction::Updated,
            diff(field_values(*before, before->assignee_name), field_values(*after, after->assignee_name)),
            actor,
            after->updated_at
        );
        if (notify) {
            insert_notification(connection, *notify, task.id);
        }
        return after;
    });
}

Result<Task> SqliteTaskRepository::move_to_trash(
    TaskId id, std::optional<std::int64_t> expected_version, domain::TimestampMs now, const domain::Actor& actor
) {
    return database_.write([&](Connection& connection) -> Result<Task> {
        auto stored = load_live_task(connection, id);
        if (!stored) {
            return fail(std::move(stored.error()));
        }
        if (expected_version && *expected_version != stored->version) {
            return fail(Error::conflict(
                "task " + std::to_string(id) + " is at version " + std::to_string(stored->version) + ", not " +
                std::to_string(*expected_version)
            ));
        }
        connection.prepare(kTrashTask).bind("$1", now).bind("$2", id).run();
        record(connection, *stored, domain::HistoryAction::Trashed, {}, actor, now);
        stored->deleted_at = now;
        stored->updated_at = now;
        stored->version += 1;
        return std::move(*stored);
    });
}

Result<domain::TaskPage> SqliteTaskRepository::list(const domain::TaskListQuery& query) {
    std::optional<CursorKey> after;
    if (query.cursor) {
        after = decode_cursor(*query.cursor);
        if (!after) {
            return fail(Error::invalid_field("cursor", "is not a cursor from this list", "cursor.invalid"));
        }
    }
    // Only the filters present become SQL, with numbered parameters, so every variant is a cached statement.
    std::string sql(kTaskColumns);
    sql += "WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL";
    std::vector<std::pair<std::string, std::int64_t>> numbers;
    std::vector<std::pair<std::string, std::string>> texts;
    int next = 1;
    const auto parameter = [&next]() {
        std::string name = "$";  // appended, not "$" + ...: GCC 12 reports a bogus -Wrestrict for the latter
        name += std::to_string(next++);
        return name;
    };
    const auto number_filter = [&](const char* column_op, std::optional<std::int64_t> value) {
        if (value) {
            const auto name = parameter();
            sql += std::string(" AND ") + column_op + " " + name;
            numbers.emplace_back(name, *value);
        }
    };
    const auto text_filter = [&](const char* column_op, const std::optional<std::string>& value) {
        if (value) {
            const auto name = parameter();
            sql += std::string(" AND ") + column_op + " " + name;
            texts.emplace_back(name, *value);
        }
    };
    number_filter("t.customer_id =", query.customer_id);
    number_filter("t.assignee_id =", query.assignee_id);
    number_filter("t.created_by =", query.created_by);
    number_filter("t.assignee_id <>", query.not_assignee_id);
    text_filter("t.due_date <", query.due_before);
    text_filter("t.due_date =", query.due_on);
    text_filter("t.due_date >", query.due_after);
    if (!query.statuses.empty()) {
        sql += " AND t.status IN (";
        for (std::size_t i = 0; i < query.statuses.size(); ++i) {
            const auto name = parameter();
            sql += (i == 0 ? "" : ", ") + name;
            texts.emplace_back(name, domain::to_string(query.statuses[i]));
        }
        sql += ")";
    }
    const bool ascending = query.order == domain::TaskOrder::DueAscending;
    if (after) {
        const auto date = parameter();
        const auto time = parameter();
        const auto id = parameter();
        sql += std::string(" AND (t.due_date, COALESCE(t.due_time, ''), t.id) ") + (ascending ? ">" : "<") + " (" +
               date + ", " + time + ", " + id + ")";
        texts.emplace_back(date, after->due_date);
        texts.emplace_back(time, after->due_time);
        numbers.emplace_back(id, after->id);
    }
    const char* direction = ascending ? " ASC" : " DESC";
    sql += std::string(" ORDER BY t.due_date") + direction + ", COALESCE(t.due_time, '')" + direction + ", t.id" +
           direction;
    const auto limit = parameter();
    sql += " LIMIT " + limit;
    numbers.emplace_back(limit, static_cast<std::int64_t>(query.limit + 1));

    return database_.read([&](Connection& connection) -> Result<domain::TaskPage> {
        auto statement = connection.prepare(sql);
        for (const auto& [name, value] : numbers) {
            statement.bind(name.c_str(), value);
        }
        for (const auto& [name, value] : texts) {
            statement.bind(name.c_str(), std::string_view(value));
        }
        domain::TaskPage page;
        while (statement.step()) {
            page.items.push_back(read_task(statement));
        }
        if (page.items.size() > query.limit) {
            page.items.pop_back();
            page.next_cursor = encode_cursor(page.items.back());
        }
        return page;
    });
}

// ---- notifications ----

namespace {

constexpr std::string_view kNotificationColumns =
    "SELECT n.id, n.user_id, n.kind, n.text, n.task_id, n.customer_id, n.actor_id, COALESCE(u.display_name, ''), "
    "n.created_at, n.read_at FROM notifications n LEFT JOIN users u ON u.id = n.actor_id ";

const std::string kSelectNotifications = std::string(kNotificationColumns) +
                                         "WHERE n.user_id = $1 AND ($2 = 0 OR n.read_at IS NULL) AND n.id < $3 "
                                         "ORDER BY n.id DESC LIMIT $4";
constexpr std::string_view kCountUnread = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
constexpr std::string_view kMarkRead =
    "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3";
constexpr std::string_view kMarkAllRead =
    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL";

domain::Notification read_notification(const Statement& row) {
    return domain::Notification{
        .id = row.int64(0),
        .user_id = row.int64(1),
        .kind = row.text(2),
        .text = row.text(3),
        .task_id = optional_int(row, 4),
        .customer_id = optional_int(row, 5),
        .actor_id = optional_int(row, 6),
        .actor_name = row.text(7),
        .created_at = row.int64(8),
        .read_at = optional_int(row, 9),
    };
}

}  // namespace

Result<domain::NotificationPage> SqliteNotificationRepository::list(const domain::NotificationQuery& query) {
    return database_.read([&](Connection& connection) -> Result<domain::NotificationPage> {
        domain::NotificationPage page;
        {
            auto statement = connection.prepare(kSelectNotifications);
            statement.bind("$1", query.user_id)
                .bind("$2", std::int64_t{query.unread_only ? 1 : 0})
                .bind("$3", query.before_id.value_or(std::numeric_limits<std::int64_t>::max()))
                .bind("$4", static_cast<std::int64_t>(query.limit + 1));
            while (statement.step()) {
                page.items.push_back(read_notification(statement));
            }
        }
        if (page.items.size() > query.limit) {
            page.items.pop_back();
            page.next_before_id = page.items.back().id;
        }
        auto count = connection.prepare(kCountUnread);
        count.bind("$1", query.user_id);
        count.step();
        page.unread_count = count.int64(0);
        return page;
    });
}

Result<void> SqliteNotificationRepository::mark_read(
    domain::UserId user_id, domain::NotificationId id, domain::TimestampMs now
) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare(kMarkRead).bind("$1", now).bind("$2", id).bind("$3", user_id).run();
        if (connection.changes() == 0) {
            return fail(Error::not_found("notification " + std::to_string(id) + " not found"));
        }
        return ok();
    });
}

Result<std::size_t> SqliteNotificationRepository::mark_all_read(domain::UserId user_id, domain::TimestampMs now) {
    return database_.write([&](Connection& connection) -> Result<std::size_t> {
        connection.prepare(kMarkAllRead).bind("$1", now).bind("$2", user_id).run();
        return static_cast<std::size_t>(connection.changes());
    });
}

// ---- calendar feeds ----

namespace {

constexpr std::string_view kUpsertFeed =
    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at";
constexpr std::string_view kSelectFeed = "SELECT created_at FROM calendar_feeds WHERE user_id = $1";
constexpr std::string_view kDeleteFeed = "DELETE FROM calendar_feeds WHERE user_id = $1";
constexpr std::string_view kSelectFeedUser =
    "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
    "WHERE f.token_hash = $1 AND u.deactivated_at IS NULL";
const std::string kSelectFeedTasks = std::string(kTaskColumns) +
                                     "WHERE t.assignee_id = $1 AND t.deleted_at IS NULL AND c.deleted_at IS NULL "
                                     "ORDER BY t.due_date, t.id";
constexpr std::string_view kSelectFeedMeetings =
    "SELECT n.id, n.customer_id, c.name, n.subject, n.place, n.occurred_at, n.updated_at "
    "FROM notes n JOIN customers c ON c.id = n.customer_id "
    "WHERE n.kind = 'meeting' AND n.deleted_at IS NULL AND c.deleted_at IS NULL AND (n.author_id = $1 OR EXISTS "
    "(SELECT 1 FROM note_participants p WHERE p.note_id = n.id AND p.user_id = $1)) "
    "ORDER BY n.occurred_at, n.id";

}  // namespace

Result<void> SqliteCalendarFeedRepository::replace(
    domain::UserId user_id, const std::string& token_hash, domain::TimestampMs now
) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare(kUpsertFeed)
            .bind("$1", user_id)
            .bind("$2", std::string_view(token_hash))
            .bind("$3", now)
            .run();
        return ok();
    });
}

Result<std::optional<domain::TimestampMs>> SqliteCalendarFeedRepository::created_at(domain::UserId user_id) {
    return database_.read([&](Connection& connection) -> Result<std::optional<domain::TimestampMs>> {
        auto statement = connection.prepare(kSelectFeed);
        statement.bind("$1", user_id);
        if (!statement.step()) {
            return std::optional<domain::TimestampMs>{};
        }
        return std::optional<domain::TimestampMs>{statement.int64(0)};
    });
}

Result<bool> SqliteCalendarFeedRepository::revoke(domain::UserId user_id) {
    return database_.write([&](Connection& connection) -> Result<bool> {
        connection.prepare(kDeleteFeed).bind("$1", user_id).run();
        return connection.changes() > 0;
    });
}

Result<domain::UserId> SqliteCalendarFeedRepository::find_user(const std::string& token_hash) {
    return database_.read([&](Connection& connection) -> Result<domain::UserId> {
        auto statement = connection.prepare(kSelectFeedUser);
        statement.bind("$1", std::string_view(token_hash));
        if (!statement.step()) {
            return fail(Error::not_found("no such calendar feed"));
        }
        return statement.int64(0);
    });
}

Result<domain::CalendarItems> SqliteCalendarFeedRepository::items(domain::UserId user_id) {
    return database_.read([&](Connection& connection) -> Result<domain::CalendarItems> {
        domain::CalendarItems items;
        items.user_display_name = user_name(connection, user_id);
        {
            auto statement = connection.prepare(kSelectFeedTasks);
            statement.bind("$1", user_id);
            while (statement.step()) {
                items.tasks.push_back(read_task(statement));
            }
        }
        auto statement = connection.prepare(kSelectFeedMeetings);
        statement.bind("$1", user_id);
        while (statement.step()) {
            items.meetings.push_back(domain::Meeting{
                .note_id = statement.int64(0),
                .customer_id = statement.int64(1),
                .customer_name = statement.text(2),
                .subject = statement.text(3),
                .place = statement.text(4),
                .occurred_at = statement.int64(5),
                .updated_at = statement.int64(6),
            });
        }
        return items;
    });
}

}  // namespace kartoteka::store::sqlite
