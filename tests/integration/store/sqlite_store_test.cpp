#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store.hpp"

namespace kartoteka::store {
namespace {

using domain::Address;
using domain::Contact;
using domain::Customer;
using domain::CustomerListQuery;
using domain::CustomerSort;
using domain::CustomerStatus;
using domain::SortDirection;

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_store_test.XXXXXX").string();
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

Customer make_customer(const std::string& name, std::int64_t created_at = 1'700'000'000'000) {
    Customer customer;
    customer.name = name;
    customer.billing_address = {.street = "Dlouhá 1", .city = "Praha", .postal_code = "110 00", .country = "CZ"};
    customer.created_at = created_at;
    customer.updated_at = created_at;
    return customer;
}

class SqliteStoreTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_store({.data_dir = dir_.path() / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
    }

    Customer insert(const Customer& customer) {
        auto stored = store_->customers().insert(customer, domain::Actor::cli());
        EXPECT_TRUE(stored) << stored.error().message;
        return stored.value_or(Customer{});
    }

    std::vector<Customer> list_all(CustomerListQuery query) {
        std::vector<Customer> all;
        for (int pages = 0; pages < 1000; ++pages) {
            auto page = store_->customers().list(query);
            EXPECT_TRUE(page) << page.error().message;
            if (!page) {
                break;
            }
            all.insert(all.end(), page->items.begin(), page->items.end());
            if (page->next_cursor.empty()) {
                break;
            }
            query.cursor = page->next_cursor;
        }
        return all;
    }

    std::vector<std::string> names(const std::vector<Customer>& customers) {
        std::vector<std::string> result;
        for (const auto& customer : customers) {
            result.push_back(customer.name);
        }
        return result;
    }

    domain::User insert_user(const std::string& username) {
        auto user = store_->users().insert({.username = username, .display_name = username, .password_hash = "x"});
        EXPECT_TRUE(user) << user.error().message;
        return user.value_or(domain::User{});
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, CreatesDataDirAndDatabaseFile) {
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "data" / "kartoteka.db"));
}

TEST_F(SqliteStoreTest, MigrationsAreVersionedAndIdempotent) {
    auto version = store_->schema_version();
    ASSERT_TRUE(version);
    EXPECT_GE(*version, 1);
    auto again = migrate_sqlite_store(dir_.path() / "data");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *version);
    auto reopened = open_sqlite_store({.data_dir = dir_.path() / "data"});
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_EQ((*reopened)->schema_version().value_or(-1), *version);
}

TEST_F(SqliteStoreTest, MigrateCreatesFreshStore) {
    TempDir other;
    auto version = migrate_sqlite_store(other.path() / "nested" / "dir");
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(*version, store_->schema_version().value_or(-1));
}

TEST_F(SqliteStoreTest, RefusesSchemaNewerThanBinary) {
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "data" / "kartoteka.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)", nullptr, nullptr, nullptr),
        SQLITE_OK
    );
    sqlite3_close(db);
    auto reopened = open_sqlite_store({.data_dir = dir_.path() / "data"});
    ASSERT_FALSE(reopened);
    EXPECT_EQ(reopened.error().code, ErrorCode::FailedPrecondition);
    auto migrated = migrate_sqlite_store(dir_.path() / "data");
    ASSERT_FALSE(migrated);
    EXPECT_EQ(migrated.error().code, ErrorCode::FailedPrecondition);
}

TEST_F(SqliteStoreTest, InsertAndFindRoundTripEveryField) {
    const auto owner = insert_user("jana");
    Customer customer;
    customer.kind = domain::CustomerKind::Person;
    customer.name = "Jana Nováková";
    customer.first_name = "Jana";
    customer.last_name = "Nováková";
    customer.ico = "01234567";
    customer.dic = "CZ01234567";
    customer.email = "jana@example.cz";
    customer.phone = "+420777123456";
    customer.web = "https://example.cz";
    customer.billing_address = {.street = "Náměstí 5", .city = "Brno", .postal_code = "602 00", .country = "CZ"};
    customer.delivery_address = Address{.street = "Sklad 9", .city = "Zlín", .postal_code = "760 01", .country = "SK"};
    customer.status = CustomerStatus::Active;
    customer.owner_id = owner.id;
    customer.tags = {"vip", "brno", "alfa"};
    customer.note = "Poznámka s \"uvozovkami\"";
    customer.contacts = {
        {.name = "Petr Malý", .role = "CFO", .email = "petr@example.cz", .phone = "+420600000001"},
        {.name = "Eva Velká", .role = "CEO", .email = "eva@example.cz", .phone = "+420600000002"},
    };
    customer.created_at = 1'700'000'000'123;
    customer.updated_at = 1'700'000'000'456;

    const auto stored = insert(customer);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.version, 1);
    ASSERT_EQ(stored.contacts.size(), 2u);
    EXPECT_GT(stored.contacts[0].id, 0);
    EXPECT_NE(stored.contacts[0].id, stored.contacts[1].id);

    auto found = store_->customers().find(stored.id);
    ASSERT_TRUE(found) << found.error().message;
    Customer expected = customer;
    expected.id = stored.id;
    expected.version = 1;
    expected.contacts[0].id = stored.contacts[0].id;
    expected.contacts[1].id = stored.contacts[1].id;
    EXPECT_EQ(found->kind, expected.kind);
    EXPECT_EQ(found->name, expected.name);
    EXPECT_EQ(found->first_name, expected.first_name);
    EXPECT_EQ(found->last_name, expected.last_name);
    EXPECT_EQ(found->ico, expected.ico);
    EXPECT_EQ(found->dic, expected.dic);
    EXPECT_EQ(found->email, expected.email);
    EXPECT_EQ(found->phone, expected.phone);
    EXPECT_EQ(found->web, expected.web);
    EXPECT_EQ(found->billing_address, expected.billing_address);
    EXPECT_EQ(found->delivery_address, expected.delivery_address);
    EXPECT_EQ(found->status, expected.status);
    EXPECT_EQ(found->owner_id, expected.owner_id);
    EXPECT_EQ(found->tags, expected.tags);
    EXPECT_EQ(found->note, expected.note);
    EXPECT_EQ(found->contacts, expected.contacts);
    EXPECT_EQ(found->version, 1);
    EXPECT_EQ(found->created_at, expected.created_at);
    EXPECT_EQ(found->updated_at, expected.updated_at);
    EXPECT_FALSE(found->deleted_at);
}

TEST_F(SqliteStoreTest, CustomerWithoutDeliveryAddressHasNone) {
    const auto stored = insert(make_customer("Bez dodací adresy"));
    auto found = store_->customers().find(stored.id);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->delivery_address);
    EXPECT_FALSE(found->owner_id);
}

TEST_F(SqliteStoreTest, FindMissingIsNotFound) {
    auto found = store_->customers().find(424242);
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStoreTest, InsertWithMissingOwnerIsInvalidAndWritesNothing) {
    auto customer = make_customer("Ghost s.r.o.");
    customer.owner_id = 999;
    customer.tags = {"x"};
    auto stored = store_->customers().insert(customer, domain::Actor::cli());
    ASSERT_FALSE(stored);
    EXPECT_EQ(stored.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(stored.error().field_errors.contains("owner_id"));
    auto page = store_->customers().list({});
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->items.empty());
}

TEST_F(SqliteStoreTest, InsertManyIsAllOrNothing) {
    std::vector<Customer> batch{make_customer("A"), make_customer("B"), make_customer("C")};
    batch[2].owner_id = 777;
    auto inserted = store_->customers().insert_many(batch, domain::Actor::cli());
    ASSERT_FALSE(inserted);
    EXPECT_EQ(inserted.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(list_all({}).empty());

    batch[2].owner_id.reset();
    inserted = store_->customers().insert_many(batch, domain::Actor::cli());
    ASSERT_TRUE(inserted) << inserted.error().message;
    EXPECT_EQ(*inserted, 3u);
    EXPECT_EQ(list_all({}).size(), 3u);
}

TEST_F(SqliteStoreTest, UpdateWithCurrentVersionReplacesRecord) {
    auto customer = make_customer("Stará firma");
    customer.tags = {"a", "b"};
    const auto stored = insert(customer);

    Customer changed = stored;
    changed.name = "Nová firma";
    changed.tags = {"c", "a"};
    changed.delivery_address = Address{.street = "Nová 1", .city = "Plzeň", .postal_code = "301 00"};
    changed.updated_at = stored.updated_at + 1000;
    auto updated = store_->customers().update(changed, 1, domain::Actor::cli());
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->name, "Nová firma");
    EXPECT_EQ(updated->tags, (std::vector<std::string>{"c", "a"}));
    EXPECT_EQ(updated->delivery_address, changed.delivery_address);
    EXPECT_EQ(updated->created_at, stored.created_at);
    EXPECT_EQ(updated->updated_at, changed.updated_at);
    EXPECT_EQ(store_->customers().find(stored.id)->name, "Nová firma");
}

TEST_F(SqliteStoreTest, UpdateWithStaleVersionWritesNothing) {
    const auto stored = insert(make_customer("Původní"));
    Customer changed = stored;
    changed.name = "Změněno";
    ASSERT_TRUE(store_->customers().update(changed, 1, domain::Actor::cli()));

    Customer stale = stored;
    stale.name = "Pozdě";
    stale.tags = {"late"};
    auto result = store_->customers().update(stale, 1, domain::Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::FailedPrecondition);
    auto found = store_->customers().find(stored.id);
    EXPECT_EQ(found->name, "Změněno");
    EXPECT_EQ(found->version, 2);
    EXPECT_TRUE(found->tags.empty());
}

TEST_F(SqliteStoreTest, UpdateMissingIsNotFound) {
    auto customer = make_customer("Nikdo");
    customer.id = 31337;
    auto result = store_->customers().update(customer, 1, domain::Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStoreTest, UpdateWithMissingOwnerIsInvalidAndWritesNothing) {
    const auto stored = insert(make_customer("Firma"));
    Customer changed = stored;
    changed.name = "Jiná";
    changed.owner_id = 4040;
    auto result = store_->customers().update(changed, 1, domain::Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("owner_id"));
    auto found = store_->customers().find(stored.id);
    EXPECT_EQ(found->name, "Firma");
    EXPECT_EQ(found->version, 1);
}

TEST_F(SqliteStoreTest, UpdateKeepsContactsByIdAndReplacesOthers) {
    auto customer = make_customer("Kontakty a.s.");
    customer.contacts = {{.name = "První"}, {.name = "Druhý"}, {.name = "Třetí"}};
    const auto stored = insert(customer);

    Customer changed = stored;
    changed.contacts = {stored.contacts[2], stored.contacts[0], Contact{.name = "Nový"}};
    changed.contacts[0].role = "ředitel";
    auto updated = store_->customers().update(changed, 1, domain::Actor::cli());
    ASSERT_TRUE(updated) << updated.error().message;
    ASSERT_EQ(updated->contacts.size(), 3u);
    EXPECT_EQ(updated->contacts[0].id, stored.contacts[2].id);
    EXPECT_EQ(updated->contacts[0].role, "ředitel");
    EXPECT_EQ(updated->contacts[1].id, stored.contacts[0].id);
    EXPECT_EQ(updated->contacts[2].name, "Nový");
    EXPECT_GT(updated->contacts[2].id, 0);
    for (const auto& contact : updated->contacts) {
        EXPECT_NE(contact.id, stored.contacts[1].id);
    }
}

TEST_F(SqliteStoreTest, UpdateRejectsContactOfAnotherCustomer) {
    auto first = make_customer("První");
    first.contacts = {{.name = "Cizí"}};
    const auto other = insert(first);
    const auto stored = insert(make_customer("Druhý"));
    Customer changed = stored;
    changed.contacts = {other.contacts[0]};
    auto result = store_->customers().update(changed, 1, domain::Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(store_->customers().find(stored.id)->version, 1);
}

TEST_F(SqliteStoreTest, TrashRestoreAndListTrash) {
    const auto kept = insert(make_customer("Zůstává"));
    const auto trashed = insert(make_customer("Do koše"));

    auto moved = store_->customers().move_to_trash(trashed.id, 1, 1'800'000'000'000, domain::Actor::cli());
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(moved->deleted_at, 1'800'000'000'000);
    EXPECT_EQ(moved->version, 2);

    EXPECT_EQ(store_->customers().find(trashed.id).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store_->customers().find(trashed.id, true));
    EXPECT_EQ(names(list_all({})), std::vector<std::string>{"Zůstává"});
    EXPECT_EQ(names(list_all({.trash = true})), std::vector<std::string>{"Do koše"});

    auto again = store_->customers().move_to_trash(trashed.id, std::nullopt, 1, domain::Actor::cli());
    EXPECT_EQ(again.error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->customers().restore(kept.id, 1, domain::Actor::cli()).error().code, ErrorCode::NotFound);

    auto restored = store_->customers().restore(trashed.id, 1'800'000'000'500, domain::Actor::cli());
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_FALSE(restored->deleted_at);
    EXPECT_EQ(restored->version, 3);
    EXPECT_EQ(list_all({}).size(), 2u);
    EXPECT_TRUE(list_all({.trash = true}).empty());
}

TEST_F(SqliteStoreTest, TrashWithStaleVersionIsFailedPrecondition) {
    const auto stored = insert(make_customer("Verze"));
    auto result = store_->customers().move_to_trash(stored.id, 7, 1, domain::Actor::cli());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::FailedPrecondition);
    EXPECT_TRUE(store_->customers().find(stored.id));
}

TEST_F(SqliteStoreTest, PagingCoversEveryRowOnceForEverySortAndDirection) {
    std::vector<Customer> batch;
    for (int i = 0; i < 250; ++i) {
        // Repeated names and timestamps force the id tie-breaker.
        auto customer = make_customer("Firma " + std::to_string(i % 40), 1'700'000'000'000 + (i % 17) * 1000);
        customer.updated_at = 1'700'000'000'000 + (i % 23) * 1000;
        customer.tags = {"t" + std::to_string(i % 3)};
        batch.push_back(customer);
    }
    ASSERT_TRUE(store_->customers().insert_many(batch, domain::Actor::cli()));

    for (const auto sort : {CustomerSort::Name, CustomerSort::Created, CustomerSort::Updated}) {
        for (const auto direction : {SortDirection::Ascending, SortDirection::Descending}) {
            const auto all = list_all({.limit = 7, .sort = sort, .direction = direction});
            ASSERT_EQ(all.size(), 250u) << domain::to_string(sort);
            std::set<domain::CustomerId> ids;
            for (const auto& customer : all) {
                ids.insert(customer.id);
                ASSERT_EQ(customer.tags.size(), 1u);
            }
            EXPECT_EQ(ids.size(), 250u);
            for (std::size_t i = 1; i < all.size(); ++i) {
                const auto& a = all[i - 1];
                const auto& b = all[i];
                const auto key = [sort](const Customer& c) {
                    return sort == CustomerSort::Created ? c.created_at : c.updated_at;
                };
                if (sort != CustomerSort::Name) {
                    const bool in_order = direction == SortDirection::Ascending
                                              ? (key(a) < key(b) || (key(a) == key(b) && a.id < b.id))
                                              : (key(a) > key(b) || (key(a) == key(b) && a.id > b.id));
                    EXPECT_TRUE(in_order) << "at " << i;
                }
            }
        }
    }
}

TEST_F(SqliteStoreTest, NameSortFollowsCzechRules) {
    for (const char* name : {"Žofie", "Chrudim", "Zuzana", "Cyril", "Řehoř", "Hana", "Iveta", "Čech"}) {
        insert(make_customer(name));
    }
    EXPECT_EQ(
        names(list_all({.limit = 3})),
        (std::vector<std::string>{"Cyril", "Čech", "Hana", "Chrudim", "Iveta", "Řehoř", "Zuzana", "Žofie"})
    );
    EXPECT_EQ(
        names(list_all({.limit = 3, .direction = SortDirection::Descending})),
        (std::vector<std::string>{"Žofie", "Zuzana", "Řehoř", "Iveta", "Chrudim", "Hana", "Čech", "Cyril"})
    );
}

TEST_F(SqliteStoreTest, FiltersByStatusOwnerTagAndCity) {
    const auto owner = insert_user("petr");
    auto a = make_customer("Alfa");
    a.status = CustomerStatus::Active;
    a.tags = {"vip", "b2b"};
    a.owner_id = owner.id;
    auto b = make_customer("Beta");
    b.billing_address.city = "České Budějovice";
    b.tags = {"vipx"};
    auto c = make_customer("Gama");
    c.status = CustomerStatus::Active;
    c.tags = {"b2b"};
    insert(a);
    insert(b);
    insert(c);

    EXPECT_EQ(names(list_all({.status = CustomerStatus::Active})), (std::vector<std::string>{"Alfa", "Gama"}));
    EXPECT_EQ(names(list_all({.owner_id = owner.id})), std::vector<std::string>{"Alfa"});
    EXPECT_EQ(names(list_all({.tag = "vip"})), std::vector<std::string>{"Alfa"});
    EXPECT_EQ(names(list_all({.tag = "b2b"})), (std::vector<std::string>{"Alfa", "Gama"}));
    EXPECT_EQ(names(list_all({.city = "české budějovice"})), std::vector<std::string>{"Beta"});
    EXPECT_EQ(names(list_all({.city = "Ceske Budejovice"})), std::vector<std::string>{"Beta"});
    EXPECT_EQ(
        names(list_all({.status = CustomerStatus::Active, .tag = "b2b", .city = "praha"})),
        (std::vector<std::string>{"Alfa", "Gama"})
    );
}

TEST_F(SqliteStoreTest, SearchIgnoresCaseAndDiacritics) {
    insert(make_customer("Jana Nováková"));
    insert(make_customer("Novák a syn s.r.o."));
    insert(make_customer("Kovář"));
    // Holds the trigrams of "novak" (nov, ova, vak) but not the substring.
    insert(make_customer("Vakonovace"));

    EXPECT_EQ(names(list_all({.q = "novak"})), (std::vector<std::string>{"Jana Nováková", "Novák a syn s.r.o."}));
    EXPECT_EQ(names(list_all({.q = "ováková"})), std::vector<std::string>{"Jana Nováková"});
    EXPECT_EQ(names(list_all({.q = "KOVÁŘ"})), std::vector<std::string>{"Kovář"});
    EXPECT_EQ(names(list_all({.q = "ov"})).size(), 4u);
    EXPECT_TRUE(list_all({.q = "xyz"}).empty());
}

TEST_F(SqliteStoreTest, SearchWithManyMatchesPagesThroughAllOfThem) {
    // Enough matches to make the store walk the sort index instead of sorting the trigram matches.
    std::vector<Customer> batch;
    for (int i = 0; i < 4200; ++i) {
        batch.push_back(make_customer((i % 2 == 0 ? "Nováková " : "Svoboda ") + std::to_string(i)));
    }
    batch.push_back(make_customer("Vakonovace"));
    ASSERT_TRUE(store_->customers().insert_many(batch, domain::Actor::cli()));
    for (const char* q : {"novak", "vob"}) {
        const auto found = list_all({.limit = 300, .q = q});
        ASSERT_EQ(found.size(), 2100u) << q;
        std::set<domain::CustomerId> ids;
        for (const auto& customer : found) {
            ids.insert(customer.id);
        }
        EXPECT_EQ(ids.size(), 2100u);
    }
}

TEST_F(SqliteStoreTest, CommonAndRareTagsBothFilterCompletely) {
    std::vector<Customer> batch;
    for (int i = 0; i < 2500; ++i) {
        auto customer = make_customer("Zákazník " + std::to_string(i));
        customer.tags = {"common"};
        if (i % 100 == 0) {
            customer.tags.push_back("rare");
        }
        batch.push_back(customer);
    }
    ASSERT_TRUE(store_->customers().insert_many(batch, domain::Actor::cli()));
    EXPECT_EQ(list_all({.limit = 500, .tag = "common"}).size(), 2500u);
    const auto rare = list_all({.limit = 7, .sort = CustomerSort::Created, .tag = "rare"});
    ASSERT_EQ(rare.size(), 25u);
    for (const auto& customer : rare) {
        EXPECT_EQ(customer.tags, (std::vector<std::string>{"common", "rare"}));
    }
}

TEST_F(SqliteStoreTest, ZeroLimitIsRejected) {
    insert(make_customer("A"));
    auto page = store_->customers().list({.limit = 0});
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::InvalidArgument);
}

TEST_F(SqliteStoreTest, SearchTreatsWildcardsAndQuotesLiterally) {
    insert(make_customer("100% Bio"));
    insert(make_customer("1000 Bio"));
    insert(make_customer("A_B \"Quote\""));
    EXPECT_EQ(names(list_all({.q = "0%"})), std::vector<std::string>{"100% Bio"});
    EXPECT_EQ(names(list_all({.q = "%"})), std::vector<std::string>{"100% Bio"});
    EXPECT_EQ(names(list_all({.q = "_"})), std::vector<std::string>{"A_B \"Quote\""});
    EXPECT_EQ(names(list_all({.q = "\"quo"})), std::vector<std::string>{"A_B \"Quote\""});
}

TEST_F(SqliteStoreTest, SearchFollowsRenames) {
    const auto stored = insert(make_customer("Původní jméno"));
    Customer renamed = stored;
    renamed.name = "Úplně jiné";
    ASSERT_TRUE(store_->customers().update(renamed, 1, domain::Actor::cli()));
    EXPECT_TRUE(list_all({.q = "puvodni"}).empty());
    EXPECT_EQ(list_all({.q = "uplne"}).size(), 1u);
}

TEST_F(SqliteStoreTest, RejectsGarbageCursor) {
    auto page = store_->customers().list({.cursor = "not a cursor!"});
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(page.error().field_errors.contains("cursor"));
    EXPECT_EQ(store_->customers().list({.cursor = "djF8bmFtZXxhc2M"}).error().code, ErrorCode::InvalidArgument);
}

TEST_F(SqliteStoreTest, RejectsCursorOfAnotherSort) {
    for (int i = 0; i < 5; ++i) {
        insert(make_customer("F" + std::to_string(i)));
    }
    auto first = store_->customers().list({.limit = 2, .sort = CustomerSort::Created});
    ASSERT_TRUE(first);
    ASSERT_FALSE(first->next_cursor.empty());
    auto by_name = store_->customers().list({.limit = 2, .cursor = first->next_cursor, .sort = CustomerSort::Name});
    ASSERT_FALSE(by_name);
    EXPECT_TRUE(by_name.error().field_errors.contains("cursor"));
    auto reversed = store_->customers().list(
        {.limit = 2,
         .cursor = first->next_cursor,
         .sort = CustomerSort::Created,
         .direction = SortDirection::Descending}
    );
    EXPECT_FALSE(reversed);
}

TEST_F(SqliteStoreTest, ConcurrentInsertsAreAllStored) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < kPerThread; ++i) {
                auto customer = make_customer("T" + std::to_string(t) + "-" + std::to_string(i));
                customer.contacts = {{.name = "k"}};
                ASSERT_TRUE(store_->customers().insert(customer, domain::Actor::cli()));
                ASSERT_TRUE(store_->customers().list({.limit = 5}));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    const auto all = list_all({.limit = 100});
    EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
    for (const auto& customer : all) {
        EXPECT_EQ(customer.contacts.size(), 1u);
    }
}

TEST_F(SqliteStoreTest, UsernamesAreUnique) {
    const auto user = insert_user("admin");
    EXPECT_GT(user.id, 0);
    auto duplicate = store_->users().insert({.username = "admin", .display_name = "Other"});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(store_->users().count().value_or(0), 1u);
}

TEST_F(SqliteStoreTest, UsersCanBeFoundListedAndRehashed) {
    auto inserted = store_->users().insert(
        {.username = "eva", .display_name = "Eva Malá", .password_hash = "h1", .is_admin = true, .created_at = 5}
    );
    ASSERT_TRUE(inserted);
    insert_user("adam");
    auto found = store_->users().find_by_username("eva");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, inserted->id);
    EXPECT_EQ(found->display_name, "Eva Malá");
    EXPECT_TRUE(found->is_admin);
    EXPECT_EQ(found->created_at, 5);
    ASSERT_TRUE(store_->users().set_password_hash(inserted->id, "h2"));
    EXPECT_EQ(store_->users().find(inserted->id)->password_hash, "h2");
    EXPECT_EQ(store_->users().find_by_username("nikdo").error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->users().set_password_hash(999, "x").error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->users().list()->size(), 2u);
}

TEST_F(SqliteStoreTest, ExpiredSessionIsNotFound) {
    const auto user = insert_user("s");
    ASSERT_TRUE(store_->sessions().insert(
        {.token_hash = "live", .user_id = user.id, .csrf_token = "c1", .created_at = 100, .expires_at = 1000}
    ));
    ASSERT_TRUE(store_->sessions().insert(
        {.token_hash = "old", .user_id = user.id, .csrf_token = "c2", .created_at = 100, .expires_at = 500}
    ));
    auto live = store_->sessions().find("live", 600);
    ASSERT_TRUE(live);
    EXPECT_EQ(live->csrf_token, "c1");
    EXPECT_EQ(live->user_id, user.id);
    EXPECT_EQ(store_->sessions().find("old", 600).error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->sessions().remove_expired(600).value_or(0), 1u);
    ASSERT_TRUE(store_->sessions().remove("live"));
    EXPECT_EQ(store_->sessions().find("live", 600).error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStoreTest, ApiTokensAreFoundByHash) {
    const auto user = insert_user("bot");
    auto token = store_->api_tokens().insert({.token_hash = "abc", .user_id = user.id, .name = "ci", .created_at = 7});
    ASSERT_TRUE(token);
    EXPECT_GT(token->id, 0);
    auto found = store_->api_tokens().find("abc");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "ci");
    EXPECT_EQ(found->user_id, user.id);
    EXPECT_EQ(store_->api_tokens().find("nope").error().code, ErrorCode::NotFound);
    EXPECT_EQ(
        store_->api_tokens().insert({.token_hash = "abc", .user_id = user.id}).error().code, ErrorCode::AlreadyExists
    );
}

TEST_F(SqliteStoreTest, PingAnswers) {
    EXPECT_TRUE(store_->ping());
}

TEST_F(SqliteStoreTest, BackupIsAReadableCopy) {
    auto customer = make_customer("Zálohovaná");
    customer.tags = {"b"};
    customer.contacts = {{.name = "K"}};
    insert(customer);
    insert(make_customer("Druhá"));
    insert_user("zaloha");
    const auto target = dir_.path() / "backup";
    std::filesystem::create_directories(target);
    auto backed_up = store_->backup_to(target / "kartoteka.db");
    ASSERT_TRUE(backed_up) << backed_up.error().message;

    auto copy = open_sqlite_store({.data_dir = target, .migrate = false});
    ASSERT_TRUE(copy) << copy.error().message;
    auto copied = (*copy)->customers().list({});
    ASSERT_TRUE(copied);
    EXPECT_EQ(names(copied->items), names(list_all({})));
    auto page = (*copy)->customers().list({.q = "zalohovana"});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].tags, std::vector<std::string>{"b"});
    EXPECT_EQ(page->items[0].contacts.size(), 1u);
    EXPECT_TRUE((*copy)->users().find_by_username("zaloha"));
}

}  // namespace
}  // namespace kartoteka::store
