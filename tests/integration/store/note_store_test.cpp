#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "domain/note_service.hpp"
#include "store/store.hpp"

// The notes repository against a real SQLite file, driven through NoteService as the API drives it.
namespace kartoteka::store {
namespace {

using domain::Actor;
using domain::Note;
using domain::NoteDraft;
using domain::NoteKind;
using domain::NoteParticipant;

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_note_store_test.XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct HistoryRow {
    std::string subject;
    std::int64_t subject_id = 0;
    std::string label;
    std::string action;
    nlohmann::json changes;
    std::optional<std::int64_t> user_id;
    std::string channel;
};

class NoteStoreTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_store({.data_dir = dir_.path() / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        service_ = std::make_unique<domain::NoteService>(store_->notes(), [this] { return ++clock_; });
        author_ = add_user("jana", "Jana Nováková");
        colleague_ = add_user("petr", "Petr Svoboda");
        customer_ = add_customer("Stavby Dvořák a.s.", {"Jan Novák", "Eva Malá"});
    }

    domain::UserId add_user(const std::string& username, const std::string& display_name) {
        auto user = store_->users().insert(domain::User{
            .username = username, .display_name = display_name, .password_hash = "x", .created_at = 1});
        EXPECT_TRUE(user) << user.error().message;
        return user ? user->id : 0;
    }

    domain::Customer add_customer(const std::string& name, const std::vector<std::string>& contact_names) {
        domain::Customer customer;
        customer.name = name;
        customer.billing_address = {.street = "Husova 12", .city = "Brno", .postal_code = "602 00", .country = "CZ"};
        for (const auto& contact : contact_names) {
            customer.contacts.push_back(domain::Contact{.name = contact});
        }
        customer.created_at = 1;
        customer.updated_at = 1;
        auto stored = store_->customers().insert(customer, Actor::cli());
        EXPECT_TRUE(stored) << stored.error().message;
        return stored ? *stored : customer;
    }

    NoteDraft draft(const std::string& subject, domain::TimestampMs occurred_at = 1'795'000'000'000) const {
        return NoteDraft{
            .kind = NoteKind::Meeting,
            .occurred_at = occurred_at,
            .place = "Brno",
            .subject = subject,
            .body = "Probrali jsme **nabídku**.",
            .participants =
                {NoteParticipant{.contact_id = customer_.contacts[0].id}, NoteParticipant{.user_id = colleague_}},
        };
    }

    Note create(const std::string& subject, domain::TimestampMs occurred_at = 1'795'000'000'000) {
        auto note = service_->create(customer_.id, draft(subject, occurred_at), Actor::web(author_));
        EXPECT_TRUE(note) << note.error().message;
        return note ? *note : Note{};
    }

    std::int64_t count(const std::string& sql) const {
        sqlite3* db = nullptr;
        EXPECT_EQ(
            sqlite3_open_v2((dir_.path() / "data" / "kartoteka.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK
        );
        sqlite3_stmt* statement = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
        std::int64_t value = -1;
        if (sqlite3_step(statement) == SQLITE_ROW) {
            value = sqlite3_column_int64(statement, 0);
        }
        sqlite3_finalize(statement);
        sqlite3_close_v2(db);
        return value;
    }

    /// The note entries of the history table, oldest first.
    std::vector<HistoryRow> note_history() const {
        sqlite3* db = nullptr;
        sqlite3_open_v2((dir_.path() / "data" / "kartoteka.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(
            db,
            "SELECT subject, subject_id, subject_label, action, changes_json, user_id, channel FROM history "
            "WHERE subject = 'note' ORDER BY id",
            -1,
            &statement,
            nullptr
        );
        std::vector<HistoryRow> rows;
        while (sqlite3_step(statement) == SQLITE_ROW) {
            const auto text = [&](int column) {
                const auto* value = sqlite3_column_text(statement, column);
                return value == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(value));
            };
            rows.push_back(HistoryRow{
                .subject = text(0),
                .subject_id = sqlite3_column_int64(statement, 1),
                .label = text(2),
                .action = text(3),
                .changes = nlohmann::json::parse(text(4)),
                .user_id = sqlite3_column_type(statement, 5) == SQLITE_NULL
                               ? std::nullopt
                               : std::optional<std::int64_t>(sqlite3_column_int64(statement, 5)),
                .channel = text(6),
            });
        }
        sqlite3_finalize(statement);
        sqlite3_close_v2(db);
        return rows;
    }

    static std::set<std::string> changed_fields(const HistoryRow& row) {
        std::set<std::string> fields;
        for (const auto& change : row.changes) {
            fields.insert(change.at("field").get<std::string>());
        }
        return fields;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<domain::NoteService> service_;
    domain::TimestampMs clock_ = 1'800'000'000'000;
    domain::UserId author_ = 0;
    domain::UserId colleague_ = 0;
    domain::Customer customer_;
};

TEST_F(NoteStoreTest, CreateSnapshotsParticipantNamesAndRecordsHistory) {
    const Note note = create("Nabídka 2027");
    EXPECT_GT(note.id, 0);
    EXPECT_EQ(note.version, 1);
    EXPECT_EQ(note.author_id, author_);
    EXPECT_EQ(note.author_name, "Jana Nováková");
    ASSERT_EQ(note.participants.size(), 2U);
    EXPECT_EQ(note.participants[0].name, "Jan Novák");
    EXPECT_EQ(note.participants[1].name, "Petr Svoboda");

    auto found = store_->notes().find(note.id);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(*found, note);

    const auto history = note_history();
    ASSERT_EQ(history.size(), 1U);
    EXPECT_EQ(history[0].action, "created");
    EXPECT_EQ(history[0].subject_id, note.id);
    EXPECT_EQ(history[0].label, "Nabídka 2027");
    EXPECT_EQ(history[0].user_id, author_);
    EXPECT_EQ(history[0].channel, "web");
    EXPECT_TRUE(changed_fields(history[0]).contains("participants"));
    EXPECT_FALSE(changed_fields(history[0]).contains("conclusions"));  // empty fields are not listed
}

TEST_F(NoteStoreTest, NoteForTrashedCustomerIsRefusedAndWritesNothing) {
    auto trashed = store_->customers().move_to_trash(customer_.id, std::nullopt, 5, Actor::cli());
    ASSERT_TRUE(trashed) << trashed.error().message;
    const auto history_before = count("SELECT COUNT(*) FROM history");

    auto note = service_->create(customer_.id, draft("Po smazání"), Actor::web(author_));
    ASSERT_FALSE(note);
    EXPECT_EQ(note.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(note.error().field_codes.at("customer_id"), "customer.trashed");
    EXPECT_EQ(count("SELECT COUNT(*) FROM notes"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM note_participants"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM history"), history_before);
}

TEST_F(NoteStoreTest, MissingCustomerIsNotFound) {
    auto note = service_->create(
        customer_.id + 1000, NoteDraft{.kind = NoteKind::Call, .occurred_at = 1, .subject = "x"}, Actor::web(author_)
    );
    ASSERT_FALSE(note);
    EXPECT_EQ(note.error().code, ErrorCode::NotFound);
}

TEST_F(NoteStoreTest, ContactOfAnotherCustomerIsRefusedAndWritesNothing) {
    const auto other = add_customer("Jiná s.r.o.", {"Cizí Kontakt"});
    auto bad = draft("Cizí kontakt");
    bad.participants = {
        NoteParticipant{.user_id = colleague_},
        NoteParticipant{.contact_id = other.contacts[0].id},
        NoteParticipant{.user_id = 9999}};
    auto note = service_->create(customer_.id, bad, Actor::web(author_));
    ASSERT_FALSE(note);
    EXPECT_EQ(note.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(note.error().field_codes.at("participants[1].contact_id"), "contact.missing");
    EXPECT_EQ(note.error().field_codes.at("participants[2].user_id"), "user.missing");
    EXPECT_EQ(count("SELECT COUNT(*) FROM notes"), 0);
    EXPECT_TRUE(note_history().empty());
}

TEST_F(NoteStoreTest, OnlyTheAuthorMayEditOrTrash) {
    const Note note = create("Moje poznámka");
    auto edited = service_->update(
        note.id, note.version, domain::NotePatch{.subject = std::string("Cizí")}, Actor::web(colleague_)
    );
    ASSERT_FALSE(edited);
    EXPECT_EQ(edited.error().code, ErrorCode::PermissionDenied);
    auto trashed = service_->move_to_trash(note.id, note.version, Actor::web(colleague_));
    ASSERT_FALSE(trashed);
    EXPECT_EQ(trashed.error().code, ErrorCode::PermissionDenied);
    auto by_cli =
        service_->update(note.id, note.version, domain::NotePatch{.subject = std::string("CLI")}, Actor::cli());
    ASSERT_FALSE(by_cli);
    EXPECT_EQ(by_cli.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(store_->notes().find(note.id)->subject, "Moje poznámka");
    EXPECT_EQ(note_history().size(), 1U);
}

TEST_F(NoteStoreTest, UpdateBumpsVersionAndRecordsOnlyChangedFields) {
    const Note note = create("Původní");
    auto edited = service_->update(
        note.id,
        note.version,
        domain::NotePatch{
            .subject = std::string("Nový předmět"),
            .participants = std::vector<NoteParticipant>{NoteParticipant{.contact_id = customer_.contacts[1].id}},
        },
        Actor::api_token(author_, "skript")
    );
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->version, 2);
    EXPECT_GT(edited->updated_at, note.updated_at);
    EXPECT_EQ(edited->created_at, note.created_at);
    ASSERT_EQ(edited->participants.size(), 1U);
    EXPECT_EQ(edited->participants[0].name, "Eva Malá");

    const auto history = note_history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[1].action, "updated");
    EXPECT_EQ(history[1].label, "Nový předmět");
    EXPECT_EQ(history[1].channel, "api_token");
    EXPECT_EQ(changed_fields(history[1]), (std::set<std::string>{"participants", "subject"}));
    for (const auto& change : history[1].changes) {
        if (change.at("field") == "subject") {
            EXPECT_EQ(change.at("before"), "Původní");
            EXPECT_EQ(change.at("after"), "Nový předmět");
        } else {
            EXPECT_EQ(change.at("before").size(), 2U);
            EXPECT_EQ(change.at("after").at(0).at("name"), "Eva Malá");
        }
    }
}

TEST_F(NoteStoreTest, UnchangedPatchKeepsVersionAndWritesNoHistory) {
    const Note note = create("Beze změny");
    auto same = service_->update(
        note.id, note.version, domain::NotePatch{.subject = std::string(" Beze změny ")}, Actor::web(author_)
    );
    ASSERT_TRUE(same) << same.error().message;
    EXPECT_EQ(same->version, 1);
    EXPECT_EQ(note_history().size(), 1U);
}

TEST_F(NoteStoreTest, StaleVersionIsFailedPreconditionAndWritesNothing) {
    const Note note = create("Verze");
    ASSERT_TRUE(service_->update(note.id, 1, domain::NotePatch{.place = std::string("Praha")}, Actor::web(author_)));
    auto stale = service_->update(note.id, 1, domain::NotePatch{.place = std::string("Ostrava")}, Actor::web(author_));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::FailedPrecondition);
    // The repository re-checks inside its transaction, so a caller that skips the service is refused too.
    Note direct = *store_->notes().find(note.id);
    direct.place = "Plzeň";
    auto raced = store_->notes().update(direct, 1, Actor::web(author_));
    ASSERT_FALSE(raced);
    EXPECT_EQ(raced.error().code, ErrorCode::FailedPrecondition);
    EXPECT_EQ(store_->notes().find(note.id)->place, "Praha");
    EXPECT_EQ(note_history().size(), 2U);
}

TEST_F(NoteStoreTest, TrashHidesTheNoteAndRecordsIt) {
    const Note note = create("Do koše");
    auto trashed = service_->move_to_trash(note.id, note.version, Actor::web(author_));
    ASSERT_TRUE(trashed) << trashed.error().message;
    EXPECT_TRUE(trashed->deleted_at.has_value());
    EXPECT_EQ(trashed->version, 2);
    EXPECT_EQ(store_->notes().find(note.id).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store_->notes().list({.customer_id = customer_.id})->items.empty());
    EXPECT_EQ(count("SELECT COUNT(*) FROM notes WHERE deleted_at IS NOT NULL"), 1);
    const auto history = note_history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[1].action, "trashed");
    EXPECT_EQ(history[1].label, "Do koše");
}

TEST_F(NoteStoreTest, ListIsNewestFirstFiltersAndPagesWithoutGapsOrRepeats) {
    // Two notes share an occurred_at, so the id must break the tie.
    std::vector<Note> notes;
    for (int i = 0; i < 7; ++i) {
        notes.push_back(create("Zápis " + std::to_string(i), 1'795'000'000'000 + (i / 2) * 60'000));
    }
    auto call = draft("Telefon", 1'795'000'000'000 + 10 * 60'000);
    call.kind = NoteKind::Call;
    call.participants.clear();
    auto by_colleague = service_->create(customer_.id, call, Actor::web(colleague_));
    ASSERT_TRUE(by_colleague) << by_colleague.error().message;

    std::vector<domain::NoteId> seen;
    std::string cursor;
    do {
        auto page = service_->list({.customer_id = customer_.id, .limit = 3, .cursor = cursor});
        ASSERT_TRUE(page) << page.error().message;
        for (const auto& note : page->items) {
            seen.push_back(note.id);
        }
        cursor = page->next_cursor;
    } while (!cursor.empty());
    std::vector<domain::NoteId> expected{by_colleague->id};
    for (auto it = notes.rbegin(); it != notes.rend(); ++it) {
        expected.push_back(it->id);
    }
    EXPECT_EQ(seen, expected);

    auto calls = service_->list({.customer_id = customer_.id, .kind = NoteKind::Call});
    ASSERT_TRUE(calls);
    ASSERT_EQ(calls->items.size(), 1U);
    EXPECT_EQ(calls->items[0].id, by_colleague->id);
    auto mine = service_->list({.customer_id = customer_.id, .author_id = author_});
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->items.size(), 7U);
}

TEST_F(NoteStoreTest, ListRefusesBadLimitCursorAndMissingCustomer) {
    EXPECT_EQ(service_->list({.customer_id = customer_.id, .limit = 201}).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(service_->list({.customer_id = customer_.id, .limit = 0}).error().code, ErrorCode::InvalidArgument);
    auto garbage = service_->list({.customer_id = customer_.id, .cursor = "bm90LWEtY3Vyc29y"});
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().field_errors.count("cursor"), 1U);
    EXPECT_EQ(service_->list({.customer_id = customer_.id + 1000}).error().code, ErrorCode::NotFound);
}

TEST_F(NoteStoreTest, ParticipantNameOutlivesTheRemovedContact) {
    const Note note = create("Se smazaným kontaktem");
    auto customer = *store_->customers().find(customer_.id);
    customer.contacts.erase(customer.contacts.begin());
    auto updated = store_->customers().update(customer, customer.version, Actor::cli());
    ASSERT_TRUE(updated) << updated.error().message;
    auto found = store_->notes().find(note.id);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->participants.size(), 2U);
    EXPECT_EQ(found->participants[0].contact_id, std::nullopt);
    EXPECT_EQ(found->participants[0].name, "Jan Novák");
}

}  // namespace
}  // namespace kartoteka::store
