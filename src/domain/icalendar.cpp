#include "domain/icalendar.hpp"

#include <chrono>
#include <cstdio>

#include <date/date.h>

#include "domain/calendar_time.hpp"

namespace kartoteka::domain::icalendar {
namespace {

constexpr std::size_t kMaxLineOctets = 75;
constexpr std::string_view kCrlf = "\r\n";

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

/// "2026-12-01" -> "20261201".
std::string compact_date(std::string_view date) {
    std::string compact;
    for (const char c : date) {
        if (c != '-') {
            compact.push_back(c);
        }
    }
    return compact;
}

const char* ical_status(TaskStatus status) {
    switch (status) {
        case TaskStatus::Open:
            return "NEEDS-ACTION";
        case TaskStatus::InProgress:
            return "IN-PROCESS";
        case TaskStatus::Done:
            return "COMPLETED";
        case TaskStatus::Cancelled:
            return "CANCELLED";
    }
    return "NEEDS-ACTION";
}

// RFC 5545 PRIORITY: 1 highest, 5 medium, 9 lowest.
int ical_priority(TaskPriority priority) {
    switch (priority) {
        case TaskPriority::High:
            return 1;
        case TaskPriority::Normal:
            return 5;
        case TaskPriority::Low:
            return 9;
    }
    return 5;
}

class Writer {
public:
    void line(std::string_view name, std::string_view value) {
        std::string content(name);
        content += ':';
        content += value;
        out_ += fold_line(content);
    }
    void text(std::string_view name, std::string_view value) { line(name, escape_text(value)); }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

void write_task(Writer& out, const Task& task, TimestampMs now) {
    out.line("BEGIN", "VTODO");
    out.line("UID", "task-" + std::to_string(task.id) + "@kartoteka");
    out.line("DTSTAMP", format_utc(task.updated_at != 0 ? task.updated_at : now));
    out.line("LAST-MODIFIED", format_utc(task.updated_at));
    out.line("CREATED", format_utc(task.created_at));
    const auto instant = task.due_time ? prague_to_utc(task.due_date, *task.due_time) : std::nullopt;
    if (instant) {
        // DUE equal to DTSTART is allowed (RFC 5545 3.8.2.3) and keeps both apps that read either one happy.
        out.line("DTSTART", format_utc(*instant));
        out.line("DUE", format_utc(*instant));
    } else {
        out.line("DTSTART;VALUE=DATE", compact_date(task.due_date));
        out.line("DUE;VALUE=DATE", compact_date(task.due_date));
    }
    out.text("SUMMARY", task.title);
    std::string description = task.customer_name;
    if (!task.description.empty()) {
        description += "\n\n" + task.description;
    }
    out.text("DESCRIPTION", description);
    out.line("STATUS", ical_status(task.status));
    out.line("PRIORITY", std::to_string(ical_priority(task.priority)));
    if (task.completed_at) {
        out.line("COMPLETED", format_utc(*task.completed_at));
    }
    out.line("END", "VTODO");
}

void write_meeting(Writer& out, const Meeting& meeting, TimestampMs now) {
    out.line("BEGIN", "VEVENT");
    out.line("UID", "note-" + std::to_string(meeting.note_id) + "@kartoteka");
    out.line("DTSTAMP", format_utc(meeting.updated_at != 0 ? meeting.updated_at : now));
    out.line("LAST-MODIFIED", format_utc(meeting.updated_at));
    out.line("DTSTART", format_utc(meeting.occurred_at));
    // Minutes record when a meeting happened, not how long it took; an hour is what calendars show.
    out.line("DURATION", "PT1H");
    out.text("SUMMARY", meeting.subject);
    if (!meeting.place.empty()) {
        out.text("LOCATION", meeting.place);
    }
    out.text("DESCRIPTION", meeting.customer_name);
    out.line("END", "VEVENT");
}

}  // namespace

std::string escape_text(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\':
                escaped += "\\\\";
                break;
            case ';':
                escaped += "\\;";
                break;
            case ',':
                escaped += "\\,";
                break;
            case '\r':
                escaped += "\\n";
                if (i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;  // CRLF is one line break
                }
                break;
            case '\n':
                escaped += "\\n";
                break;
            default:
                // TEXT allows HTAB but no other control characters.
                if ((static_cast<unsigned char>(c) >= 0x20U && c != 0x7F) || c == '\t') {
                    escaped.push_back(c);
                }
        }
    }
    return escaped;
}

std::string fold_line(std::string_view line) {
    std::string folded;
    folded.reserve(line.size() + line.size() / 70 * 3 + 2);
    std::size_t budget = kMaxLineOctets;
    while (line.size() > budget) {
        std::size_t cut = budget;
        while (cut > 0 && is_continuation_byte(line[cut])) {
            --cut;  // never split a multi-byte character
        }
        folded.append(line.substr(0, cut));
        folded.append(kCrlf);
        folded.push_back(' ');
        line.remove_prefix(cut);
        budget = kMaxLineOctets - 1;  // the leading space counts
    }
    folded.append(line);
    folded.append(kCrlf);
    return folded;
}

std::string format_utc(TimestampMs instant) {
    const date::sys_seconds point{std::chrono::floor<std::chrono::seconds>(std::chrono::milliseconds{instant})};
    const auto day = date::floor<date::days>(point);
    const date::year_month_day calendar{day};
    const date::hh_mm_ss<std::chrono::seconds> time{point - day};
    char text[24];
    const int length = std::snprintf(
        text,
        sizeof text,
        "%04d%02u%02uT%02d%02d%02dZ",
        static_cast<int>(calendar.year()),
        static_cast<unsigned>(calendar.month()),
        static_cast<unsigned>(calendar.day()),
        static_cast<int>(time.hours().count()),
        static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count())
    );
    return std::string(text, static_cast<std::size_t>(length));
}

std::string write_feed(const CalendarItems& items, TimestampMs now) {
    Writer out;
    out.line("BEGIN", "VCALENDAR");
    out.line("VERSION", "2.0");
    out.line("PRODID", "-//kartoteka//kartoteka//CS");
    out.line("CALSCALE", "GREGORIAN");
    out.line("METHOD", "PUBLISH");
    out.text("X-WR-CALNAME", "Kartotéka – " + items.user_display_name);
    out.line("X-WR-TIMEZONE", "Europe/Prague");
    for (const auto& task : items.tasks) {
        write_task(out, task, now);
    }
    for (const auto& meeting : items.meetings) {
        write_meeting(out, meeting, now);
    }
    out.line("END", "VCALENDAR");
    return out.take();
}

}  // namespace kartoteka::domain::icalendar
