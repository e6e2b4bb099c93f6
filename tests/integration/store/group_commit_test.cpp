// Concurrent writes are committed in batches (store/sqlite/sqlite_database.cpp): these tests pin that a
// write in a batch is all-or-nothing on its own, whatever its neighbours in the batch do.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.hpp"

namespace kartoteka::store {
namespace {

class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_group_commit.XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

domain::Customer customer_named(const std::string& name, std::optional<domain::UserId> owner) {
    domain::Customer customer;
    customer.name = name;
    customer.owner_id = owner;
    customer.tags = {"batch"};
    customer.contacts = {domain::Contact{.name = "Jana Nováková"}};
    customer.created_at = 1'700'000'000'000;
    customer.updated_at = customer.created_at;
    return customer;
}

std::vector<domain::Customer> list_everything(Store& store) {
    std::vector<domain::Customer> all;
    domain::CustomerListQuery query{.limit = domain::kMaxPageSize};
    while (true) {
        auto page = store.customers().list(query);
        EXPECT_TRUE(page) << page.error().message;
        if (!page) {
            return all;
        }
        all.insert(all.end(), page->items.begin(), page->items.end());
        if (page->next_cursor.empty()) {
            return all;
        }
        query.cursor = page->next_cursor;
    }
}

TEST(GroupCommit, FailedWritesInABatchLeaveTheOthersIntact) {
    ScratchDir dir;
    auto opened = open_sqlite_store({.data_dir = dir.path()});
    ASSERT_TRUE(opened) << opened.error().message;
    auto& store = **opened;

    // Every third writer names an owner that does not exist: the foreign key fails inside the batch.
    constexpr int kThreads = 8;
    constexpr int kPerThread = 60;
    std::atomic<int> stored{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const bool bad_owner = (t * kPerThread + i) % 3 == 0;
                const auto name = "Firma " + std::to_string(t) + "-" + std::to_string(i);
                auto result = store.customers().insert(
                    customer_named(name, bad_owner ? std::optional<domain::UserId>(987654) : std::nullopt),
                    domain::Actor::cli()
                );
                if (result) {
                    ++stored;
                } else {
                    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
                    EXPECT_TRUE(result.error().field_errors.contains("owner_id"));
                    ++refused;
                }
            }
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }

    EXPECT_EQ(refused.load(), kThreads * kPerThread / 3);
    const auto all = list_everything(store);
    ASSERT_EQ(static_cast<int>(all.size()), stored.load());
    std::set<domain::CustomerId> ids;
    for (const auto& customer : all) {
        ids.insert(customer.id);
        EXPECT_FALSE(customer.owner_id.has_value()) << customer.name;
        // The tags and contacts of a refused write were rolled back with it, not attached to a neighbour.
        auto full = store.customers().find(customer.id);
        ASSERT_TRUE(full);
        EXPECT_EQ(full->tags, std::vector<std::string>{"batch"});
        ASSERT_EQ(full->contacts.size(), 1U);
    }
    EXPECT_EQ(ids.size(), all.size());

    // Substring search sees every stored name: the FTS rows of batched inserts are indexed too.
    auto found = store.customers().list({.limit = domain::kMaxPageSize, .q = "firma 3-5"});
    ASSERT_TRUE(found);
    std::size_t expected = 0;
    for (const auto& customer : all) {
        expected += customer.name.starts_with("Firma 3-5") ? 1 : 0;
    }
    EXPECT_EQ(found->items.size(), expected);
}

TEST(GroupCommit, AWriteThatFailsHalfwayIsUndoneWithoutTouchingItsBatch) {
    ScratchDir dir;
    auto opened = open_sqlite_store({.data_dir = dir.path()});
    ASSERT_TRUE(opened) << opened.error().message;
    auto& store = **opened;
    auto target = store.customers().insert(customer_named("Cíl s.r.o.", std::nullopt), domain::Actor::cli());
    auto other = store.customers().insert(customer_named("Jiná a.s.", std::nullopt), domain::Actor::cli());
    ASSERT_TRUE(target && other);

    // The update rewrites the customer row first and only then finds that the contact id belongs to another
    // customer: its savepoint must take the row change back while the inserts batched with it stay.
    constexpr int kRounds = 40;
    std::atomic<int> inserted{0};
    std::thread inserter([&] {
        for (int i = 0; i < kRounds * 2; ++i) {
            inserted += store.customers().insert(
                            customer_named("Soused " + std::to_string(i), std::nullopt), domain::Actor::cli()
                        )
                            ? 1
                            : 0;
        }
    });
    for (int i = 0; i < kRounds; ++i) {
        auto changed = *target;
        changed.name = "Přepsáno " + std::to_string(i);
        changed.contacts = {other->contacts.front()};
        auto result = store.customers().update(changed, target->version, domain::Actor::cli());
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    }
    inserter.join();

    auto reread = store.customers().find(target->id);
    ASSERT_TRUE(reread);
    EXPECT_EQ(reread->name, "Cíl s.r.o.");
    EXPECT_EQ(reread->version, target->version);
    EXPECT_EQ(reread->contacts, target->contacts);
    EXPECT_EQ(inserted.load(), kRounds * 2);
    EXPECT_EQ(list_everything(store).size(), static_cast<std::size_t>(2 + kRounds * 2));
}

}  // namespace
}  // namespace kartoteka::store
