#include "domain/note.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

constexpr std::array<std::pair<NoteKind, const char*>, 5> kKinds{{
    {NoteKind::Meeting, "meeting"},
    {NoteKind::Call, "call"},
    {NoteKind::Email, "email"},
    {NoteKind::Visit, "visit"},
    {NoteKind::Other, "other"},
}};

// Limits are for people, so they count characters (code points), not bytes.
std::size_t character_count(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

class Problems {
public:
    void add(const std::string& field, std::string code, std::string message) {
        if (errors_.emplace(field, std::move(message)).second) {
            codes_.emplace(field, std::move(code));
        }
    }
    bool empty() const { return errors_.empty(); }
    Error error() && { return Error::invalid("the note has invalid fields", std::move(errors_), std::move(codes_)); }

private:
    FieldErrors errors_;
    FieldErrors codes_;
};

void check_length(Problems& problems, const std::string& field, const std::string& text, std::size_t limit) {
    if (character_count(text) > limit) {
        problems.add(field, "too_long", "must be at most " + std::to_string(limit) + " characters");
    }
}

std::string participant_field(std::size_t index, const char* member) {
    return "participants[" + std::to_string(index) + "]." + member;
}

void check_participants(Problems& problems, const std::vector<NoteParticipant>& participants) {
    if (participants.size() > kMaxNoteParticipants) {
        problems.add("participants", "too_many", "at most " + std::to_string(kMaxNoteParticipants) + " participants");
        return;
    }
    std::set<ContactId> contacts;
    std::set<UserId> users;
    for (std::size_t i = 0; i < participants.size(); ++i) {
        const auto& participant = participants[i];
        if (participant.contact_id.has_value() == participant.user_id.has_value()) {
            problems.add(
                "participants[" + std::to_string(i) + "]",
                "participant.one_of",
                "give exactly one of contact_id and user_id"
            );
        } else if (participant.contact_id) {
            if (*participant.contact_id <= 0) {
                problems.add(participant_field(i, "contact_id"), "type.integer", "must be a positive integer");
            } else if (!contacts.insert(*participant.contact_id).second) {
                problems.add(participant_field(i, "contact_id"), "duplicate", "this contact is already listed");
            }
        } else if (*participant.user_id <= 0) {
            problems.add(participant_field(i, "user_id"), "type.integer", "must be a positive integer");
        } else if (!users.insert(*participant.user_id).second) {
            problems.add(participant_field(i, "user_id"), "duplicate", "this user is already listed");
        }
    }
}

void normalise_and_check(Note& note, Problems& problems) {
    note.subject = util::trim(note.subject);
    note.place = util::trim(note.place);
    if (note.subject.empty()) {
        problems.add("subject", "required", "is required");
    } else {
        check_length(problems, "subject", note.subject, kMaxNoteSubjectLength);
    }
    check_length(problems, "place", note.place, kMaxNotePlaceLength);
    check_length(problems, "body", note.body, kMaxNoteBodyLength);
    check_length(problems, "conclusions", note.conclusions, kMaxNoteBodyLength);
    check_length(problems, "next_steps", note.next_steps, kMaxNoteBodyLength);
    check_participants(problems, note.participants);
}

}  // namespace

const char* to_string(NoteKind kind) {
    for (const auto& [value, name] : kKinds) {
        if (value == kind) {
            return name;
        }
    }
    return "other";
}

std::optional<NoteKind> parse_note_kind(std::string_view text) {
    for (const auto& [value, name] : kKinds) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
}

Result<Note> validate_note(Note note) {
    Problems problems;
    normalise_and_check(note, problems);
    if (!problems.empty()) {
        return fail(std::move(problems).error());
    }
    return note;
}

Result<Note> note_from_draft(CustomerId customer_id, NoteDraft draft) {
    Problems problems;
    Note note;
    note.customer_id = customer_id;
    if (draft.kind) {
        note.kind = *draft.kind;
    } else {
        problems.add("kind", "required", "is required");
    }
    if (draft.occurred_at) {
        note.occurred_at = *draft.occurred_at;
    } else {
        problems.add("occurred_at", "required", "is required");
    }
    note.place = std::move(draft.place);
    note.subject = std::move(draft.subject);
    note.body = std::move(draft.body);
    note.conclusions = std::move(draft.conclusions);
    note.next_steps = std::move(draft.next_steps);
    note.participants = std::move(draft.participants);
    normalise_and_check(note, problems);
    if (!problems.empty()) {
        return fail(std::move(problems).error());
    }
    return note;
}

Note apply_patch(Note note, const NotePatch& patch) {
    if (patch.kind) {
        note.kind = *patch.kind;
    }
    if (patch.occurred_at) {
        note.occurred_at = *patch.occurred_at;
    }
    if (patch.place) {
        note.place = *patch.place;
    }
    if (patch.subject) {
        note.subject = *patch.subject;
    }
    if (patch.body) {
        note.body = *patch.body;
    }
    if (patch.conclusions) {
        note.conclusions = *patch.conclusions;
    }
    if (patch.next_steps) {
        note.next_steps = *patch.next_steps;
    }
    if (patch.participants) {
        note.participants = *patch.participants;
    }
    return note;
}

Result<std::vector<NoteParticipant>> resolve_participants(
    std::vector<NoteParticipant> participants, const ParticipantDirectory& directory
) {
    Problems problems;
    for (std::size_t i = 0; i < participants.size(); ++i) {
        auto& participant = participants[i];
        if (participant.contact_id) {
            const auto contact = std::find_if(
                directory.customer_contacts.begin(),
                directory.customer_contacts.end(),
                [&](const Contact& candidate) { return candidate.id == *participant.contact_id; }
            );
            if (contact == directory.customer_contacts.end()) {
                problems.add(
                    participant_field(i, "contact_id"),
                    "contact.missing",
                    "contact " + std::to_string(*participant.contact_id) + " is not a contact of this customer"
                );
                continue;
            }
            participant.name = contact->name;
        } else if (participant.user_id) {
            auto name = directory.user_name ? directory.user_name(*participant.user_id) : std::nullopt;
            if (!name) {
                problems.add(
                    participant_field(i, "user_id"),
                    "user.missing",
                    "user " + std::to_string(*participant.user_id) + " does not exist"
                );
                continue;
            }
            participant.name = std::move(*name);
        }
    }
    if (!problems.empty()) {
        return fail(std::move(problems).error());
    }
    return participants;
}

}  // namespace kartoteka::domain
