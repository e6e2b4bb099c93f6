#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store.hpp"

namespace kartoteka::store {
namespace {

using domain::Actor;
using domain::Customer;
using domain::HistoryAction;
using domain::HistorySubject;

class HistoryDir {
public:
    HistoryDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_history_test.XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~HistoryDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

class HistoryStoreTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_store({.data_dir = dir_.path()});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        Customer customer;
        customer.name = "Pekárna U Mlýna";
        customer.email = "info@pekarna.cz";
        customer.billing_address = {.street = "Mlýnská 1", .city = "Brno", .postal_code = "602 00"};
        customer.contacts = {domain::Contact{.name = "Jan Novák"}};
        customer.created_at = 1'000;
        customer.updated_at = 1'000;
        auto stored = store_->customers().insert(customer, Actor::cli());
        ASSERT_TRUE(stored) << stored.error().message;
        customer_ = *stored;
    }

    std::vector<domain::HistoryEntry> entries(std::optional<HistorySubject> subject = std::nullopt) {
        auto page = store_->history().list({.customer_id = customer_.id, .subject = subject, .limit = 100});
        EXPECT_TRUE(page) << page.error().message;
        return page ? page->items : std::vector<domain::HistoryEntry>{};
    }

    int exec(const std::string& sql) {
        sqlite3* db = nullptr;
        sqlite3_open((dir_.path() / "kartoteka.db").c_str(), &db);
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(db);
        return rc;
    }

    HistoryDir dir_;
    std::unique_ptr<Store> store_;
    Customer customer_;
};

TEST_F(HistoryStoreTest, InsertRecordsCreatedWithTheActor) {
    const auto all = entries();
    ASSERT_EQ(all.size(), 2U);  // the customer and its contact person
    const auto& created = all[1];
    EXPECT_EQ(created.action, HistoryAction::Created);
    EXPECT_EQ(created.subject, HistorySubject::Customer);
    EXPECT_EQ(created.actor.channel, domain::Channel::Cli);
    EXPECT_FALSE(created.actor.user_id.has_value());
    EXPECT_EQ(created.at, 1'000);
    EXPECT_FALSE(created.changes.empty());
    EXPECT_EQ(all[0].subject, HistorySubject::Contact);
}

TEST_F(HistoryStoreTest, UpdateRecordsTheChangedFieldsInItsTransaction) {
    auto changed = customer_;
    changed.email = "obchod@pekarna.cz";
    changed.updated_at = 2'000;
    ASSERT_TRUE(store_->customers().update(changed, 1, Actor::cli()));
    const auto latest = entries(HistorySubject::Customer).front();
    EXPECT_EQ(latest.action, HistoryAction::Updated);
    ASSERT_EQ(latest.changes.size(), 1U);
    EXPECT_EQ(latest.changes[0], (domain::FieldChange{"email", "\"info@pekarna.cz\"", "\"obchod@pekarna.cz\""}));
    EXPECT_EQ(latest.at, 2'000);
}

TEST_F(HistoryStoreTest, StaleVersionWritesNoEntry) {
    auto changed = customer_;
    changed.email = "obchod@pekarna.cz";
    auto result = store_->customers().update(changed, 7, Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::FailedPrecondition);
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(HistoryStoreTest, FailedUpdateWritesNoEntry) {
    auto changed = customer_;
    changed.email = "obchod@pekarna.cz";
    changed.contacts[0].id = 987654;  // not this customer's: refused after the row was rewritten
    ASSERT_FALSE(store_->customers().update(changed, 1, Actor::cli()));
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(HistoryStoreTest, TrashAndRestoreAreRecorded) {
    ASSERT_TRUE(
        store_->customers().move_to_trash(customer_.id, 1, 3'000, Actor{std::nullopt, domain::Channel::Import, "5"})
    );
    ASSERT_TRUE(store_->customers().restore(customer_.id, 4'000, Actor::cli()));
    const auto all = entries(HistorySubject::Customer);
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[0].action, HistoryAction::Restored);
    EXPECT_EQ(all[1].action, HistoryAction::Trashed);
    EXPECT_EQ(all[1].actor.channel, domain::Channel::Import);
    EXPECT_EQ(all[1].actor.detail, "5");
}

TEST_F(HistoryStoreTest, TableRejectsUpdateAndDelete) {
    EXPECT_NE(exec("UPDATE history SET action = 'updated'"), SQLITE_OK);
    EXPECT_NE(exec("DELETE FROM history"), SQLITE_OK);
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(HistoryStoreTest, FindIsScopedToTheCustomer) {
    const auto id = entries().front().id;
    EXPECT_TRUE(store_->history().find(customer_.id, id));
    EXPECT_EQ(store_->history().find(customer_.id + 1, id).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace kartoteka::store
