#include <string>

#include <gtest/gtest.h>

#include "domain/note.hpp"

namespace kartoteka::domain {
namespace {

NoteDraft valid_draft() {
    return NoteDraft{
        .kind = NoteKind::Meeting,
        .occurred_at = 1'795'000'000'000,
        .place = "Brno, Husova 12",
        .subject = "Nabídka na rok 2027",
        .body = "**Dohodli jsme** slevu 5 %.",
        .participants = {NoteParticipant{.contact_id = 5}, NoteParticipant{.user_id = 2}},
    };
}

std::string code_of(const Error& error, const std::string& field) {
    const auto found = error.field_codes.find(field);
    return found == error.field_codes.end() ? "" : found->second;
}

TEST(NoteValidation, AcceptsValidDraft) {
    auto note = note_from_draft(7, valid_draft());
    ASSERT_TRUE(note) << note.error().message;
    EXPECT_EQ(note->customer_id, 7);
    EXPECT_EQ(note->kind, NoteKind::Meeting);
    EXPECT_EQ(note->subject, "Nabídka na rok 2027");
    EXPECT_EQ(note->participants.size(), 2U);
}

TEST(NoteValidation, TrimsSubjectAndPlace) {
    auto draft = valid_draft();
    draft.subject = "  Telefonát  \n";
    draft.place = " Praha ";
    auto note = note_from_draft(1, draft);
    ASSERT_TRUE(note) << note.error().message;
    EXPECT_EQ(note->subject, "Telefonát");
    EXPECT_EQ(note->place, "Praha");
}

TEST(NoteValidation, ReportsMissingKindOccurredAtAndSubjectTogether) {
    auto note = note_from_draft(1, NoteDraft{.subject = "   "});
    ASSERT_FALSE(note);
    EXPECT_EQ(note.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(code_of(note.error(), "kind"), "required");
    EXPECT_EQ(code_of(note.error(), "occurred_at"), "required");
    EXPECT_EQ(code_of(note.error(), "subject"), "required");
}

TEST(NoteValidation, SubjectLimitCountsCharactersNotBytes) {
    auto draft = valid_draft();
    draft.subject = std::string();
    for (int i = 0; i < 300; ++i) {
        draft.subject += "ž";  // two bytes each
    }
    EXPECT_TRUE(note_from_draft(1, draft));
    draft.subject += "a";
    auto note = note_from_draft(1, draft);
    ASSERT_FALSE(note);
    EXPECT_EQ(code_of(note.error(), "subject"), "too_long");
}

TEST(NoteValidation, RefusesOverlongPlaceBodyConclusionsAndNextSteps) {
    auto draft = valid_draft();
    draft.place = std::string(301, 'p');
    draft.body = std::string(100'001, 'b');
    draft.conclusions = std::string(100'001, 'c');
    draft.next_steps = std::string(100'001, 'n');
    auto note = note_from_draft(1, draft);
    ASSERT_FALSE(note);
    for (const char* field : {"place", "body", "conclusions", "next_steps"}) {
        EXPECT_EQ(code_of(note.error(), field), "too_long") << field;
    }
}

TEST(NoteValidation, BodyAtTheLimitIsAccepted) {
    auto draft = valid_draft();
    draft.body = std::string(100'000, 'b');
    EXPECT_TRUE(note_from_draft(1, draft));
}

TEST(NoteValidation, ParticipantNeedsExactlyOneId) {
    auto draft = valid_draft();
    draft.participants = {
        NoteParticipant{.user_id = 2}, NoteParticipant{}, NoteParticipant{.contact_id = 1, .user_id = 1}};
    auto note = note_from_draft(1, draft);
    ASSERT_FALSE(note);
    EXPECT_EQ(code_of(note.error(), "participants[1]"), "participant.one_of");
    EXPECT_EQ(code_of(note.error(), "participants[2]"), "participant.one_of");
    EXPECT_EQ(note.error().field_errors.count("participants[0]"), 0U);
}

TEST(NoteValidation, DuplicateParticipantNamesTheSecondEntry) {
    auto draft = valid_draft();
    draft.participants = {
        NoteParticipant{.contact_id = 5}, NoteParticipant{.user_id = 2}, NoteParticipant{.contact_id = 5}};
    auto note = note_from_draft(1, draft);
    ASSERT_FALSE(note);
    EXPECT_EQ(code_of(note.error(), "participants[2].contact_id"), "duplicate");
    EXPECT_EQ(note.error().field_errors.size(), 1U);
}

TEST(NoteValidation, ValidateNoteChecksAPatchedNote) {
    auto stored = note_from_draft(1, valid_draft());
    ASSERT_TRUE(stored);
    auto patched = apply_patch(*stored, NotePatch{.subject = std::string("")});
    auto note = validate_note(patched);
    ASSERT_FALSE(note);
    EXPECT_EQ(code_of(note.error(), "subject"), "required");
}

TEST(NoteValidation, ApplyPatchChangesOnlyPresentMembers) {
    auto stored = note_from_draft(1, valid_draft());
    ASSERT_TRUE(stored);
    auto patched = apply_patch(
        *stored,
        NotePatch{
            .kind = NoteKind::Call,
            .conclusions = std::string("Pošlou objednávku."),
            .participants = std::vector<NoteParticipant>{}}
    );
    EXPECT_EQ(patched.kind, NoteKind::Call);
    EXPECT_EQ(patched.conclusions, "Pošlou objednávku.");
    EXPECT_TRUE(patched.participants.empty());
    EXPECT_EQ(patched.subject, stored->subject);
    EXPECT_EQ(patched.body, stored->body);
    EXPECT_EQ(patched.occurred_at, stored->occurred_at);
}

TEST(NoteKindNames, RoundTripAndRejectUnknown) {
    for (const auto kind : {NoteKind::Meeting, NoteKind::Call, NoteKind::Email, NoteKind::Visit, NoteKind::Other}) {
        EXPECT_EQ(parse_note_kind(to_string(kind)), kind);
    }
    EXPECT_EQ(parse_note_kind("Meeting"), std::nullopt);
    EXPECT_EQ(parse_note_kind("lunch"), std::nullopt);
}

ParticipantDirectory directory() {
    return ParticipantDirectory{
        .customer_contacts = {Contact{.id = 5, .name = "Jan Novák"}, Contact{.id = 6, .name = "Eva Malá"}},
        .user_name = [](UserId id) -> std::optional<std::string> {
            if (id == 2) {
                return std::string("Jana Nováková");
            }
            return std::nullopt;
        },
    };
}

TEST(NoteParticipants, ResolveFillsNamesFromContactsAndUsers) {
    auto resolved = resolve_participants(
        {NoteParticipant{.contact_id = 6}, NoteParticipant{.user_id = 2, .name = "ignored"}}, directory()
    );
    ASSERT_TRUE(resolved) << resolved.error().message;
    ASSERT_EQ(resolved->size(), 2U);
    EXPECT_EQ((*resolved)[0].name, "Eva Malá");
    EXPECT_EQ((*resolved)[1].name, "Jana Nováková");
}

TEST(NoteParticipants, ContactOfAnotherCustomerAndMissingUserNameTheirEntries) {
    auto resolved = resolve_participants(
        {NoteParticipant{.contact_id = 5}, NoteParticipant{.contact_id = 99}, NoteParticipant{.user_id = 42}},
        directory()
    );
    ASSERT_FALSE(resolved);
    EXPECT_EQ(resolved.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(code_of(resolved.error(), "participants[1].contact_id"), "contact.missing");
    EXPECT_EQ(code_of(resolved.error(), "participants[2].user_id"), "user.missing");
    EXPECT_EQ(resolved.error().field_errors.count("participants[0].contact_id"), 0U);
}

}  // namespace
}  // namespace kartoteka::domain
