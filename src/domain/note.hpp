#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/error.hpp"

// Zápisy: minutes of meetings, calls, e-mails and visits with a customer.
namespace kartoteka::domain {

using NoteId = std::int64_t;

enum class NoteKind { Meeting, Call, Email, Visit, Other };

/// One participant: either a contact person of the note's customer or one of our users. `name` is the
/// name at the time the note was written, so the minutes still read right after the contact is removed.
struct NoteParticipant {
    std::optional<ContactId> contact_id = std::nullopt;
    std::optional<UserId> user_id = std::nullopt;
    std::string name = {};  // set by the store when written; ignored on input

    bool operator==(const NoteParticipant&) const = default;
};

struct Note {
    NoteId id = 0;
    CustomerId customer_id = 0;
    NoteKind kind = NoteKind::Meeting;
    TimestampMs occurred_at = 0;
    std::string place = {};
    std::string subject = {};
    std::string body = {};  // Markdown source
    std::string conclusions = {};
    std::string next_steps = {};
    std::vector<NoteParticipant> participants = {};
    UserId author_id = 0;
    std::string author_name = {};  // the author's display name, filled when read
    std::int64_t version = 0;
    TimestampMs created_at = 0;
    TimestampMs updated_at = 0;
    std::optional<TimestampMs> deleted_at = std::nullopt;  // set while in the trash

    bool operator==(const Note&) const = default;
};

/// A new note as the client sends it. Absent kind/occurred_at are reported as "required".
struct NoteDraft {
    std::optional<NoteKind> kind = std::nullopt;
    std::optional<TimestampMs> occurred_at = std::nullopt;
    std::string place = {};
    std::string subject = {};
    std::string body = {};
    std::string conclusions = {};
    std::string next_steps = {};
    std::vector<NoteParticipant> participants = {};
};

/// A partial update: an absent member is left alone; participants are replaced whole.
struct NotePatch {
    std::optional<NoteKind> kind = std::nullopt;
    std::optional<TimestampMs> occurred_at = std::nullopt;
    std::optional<std::string> place = std::nullopt;
    std::optional<std::string> subject = std::nullopt;
    std::optional<std::string> body = std::nullopt;
    std::optional<std::string> conclusions = std::nullopt;
    std::optional<std::string> next_steps = std::nullopt;
    std::optional<std::vector<NoteParticipant>> participants = std::nullopt;
};

inline constexpr std::size_t kMaxNotePageSize = 200;
inline constexpr std::size_t kMaxNoteSubjectLength = 300;
inline constexpr std::size_t kMaxNotePlaceLength = 300;
inline constexpr std::size_t kMaxNoteBodyLength = 100000;  // also conclusions and next_steps
inline constexpr std::size_t kMaxNoteParticipants = 100;

/// Newest first (occurred_at desc, id desc), live notes of one customer.
struct NoteListQuery {
    CustomerId customer_id = 0;
    std::optional<NoteKind> kind = std::nullopt;
    std::optional<UserId> author_id = std::nullopt;
    std::size_t limit = 50;   // 1..kMaxNotePageSize, checked by the service
    std::string cursor = {};  // opaque, from a previous page's next_cursor; empty = first page
};

struct NotePage {
    std::vector<Note> items = {};
    std::string next_cursor = {};  // empty = no more pages
};

const char* to_string(NoteKind kind);
std::optional<NoteKind> parse_note_kind(std::string_view text);

/// Checks and normalises a complete note (text trimmed where a blank value means "missing", lengths in
/// characters, participants well-formed). All problems at once, keyed by JSON field path
/// ("subject", "participants[1].contact_id"). Whether the participants exist is resolve_participants' job.
Result<Note> validate_note(Note note);

/// The validated note a draft describes: validate_note's checks plus "required" for an absent kind or
/// occurred_at, all reported together.
Result<Note> note_from_draft(CustomerId customer_id, NoteDraft draft);

/// Applies a patch to a stored note (no validation; call validate_note after).
Note apply_patch(Note note, const NotePatch& patch);

/// What the store knows about the people a note may name, read in the write transaction.
struct ParticipantDirectory {
    std::vector<Contact> customer_contacts = {};                       // the note's customer's contacts
    std::function<std::optional<std::string>(UserId)> user_name = {};  // display name; nullopt = no such user
};

/// Checks that every contact is one of the customer's and every user exists, and fills in their names.
/// InvalidArgument naming "participants[i].contact_id" / "participants[i].user_id" otherwise.
Result<std::vector<NoteParticipant>> resolve_participants(
    std::vector<NoteParticipant> participants, const ParticipantDirectory& directory
);

/// The store side of the notes. Every method is one transaction; writes also append the history entry
/// (subject Note) in that same transaction.
class NoteRepository {
public:
    virtual ~NoteRepository() = default;

    /// Stores a new note with version 1 (participants resolved, names snapshotted). NotFound when the
    /// customer does not exist; AlreadyExists (409, field code "customer.trashed" on "customer_id") when it
    /// is in the trash; InvalidArgument for participants that are not the customer's contacts or our users.
    virtual Result<Note> insert(const Note& note, const Actor& actor) = 0;

    /// NotFound when missing or in the trash.
    virtual Result<Note> find(NoteId id) = 0;

    /// Replaces the stored note's content when it is at expected_version; bumps the version. NotFound when
    /// missing or trashed; FailedPrecondition on a version mismatch; the customer rules of insert apply.
    virtual Result<Note> update(const Note& note, std::int64_t expected_version, const Actor& actor) = 0;

    /// Moves a live note to the trash (sets deleted_at, bumps version). FailedPrecondition when
    /// expected_version is given and differs.
    virtual Result<Note> move_to_trash(
        NoteId id, std::optional<std::int64_t> expected_version, TimestampMs now, const Actor& actor
    ) = 0;

    /// One page of a customer's live notes. NotFound when the customer does not exist; InvalidArgument
    /// (field "cursor") for a cursor this store did not issue.
    virtual Result<NotePage> list(const NoteListQuery& query) = 0;
};

}  // namespace kartoteka::domain
