// `kartoteka import`: the real binary on the wizard files of tests/data/import, whose expected outcomes
// README.md there lists ("customers_wizard_*").
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = KARTOTEKA_IMPORT_TEST_DATA;

class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() / ("kartoteka-import-cli-" + std::to_string(random()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

struct Run {
    int exit_code = -1;
    std::string out;  // stdout alone: --json must be parseable whatever the logs say on stderr
    std::string err;
};

std::string read_all(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

Run kartoteka(const std::vector<std::string>& arguments) {
    const TempDir streams;
    const auto out_path = streams.path() / "stdout";
    const auto err_path = streams.path() / "stderr";
    std::vector<std::string> argv_storage{KARTOTEKA_BINARY};
    argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argv_storage) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int in = ::open("/dev/null", O_RDONLY);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::dup2(in, STDIN_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read_all(out_path);
    run.err = read_all(err_path);
    return run;
}

Run import(const fs::path& file, const TempDir& data, std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"import", file.string(), "--data", data.path().string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return kartoteka(arguments);
}

json import_json(const fs::path& file, const TempDir& data, std::vector<std::string> extra = {}) {
    extra.emplace_back("--json");
    const auto run = import(file, data, extra);
    EXPECT_EQ(run.exit_code, 0) << file << "\nstdout: " << run.out << "\nstderr: " << run.err;
    const auto parsed = json::parse(run.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not one JSON object on stdout: " << run.out;
    return parsed.is_discarded() ? json::object() : parsed;
}

std::map<int, std::string> rejected_codes(const json& outcome) {
    std::map<int, std::string> codes;
    for (const auto& rejection : outcome.at("rejected")) {
        EXPECT_FALSE(rejection.at("reason").get<std::string>().empty()) << rejection;
        codes[rejection.at("row").get<int>()] = rejection.at("code").get<std::string>();
    }
    return codes;
}

/// row -> "rule:matches_row" for duplicates of earlier rows, "rule:#customer_id" for stored customers.
std::map<int, std::string> duplicate_matches(const json& outcome) {
    std::map<int, std::string> matches;
    for (const auto& duplicate : outcome.at("duplicates")) {
        const auto rule = duplicate.at("rule").get<std::string>();
        const auto& row = duplicate.at("matches_row");
        const auto& customer = duplicate.at("customer_id");
        matches[duplicate.at("row").get<int>()] =
            rule + (customer.is_null() ? ":" + std::to_string(row.get<int>())
                                       : ":#" + std::to_string(customer.get<std::int64_t>()));
    }
    return matches;
}

// README.md, "customers_wizard_*": a fresh store, --mode create.
const std::map<int, std::string> kRejectedOnCreate{
    {5, "ico.check_digit"},     // 1234 -> 00001234 fails the checksum
    {6, "email.format"},        // gama@@servis
    {8, "duplicate.in_file"},   // IČO of row 7
    {9, "duplicate.in_file"},   // e-mail of row 4
    {11, "duplicate.in_file"},  // "Zeta Nábytek s. r. o." + Brno as row 10
};
const std::map<int, std::string> kDuplicatesOnCreate{
    {8, "ico:7"},
    {9, "email:4"},
    {11, "name_city:10"},
};

void expect_create_outcome(const json& outcome, const std::string& file) {
    SCOPED_TRACE(file);
    EXPECT_EQ(outcome.value("file", ""), file);
    // A CSV file is one sheet without a name.
    EXPECT_EQ(outcome.value("sheet", "?"), file.ends_with(".csv") ? "" : "Zákazníci");
    EXPECT_EQ(outcome.value("rows_read", -1), 11);
    EXPECT_EQ(outcome.value("created", -1), 6);
    EXPECT_EQ(outcome.value("updated", -1), 0);
    EXPECT_EQ(outcome.value("skipped", -1), 0);
    EXPECT_EQ(rejected_codes(outcome), kRejectedOnCreate);
    EXPECT_EQ(duplicate_matches(outcome), kDuplicatesOnCreate);
}

class WizardFile : public testing::TestWithParam<std::string> {};

TEST_P(WizardFile, JsonOutcomeIsTheOneReadmeExpects) {
    const TempDir data;
    const auto outcome = import_json(kData / GetParam(), data);
    expect_create_outcome(outcome, GetParam());
    EXPECT_EQ(outcome.value("status", ""), "succeeded");
    EXPECT_EQ(outcome.at("import_id"), 1);
}

INSTANTIATE_TEST_SUITE_P(
    ImportCli,
    WizardFile,
    testing::Values(
        "customers_wizard_cs.xlsx",
        "customers_wizard_cs_lo.xlsx",
        "customers_wizard_en.xlsx",
        "customers_wizard_cs.ods",
        "customers_wizard_cs.xls",
        "customers_wizard_cp1250.csv"
    ),
    [](const testing::TestParamInfo<std::string>& info) {
        std::string name;
        for (const char c : info.param) {
            name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        }
        return name;
    }
);

TEST(ImportCli, DryRunWritesNothing) {
    const TempDir data;
    const auto file = kData / "customers_wizard_cs.xlsx";
    const auto dry = import_json(file, data, {"--dry-run"});
    expect_create_outcome(dry, "customers_wizard_cs.xlsx");
    EXPECT_TRUE(dry.at("import_id").is_null()) << dry;
    EXPECT_EQ(dry.at("dry_run"), true);

    // Had the dry run stored a customer, these rows would now be duplicates of it; had it stored a record,
    // this import would not be number 1.
    const auto real = import_json(file, data);
    expect_create_outcome(real, "customers_wizard_cs.xlsx");
    EXPECT_EQ(real.at("import_id"), 1);
}

TEST(ImportCli, SecondRunInSkipModeReportsTheStoredCustomers) {
    const TempDir data;
    const auto file = kData / "customers_wizard_cs.xlsx";
    const auto first = import_json(file, data);
    ASSERT_EQ(first.value("created", -1), 6) << first;

    const auto second = import_json(file, data, {"--mode", "skip"});
    EXPECT_EQ(second.value("rows_read", -1), 11);
    EXPECT_EQ(second.value("created", -1), 0);
    EXPECT_EQ(second.value("updated", -1), 0);
    EXPECT_EQ(second.value("skipped", -1), 9) << second;
    EXPECT_EQ(rejected_codes(second), (std::map<int, std::string>{{5, "ico.check_digit"}, {6, "email.format"}}));
    EXPECT_EQ(second.at("import_id"), 2);
    // The six customers the first run created got ids 1..6 in row order; every matched row names one of them.
    EXPECT_EQ(
        duplicate_matches(second),
        (std::map<int, std::string>{
            {4, "ico:#1"},
            {7, "ico:#2"},
            {8, "ico:#2"},
            {9, "email:#1"},
            {10, "email:#3"},
            {11, "name_city:#3"},
            {12, "ico:#4"},
            {13, "ico:#5"},
            {14, "ico:#6"},
        })
    );
    std::map<int, std::string> names;
    for (const auto& duplicate : second.at("duplicates")) {
        names[duplicate.at("row").get<int>()] = duplicate.at("customer_name").get<std::string>();
    }
    EXPECT_EQ(names[4], "Alfa Stavby s.r.o.");
    EXPECT_EQ(names[11], "Zeta Nábytek s.r.o.");
    EXPECT_EQ(names[13], "Théta Kavárna 😊 s.r.o.");
}

TEST(ImportCli, TextSummaryListsTheRejectedRows) {
    const TempDir data;
    const auto run = import(kData / "customers_wizard_cs.ods", data);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("import 1: customers_wizard_cs.ods"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("created     6"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("rejected    5"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("row 5: "), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("(duplicate.in_file)"), std::string::npos) << run.out;
    // The mapping it used goes to stderr, so a wrong suggestion is visible without polluting stdout.
    EXPECT_NE(run.err.find("ico=\"IČ\""), std::string::npos) << run.err;
}

TEST(ImportCli, UnreadableFileExitsNonZeroWithTheReason) {
    const TempDir data;
    for (const char* name : {"binary.bin", "not_a_spreadsheet.html", "truncated.xlsx", "zip_bomb.xlsx"}) {
        SCOPED_TRACE(name);
        const auto run = import(kData / name, data, {"--json"});
        EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
        EXPECT_EQ(run.out, "");
        EXPECT_NE(run.err.find("error: cannot read "), std::string::npos) << run.err;
        EXPECT_NE(run.err.find(name), std::string::npos) << run.err;
    }
    // Refused by content: the message says what is accepted.
    const auto binary = import(kData / "binary.bin", data);
    EXPECT_NE(binary.err.find("xlsx"), std::string::npos) << binary.err;
    EXPECT_NE(binary.err.find("CSV"), std::string::npos) << binary.err;

    const auto missing = import(data.path() / "no-such-file.xlsx", data);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("no-such-file.xlsx"), std::string::npos) << missing.err;
    // Nothing was recorded for any of them: the next import is number 1.
    EXPECT_EQ(import_json(kData / "customers_wizard_cs.xlsx", data).at("import_id"), 1);
}

TEST(ImportCli, WrongOptionsExitOneWithAMessage) {
    const TempDir data;
    const auto file = kData / "customers_wizard_cs.xlsx";

    const auto mode = import(file, data, {"--mode", "merge"});
    EXPECT_EQ(mode.exit_code, 1);
    EXPECT_NE(mode.err.find("--mode must be create, upsert or skip"), std::string::npos) << mode.err;

    const auto policy = import(file, data, {"--mode", "upsert", "--policy", "replace"});
    EXPECT_EQ(policy.exit_code, 1);
    EXPECT_NE(policy.err.find("--policy"), std::string::npos) << policy.err;

    const auto sheet = import(file, data, {"--sheet", "Faktury"});
    EXPECT_EQ(sheet.exit_code, 1);
    EXPECT_NE(sheet.err.find("\"Zákazníci\", \"Poznámky\""), std::string::npos) << sheet.err;

    // The second sheet exists but has no header the wizard knows.
    const auto notes = import(file, data, {"--sheet", "Poznámky"});
    EXPECT_EQ(notes.exit_code, 1);
    EXPECT_NE(notes.err.find("maps to a customer field"), std::string::npos) << notes.err;

    const auto mapping = import(file, data, {"--mapping", "Účetní export"});
    EXPECT_EQ(mapping.exit_code, 1);
    EXPECT_NE(mapping.err.find("no saved mapping \"Účetní export\""), std::string::npos) << mapping.err;

    EXPECT_EQ(import_json(file, data).at("import_id"), 1);
}

TEST(ImportCli, UpsertUpdatesOnlyTheCustomersThatDiffer) {
    const TempDir data;
    // The Windows-1250 CSV has "?" where the spreadsheets have emoji (row 13: name, note, tags).
    ASSERT_EQ(import_json(kData / "customers_wizard_cp1250.csv", data).value("created", -1), 6);
    const auto again =
        import_json(kData / "customers_wizard_cs.xlsx", data, {"--mode", "upsert", "--policy", "overwrite"});
    EXPECT_EQ(again.value("created", -1), 0);
    // Row 13 gets its emoji back; the five identical customers and rows 8, 9, 11 (earlier rows of the file
    // matched the same customers) are skipped; rows 5 and 6 stay invalid.
    EXPECT_EQ(again.value("updated", -1), 1) << again;
    EXPECT_EQ(again.value("skipped", -1), 8) << again;
    EXPECT_EQ(rejected_codes(again), (std::map<int, std::string>{{5, "ico.check_digit"}, {6, "email.format"}}));
    // Nothing differs any more.
    const auto third =
        import_json(kData / "customers_wizard_cs.xlsx", data, {"--mode", "upsert", "--policy", "overwrite"});
    EXPECT_EQ(third.value("updated", -1), 0) << third;
    EXPECT_EQ(third.value("skipped", -1), 9) << third;
}

}  // namespace
