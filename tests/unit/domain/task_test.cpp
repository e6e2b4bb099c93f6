#include "domain/task.hpp"

#include <string>

#include <gtest/gtest.h>

#include "domain/calendar_time.hpp"
#include "util/time.hpp"

namespace kartoteka::domain {
namespace {

Task valid_task() {
    return Task{.customer_id = 1, .title = "Zavolat panu Novákovi", .assignee_id = 1, .due_date = "2026-12-01"};
}

TimestampMs at(const char* rfc3339) {
    return util::parse_rfc3339(rfc3339).value();
}

TEST(TaskValidation, AcceptsAValidTaskAndTrimsTheTitle) {
    auto task = valid_task();
    task.title = "  Poslat nabídku  ";
    task.due_time = "14:30";
    auto result = validate_task(task);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->title, "Poslat nabídku");
}

TEST(TaskValidation, RequiresTitleAndDueDate) {
    auto task = valid_task();
    task.title = "   ";
    task.due_date = "";
    auto result = validate_task(task);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(result.error().field_codes.at("title"), "required");
    EXPECT_EQ(result.error().field_codes.at("due_date"), "required");
}

TEST(TaskValidation, CountsTitleLengthInCharactersNotBytes) {
    auto task = valid_task();
    task.title = std::string();
    for (int i = 0; i < 300; ++i) {
        task.title += "ř";  // two bytes each: 600 bytes, 300 characters
    }
    EXPECT_TRUE(validate_task(task));
    task.title += "x";
    auto result = validate_task(task);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().field_codes.at("title"), "too_long");
}

TEST(TaskValidation, LimitsDescription) {
    auto task = valid_task();
    task.description = std::string(20000, 'a');
    EXPECT_TRUE(validate_task(task));
    task.description += "a";
    auto result = validate_task(task);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("description"));
}

TEST(TaskValidation, DueDateMustBeARealDay) {
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-1-01", "01.12.2026", "2026-12-01T10:00"}) {
        auto task = valid_task();
        task.due_date = bad;
        auto result = validate_task(task);
        ASSERT_FALSE(result) << bad;
        EXPECT_EQ(result.error().field_codes.at("due_date"), "date.invalid") << bad;
    }
    auto leap = valid_task();
    leap.due_date = "2028-02-29";
    EXPECT_TRUE(validate_task(leap));
}

TEST(TaskValidation, DueTimeMustBeHoursAndMinutes) {
    for (const char* bad : {"24:00", "12:60", "9:30", "12:30:00", "ab:cd"}) {
        auto task = valid_task();
        task.due_time = bad;
        auto result = validate_task(task);
        ASSERT_FALSE(result) << bad;
        EXPECT_EQ(result.error().field_codes.at("due_time"), "time.invalid") << bad;
    }
    auto midnight = valid_task();
    midnight.due_time = "00:00";
    EXPECT_TRUE(validate_task(midnight));
}

TEST(TaskNames, RoundTripAndRejectUnknownWords) {
    for (auto status : {TaskStatus::Open, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Cancelled}) {
        EXPECT_EQ(parse_task_status(to_string(status)), status);
    }
    for (auto priority : {TaskPriority::Low, TaskPriority::Normal, TaskPriority::High}) {
        EXPECT_EQ(parse_task_priority(to_string(priority)), priority);
    }
    EXPECT_FALSE(parse_task_status("closed"));
    EXPECT_FALSE(parse_task_priority("urgent"));
    EXPECT_EQ(parse_my_tasks_view("assigned_by_me"), MyTasksView::AssignedByMe);
    EXPECT_FALSE(parse_my_tasks_view("tomorrow"));
}

TEST(TaskOverdue, ComparesPragueDayAndMinute) {
    auto task = valid_task();
    EXPECT_TRUE(is_overdue(task, "2026-12-02", "00:00"));
    EXPECT_FALSE(is_overdue(task, "2026-12-01", "23:59"));  // all-day: due until the day ends
    task.due_time = "14:30";
    EXPECT_FALSE(is_overdue(task, "2026-12-01", "14:30"));
    EXPECT_TRUE(is_overdue(task, "2026-12-01", "14:31"));
    task.status = TaskStatus::Done;
    EXPECT_FALSE(is_overdue(task, "2027-01-01", "00:00"));
}

// Prague is UTC+1 in winter and UTC+2 in summer; 2026 switches on 29 March and 25 October at 01:00 UTC.
TEST(PragueToday, WinterMidnightIsElevenPmUtc) {
    EXPECT_EQ(prague_local(at("2026-01-15T22:59:59Z")).date, "2026-01-15");
    EXPECT_EQ(prague_local(at("2026-01-15T22:59:59Z")).time, "23:59");
    EXPECT_EQ(prague_local(at("2026-01-15T23:00:00Z")).date, "2026-01-16");
    EXPECT_EQ(prague_local(at("2026-01-15T23:00:00Z")).time, "00:00");
}

TEST(PragueToday, SummerMidnightIsTenPmUtc) {
    EXPECT_EQ(prague_local(at("2026-07-01T21:59:59Z")).date, "2026-07-01");
    EXPECT_EQ(prague_local(at("2026-07-01T22:00:00Z")).date, "2026-07-02");
}

TEST(PragueToday, SpringForwardDayHasTwentyThreeHours) {
    // Starts at 23:00 UTC the evening before (still winter time) ...
    EXPECT_EQ(prague_local(at("2026-03-28T22:59:59Z")).date, "2026-03-28");
    EXPECT_EQ(prague_local(at("2026-03-28T23:00:00Z")).date, "2026-03-29");
    // ... the clock jumps from 02:00 to 03:00 ...
    EXPECT_EQ(prague_local(at("2026-03-29T00:59:00Z")).time, "01:59");
    EXPECT_EQ(prague_local(at("2026-03-29T01:00:00Z")).time, "03:00");
    // ... and it ends at 22:00 UTC (summer time).
    EXPECT_EQ(prague_local(at("2026-03-29T21:59:59Z")).date, "2026-03-29");
    EXPECT_EQ(prague_local(at("2026-03-29T22:00:00Z")).date, "2026-03-30");
}

TEST(PragueToday, FallBackDayHasTwentyFiveHours) {
    EXPECT_EQ(prague_local(at("2026-10-24T21:59:59Z")).date, "2026-10-24");
    EXPECT_EQ(prague_local(at("2026-10-24T22:00:00Z")).date, "2026-10-25");
    EXPECT_EQ(prague_local(at("2026-10-25T00:30:00Z")).time, "02:30");  // first 02:30 (summer time)
    EXPECT_EQ(prague_local(at("2026-10-25T01:30:00Z")).time, "02:30");  // second 02:30 (winter time)
    EXPECT_EQ(prague_local(at("2026-10-25T22:59:59Z")).date, "2026-10-25");
    EXPECT_EQ(prague_local(at("2026-10-25T23:00:00Z")).date, "2026-10-26");
}

TEST(PragueToUtc, UsesTheOffsetOfThatDay) {
    EXPECT_EQ(prague_to_utc("2026-01-15", "14:30"), at("2026-01-15T13:30:00Z"));
    EXPECT_EQ(prague_to_utc("2026-07-01", "14:30"), at("2026-07-01T12:30:00Z"));
}

TEST(PragueToUtc, ResolvesTheGapAndTheRepeatedHour) {
    EXPECT_EQ(prague_to_utc("2026-03-29", "02:30"), at("2026-03-29T01:30:00Z"));  // shown as 03:30
    EXPECT_EQ(prague_to_utc("2026-10-25", "02:30"), at("2026-10-25T00:30:00Z"));  // the earlier one
    EXPECT_FALSE(prague_to_utc("2026-02-30", "10:00"));
    EXPECT_FALSE(prague_to_utc("2026-02-03", "25:00"));
}

TEST(NextDay, CrossesMonthAndYearEnds) {
    EXPECT_EQ(next_day("2026-02-28"), "2026-03-01");
    EXPECT_EQ(next_day("2028-02-28"), "2028-02-29");
    EXPECT_EQ(next_day("2026-12-31"), "2027-01-01");
    EXPECT_FALSE(next_day("2026-12-32"));
}

}  // namespace
}  // namespace kartoteka::domain
