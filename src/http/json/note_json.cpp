#include "http/json/note_json.hpp"

#include <array>
#include <string>
#include <utility>

#include "http/json/json_io.hpp"
#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> kReadOnlyFields{
    "id", "customer_id", "author", "author_id", "version", "created_at", "updated_at", "deleted_at"};

bool is_read_only(std::string_view key) {
    for (const auto field : kReadOnlyFields) {
        if (key == field) {
            return true;
        }
    }
    return false;
}

json optional_id(const std::optional<std::int64_t>& id) {
    return id ? json(*id) : json(nullptr);
}

json participant_to_json(const domain::NoteParticipant& participant) {
    json result = json::object();
    result.emplace("contact_id", optional_id(participant.contact_id));
    result.emplace("user_id", optional_id(participant.user_id));
    result.emplace("name", participant.name);
    return result;
}

/// Collects every problem in a body so the client can show them all at once.
class NoteReader {
public:
    NoteReader(FieldErrors& errors, FieldErrors& codes) : errors_(errors), codes_(codes) {}

    /// null means empty text.
    std::optional<std::string> text(const json& value, const std::string& field) {
        if (value.is_null()) {
            return std::string{};
        }
        if (!value.is_string()) {
            refuse(field, "type.string", "must be a string");
            return std::nullopt;
        }
        return value.get<std::string>();
    }

    std::optional<domain::NoteKind> kind(const json& value, const std::string& field) {
        auto parsed = value.is_string() ? domain::parse_note_kind(value.get<std::string>()) : std::nullopt;
        if (!parsed) {
            refuse(field, "enum.kind", "must be one of meeting, call, email, visit, other");
        }
        return parsed;
    }

    std::optional<domain::TimestampMs> timestamp(const json& value, const std::string& field) {
        auto parsed = value.is_string() ? util::parse_rfc3339(value.get<std::string>()) : std::nullopt;
        if (!parsed) {
            refuse(field, "type.datetime", "must be an RFC 3339 date and time, e.g. 2026-11-27T10:00:00Z");
        }
        return parsed;
    }

    std::optional<std::vector<domain::NoteParticipant>> participants(const json& value, const std::string& field) {
        if (!value.is_array()) {
            refuse(field, "type.array", "must be an array of objects");
            return std::nullopt;
        }
        std::vector<domain::NoteParticipant> result;
        bool ok = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string prefix = field + "[" + std::to_string(i) + "]";
            const auto& item = value[i];
            if (!item.is_object()) {
                refuse(prefix, "type.object", "must be an object");
                ok = false;
                continue;
            }
            domain::NoteParticipant participant;
            for (const auto& [key, member] : item.items()) {
                const std::string path = prefix + "." + key;
                if (key == "contact_id") {
                    ok &= read_id(member, path, participant.contact_id);
                } else if (key == "user_id") {
                    ok &= read_id(member, path, participant.user_id);
                } else if (key == "name") {
                    // The store writes the name at the time; what a client echoes back is not used.
                } else {
                    refuse(path, "unknown_field", "unknown field");
                    ok = false;
                }
            }
            result.push_back(std::move(participant));
        }
        if (!ok) {
            return std::nullopt;
        }
        return result;
    }

    void refuse(const std::string& field, std::string_view code, std::string message) {
        if (errors_.emplace(field, std::move(message)).second) {
            codes_.emplace(field, code);
        }
    }

private:
    bool read_id(const json& value, const std::string& field, std::optional<std::int64_t>& out) {
        if (value.is_null()) {
            out.reset();
            return true;
        }
        if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
            refuse(field, "type.integer", "must be a positive integer or null");
            return false;
        }
        out = value.get<std::int64_t>();
        return true;
    }

    FieldErrors& errors_;
    FieldErrors& codes_;
};

/// Reads the members both bodies share into the optional slots of a patch.
void read_members(const json& document, NoteReader& reader, domain::NotePatch& patch) {
    for (const auto& [key, value] : document.items()) {
        if (key == "kind") {
            patch.kind = reader.kind(value, key);
        } else if (key == "occurred_at") {
            patch.occurred_at = reader.timestamp(value, key);
        } else if (key == "place") {
            patch.place = reader.text(value, key);
        } else if (key == "subject") {
            patch.subject = reader.text(value, key);
        } else if (key == "body") {
            patch.body = reader.text(value, key);
        } else if (key == "conclusions") {
            patch.conclusions = reader.text(value, key);
        } else if (key == "next_steps") {
            patch.next_steps = reader.text(value, key);
        } else if (key == "participants") {
            patch.participants = reader.participants(value, key);
        } else if (is_read_only(key)) {
            reader.refuse(key, "read_only", "read-only field");
        } else {
            reader.refuse(key, "unknown_field", "unknown field");
        }
    }
}

Error invalid_body(FieldErrors errors, FieldErrors codes) {
    return Error::invalid("the request body has invalid fields", std::move(errors), std::move(codes));
}

}  // namespace

nlohmann::json to_json(const domain::Note& note) {
    json participants = json::array();
    for (const auto& participant : note.participants) {
        participants.push_back(participant_to_json(participant));
    }
    json author = json::object();
    author.emplace("id", note.author_id);
    author.emplace("display_name", note.author_name);
    json result = json::object();
    result.emplace("id", note.id);
    result.emplace("customer_id", note.customer_id);
    result.emplace("kind", domain::to_string(note.kind));
    result.emplace("occurred_at", util::format_rfc3339(note.occurred_at));
    result.emplace("place", note.place);
    result.emplace("subject", note.subject);
    result.emplace("body", note.body);
    result.emplace("conclusions", note.conclusions);
    result.emplace("next_steps", note.next_steps);
    result.emplace("participants", std::move(participants));
    result.emplace("author", std::move(author));
    result.emplace("version", note.version);
    result.emplace("created_at", util::format_rfc3339(note.created_at));
    result.emplace("updated_at", util::format_rfc3339(note.updated_at));
    if (note.deleted_at) {
        result.emplace("deleted_at", util::format_rfc3339(*note.deleted_at));
    }
    return result;
}

nlohmann::json to_json(const domain::NotePage& page) {
    json items = json::array();
    for (const auto& note : page.items) {
        items.push_back(to_json(note));
    }
    json result = json::object();
    result.emplace("items", std::move(items));
    result.emplace("next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor));
    return result;
}

Result<domain::NoteDraft> parse_note_draft(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    FieldErrors errors;
    FieldErrors codes;
    NoteReader reader{errors, codes};
    domain::NotePatch members;
    read_members(*document, reader, members);
    domain::NoteDraft draft{
        .kind = members.kind,
        .occurred_at = members.occurred_at,
        .place = members.place.value_or(""),
        .subject = members.subject.value_or(""),
        .body = members.body.value_or(""),
        .conclusions = members.conclusions.value_or(""),
        .next_steps = members.next_steps.value_or(""),
        .participants = members.participants.value_or(std::vector<domain::NoteParticipant>{}),
    };
    if (!errors.empty()) {
        // Also report what the domain would refuse in the members that did parse, so every problem shows at
        // once; a member that failed here keeps its own message.
        if (auto validated = domain::note_from_draft(0, draft); !validated) {
            const Error& refused = validated.error();
            for (const auto& [field, message] : refused.field_errors) {
                const auto code = refused.field_codes.find(field);
                reader.refuse(
                    field,
                    code == refused.field_codes.end() ? kGenericFieldErrorCode : std::string_view(code->second),
                    message
                );
            }
        }
        return fail(invalid_body(std::move(errors), std::move(codes)));
    }
    return draft;
}

Result<domain::NotePatch> parse_note_patch(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    FieldErrors errors;
    FieldErrors codes;
    NoteReader reader{errors, codes};
    domain::NotePatch patch;
    read_members(*document, reader, patch);
    if (!errors.empty()) {
        return fail(invalid_body(std::move(errors), std::move(codes)));
    }
    return patch;
}

}  // namespace kartoteka::http::json
