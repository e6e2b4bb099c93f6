#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "domain/search_query.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/store.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Customer;
using domain::CustomerId;

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_search_test.XXXXXX").string();
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

Customer make_customer(const std::string& name, const std::string& city) {
    Customer customer;
    customer.name = name;
    customer.billing_address = {.street = "Dlouhá 1", .city = city, .postal_code = "602 00", .country = "CZ"};
    customer.created_at = 1'700'000'000'000;
    customer.updated_at = customer.created_at;
    return customer;
}

// The store's own customers (inserted through the repository, which indexes them), queried with
// the MATCH expressions the list uses.
class CustomerSearchTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_store({.data_dir = dir_.path() / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);

        auto novak = make_customer("Jan Novák", "Brno");
        novak.kind = domain::CustomerKind::Person;
        novak.first_name = "Jan";
        novak.last_name = "Novák";
        novak.email = "jan.novak@seznam.cz";
        novak.phone = "+420777123456";
        novak_ = insert(novak);

        auto firm = make_customer("Žluťoučký kůň s.r.o.", "Praha");
        firm.ico = "00012345";
        firm.dic = "CZ00012345";
        firm.email = "info@kun.cz";
        firm.tags = {"vip"};
        firm.contacts = {
            domain::Contact{.name = "Petra Nováková", .email = "petra@firma.cz", .phone = "+420602111222"}};
        firm_ = insert(firm);

        auto seznam = make_customer("Seznam Obchod a.s.", "Brno");
        seznam.email = "obchod@example.cz";
        seznam_ = insert(seznam);

        auto other = make_customer("Nováček Ostrava", "Ostrava");
        other_ = insert(other);

        connection_ = std::make_unique<Connection>(dir_.path() / "data" / "kartoteka.db", Connection::Role::Writer);
        // The repository indexed each insert; a forced rebuild must give the same index.
        EXPECT_EQ(build_search_index(*connection_), 0) << "the store built the (empty) index at start-up";
        EXPECT_EQ(build_search_index(*connection_, true), 4);
    }

    CustomerId insert(const Customer& customer) {
        auto stored = store_->customers().insert(customer, domain::Actor::cli());
        EXPECT_TRUE(stored) << stored.error().message;
        return stored ? stored->id : 0;
    }

    std::set<CustomerId> search(std::string_view text) {
        const std::string expression = fts_match_expression(domain::parse_search_query(text));
        std::set<CustomerId> ids;
        if (expression.empty()) {
            return ids;
        }
        auto statement = connection_->prepare("SELECT rowid FROM customer_search WHERE customer_search MATCH $1");
        statement.bind("$1", std::string_view(expression));
        while (statement.step()) {
            ids.insert(statement.int64(0));
        }
        return ids;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Connection> connection_;
    CustomerId novak_ = 0;
    CustomerId firm_ = 0;
    CustomerId seznam_ = 0;
    CustomerId other_ = 0;
};

TEST_F(CustomerSearchTest, DiacriticsFreePrefixesFindTheName) {
    EXPECT_EQ(search("novak"), (std::set{novak_, firm_}));  // Novák, Nováková (a contact person)
    EXPECT_EQ(search("NOVÁK"), (std::set{novak_, firm_}));
    EXPECT_EQ(search("nova"), (std::set{novak_, firm_, other_}));  // and Nováček
    EXPECT_EQ(search("zlutoucky"), (std::set{firm_}));
    EXPECT_EQ(search("n"), (std::set{novak_, firm_, other_}));
}

TEST_F(CustomerSearchTest, WordsAreAnded) {
    EXPECT_EQ(search("nov brno"), (std::set{novak_}));
    EXPECT_EQ(search("nov praha vip"), (std::set{firm_}));
    EXPECT_EQ(search("nov plzen"), (std::set<CustomerId>{}));
}

TEST_F(CustomerSearchTest, IcoWithOrWithoutLeadingZerosAndDic) {
    EXPECT_EQ(search("12345"), (std::set{novak_, firm_}));  // and Novák's phone 777 123 456, as an infix
    EXPECT_EQ(search("00012345"), (std::set{firm_}));
    EXPECT_EQ(search("CZ00012345"), (std::set{firm_}));
}

TEST_F(CustomerSearchTest, PhoneFragmentsWhateverTheSpacing) {
    EXPECT_EQ(search("+420 777 123 456"), (std::set{novak_}));
    EXPECT_EQ(search("777 123"), (std::set{novak_}));
    EXPECT_EQ(search("123 456"), (std::set{novak_}));
    EXPECT_EQ(search("00420602111222"), (std::set{firm_}));  // a contact person's phone
}

TEST_F(CustomerSearchTest, EmailFragments) {
    EXPECT_EQ(search("@seznam"), (std::set{novak_}));  // not the firm called Seznam
    EXPECT_EQ(search("seznam"), (std::set{novak_, seznam_}));
    EXPECT_EQ(search("jan.novak@seznam.cz"), (std::set{novak_}));
    EXPECT_EQ(search("petra@"), (std::set{firm_}));
}

TEST_F(CustomerSearchTest, FtsSyntaxIsInert) {
    for (const char* text :
         {"\"",
          "nov*",
          "-novak",
          "(novak",
          "novak AND",
          "NEAR(a b)",
          "name:novak",
          "^nov",
          "OR",
          "NOT novak",
          "a\"b",
          "€",
          "x€y"}) {
        EXPECT_NO_THROW(search(text)) << text;
    }
    EXPECT_EQ(search("name:novak"), (std::set<CustomerId>{}));  // "name" is a word, not a column filter
    EXPECT_EQ(search("-novak"), (std::set{novak_, firm_}));
}

TEST_F(CustomerSearchTest, ReindexFollowsChangesAndRemovals) {
    auto found = store_->customers().find(seznam_, false);
    ASSERT_TRUE(found);
    Customer changed = *found;
    changed.name = "Chmelař a syn";
    changed.updated_at += 1000;
    ASSERT_TRUE(store_->customers().update(changed, found->version, domain::Actor::cli()));
    // The update reindexed the customer in its own transaction.
    EXPECT_EQ(search("chmelar"), (std::set{seznam_}));
    EXPECT_EQ(search("seznam"), (std::set{novak_}));

    // A hard delete (emptying the trash) drops the index row through the trigger.
    // (Its history rows would block the delete; only the index matters here.)
    connection_->execute_script("PRAGMA foreign_keys = OFF");
    connection_->prepare("DELETE FROM customers WHERE id = $1").bind("$1", other_).run();
    EXPECT_EQ(search("nova"), (std::set{novak_, firm_}));
    reindex_customer(*connection_, other_);
    EXPECT_EQ(search("ostrava"), (std::set<CustomerId>{}));
}

// The list reads pages by walking indexes and testing each row's search document in C++ (see
// sqlite_customer_list_search.cpp). Whatever path a query takes, paging through it must give exactly the FTS
// match set, ordered by relevance tier, Czech name order and id: the order SQLite computes over the whole set.
class CustomerListWalkTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_store({.data_dir = dir_.path() / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        const std::vector<std::string> firsts = {"Jan", "Čeněk", "Řehoř", "Šárka", "Zdeněk", "Chrudoš", "Nikola"};
        const std::vector<std::string> lasts = {
            "Novák",
            "Nováková",
            "Černý",
            "Cibulka",
            "Chalupa",
            "Horák",
            "Řezníček",
            "Rychlý",
            "Šimek",
            "Svoboda",
            "Žák",
            "Zeman",
            "Dvořák",
            "Nosek",
            "Ondráček",
            "Čech"};
        const std::vector<std::string> cities = {"Brno", "Praha", "Ostrava", "Nový Jičín", "Česká Lípa"};
        std::vector<Customer> customers;
        int n = 0;
        for (const auto& last : lasts) {
            for (const auto& first : firsts) {
                for (int copy = 0; copy < 3; ++copy, ++n) {
                    const bool firm = n % 4 == 0;
                    auto customer = make_customer(
                        firm ? last + " " + first + " s.r.o." : first + " " + last, cities[n % cities.size()]
                    );
                    customer.kind = firm ? domain::CustomerKind::Company : domain::CustomerKind::Person;
                    if (!firm) {
                        customer.first_name = first;
                        customer.last_name = last;
                    }
                    customer.status = n % 3 == 0 ? domain::CustomerStatus::Lead : domain::CustomerStatus::Active;
                    customer.ico = firm ? std::string(n % 8 == 0 ? "000" : "123") + std::to_string(10000 + n) : "";
                    customer.email = "k" + std::to_string(n) + (n % 5 == 0 ? "@seznam.cz" : "@firma.cz");
                    customer.phone = "+420777" + std::to_string(100000 + n * 37);
                    customer.created_at += n * 1000;
                    customer.updated_at = customer.created_at + (n * 7919) % 5000;
                    customers.push_back(std::move(customer));
                }
            }
        }
        ASSERT_TRUE(store_->customers().insert_many(customers, domain::Actor::cli()));
        connection_ = std::make_unique<Connection>(dir_.path() / "data" / "kartoteka.db", Connection::Role::Reader);
    }

    /// Every page of a listing, following next_cursor.
    std::vector<CustomerId> page_through(domain::CustomerSearch search) {
        std::vector<CustomerId> ids;
        for (int pages = 0; pages < 1000; ++pages) {
            auto page = store_->customers().search(search);
            EXPECT_TRUE(page) << page.error().message;
            if (!page) {
                break;
            }
            for (const auto& customer : page->items) {
                ids.push_back(customer.id);
            }
            if (page->next_cursor.empty()) {
                break;
            }
            search.cursor = page->next_cursor;
        }
        return ids;
    }

    /// The expected listing, computed by SQL over the whole FTS match set.
    std::vector<CustomerId> expected(std::string_view text, std::string_view order, std::string_view where = "") {
        const auto query = domain::parse_search_query(text);
        std::string sql =
            "SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND c.id IN (SELECT rowid FROM customer_search "
            "WHERE customer_search MATCH $1";
        if (!query.email_domain && !query.phone_digits && query.folded.size() >= 3) {
            sql += " UNION SELECT rowid FROM customers_fts WHERE customers_fts MATCH '\"' || $2 || '\"'";
        }
        sql += ") ";
        sql += where;
        sql += " ORDER BY ";
        sql += order;
        auto statement = connection_->prepare(sql);
        const std::string expression = fts_match_expression(query);
        statement.bind("$1", std::string_view(expression));
        if (sql.find("$2") != std::string::npos) {
            statement.bind("$2", std::string_view(query.folded));
        }
        if (sql.find("$3") != std::string::npos) {
            statement.bind("$3", std::string_view(query.folded));
        }
        std::vector<CustomerId> ids;
        while (statement.step()) {
            ids.push_back(statement.int64(0));
        }
        return ids;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Connection> connection_;
};

TEST_F(CustomerListWalkTest, RelevancePagesAreTheWholeMatchSetInTierAndCzechNameOrder) {
    for (const char* text :
         {"n",
          "no",
          "nov",
          "novak",
          "c",
          "ch",
          "ce",
          "r",
          "re",
          "s",
          "sa",
          "z",
          "za",
          "brno",
          "nov brno",
          "seznam",
          "@seznam",
          "12310",
          "10008",
          "777100",
          "+420 777 100 037",
          "k5@seznam.cz",
          "vora",
          "s.r.o",
          "x"}) {
        const auto query = domain::parse_search_query(text);
        std::string tier = "CASE";
        if (query.ico) {
            tier += " WHEN c.ico = '" + *query.ico + "' THEN 0";
        }
        if (query.email_domain && !query.email_local.empty()) {
            tier += " WHEN lower(c.email) = $3 THEN 0";
        }
        if (query.phone_digits && query.phone_digits->size() >= 9) {
            tier += " WHEN c.phone = '+420" + *query.phone_digits + "' THEN 0";
        }
        tier += " WHEN substr(c.name_search, 1, length($3)) = $3 THEN 1 ELSE 2 END";
        const auto want = expected(text, tier + ", c.name_sort_key, c.id");
        for (const std::size_t limit : {std::size_t{1}, std::size_t{7}, std::size_t{50}}) {
            domain::CustomerSearch search{.q = text, .sort = domain::CustomerSortField::Relevance, .limit = limit};
            EXPECT_EQ(page_through(search), want) << "q=" << text << " limit=" << limit;
        }
    }
}

TEST_F(CustomerListWalkTest, FilteredAndSortedWalksMatchTheWholeSet) {
    for (const char* text : {"", "n", "nov", "brno"}) {
        for (const auto field : {domain::CustomerSortField::Name, domain::CustomerSortField::Updated}) {
            for (const auto direction : {domain::SortDirection::Ascending, domain::SortDirection::Descending}) {
                domain::CustomerSearch search{.q = text, .sort = field, .direction = direction, .limit = 9};
                search.filter.statuses = {domain::CustomerStatus::Active};
                search.filter.cities = {"brno"};
                const std::string key = field == domain::CustomerSortField::Name ? "c.name_sort_key" : "c.updated_at";
                const std::string dir = direction == domain::SortDirection::Ascending ? " ASC" : " DESC";
                std::vector<CustomerId> want;
                if (*text == '\0') {
                    auto statement = connection_->prepare(
                        "SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND c.status = 'active' AND "
                        "c.billing_city_search = 'brno' ORDER BY " +
                        key + dir + ", c.id" + dir
                    );
                    while (statement.step()) {
                        want.push_back(statement.int64(0));
                    }
                } else {
                    want = expected(
                        text, key + dir + ", c.id" + dir, "AND c.status = 'active' AND c.billing_city_search = 'brno'"
                    );
                }
                EXPECT_FALSE(want.empty());
                EXPECT_EQ(page_through(search), want) << "q=" << text << " sort=" << key << dir;
            }
        }
    }
}

TEST_F(CustomerListWalkTest, CountsAreExactBelowTheCap) {
    for (const char* text : {"n", "nov", "novak", "brno", "@seznam", "777100"}) {
        domain::CustomerSearch search{.q = text, .limit = 1, .with_count = true};
        auto page = store_->customers().search(search);
        ASSERT_TRUE(page);
        ASSERT_TRUE(page->count);
        EXPECT_EQ(*page->count, static_cast<std::int64_t>(expected(text, "c.id").size())) << text;
        EXPECT_FALSE(page->count_is_estimate);
    }
}

TEST(SearchDocument, HoldsEveryNumberForm) {
    Customer customer;
    customer.name = "Ábel";
    customer.ico = "00012345";
    customer.phone = "+420777123";
    customer.billing_address = {.street = "Úzká 5", .city = "Brno", .postal_code = "602 00"};
    const auto document = build_search_document(customer, {"Schůzka o ceně"});
    EXPECT_EQ(document.name, "abel");
    EXPECT_EQ(document.codes, "00012345 12345");
    EXPECT_EQ(document.phone, "420777123 20777123 0777123 777123 77123 7123 123");
    EXPECT_EQ(document.other, "uzka 5 brno 602 00 60200 schuzka o cene");
}

}  // namespace
}  // namespace kartoteka::store::sqlite
