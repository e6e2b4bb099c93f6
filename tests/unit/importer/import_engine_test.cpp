#include "importer/import_engine.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test_files.hpp"

namespace kartoteka::importer {
namespace {

using domain::CustomerColumn;
using domain::ImportStatus;

// ---- test doubles of the two ports the engine drives ----

/// A sheet held in memory. `fail_at_row` makes next_row() fail when it reaches that row (a damaged file).
class MemoryReader : public SheetReader {
public:
    explicit MemoryReader(std::vector<Row> rows) : rows_(std::move(rows)) {}

    Format format() const override { return Format::Csv; }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }
    Result<void> open(std::size_t index) override {
        if (index >= sheets_.size())
            return fail(Error::invalid("no such sheet"));
        position_ = 0;
        ++opened;
        return ok();
    }
    Result<bool> next_row(Row& row) override {
        if (position_ >= rows_.size())
            return false;
        if (fail_at_row != 0 && rows_[position_].number == fail_at_row) {
            return fail(Error::invalid("the file is damaged"));
        }
        row = rows_[position_++];
        return true;
    }
    const SheetLayout& layout() const override { return layout_; }

    std::uint32_t fail_at_row = 0;
    int opened = 0;

private:
    std::vector<Row> rows_;
    std::vector<SheetInfo> sheets_{{"List1", false}};
    SheetLayout layout_;
    std::size_t position_ = 0;
};

/// The ImportRepository port in memory: matching by the documented rule order, write() transactional (an error
/// from next_batch restores the state from before the call), updates through domain::merge_for_import.
class MemoryImports : public domain::ImportRepository {
public:
    std::vector<domain::Customer> customers;
    std::vector<domain::ImportRejection> rejected;
    domain::ImportCounts counts;
    int write_calls = 0;
    int find_calls = 0;

    domain::CustomerId add(domain::Customer customer) {
        customer.id = next_id_++;
        customers.push_back(std::move(customer));
        return customers.back().id;
    }
    const domain::Customer* by_id(domain::CustomerId id) const {
        for (const auto& customer : customers) {
            if (customer.id == id)
                return &customer;
        }
        return nullptr;
    }

    Result<std::vector<std::optional<domain::StoreMatch>>> find_matches(const std::vector<domain::MatchKeys>& keys
    ) override {
        ++find_calls;
        std::vector<std::optional<domain::StoreMatch>> found;
        for (const auto& key : keys) {
            found.push_back(match(key));
        }
        return found;
    }

    Result<domain::ImportCounts> write(
        domain::ImportId, const domain::Actor&, const std::function<Result<std::optional<domain::ImportBatch>>()>& next
    ) override {
        ++write_calls;
        const auto saved_customers = customers;
        const auto saved_rejected = rejected;
        const auto saved_counts = counts;
        const auto saved_next_id = next_id_;
        domain::ImportCounts added;
        while (true) {
            auto batch = next();
            if (!batch) {
                customers = saved_customers;
                rejected = saved_rejected;
                counts = saved_counts;
                next_id_ = saved_next_id;
                return fail(batch.error());
            }
            if (!*batch)
                break;
            for (const auto& write : (*batch)->writes) {
                if (write.action == domain::ImportWrite::Action::Create) {
                    add(write.incoming);
                    ++added.created;
                } else {
                    auto target = std::find_if(customers.begin(), customers.end(), [&](const auto& c) {
                        return c.id == write.target;
                    });
                    if (target == customers.end())
                        return fail(Error::not_found("no customer"));
                    *target = domain::merge_for_import(*target, write.incoming, write.mapped, write.policy);
                    ++added.updated;
                }
            }
            rejected.insert(rejected.end(), (*batch)->rejections.begin(), (*batch)->rejections.end());
            added.rejected += static_cast<std::int64_t>((*batch)->rejections.size());
            added.skipped += (*batch)->skipped;
            added.rows_done += (*batch)->rows_read;
            added.duplicates += (*batch)->duplicates;
        }
        counts.created += added.created;
        counts.updated += added.updated;
        counts.rejected += added.rejected;
        counts.skipped += added.skipped;
        counts.rows_done += added.rows_done;
        return added;
    }

    // Record keeping is the store's business, not the engine's; the engine never calls these.
    Result<domain::ImportRecord> create(const domain::ImportRecord&) override { return unused(); }
    Result<domain::ImportRecord> find(domain::ImportId) override { return unused(); }
    Result<std::vector<domain::ImportRecord>> list(std::size_t) override { return unused(); }
    Result<void> update_status(const domain::ImportRecord&) override { return unused(); }
    Result<std::size_t> mark_interrupted(domain::TimestampMs, std::string_view) override { return unused(); }
    Result<std::vector<domain::ImportRejection>> rejections(domain::ImportId, std::uint32_t, std::size_t) override {
        return unused();
    }
    Result<domain::RevertOutcome> revert(domain::ImportId, const domain::Actor&, domain::TimestampMs) override {
        return unused();
    }
    Result<domain::SavedImportMapping> save_mapping(const domain::SavedImportMapping&) override { return unused(); }
    Result<std::vector<domain::SavedImportMapping>> list_mappings() override { return unused(); }
    Result<void> delete_mapping(std::int64_t) override { return unused(); }

private:
    static tl::unexpected<Error> unused() { return fail(Error::internal("not used by the engine")); }

    std::optional<domain::StoreMatch> match(const domain::MatchKeys& key) const {
        const auto first = [&](auto same, domain::MatchRule rule) -> std::optional<domain::StoreMatch> {
            for (const auto& customer : customers) {
                if (same(domain::match_keys(customer)))
                    return domain::StoreMatch{rule, customer.id, customer.name};
            }
            return std::nullopt;
        };
        if (!key.ico.empty()) {
            if (auto found = first([&](const auto& k) { return k.ico == key.ico; }, domain::MatchRule::Ico))
                return found;
        }
        if (!key.email.empty()) {
            if (auto found = first([&](const auto& k) { return k.email == key.email; }, domain::MatchRule::Email)) {
                return found;
            }
        }
        if (!key.name.empty()) {
            return first(
                [&](const auto& k) { return k.name == key.name && k.city == key.city; }, domain::MatchRule::NameCity
            );
        }
        return std::nullopt;
    }

    domain::CustomerId next_id_ = 1;
};

// ---- helpers ----

Cell text(std::string value) {
    if (value.empty())
        return Cell{};
    return Cell{.type = CellType::Text, .text = std::move(value)};
}

/// A sheet "Název;IČO;E-mail;Město" with the header in row 1 and one data row per entry, numbered from 2.
struct Line {
    std::string name;
    std::string ico;
    std::string email;
    std::string city;
};

std::vector<Row> sheet(const std::vector<Line>& lines) {
    std::vector<Row> rows;
    rows.push_back(Row{1, false, {text("Název"), text("IČO"), text("E-mail"), text("Město")}});
    std::uint32_t number = 2;
    for (const auto& line : lines) {
        rows.push_back(Row{number++, false, {text(line.name), text(line.ico), text(line.email), text(line.city)}});
    }
    return rows;
}

domain::ImportOptions options_for_sheet() {
    domain::ImportOptions options;
    options.header_row = 1;
    options.mapping.columns = {CustomerColumn::Name, CustomerColumn::Ico, CustomerColumn::Email, CustomerColumn::City};
    return options;
}

const domain::Customer* find_by_name(const MemoryImports& imports, const std::string& name) {
    for (const auto& customer : imports.customers) {
        if (customer.name == name)
            return &customer;
    }
    return nullptr;
}

std::vector<std::uint32_t> rejected_rows(const std::vector<domain::ImportRejection>& rejections) {
    std::vector<std::uint32_t> rows;
    for (const auto& rejection : rejections)
        rows.push_back(rejection.row_number);
    return rows;
}

class ImportEngine : public ::testing::Test {
protected:
    Result<RunOutcome> run(MemoryReader& reader, const domain::ImportOptions& options) {
        return run_import(reader, options, imports_, 1, domain::Actor::import(1, 1), users_, control_);
    }

    MemoryImports imports_;
    UserDirectory users_;
    RunControl control_;
};

// ---- inspect_sheet and preview ----

TEST_F(ImportEngine, InspectSheetSkipsTitleRowsAndSuggestsTheMapping) {
    MemoryReader reader({
        Row{1, false, {text("Zákazníci 2024")}},
        Row{3, false, {text("Název firmy"), text("IČ"), text("Mobil"), text("Telefon"), text("Sklad")}},
        Row{4, false, {text("Alfa s.r.o."), text("27082440"), text(""), text("602 123 456")}},
    });
    auto overview = inspect_sheet(reader, 0);
    ASSERT_TRUE(overview) << overview.error().message;
    EXPECT_EQ(overview->header_row, 3u);
    EXPECT_EQ(overview->first_rows.size(), 3u);
    EXPECT_EQ(overview->headers, (std::vector<std::string>{"Název firmy", "IČ", "Mobil", "Telefon", "Sklad"}));
    const std::vector<std::optional<CustomerColumn>> expected{
        CustomerColumn::Name, CustomerColumn::Ico, CustomerColumn::Phone, std::nullopt, std::nullopt};
    EXPECT_EQ(overview->suggested_mapping.columns, expected);
    EXPECT_EQ(overview->sheets.size(), 1u);
}

TEST_F(ImportEngine, InspectSheetRefusesAnUnknownSheet) {
    MemoryReader reader({});
    auto overview = inspect_sheet(reader, 3);
    ASSERT_FALSE(overview);
    EXPECT_EQ(overview.error().field_errors.count("sheet"), 1u);
}

TEST_F(ImportEngine, PreviewShowsTheStoredFormErrorsMatchesAndActions) {
    imports_.add(domain::Customer{.name = "Alfa s.r.o.", .ico = "27082440"});
    MemoryReader reader(sheet({
        {"Alfa Stavby s.r.o.", "27082440", "", "Praha"},  // 2: stored customer
        {"Beta a.s.", "6947", "INFO@beta.cz", "Brno"},    // 3: new, IČO restored
        {"Gama s.r.o.", "12345678", "", "Brno"},          // 4: bad IČO
        {"Delta s.r.o.", "", "info@beta.cz", "Ostrava"},  // 5: same e-mail as row 3
        {"Epsilon", "", "", ""},                          // 6: beyond the limit
    }));
    auto preview = importer::preview(reader, options_for_sheet(), imports_, users_, 4);
    ASSERT_TRUE(preview) << preview.error().message;
    EXPECT_EQ(preview->headers, (std::vector<std::string>{"Název", "IČO", "E-mail", "Město"}));
    ASSERT_EQ(preview->rows.size(), 4u);

    const auto& stored = preview->rows[0];
    EXPECT_EQ(stored.row_number, 2u);
    ASSERT_TRUE(stored.match);
    EXPECT_EQ(stored.match->rule, domain::MatchRule::Ico);
    EXPECT_EQ(stored.match->customer_id, 1);
    EXPECT_EQ(stored.match->customer_name, "Alfa s.r.o.");
    EXPECT_EQ(stored.action, "reject");
    EXPECT_EQ(stored.errors.at(0).code, "duplicate.stored");

    const auto& fresh = preview->rows[1];
    EXPECT_EQ(fresh.action, "create");
    EXPECT_EQ(fresh.customer.ico, "00006947");
    EXPECT_EQ(fresh.warnings.at(0).code, "ico.leading_zeros_restored");
    EXPECT_EQ(fresh.cells, (std::vector<std::string>{"Beta a.s.", "6947", "INFO@beta.cz", "Brno"}));

    EXPECT_EQ(preview->rows[2].action, "reject");
    EXPECT_EQ(preview->rows[2].errors.at(0).field, "ico");

    const auto& in_file = preview->rows[3];
    EXPECT_EQ(in_file.action, "reject");
    ASSERT_TRUE(in_file.match);
    EXPECT_EQ(in_file.match->rule, domain::MatchRule::Email);
    EXPECT_EQ(in_file.match->row_number, 3u);
    EXPECT_EQ(in_file.match->customer_name, "Beta a.s.");
    EXPECT_EQ(in_file.errors.at(0).code, "duplicate.in_file");
    EXPECT_EQ(imports_.write_calls, 0);
}

TEST_F(ImportEngine, PreviewRefusesAMappingOfAColumnTheStoreSets) {
    MemoryReader reader(sheet({{"A", "", "", ""}}));
    auto options = options_for_sheet();
    options.mapping.columns[3] = CustomerColumn::Created;
    auto preview = importer::preview(reader, options, imports_, users_, 10);
    ASSERT_FALSE(preview);
    EXPECT_EQ(preview.error().field_errors.count("mapping[3]"), 1u);
}

// ---- dedupe within the file ----

TEST_F(ImportEngine, DuplicatesInTheFileByEachRuleAreRejectedInCreateMode) {
    MemoryReader reader(sheet({
        {"Alfa s.r.o.", "27082440", "", "Praha"},    // 2
        {"Alfa Praha", "27082440", "", "Praha"},     // 3: IČO of row 2
        {"Beta a.s.", "", "Info@Beta.cz", "Brno"},   // 4
        {"Beta Brno", "", "info@beta.CZ", "Brno"},   // 5: e-mail of row 4, other letter case
        {"Zeta Nábytek s.r.o.", "", "", "Brno"},     // 6
        {"ZETA NÁBYTEK, s. r. o.", "", "", "brno"},  // 7: name + city of row 6
        {"Zeta Nábytek s.r.o.", "", "", "Ostrava"},  // 8: other city: not a duplicate
    }));
    control_.dry_run = true;
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->status, ImportStatus::Succeeded);
    EXPECT_EQ(outcome->counts.created, 4);
    EXPECT_EQ(outcome->counts.rejected, 3);
    EXPECT_EQ(outcome->counts.duplicates, 3);
    ASSERT_EQ(outcome->duplicates.size(), 3u);
    EXPECT_EQ(outcome->duplicates[0].first, 3u);
    EXPECT_EQ(outcome->duplicates[0].second.rule, domain::MatchRule::Ico);
    EXPECT_EQ(outcome->duplicates[0].second.row_number, 2u);
    EXPECT_EQ(outcome->duplicates[1].first, 5u);
    EXPECT_EQ(outcome->duplicates[1].second.rule, domain::MatchRule::Email);
    EXPECT_EQ(outcome->duplicates[1].second.row_number, 4u);
    EXPECT_EQ(outcome->duplicates[2].first, 7u);
    EXPECT_EQ(outcome->duplicates[2].second.rule, domain::MatchRule::NameCity);
    EXPECT_EQ(outcome->duplicates[2].second.row_number, 6u);
    for (const auto& rejection : outcome->rejections)
        EXPECT_EQ(rejection.code, "duplicate.in_file");
    EXPECT_EQ(imports_.write_calls, 0) << "a dry run writes nothing";
    EXPECT_TRUE(imports_.customers.empty());
}

TEST_F(ImportEngine, InFileDuplicateAcrossBatchesIsStillTheEarlierRowNotTheStoredCustomer) {
    MemoryReader reader(sheet({{"Alfa s.r.o.", "27082440", "", ""}, {"Alfa 2", "27082440", "", ""}}));
    control_.batch_rows = 1;  // row 2 is committed (and stored) before row 3 is matched
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(imports_.customers.size(), 1u);
    ASSERT_EQ(imports_.rejected.size(), 1u);
    EXPECT_EQ(imports_.rejected[0].code, "duplicate.in_file");
}

TEST_F(ImportEngine, InFileDuplicateWithActionCreateIsCreatedAndInUpsertModeSkipped) {
    MemoryReader reader(sheet({{"Alfa s.r.o.", "27082440", "", ""}, {"Alfa 2", "27082440", "", ""}}));
    auto options = options_for_sheet();
    options.duplicate_actions[3] = domain::DuplicateAction::Create;
    ASSERT_TRUE(run(reader, options));
    EXPECT_EQ(imports_.customers.size(), 2u);

    MemoryImports fresh;
    options = options_for_sheet();
    options.mode = domain::ImportMode::Upsert;
    auto outcome = run_import(reader, options, fresh, 1, domain::Actor::import(1, 1), users_, control_);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(fresh.customers.size(), 1u);
    EXPECT_EQ(outcome->counts.skipped, 1);
    EXPECT_EQ(outcome->counts.duplicates, 1);
    EXPECT_TRUE(fresh.rejected.empty());
}

// ---- decisions against the store ----

class StoredMatchDecisions : public ImportEngine {
protected:
    StoredMatchDecisions() {
        stored_id_ = imports_.add(domain::Customer{.name = "Alfa s.r.o.", .ico = "27082440", .email = "old@alfa.cz"});
    }

    Result<RunOutcome> run_alfa(const domain::ImportOptions& options) {
        MemoryReader reader(sheet({{"Alfa Stavby s.r.o.", "27082440", "new@alfa.cz", "Praha"}, {"Beta", "", "", ""}}));
        return run(reader, options);
    }

    domain::CustomerId stored_id_ = 0;
};

TEST_F(StoredMatchDecisions, CreateModeRejectsTheMatchedRow) {
    auto outcome = run_alfa(options_for_sheet());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.created, 1);
    EXPECT_EQ(outcome->counts.rejected, 1);
    EXPECT_EQ(outcome->counts.duplicates, 1);
    ASSERT_EQ(imports_.rejected.size(), 1u);
    EXPECT_EQ(imports_.rejected[0].code, "duplicate.stored");
    EXPECT_EQ(imports_.rejected[0].row_number, 2u);
    EXPECT_EQ(imports_.by_id(stored_id_)->email, "old@alfa.cz");
}

TEST_F(StoredMatchDecisions, CreateModeFollowsThePerRowAction) {
    auto options = options_for_sheet();
    options.duplicate_actions[2] = domain::DuplicateAction::Update;
    options.field_policy = domain::FieldPolicy::Overwrite;
    auto outcome = run_alfa(options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.updated, 1);
    EXPECT_EQ(imports_.by_id(stored_id_)->email, "new@alfa.cz");
    EXPECT_EQ(imports_.by_id(stored_id_)->name, "Alfa Stavby s.r.o.");

    options.duplicate_actions[2] = domain::DuplicateAction::Create;
    ASSERT_TRUE(run_alfa(options));
    // Alfa is created a second time as asked; Beta, created by the first run, is now a stored duplicate.
    EXPECT_EQ(imports_.customers.size(), 3u);
}

TEST_F(StoredMatchDecisions, DuplicateDefaultAppliesToUnlistedRows) {
    auto options = options_for_sheet();
    options.duplicate_default = domain::DuplicateAction::Skip;
    auto outcome = run_alfa(options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.skipped, 1);
    EXPECT_EQ(outcome->counts.rejected, 0);
    EXPECT_EQ(outcome->counts.created, 1);
}

TEST_F(StoredMatchDecisions, UpsertUpdatesWithTheFieldPolicy) {
    auto options = options_for_sheet();
    options.mode = domain::ImportMode::Upsert;
    options.field_policy = domain::FieldPolicy::FillEmpty;
    auto outcome = run_alfa(options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.updated, 1);
    const auto* stored = imports_.by_id(stored_id_);
    EXPECT_EQ(stored->email, "old@alfa.cz") << "fill_empty keeps a stored value";
    EXPECT_EQ(stored->billing_address.city, "Praha") << "fill_empty fills an empty one";
    EXPECT_EQ(stored->name, "Alfa s.r.o.");
}

TEST_F(StoredMatchDecisions, SkipModeSkipsTheMatchedRow) {
    auto options = options_for_sheet();
    options.mode = domain::ImportMode::Skip;
    auto outcome = run_alfa(options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.skipped, 1);
    EXPECT_EQ(outcome->counts.created, 1);
    EXPECT_EQ(imports_.by_id(stored_id_)->email, "old@alfa.cz");
}

TEST_F(StoredMatchDecisions, UpsertSkipsASecondRowForTheSameStoredCustomer) {
    auto options = options_for_sheet();
    options.mode = domain::ImportMode::Upsert;
    MemoryReader reader(sheet({{"Alfa 1", "27082440", "", ""}, {"Alfa 2", "", "old@alfa.cz", ""}}));
    auto outcome = run(reader, options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.updated, 1);
    EXPECT_EQ(outcome->counts.skipped, 1);
}

// ---- running: batches, atomicity, cancel ----

std::vector<Line> five_valid_lines() {
    return {
        {"A1", "", "", ""},
        {"A2", "", "", ""},
        {"A3", "", "", ""},
        {"A4", "", "", ""},
        {"A5", "", "", ""},
    };
}

TEST_F(ImportEngine, ValidRowsWritesOneTransactionPerBatchAndReportsProgress) {
    MemoryReader reader(sheet(five_valid_lines()));
    control_.batch_rows = 2;
    std::vector<domain::ImportCounts> progress;
    control_.on_progress = [&](const domain::ImportCounts& counts) {
        progress.push_back(counts);
    };
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->status, ImportStatus::Succeeded);
    EXPECT_EQ(imports_.write_calls, 3);
    EXPECT_EQ(imports_.find_calls, 3);
    EXPECT_EQ(outcome->counts.rows_total, 5);
    EXPECT_EQ(outcome->counts.rows_done, 5);
    EXPECT_EQ(outcome->counts.created, 5);
    ASSERT_EQ(progress.size(), 4u);
    EXPECT_EQ(progress[0].rows_total, 5) << "the total comes first, before any write";
    EXPECT_EQ(progress[0].rows_done, 0);
    EXPECT_EQ(progress[1].rows_done, 2);
    EXPECT_EQ(progress[3].rows_done, 5);
    EXPECT_TRUE(outcome->rejections.empty()) << "details only for dry runs and collect_details";
}

TEST_F(ImportEngine, ValidRowsKeepsTheGoodRowsAndRecordsTheBadOnes) {
    auto lines = five_valid_lines();
    lines[2].ico = "12345678";
    MemoryReader reader(sheet(lines));
    control_.collect_details = true;
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, ImportStatus::Succeeded);
    EXPECT_EQ(imports_.customers.size(), 4u);
    ASSERT_EQ(imports_.rejected.size(), 1u);
    EXPECT_EQ(imports_.rejected[0].row_number, 4u);
    EXPECT_EQ(imports_.rejected[0].code, "ico.check_digit");
    EXPECT_EQ(imports_.rejected[0].cells, (std::vector<std::string>{"A3", "12345678", "", ""}));
    EXPECT_NE(imports_.rejected[0].reason.find("IČO"), std::string::npos);
    EXPECT_EQ(rejected_rows(outcome->rejections), std::vector<std::uint32_t>{4});
}

TEST_F(ImportEngine, AllOrNothingWritesTheWholeFileInOneTransaction) {
    MemoryReader reader(sheet(five_valid_lines()));
    control_.batch_rows = 2;
    int progress_calls = 0;
    control_.on_progress = [&](const domain::ImportCounts&) {
        ++progress_calls;
    };
    auto options = options_for_sheet();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    auto outcome = run(reader, options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, ImportStatus::Succeeded);
    EXPECT_EQ(imports_.write_calls, 1);
    EXPECT_EQ(outcome->counts.created, 5);
    EXPECT_EQ(progress_calls, 5) << "total, three batches inside the transaction, the end";
}

TEST_F(ImportEngine, AllOrNothingWithABadRowWritesNoCustomerButKeepsTheErrorReport) {
    auto lines = five_valid_lines();
    lines[4].email = "not-an-email";
    MemoryReader reader(sheet(lines));
    control_.batch_rows = 2;
    auto options = options_for_sheet();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    auto outcome = run(reader, options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, ImportStatus::Failed);
    EXPECT_NE(outcome->error.find("1 row was rejected"), std::string::npos) << outcome->error;
    EXPECT_TRUE(imports_.customers.empty());
    EXPECT_EQ(imports_.write_calls, 2) << "the rolled-back import, then the rejections alone";
    EXPECT_EQ(rejected_rows(imports_.rejected), std::vector<std::uint32_t>{6});
    EXPECT_EQ(outcome->counts.created, 0);
    EXPECT_EQ(outcome->counts.rejected, 1);
    EXPECT_EQ(outcome->counts.rows_done, 5);
}

TEST_F(ImportEngine, CancelInValidRowsStopsAfterTheCurrentBatch) {
    MemoryReader reader(sheet(five_valid_lines()));
    control_.batch_rows = 2;
    std::atomic<bool> cancel{false};
    control_.cancel = &cancel;
    control_.on_progress = [&](const domain::ImportCounts& counts) {
        if (counts.rows_done > 0)
            cancel = true;  // the user presses Cancel while batch 1 commits
    };
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, ImportStatus::Cancelled);
    EXPECT_EQ(imports_.customers.size(), 2u);
    EXPECT_EQ(outcome->counts.created, 2);
}

TEST_F(ImportEngine, CancelInAllOrNothingRollsBack) {
    MemoryReader reader(sheet(five_valid_lines()));
    control_.batch_rows = 2;
    std::atomic<bool> cancel{false};
    control_.cancel = &cancel;
    control_.on_progress = [&](const domain::ImportCounts& counts) {
        if (counts.rows_done > 0)
            cancel = true;
    };
    auto options = options_for_sheet();
    options.atomicity = domain::ImportAtomicity::AllOrNothing;
    auto outcome = run(reader, options);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, ImportStatus::Cancelled);
    EXPECT_TRUE(imports_.customers.empty());
    EXPECT_EQ(outcome->counts.created, 0);
}

TEST_F(ImportEngine, ReadErrorMidFileFailsKeepingCommittedBatchesOrRollingBack) {
    MemoryReader reader(sheet(five_valid_lines()));
    reader.fail_at_row = 5;
    control_.batch_rows = 2;
    // The counting pass meets the damage first, before anything is written.
    auto outcome = run(reader, options_for_sheet());
    EXPECT_FALSE(outcome);
    EXPECT_EQ(imports_.write_calls, 0);
}

TEST_F(ImportEngine, RowsWithoutMappedValuesAreNotCountedAndRowNumbersFollowTheSheet) {
    std::vector<Row> rows = sheet({{"A", "", "", ""}});
    rows.push_back(Row{7, false, {Cell{}, Cell{}, Cell{}, Cell{}, text("only an unmapped column")}});
    rows.push_back(Row{9, true, {text("B"), text(""), text(""), text("")}});
    MemoryReader reader(rows);
    control_.collect_details = true;
    auto outcome = run(reader, options_for_sheet());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->counts.rows_total, 2);
    EXPECT_EQ(outcome->counts.created, 2);
    EXPECT_NE(find_by_name(imports_, "B"), nullptr);
}

TEST_F(ImportEngine, NoMappedColumnIsRefused) {
    MemoryReader reader(sheet({{"A", "", "", ""}}));
    domain::ImportOptions options;
    options.header_row = 1;
    auto outcome = run(reader, options);
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().field_errors.count("mapping"), 1u);
}

// ---- the real files of ../shared/testdata/import and tests/data/import ----

Result<RunOutcome> dry_run_file(const std::string& name, MemoryImports& imports) {
    auto reader = open_reader(testing::data_file(name));
    if (!reader)
        return fail(reader.error());
    auto overview = inspect_sheet(**reader, 0);
    if (!overview)
        return fail(overview.error());
    domain::ImportOptions options;
    options.header_row = overview->header_row;
    options.mapping = overview->suggested_mapping;
    RunControl control;
    control.dry_run = true;
    return run_import(**reader, options, imports, 1, domain::Actor::cli(), {}, control);
}

std::vector<std::uint32_t> duplicate_rows(const RunOutcome& outcome) {
    std::vector<std::uint32_t> rows;
    for (const auto& [row, match] : outcome.duplicates)
        rows.push_back(row);
    return rows;
}

TEST(ImportEngineFiles, SmallCleanFileInFourFormatsImportsAllFiftyCustomers) {
    for (const char* name :
         {"customers_small_clean.csv",
          "customers_small_clean.xlsx",
          "customers_small_clean.ods",
          "customers_small_clean.xls"}) {
        SCOPED_TRACE(name);
        MemoryImports imports;
        auto outcome = dry_run_file(name, imports);
        ASSERT_TRUE(outcome) << outcome.error().message;
        EXPECT_EQ(outcome->counts.rows_total, 50);
        EXPECT_EQ(outcome->counts.created, 50);
        EXPECT_EQ(outcome->counts.rejected, 0) << (outcome->rejections.empty() ? "" : outcome->rejections[0].reason);
        EXPECT_EQ(outcome->counts.duplicates, 0);
    }
}

TEST(ImportEngineFiles, CzechExcelCsvRejectsTheDefectsAndFindsTheThreeDuplicates) {
    MemoryImports imports;
    auto outcome = dry_run_file("customers_excel_style_cp1250.csv", imports);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->counts.rows_total, 150);
    // The sidecar's contract rejects row 42 (a company without IČO); kartoteka imports it: IČO is optional.
    EXPECT_EQ(outcome->counts.created, 140);
    EXPECT_EQ(
        rejected_rows(outcome->rejections), (std::vector<std::uint32_t>{11, 21, 43, 66, 79, 90, 104, 123, 135, 142})
    );
    EXPECT_EQ(duplicate_rows(*outcome), (std::vector<std::uint32_t>{79, 123, 142}));
    EXPECT_EQ(outcome->duplicates[0].second.row_number, 14u);
    EXPECT_EQ(outcome->duplicates[1].second.row_number, 9u);
    EXPECT_EQ(outcome->duplicates[2].second.row_number, 57u);
    EXPECT_EQ(outcome->duplicates[2].second.rule, domain::MatchRule::Email);
    for (const auto& rejection : outcome->rejections) {
        if (rejection.row_number == 11 || rejection.row_number == 43 || rejection.row_number == 90 ||
            rejection.row_number == 135) {
            EXPECT_EQ(rejection.code, "ico.check_digit") << rejection.row_number;
        }
        if (rejection.row_number == 21 || rejection.row_number == 66 || rejection.row_number == 104) {
            EXPECT_EQ(rejection.code, "email.format") << rejection.row_number;
        }
    }
}

TEST(ImportEngineFiles, Utf8BomCsvRejectsFourRowsAndOneDuplicate) {
    MemoryImports imports;
    auto outcome = dry_run_file("customers_utf8_bom.csv", imports);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->counts.rows_total, 60);
    EXPECT_EQ(outcome->counts.created, 55);
    EXPECT_EQ(outcome->counts.rejected, 5);
    EXPECT_EQ(outcome->counts.duplicates, 1);
}

TEST(ImportEngineFiles, WizardFilesGiveTheDocumentedOutcome) {
    for (const char* name :
         {"customers_wizard_cs.xlsx",
          "customers_wizard_cs.ods",
          "customers_wizard_en.xlsx",
          "customers_wizard_cs_lo.xlsx"}) {
        SCOPED_TRACE(name);
        MemoryImports imports;
        auto outcome = dry_run_file(name, imports);
        ASSERT_TRUE(outcome) << outcome.error().message;
        EXPECT_EQ(outcome->counts.rows_total, 11);
        EXPECT_EQ(outcome->counts.created, 6);
        EXPECT_EQ(rejected_rows(outcome->rejections), (std::vector<std::uint32_t>{5, 6, 8, 9, 11}));
        EXPECT_EQ(duplicate_rows(*outcome), (std::vector<std::uint32_t>{8, 9, 11}));
    }
}

}  // namespace
}  // namespace kartoteka::importer
