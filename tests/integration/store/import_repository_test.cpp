#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_import_repository.hpp"
#include "store/store.hpp"

namespace kartoteka::store {
namespace {

using domain::Actor;
using domain::Customer;
using domain::CustomerColumn;
using domain::FieldPolicy;
using domain::ImportBatch;
using domain::ImportRecord;
using domain::ImportRejection;
using domain::ImportStatus;
using domain::ImportWrite;
using domain::MatchKeys;
using domain::MatchRule;

class ImportDir {
public:
    ImportDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_import_store_test.XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~ImportDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

Customer company(const std::string& name, const std::string& city) {
    Customer customer;
    customer.name = name;
    customer.billing_address = {.street = "Dlouhá 1", .city = city, .postal_code = "110 00", .country = "CZ"};
    customer.created_at = 1'000;
    customer.updated_at = 1'000;
    return customer;
}

ImportWrite create_row(std::uint32_t row, Customer customer) {
    return ImportWrite{.row_number = row, .action = ImportWrite::Action::Create, .incoming = std::move(customer)};
}

ImportWrite update_row(
    std::uint32_t row,
    domain::CustomerId target,
    Customer incoming,
    std::vector<CustomerColumn> mapped,
    FieldPolicy policy = FieldPolicy::FillEmpty
) {
    return ImportWrite{
        .row_number = row,
        .action = ImportWrite::Action::Update,
        .incoming = std::move(incoming),
        .target = target,
        .mapped = std::move(mapped),
        .policy = policy,
    };
}

/// next_batch() over a fixed list; an entry without a batch is an error at that point.
class Batches {
public:
    explicit Batches(std::vector<std::optional<ImportBatch>> batches) : batches_(std::move(batches)) {}

    Result<std::optional<ImportBatch>> operator()() {
        if (next_ == batches_.size()) {
            return std::optional<ImportBatch>{};
        }
        auto& batch = batches_[next_++];
        if (!batch) {
            return fail(Error::invalid_field("file", "the sheet ends in the middle of a row"));
        }
        return std::optional<ImportBatch>(std::move(*batch));
    }

private:
    std::vector<std::optional<ImportBatch>> batches_;
    std::size_t next_ = 0;
};

class ImportRepositoryTest : public testing::Test {
protected:
    void SetUp() override { open(); }

    void open() {
        store_.reset();
        auto opened = open_sqlite_store({.data_dir = dir_.path()});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
    }

    domain::ImportRepository& imports() { return store_->imports(); }

    Customer insert(const Customer& customer) {
        auto stored = store_->customers().insert(customer, Actor::cli());
        EXPECT_TRUE(stored) << stored.error().message;
        return stored.value_or(Customer{});
    }

    Customer find(domain::CustomerId id) {
        auto found = store_->customers().find(id, true);
        EXPECT_TRUE(found) << found.error().message;
        return found.value_or(Customer{});
    }

    ImportRecord new_import(ImportStatus status = ImportStatus::Running) {
        auto created = imports().create(ImportRecord{
            .status = status,
            .created_at = 5'000,
            .started_at = 5'000,
            .file_name = "zakaznici.xlsx",
            .format = "xlsx",
            .sheet = "List1",
        });
        EXPECT_TRUE(created) << created.error().message;
        return created.value_or(ImportRecord{});
    }

    Result<domain::ImportCounts> write(domain::ImportId id, std::vector<std::optional<ImportBatch>> batches) {
        Batches source(std::move(batches));
        return imports().write(id, Actor::import(user_id(), id), [&source] { return source(); });
    }

    domain::UserId user_id() {
        if (user_id_ == 0) {
            auto user = store_->users().insert({.username = "petra", .display_name = "Petra", .password_hash = "x"});
            EXPECT_TRUE(user) << user.error().message;
            user_id_ = user ? user->id : 0;
        }
        return user_id_;
    }

    std::vector<Customer> live_customers() {
        auto page = store_->customers().list({.limit = 500});
        EXPECT_TRUE(page) << page.error().message;
        return page ? page->items : std::vector<Customer>{};
    }

    std::int64_t count_rows(const std::string& table) {
        sqlite3* db = nullptr;
        sqlite3_open((dir_.path() / "kartoteka.db").c_str(), &db);
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &statement, nullptr);
        sqlite3_step(statement);
        const std::int64_t count = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        sqlite3_close(db);
        return count;
    }

    std::optional<domain::StoreMatch> match(const MatchKeys& keys) {
        auto matches = imports().find_matches({keys});
        EXPECT_TRUE(matches) << matches.error().message;
        if (!matches || matches->size() != 1) {
            ADD_FAILURE() << "find_matches must answer once per key set";
            return std::nullopt;
        }
        return (*matches)[0];
    }

    ImportDir dir_;
    std::unique_ptr<Store> store_;
    domain::UserId user_id_ = 0;
};

TEST_F(ImportRepositoryTest, CreateFindListAndUpdateStatus) {
    const auto first = new_import(ImportStatus::Draft);
    const auto second = new_import(ImportStatus::Draft);
    ASSERT_GT(second.id, first.id);
    EXPECT_EQ(first.status, ImportStatus::Draft);
    EXPECT_EQ(first.file_name, "zakaznici.xlsx");

    auto record = first;
    record.status = ImportStatus::Running;
    record.started_at = 6'000;
    record.options_json = R"({"mode":"upsert"})";
    record.sheet = "Zákazníci";
    record.counts.rows_total = 120;
    ASSERT_TRUE(imports().update_status(record));
    auto found = imports().find(first.id);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->status, ImportStatus::Running);
    EXPECT_EQ(found->started_at, 6'000);
    EXPECT_EQ(found->sheet, "Zákazníci");
    EXPECT_EQ(found->options_json, R"({"mode":"upsert"})");
    EXPECT_EQ(found->counts.rows_total, 120);

    auto listed = imports().list(10);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_EQ((*listed)[0].id, second.id);  // newest first
    ASSERT_TRUE(imports().list(1));
    EXPECT_EQ(imports().list(1)->size(), 1U);

    EXPECT_EQ(imports().find(999).error().code, ErrorCode::NotFound);
    record.id = 999;
    EXPECT_EQ(imports().update_status(record).error().code, ErrorCode::NotFound);
}

TEST_F(ImportRepositoryTest, WritesBatchesWithCountsHistoryAndSearch) {
    const auto record = new_import();
    ImportBatch first;
    first.writes = {
        create_row(2, company("Pekárna Novák s.r.o.", "Brno")), create_row(4, company("Mlýn a.s.", "Olomouc"))};
    first.writes[0].incoming.contacts = {domain::Contact{.name = "Jana Nováková", .email = "jana@pekarna.cz"}};
    first.writes[0].incoming.tags = {"velkoobchod"};
    first.rejections = {ImportRejection{3, {"", "123"}, "name is required", "required"}};
    first.rows_read = 3;
    ImportBatch second;
    second.writes = {create_row(5, company("Zámečnictví Dvořák", "Praha"))};
    second.skipped = 1;
    second.duplicates = 1;
    second.rows_read = 2;

    auto counts = write(record.id, {first, second});
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->created, 3);
    EXPECT_EQ(counts->rejected, 1);
    EXPECT_EQ(counts->skipped, 1);
    EXPECT_EQ(counts->duplicates, 1);
    EXPECT_EQ(counts->rows_done, 5);

    auto stored = imports().find(record.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->counts.created, 3);
    EXPECT_EQ(stored->counts.rows_done, 5);
    EXPECT_EQ(stored->counts.rejected, 1);

    // A second call adds to the counts.
    ImportBatch third;
    third.writes = {create_row(6, company("Truhlářství Malý", "Jihlava"))};
    third.rows_read = 1;
    ASSERT_TRUE(write(record.id, {third}));
    EXPECT_EQ(imports().find(record.id)->counts.created, 4);
    EXPECT_EQ(imports().find(record.id)->counts.rows_done, 6);

    const auto customers = live_customers();
    ASSERT_EQ(customers.size(), 4U);
    // The search index and the name trigram index know the imported customers.
    auto searched = store_->customers().list({.limit = 10, .q = "pekarna"});
    ASSERT_TRUE(searched);
    ASSERT_EQ(searched->items.size(), 1U);
    const auto pekarna = find(searched->items[0].id);
    EXPECT_EQ(pekarna.tags, std::vector<std::string>{"velkoobchod"});
    ASSERT_EQ(pekarna.contacts.size(), 1U);
    EXPECT_EQ(pekarna.contacts[0].email, "jana@pekarna.cz");
    EXPECT_EQ(pekarna.version, 1);

    auto history = store_->history().list({.customer_id = pekarna.id, .limit = 10});
    ASSERT_TRUE(history);
    ASSERT_FALSE(history->items.empty());
    const auto& created = history->items.back();
    EXPECT_EQ(created.action, domain::HistoryAction::Created);
    EXPECT_EQ(created.actor.channel, domain::Channel::Import);
    EXPECT_EQ(created.actor.detail, std::to_string(record.id));
    EXPECT_EQ(created.actor.user_id, user_id());
}

TEST_F(ImportRepositoryTest, AnErrorFromNextBatchRollsBackTheWholeCall) {
    const auto record = new_import();
    ImportBatch good;
    good.writes = {create_row(2, company("Pekárna Novák", "Brno"))};
    good.rejections = {ImportRejection{3, {"x"}, "bad", "required"}};
    good.rows_read = 2;
    ImportBatch also_good;
    also_good.writes = {create_row(4, company("Mlýn", "Olomouc"))};
    also_good.rows_read = 1;
    const auto history_before = count_rows("history");

    auto failed = write(record.id, {good, also_good, std::nullopt});
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().field_errors.count("file"), 1U);

    EXPECT_TRUE(live_customers().empty());
    EXPECT_EQ(count_rows("customers"), 0);
    EXPECT_EQ(count_rows("import_changes"), 0);
    EXPECT_EQ(count_rows("import_rejections"), 0);
    EXPECT_EQ(count_rows("history"), history_before);
    EXPECT_EQ(imports().find(record.id)->counts, domain::ImportCounts{});
    auto rejected = imports().rejections(record.id, 0, 10);
    ASSERT_TRUE(rejected);
    EXPECT_TRUE(rejected->empty());
}

TEST_F(ImportRepositoryTest, WriteToAMissingImportFails) {
    ImportBatch batch;
    batch.writes = {create_row(2, company("Pekárna", "Brno"))};
    auto result = write(4242, {batch});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    EXPECT_EQ(count_rows("customers"), 0);
}

TEST_F(ImportRepositoryTest, UpdateMergesByPolicyRecordsHistoryAndSkipsUnchanged) {
    auto target = company("Pekárna Novák", "Brno");
    target.phone = "+420777111222";
    target = insert(target);
    const auto record = new_import();

    auto incoming = company("Pekárna Novák", "Brno");
    incoming.email = "info@pekarna.cz";
    incoming.phone = "+420608000000";
    incoming.tags = {"import"};
    ImportBatch batch;
    batch.writes = {update_row(
        2,
        target.id,
        incoming,
        {CustomerColumn::Name, CustomerColumn::Email, CustomerColumn::Phone, CustomerColumn::Tags}
    )};
    batch.duplicates = 1;
    batch.rows_read = 1;
    auto counts = write(record.id, {batch});
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->updated, 1);
    EXPECT_EQ(counts->duplicates, 1);

    const auto updated = find(target.id);
    EXPECT_EQ(updated.email, "info@pekarna.cz");  // was empty: filled
    EXPECT_EQ(updated.phone, "+420777111222");    // fill_empty keeps a stored value
    EXPECT_EQ(updated.tags, std::vector<std::string>{"import"});
    EXPECT_EQ(updated.version, target.version + 1);

    auto history = store_->history().list({.customer_id = target.id, .limit = 10});
    ASSERT_TRUE(history);
    const auto& entry = history->items.front();
    EXPECT_EQ(entry.action, domain::HistoryAction::Updated);
    EXPECT_EQ(entry.actor.channel, domain::Channel::Import);
    EXPECT_EQ(entry.actor.detail, std::to_string(record.id));
    std::vector<std::string> fields;
    for (const auto& change : entry.changes) {
        fields.push_back(change.field);
    }
    EXPECT_NE(std::find(fields.begin(), fields.end(), "email"), fields.end());
    EXPECT_EQ(std::find(fields.begin(), fields.end(), "phone"), fields.end());

    // The same row again changes nothing: counted as skipped, no history entry, no version bump.
    const auto record2 = new_import();
    auto again = write(record2.id, {batch});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->updated, 0);
    EXPECT_EQ(again->skipped, 1);
    EXPECT_EQ(find(target.id).version, updated.version);
    EXPECT_EQ(store_->history().list({.customer_id = target.id, .limit = 10})->items.size(), history->items.size());
}

TEST_F(ImportRepositoryTest, AnUpdateOfACustomerTrashedMeanwhileIsRejected) {
    const auto target = insert(company("Pekárna Novák", "Brno"));
    ASSERT_TRUE(store_->customers().move_to_trash(target.id, std::nullopt, 2'000, Actor::cli()));
    const auto record = new_import();
    auto incoming = company("Pekárna Novák", "Brno");
    incoming.email = "info@pekarna.cz";
    ImportBatch batch;
    batch.writes = {update_row(7, target.id, incoming, {CustomerColumn::Email})};
    batch.rows_read = 1;
    auto counts = write(record.id, {batch});
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->updated, 0);
    EXPECT_EQ(counts->rejected, 1);
    auto rejected = imports().rejections(record.id, 0, 10);
    ASSERT_TRUE(rejected);
    ASSERT_EQ(rejected->size(), 1U);
    EXPECT_EQ((*rejected)[0].row_number, 7U);
    EXPECT_EQ((*rejected)[0].code, "duplicate.target_gone");
    EXPECT_TRUE(find(target.id).email.empty());
}

TEST_F(ImportRepositoryTest, RevertTrashesCreatedRestoresUpdatedAndListsConflicts) {
    auto a = company("Pekárna Novák", "Brno");
    a.contacts = {domain::Contact{.name = "Jan Novák"}};
    a = insert(a);
    const auto b = insert(company("Mlýn Dvořák", "Olomouc"));
    const auto record = new_import();

    auto incoming_a = company("Pekárna Novák", "Brno");
    incoming_a.email = "info@pekarna.cz";
    incoming_a.phone = "+420777111222";
    incoming_a.contacts = {domain::Contact{.name = "Jana Nováková", .email = "jana@pekarna.cz"}};
    auto incoming_b = company("Mlýn Dvořák", "Olomouc");
    incoming_b.web = "https://mlyn.cz";
    ImportBatch batch;
    batch.writes = {
        create_row(2, company("Truhlářství Malý", "Jihlava")),
        update_row(
            3,
            a.id,
            incoming_a,
            {CustomerColumn::Email, CustomerColumn::Phone, CustomerColumn::ContactName, CustomerColumn::ContactEmail}
        ),
        update_row(4, b.id, incoming_b, {CustomerColumn::Web}),
    };
    batch.rows_read = 3;
    ASSERT_TRUE(write(record.id, {batch}));
    auto finished = *imports().find(record.id);
    finished.status = ImportStatus::Succeeded;
    finished.finished_at = 7'000;
    ASSERT_TRUE(imports().update_status(finished));
    domain::CustomerId created_id = 0;
    for (const auto& customer : live_customers()) {
        if (customer.name == "Truhlářství Malý") {
            created_id = customer.id;
        }
    }
    ASSERT_NE(created_id, 0);
    ASSERT_EQ(find(a.id).contacts.size(), 2U);

    // Someone edits A's phone after the import: that field must not be clobbered.
    auto edited = find(a.id);
    edited.phone = "+420606999888";
    edited.updated_at = 8'000;
    ASSERT_TRUE(store_->customers().update(edited, edited.version, Actor::web(user_id())));

    auto outcome = imports().revert(record.id, Actor::web(user_id()), 9'000);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->trashed, 1);
    EXPECT_EQ(outcome->restored, 2);
    ASSERT_EQ(outcome->conflicts.size(), 1U);
    EXPECT_EQ(outcome->conflicts[0].customer_id, a.id);
    EXPECT_EQ(outcome->conflicts[0].customer_name, "Pekárna Novák");
    EXPECT_EQ(outcome->conflicts[0].field, "phone");
    EXPECT_EQ(outcome->conflicts[0].import_value, "\"+420777111222\"");
    EXPECT_EQ(outcome->conflicts[0].current_value, "\"+420606999888\"");

    EXPECT_TRUE(find(created_id).deleted_at.has_value());
    const auto reverted_a = find(a.id);
    EXPECT_TRUE(reverted_a.email.empty());
    EXPECT_EQ(reverted_a.phone, "+420606999888");
    ASSERT_EQ(reverted_a.contacts.size(), 1U);
    EXPECT_EQ(reverted_a.contacts[0].id, a.contacts[0].id);  // the original contact person kept its id
    EXPECT_TRUE(find(b.id).web.empty());

    auto history = store_->history().list({.customer_id = b.id, .limit = 10});
    ASSERT_TRUE(history);
    EXPECT_EQ(history->items.front().action, domain::HistoryAction::Updated);
    EXPECT_EQ(history->items.front().at, 9'000);

    const auto reverted = imports().find(record.id);
    EXPECT_EQ(reverted->status, ImportStatus::Reverted);
    EXPECT_EQ(reverted->reverted_at, 9'000);
    EXPECT_EQ(reverted->reverted_by, user_id());

    auto twice = imports().revert(record.id, Actor::web(user_id()), 10'000);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::FailedPrecondition);
}

TEST_F(ImportRepositoryTest, RevertUndoesTwoUpdatesOfOneCustomerNewestFirst) {
    const auto target = insert(company("Pekárna Novák", "Brno"));
    const auto record = new_import(ImportStatus::Running);
    auto first = company("Pekárna Novák", "Brno");
    first.note = "první";
    auto second = company("Pekárna Novák", "Brno");
    second.note = "druhá";
    ImportBatch batch;
    batch.writes = {
        update_row(2, target.id, first, {CustomerColumn::Note}, FieldPolicy::Overwrite),
        update_row(3, target.id, second, {CustomerColumn::Note}, FieldPolicy::Overwrite),
    };
    ASSERT_TRUE(write(record.id, {batch}));
    EXPECT_EQ(find(target.id).note, "druhá");
    auto done = *imports().find(record.id);
    done.status = ImportStatus::Failed;
    ASSERT_TRUE(imports().update_status(done));
    auto outcome = imports().revert(record.id, Actor::cli(), 9'000);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->conflicts.empty());
    EXPECT_TRUE(find(target.id).note.empty());
}

TEST_F(ImportRepositoryTest, RevertRefusesDraftAndRunningImports) {
    for (const auto status : {ImportStatus::Draft, ImportStatus::Running}) {
        const auto record = new_import(status);
        auto outcome = imports().revert(record.id, Actor::cli(), 9'000);
        ASSERT_FALSE(outcome);
        EXPECT_EQ(outcome.error().code, ErrorCode::FailedPrecondition);
        EXPECT_EQ(imports().find(record.id)->status, status);
    }
    EXPECT_EQ(imports().revert(777, Actor::cli(), 9'000).error().code, ErrorCode::NotFound);
}

TEST_F(ImportRepositoryTest, FindMatchesByIcoThenEmailThenNameAndCityAmongLiveCustomers) {
    auto by_ico = company("Alfa s.r.o.", "Praha");
    by_ico.ico = "25596641";
    by_ico = insert(by_ico);
    auto by_email = company("Beta", "Brno");
    by_email.email = "Obchod@Beta.cz";
    by_email = insert(by_email);
    const auto by_name = insert(company("Novák & syn, s.r.o.", "Ústí nad Labem"));
    auto trashed = company("Gama a.s.", "Plzeň");
    trashed.ico = "27082440";
    trashed = insert(trashed);
    ASSERT_TRUE(store_->customers().move_to_trash(trashed.id, std::nullopt, 2'000, Actor::cli()));

    auto matches = imports().find_matches({
        MatchKeys{.ico = "25596641", .email = "obchod@beta.cz"},              // IČO wins over e-mail
        MatchKeys{.ico = "99999999", .email = "obchod@beta.cz"},              // falls through to e-mail
        domain::match_keys(company("NOVÁK & syn s.r.o.", "usti nad labem")),  // name + city
        MatchKeys{.ico = "27082440"},                                         // trashed: ignored
        domain::match_keys(company("Novák & syn", "Brno")),                   // other city
        MatchKeys{},                                                          // no keys
    });
    ASSERT_TRUE(matches) << matches.error().message;
    ASSERT_EQ(matches->size(), 6U);
    ASSERT_TRUE((*matches)[0]);
    EXPECT_EQ((*matches)[0]->rule, MatchRule::Ico);
    EXPECT_EQ((*matches)[0]->id, by_ico.id);
    EXPECT_EQ((*matches)[0]->name, "Alfa s.r.o.");
    ASSERT_TRUE((*matches)[1]);
    EXPECT_EQ((*matches)[1]->rule, MatchRule::Email);
    EXPECT_EQ((*matches)[1]->id, by_email.id);
    ASSERT_TRUE((*matches)[2]) << "normalised name + folded city";
    EXPECT_EQ((*matches)[2]->rule, MatchRule::NameCity);
    EXPECT_EQ((*matches)[2]->id, by_name.id);
    EXPECT_FALSE((*matches)[3]);
    EXPECT_FALSE((*matches)[4]);
    EXPECT_FALSE((*matches)[5]);
}

TEST_F(ImportRepositoryTest, NameMatchFollowsCustomerUpdates) {
    auto customer = insert(company("Pekárna Novák", "Brno"));
    const auto old_keys = domain::match_keys(company("Pekárna Novák", "Brno"));
    const auto new_keys = domain::match_keys(company("Pekárna U Mlýna", "Brno"));
    ASSERT_TRUE(match(old_keys));
    EXPECT_FALSE(match(new_keys));
    customer.name = "Pekárna U Mlýna";
    customer.updated_at = 2'000;
    ASSERT_TRUE(store_->customers().update(customer, customer.version, Actor::cli()));
    EXPECT_FALSE(match(old_keys));
    ASSERT_TRUE(match(new_keys));
    EXPECT_EQ(match(new_keys)->id, customer.id);

    ASSERT_TRUE(store_->customers().insert_many({company("Mlékárna Kunín", "Kunín")}, Actor::cli()));
    EXPECT_TRUE(match(domain::match_keys(company("mlekarna kunin", "KUNÍN"))));
}

TEST_F(ImportRepositoryTest, MigrationBackfillsTheNameKeyOfExistingCustomers) {
    insert(company("Pekárna Novák s.r.o.", "Brno"));
    insert(company("", "Brno"));  // no name key: never matched by name
    store_.reset();
    {
        // Back to what customers stored before migration 0005 look like: no key, no index.
        sqlite::Connection connection(dir_.path() / "kartoteka.db", sqlite::Connection::Role::Writer);
        connection.execute_script("DROP INDEX customers_live_match_name; UPDATE customers SET match_name_key = NULL;");
        sqlite::Transaction transaction(connection, sqlite::Transaction::Mode::Immediate);
        sqlite::backfill_match_name_keys(connection);
        transaction.commit();
    }
    open();
    const auto found = match(domain::match_keys(company("PEKÁRNA NOVÁK", "brno")));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Pekárna Novák s.r.o.");
    EXPECT_EQ(count_rows("customers WHERE match_name_key IS NULL"), 1);
}

TEST_F(ImportRepositoryTest, MarkInterruptedEndsOnlyRunningImports) {
    const auto running = new_import(ImportStatus::Running);
    const auto draft = new_import(ImportStatus::Draft);
    ImportBatch batch;
    batch.writes = {create_row(2, company("Pekárna", "Brno"))};
    batch.rows_read = 1;
    ASSERT_TRUE(write(running.id, {batch}));

    auto marked = imports().mark_interrupted(50'000, "server stopped during the import");
    ASSERT_TRUE(marked);
    EXPECT_EQ(*marked, 1U);
    const auto interrupted = imports().find(running.id);
    EXPECT_EQ(interrupted->status, ImportStatus::Interrupted);
    EXPECT_EQ(interrupted->finished_at, 50'000);
    EXPECT_EQ(interrupted->error, "server stopped during the import");
    EXPECT_EQ(interrupted->counts.created, 1);  // its committed batch stays
    EXPECT_EQ(imports().find(draft.id)->status, ImportStatus::Draft);
    EXPECT_EQ(*imports().mark_interrupted(60'000, "again"), 0U);
    EXPECT_EQ(live_customers().size(), 1U);
}

TEST_F(ImportRepositoryTest, RejectionsComeInRowOrderAndPage) {
    const auto record = new_import();
    ImportBatch first;
    first.rejections = {
        ImportRejection{9, {"Alfa", "123"}, "IČO has a wrong check digit", "ico.check_digit"},
        ImportRejection{3, {"", "x@y"}, "name is required", "required"},
    };
    ImportBatch second;
    second.rejections = {ImportRejection{5, {"Beta 😀", ""}, "duplicate of row 2", "duplicate.in_file"}};
    auto counts = write(record.id, {first, second});
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->rejected, 3);

    auto all = imports().rejections(record.id, 0, 10);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3U);
    EXPECT_EQ((*all)[0].row_number, 3U);
    EXPECT_EQ((*all)[1], (ImportRejection{5, {"Beta 😀", ""}, "duplicate of row 2", "duplicate.in_file"}));
    EXPECT_EQ((*all)[2].row_number, 9U);
    EXPECT_EQ((*all)[2].cells, (std::vector<std::string>{"Alfa", "123"}));

    auto page = imports().rejections(record.id, 3, 1);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->size(), 1U);
    EXPECT_EQ((*page)[0].row_number, 5U);
    EXPECT_TRUE(imports().rejections(record.id, 9, 10)->empty());
}

TEST_F(ImportRepositoryTest, SavedMappingsAreReplacedByNameAndDeleted) {
    domain::SavedImportMapping mapping{
        .name = "Export z Pohody",
        .by_header = {{"Firma", CustomerColumn::Name}, {"IČ", CustomerColumn::Ico}},
        .created_by = user_id(),
        .created_at = 1'000,
    };
    auto saved = imports().save_mapping(mapping);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_GT(saved->id, 0);
    mapping.by_header = {{"Název", CustomerColumn::Name}};
    mapping.created_at = 2'000;
    auto replaced = imports().save_mapping(mapping);
    ASSERT_TRUE(replaced);
    EXPECT_EQ(replaced->id, saved->id);
    ASSERT_TRUE(imports().save_mapping({.name = "Adresy", .by_header = {{"Obec", CustomerColumn::City}}}));

    auto listed = imports().list_mappings();
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_EQ((*listed)[0].name, "Adresy");
    EXPECT_EQ((*listed)[1].name, "Export z Pohody");
    EXPECT_EQ((*listed)[1].by_header, (std::map<std::string, CustomerColumn>{{"Název", CustomerColumn::Name}}));
    EXPECT_EQ((*listed)[1].created_at, 2'000);
    EXPECT_EQ((*listed)[1].created_by, user_id());

    ASSERT_TRUE(imports().delete_mapping(saved->id));
    EXPECT_EQ(imports().list_mappings()->size(), 1U);
    EXPECT_EQ(imports().delete_mapping(saved->id).error().code, ErrorCode::NotFound);
    EXPECT_FALSE(imports().save_mapping({.name = ""}));
}

}  // namespace
}  // namespace kartoteka::store
