// run_import against the real SQLite ImportRepository: what a file leaves in the store per atomicity, cancel
// and update policy.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "importer/import_engine.hpp"
#include "store/store.hpp"

namespace kartoteka::store {
namespace {

using domain::CustomerColumn;
using domain::ImportStatus;

class ImportRunTest : public testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_import_run.XXXXXX").string();
        dir_ = mkdtemp(pattern.data());
        auto opened = open_sqlite_store({.data_dir = dir_ / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        auto record = store_->imports().create(domain::ImportRecord{
            .status = ImportStatus::Running,
            .created_at = 1'700'000'000'000,
            .file_name = "zakaznici.csv",
            .format = "csv"});
        ASSERT_TRUE(record) << record.error().message;
        import_id_ = record->id;
    }
    void TearDown() override {
        store_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    /// A CSV as Czech Excel writes it (`;`), header "Název;IČO;E-mail;Telefon;Město".
    std::filesystem::path write_csv(const std::vector<std::string>& lines) {
        const auto path = dir_ / "file.csv";
        std::ofstream out(path, std::ios::binary);
        out << "Název;IČO;E-mail;Telefon;Město\r\n";
        for (const auto& line : lines)
            out << line << "\r\n";
        return path;
    }

    domain::ImportOptions options() const {
        domain::ImportOptions options;
        options.header_row = 1;
        options.mapping.columns = {
            CustomerColumn::Name,
            CustomerColumn::Ico,
            CustomerColumn::Email,
            CustomerColumn::Phone,
            CustomerColumn::City};
        return options;
    }

    importer::RunOutcome run(const std::filesystem::path& file, const domain::ImportOptions& options) {
        auto reader = importer::open_reader(file);
        EXPECT_TRUE(reader) << reader.error().message;
        auto outcome = importer::run_import(
            **reader,
            options,
            store_->imports(),
            import_id_,
            domain::Actor{std::nullopt, domain::Channel::Import, std::to_string(import_id_)},
            {},
            control_
        );
        EXPECT_TRUE(outcome) << outcome.error().message;
        return outcome.value_or(importer::RunOutcome{});
    }

    std::vector<domain::Customer> live_customers() {
        domain::CustomerListQuery query;
        query.limit = 500;
        auto page = store_->customers().list(query);
        EXPECT_TRUE(page) << page.error().message;
        return page ? page->items : std::vector<domain::Customer>{};
    }

    std::vector<domain::ImportRejection> rejections() {
        auto rejected = store_->imports().rejections(import_id_, 0, 100);
        EXPECT_TRUE(rejected) << rejected.error().message;
        return rejected.value_or(std::vector<domain::ImportRejection>{});
    }

    domain::CustomerId insert(domain::Customer customer) {
        auto stored = store_->customers().insert(customer, domain::Actor::cli());
        EXPECT_TRUE(stored) << stored.error().message;
        return stored ? stored->id : 0;
    }

    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    domain::ImportId import_id_ = 0;
    importer::RunControl control_;
};

const std::vector<std::string> kOneBadRow{
    "Alfa Stavby s.r.o.;6947;info@alfa.cz;602 123 456;Praha",
    "Beta Obchod a.s.;12345678;info@beta.cz;;Brno",  // IČO check digit
    "Gama Servis s.r.o.;27082440;info@gama.cz;;Ostrava",
};

TEST_F(ImportRunTest, ValidRowsStoresTheGoodRowsAndTheErrorReport) {
    auto options = this->options();
    options.atomicity = domain::ImportAtomicity::ValidRows;
    const auto outcome = run(write_csv(kOneBadRow), options);
    EXPECT_EQ(outcome.status, ImportStatus::Succeeded) << outcome.error;
    EXPECT_EQ(outcome.counts.created, 2);
    EXPECT_EQ(outcome.counts.rejected, 1);
    const auto customers = live_customers();
    ASSERT_EQ(customers.size(), 2u);
    const auto alfa =
        std::find_if(customers.begin(), customers.end(), [](const auto& c) { return c.ico == "00006947"; });
    ASSERT_NE(alfa, customers.end()) << "IČO 6947 restored to 00006947";
    EXPECT_EQ(alfa->phone, "+420602123456");
    const auto rejected = rejections();
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].row_number, 3u);
    EXPECT_EQ(rejected[0].code, "ico.check_digit");
    EXPECT_EQ(rejected[0].cells.at(0), "Beta Obchod a.s.");
    auto record = store_->imports().find(import_id_);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->counts.created, 2);
    EXPECT_EQ(record->counts.rejected, 1);
    EXPECT_EQ(record->counts.rows_done, 3);
}

TEST_F(ImportRunTest, AllOrNothingWithABadRowStoresNoCustomerButTheErrorReport) {
    auto options = this->options();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    const auto outcome = run(write_csv(kOneBadRow), options);
    EXPECT_EQ(outcome.status, ImportStatus::Failed);
    EXPECT_EQ(outcome.counts.created, 0);
    EXPECT_TRUE(live_customers().empty());
    const auto rejected = rejections();
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].row_number, 3u);
}

TEST_F(ImportRunTest, AllOrNothingWithoutBadRowsStoresEverything) {
    auto options = this->options();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    control_.batch_rows = 1;
    const auto outcome = run(write_csv({kOneBadRow[0], kOneBadRow[2]}), options);
    EXPECT_EQ(outcome.status, ImportStatus::Succeeded) << outcome.error;
    EXPECT_EQ(outcome.counts.created, 2);
    EXPECT_EQ(live_customers().size(), 2u);
}

TEST_F(ImportRunTest, CancelKeepsCommittedBatchesInValidRowsAndNothingInAllOrNothing) {
    std::atomic<bool> cancel{false};
    control_.cancel = &cancel;
    control_.batch_rows = 1;
    control_.on_progress = [&](const domain::ImportCounts& counts) {
        if (counts.rows_done > 0)
            cancel = true;
    };
    const auto file = write_csv({kOneBadRow[0], kOneBadRow[2]});
    auto options = this->options();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    auto outcome = run(file, options);
    EXPECT_EQ(outcome.status, ImportStatus::Cancelled);
    EXPECT_TRUE(live_customers().empty());

    cancel = false;
    options.atomicity = domain::ImportAtomicity::ValidRows;
    outcome = run(file, options);
    EXPECT_EQ(outcome.status, ImportStatus::Cancelled);
    EXPECT_EQ(outcome.counts.created, 1);
    EXPECT_EQ(live_customers().size(), 1u);
}

class ImportUpsertTest : public ImportRunTest, public testing::WithParamInterface<domain::FieldPolicy> {};

TEST_P(ImportUpsertTest, UpdatesTheMatchedCustomerByThePolicy) {
    domain::Customer stored;
    stored.name = "Gama s.r.o.";
    stored.ico = "27082440";
    stored.email = "old@gama.cz";
    stored.billing_address.city = "Ostrava";
    const auto id = insert(stored);
    auto options = this->options();
    options.mode = domain::ImportMode::Upsert;
    options.field_policy = GetParam();
    const auto outcome = run(write_csv({"Gama Servis s.r.o.;27082440;new@gama.cz;602 123 456;Ostrava"}), options);
    EXPECT_EQ(outcome.status, ImportStatus::Succeeded) << outcome.error;
    EXPECT_EQ(outcome.counts.duplicates, 1);
    // keep changes no field, so the store does not count the customer as updated.
    EXPECT_EQ(outcome.counts.updated, GetParam() == domain::FieldPolicy::Keep ? 0 : 1);
    EXPECT_EQ(live_customers().size(), 1u);
    auto after = store_->customers().find(id);
    ASSERT_TRUE(after) << after.error().message;
    switch (GetParam()) {
        case domain::FieldPolicy::FillEmpty:
            EXPECT_EQ(after->name, "Gama s.r.o.");
            EXPECT_EQ(after->email, "old@gama.cz");
            EXPECT_EQ(after->phone, "+420602123456");
            break;
        case domain::FieldPolicy::Overwrite:
            EXPECT_EQ(after->name, "Gama Servis s.r.o.");
            EXPECT_EQ(after->email, "new@gama.cz");
            EXPECT_EQ(after->phone, "+420602123456");
            break;
        case domain::FieldPolicy::Keep:
            EXPECT_EQ(after->name, "Gama s.r.o.");
            EXPECT_EQ(after->email, "old@gama.cz");
            EXPECT_EQ(after->phone, "");
            break;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Policies,
    ImportUpsertTest,
    testing::Values(domain::FieldPolicy::FillEmpty, domain::FieldPolicy::Overwrite, domain::FieldPolicy::Keep)
);

TEST_F(ImportRunTest, SecondRunInSkipModeMatchesTheStoredCustomersByEachRule) {
    const std::vector<std::string> lines{
        "Alfa Stavby s.r.o.;6947;info@alfa.cz;;Praha",
        "Zeta Nábytek s.r.o.;;;;Brno",
    };
    const auto file = write_csv(lines);
    ASSERT_EQ(run(file, options()).counts.created, 2);

    const auto again = write_csv({
        "Alfa Praha;00006947;;;Praha",      // IČO
        "Alfa jinak;;INFO@alfa.cz;;Plzeň",  // e-mail, other letter case
        "ZETA NÁBYTEK, s. r. o.;;;;Brno",   // name + city
        "Nový zákazník s.r.o.;;;;Brno",     // no match
    });
    auto options = this->options();
    options.mode = domain::ImportMode::Skip;
    control_.collect_details = true;
    const auto outcome = run(again, options);
    EXPECT_EQ(outcome.counts.skipped, 3);
    EXPECT_EQ(outcome.counts.created, 1);
    ASSERT_EQ(outcome.duplicates.size(), 3u);
    EXPECT_EQ(outcome.duplicates[0].second.rule, domain::MatchRule::Ico);
    EXPECT_EQ(outcome.duplicates[1].second.rule, domain::MatchRule::Email);
    EXPECT_EQ(outcome.duplicates[2].second.rule, domain::MatchRule::NameCity);
    for (const auto& [row, match] : outcome.duplicates) {
        EXPECT_TRUE(match.customer_id.has_value()) << row;
        EXPECT_FALSE(match.row_number.has_value()) << row;
    }
}

}  // namespace
}  // namespace kartoteka::store
