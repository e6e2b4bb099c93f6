#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_fixture.hpp"

// The import wizard over HTTP against the real binary: uploads of real files in every format, refusal by
// content, preview, the three modes and per-row duplicate choices, atomicity, progress, cancel, the error
// report, revert with conflicts, history, strict options, and what a kill -9 in the middle leaves behind.
namespace kartoteka::api_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kBoundary = "----KartotekaImportBoundary93kdF0a";

fs::path test_data(const std::string& name) {
    return fs::path(KARTOTEKA_SOURCE_DIR) / "tests" / "data" / "import" / name;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

HttpResponse upload(const ApiClient& client, const std::string& filename, const std::string& content) {
    std::string body;
    body += "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += content;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return client.request(
        "POST", "/api/v1/imports", body, {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}
    );
}

/// Uploads and returns the draft id (fails the test otherwise).
std::int64_t upload_draft(const ApiClient& client, const std::string& filename, const std::string& content) {
    const auto response = upload(client, filename, content);
    EXPECT_EQ(response.status, 201u) << response.body;
    return response.json().value("id", std::int64_t{0});
}

std::string import_path(std::int64_t id, const std::string& tail = {}) {
    return "/api/v1/imports/" + std::to_string(id) + tail;
}

/// Polls the import until it is no longer running.
json wait_finished(const ApiClient& client, std::int64_t id, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    json record;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto response = client.get(import_path(id));
        EXPECT_EQ(response.status, 200u) << response.body;
        record = response.json();
        if (record.value("status", "") != "running") {
            return record;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "import " << id << " still running after " << timeout.count() << " s: " << record.dump();
    return record;
}

/// Columns of the CSV files the tests generate: the order the options' mapping follows.
const std::string kCsvHeader = "Název firmy;IČO;E-mail;Telefon;Město;Štítky;Kontaktní osoba\n";
const json kCsvMapping = json::array({"name", "ico", "email", "phone", "city", "tags", "contact_name"});

struct CsvRow {
    std::string name;
    std::string ico;
    std::string email = {};
    std::string phone = {};
    std::string city = "Brno";
    std::string tag = {};
    std::string contact = {};
};

std::string csv_of(const std::vector<CsvRow>& rows) {
    std::string text = kCsvHeader;
    for (const auto& row : rows) {
        text += row.name + ";" + row.ico + ";" + row.email + ";" + row.phone + ";" + row.city + ";" + row.tag + ";" +
                row.contact + "\n";
    }
    return text;
}

json options(const std::string& mode = "create", const std::string& atomicity = "valid_rows") {
    return json{
        {"sheet", 0},
        {"header_row", 1},
        {"mapping", kCsvMapping},
        {"mode", mode},
        {"field_policy", "overwrite"},
        {"atomicity", atomicity},
    };
}

/// Runs a draft to the end and returns the finished record.
json run_to_end(const ApiClient& client, std::int64_t id, const json& body) {
    const auto started = client.post(import_path(id, "/run"), body);
    EXPECT_EQ(started.status, 202u) << started.body;
    return wait_finished(client, id);
}

/// Live customers whose name starts with `prefix`, by name.
std::map<std::string, json> customers_named(const ApiClient& client, const std::string& prefix) {
    std::map<std::string, json> found;
    for (auto& customer : list_all(client, "/api/v1/customers")) {
        const auto name = customer.value("name", "");
        if (name.rfind(prefix, 0) == 0) {
            found[name] = customer;
        }
    }
    return found;
}

json create_customer(const ApiClient& client, const std::string& name, const std::string& ico) {
    json body{
        {"kind", "company"},
        {"name", name},
        {"ico", ico},
        {"phone", "+420 601 000 001"},
        {"billing_address", {{"street", "Vinohradská 12"}, {"city", "Praha"}, {"postal_code", "120 00"}}},
    };
    const auto response = client.post("/api/v1/customers", body);
    EXPECT_EQ(response.status, 201u) << response.body;
    return response.json();
}

bool has_issue(const json& issues, const std::string& code) {
    return std::any_of(issues.begin(), issues.end(), [&](const json& issue) {
        return issue.value("code", "") == code;
    });
}

class ImportsApiTest : public ApiTest {
protected:
    static ApiClient& client() {
        static ApiClient admin = ApiClient::admin_session(port());
        return admin;
    }
    /// IČOs no other test of the suite uses: each test takes its own block of 7-digit prefixes.
    static std::string ico(int block, int index) { return ico_with_check_digit(block * 1000 + index); }
};

TEST_F(ImportsApiTest, UploadOfEachFormatGivesSheetsAndOverviewWithHeaderRowAndSuggestedMapping) {
    const std::array<std::pair<std::string, std::string>, 6> files{{
        {"customers_small_clean.csv", "csv"},
        {"customers_small_clean.xlsx", "xlsx"},
        {"customers_small_clean.xls", "xls"},
        {"customers_small_clean.ods", "ods"},
        {"customers_excel_style_cp1250.csv", "csv"},
        {"customers_utf8_bom.csv", "csv"},
    }};
    for (const auto& [file, format] : files) {
        SCOPED_TRACE(file);
        const auto response = upload(client(), file, read_file(test_data(file)));
        ASSERT_EQ(response.status, 201u) << response.body;
        const auto draft = response.json();
        EXPECT_EQ(draft["status"], "draft");
        EXPECT_EQ(draft["format"], format);
        EXPECT_EQ(draft["file_name"], file);
        ASSERT_FALSE(draft["sheets"].empty());
        const auto& overview = draft["overview"];
        EXPECT_EQ(overview["sheet"], 0);
        EXPECT_EQ(overview["header_row"], 1);
        ASSERT_GE(overview["headers"].size(), 9u);
        EXPECT_EQ(overview["headers"][2], "IČO");
        EXPECT_EQ(overview["headers"][7], "E-mail");
        ASSERT_GE(overview["suggested_mapping"].size(), 9u);
        EXPECT_EQ(overview["suggested_mapping"][2], "ico");
        EXPECT_EQ(overview["suggested_mapping"][5], "city");
        EXPECT_EQ(overview["suggested_mapping"][7], "email");
        EXPECT_EQ(overview["suggested_mapping"][8], "phone");
        ASSERT_GE(overview["first_rows"].size(), 2u);
        EXPECT_EQ(overview["first_rows"][0]["row_number"], 1);

        const auto id = draft["id"].get<std::int64_t>();
        EXPECT_TRUE(fs::exists(server().data_dir() / "imports" / (std::to_string(id) + ".bin")));
        const auto again = client().get(import_path(id, "/sheets/0"));
        ASSERT_EQ(again.status, 200u) << again.body;
        EXPECT_EQ(again.json()["headers"], overview["headers"]);
        EXPECT_EQ(client().get(import_path(id, "/sheets/7")).status, 404u);
        const auto record = client().get(import_path(id)).json();
        EXPECT_EQ(record["status"], "draft");
        EXPECT_TRUE(record["options"].is_null());
    }
    const auto xlsx =
        upload(client(), "customers_small_clean.xlsx", read_file(test_data("customers_small_clean.xlsx")));
    EXPECT_EQ(xlsx.json()["sheets"][0]["name"], "Zákazníci");
}

TEST_F(ImportsApiTest, ContentThatIsNoSpreadsheetIsRefusedOnFileAndNothingIsKept) {
    const auto before = fs::exists(server().data_dir() / "imports")
                            ? std::distance(fs::directory_iterator(server().data_dir() / "imports"), {})
                            : 0;
    for (const auto* file : {"png_as.xlsx", "not_a_spreadsheet.html", "binary.bin", "plain.zip"}) {
        SCOPED_TRACE(file);
        const auto response = upload(client(), file, read_file(test_data(file)));
        EXPECT_EQ(response.status, 422u) << response.body;
        EXPECT_TRUE(response.has_field_error("file")) << response.body;
    }
    const auto png = upload(client(), "png_as.xlsx", read_file(test_data("png_as.xlsx")));
    const auto message = png.field_errors().value("file", "");
    EXPECT_NE(message.find("xlsx"), std::string::npos) << message;
    EXPECT_NE(message.find("CSV"), std::string::npos) << message;
    EXPECT_EQ(png.json()["error_codes"]["file"], "import.unsupported_format");

    const auto after = fs::exists(server().data_dir() / "imports")
                           ? std::distance(fs::directory_iterator(server().data_dir() / "imports"), {})
                           : 0;
    EXPECT_EQ(after, before);
    const auto without_file = client().request(
        "POST",
        "/api/v1/imports",
        "--" + std::string(kBoundary) + "--\r\n",
        {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}
    );
    EXPECT_EQ(without_file.status, 422u) << without_file.body;
}

TEST_F(ImportsApiTest, PreviewShowsRowsAsStoredWithRestoredIcoWarningsAndErrors) {
    const auto id = upload_draft(
        client(), "customers_excel_style_cp1250.csv", read_file(test_data("customers_excel_style_cp1250.csv"))
    );
    const auto overview = client().get(import_path(id, "/sheets/0")).json();
    json body{{"header_row", 1}, {"mapping", overview["suggested_mapping"]}, {"limit", 150}};
    const auto response = client().post(import_path(id, "/preview"), body);
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto preview = response.json();
    EXPECT_EQ(preview["headers"][2], "IČO");
    ASSERT_GE(preview["rows"].size(), 100u);
    const auto& first = preview["rows"][0];
    EXPECT_EQ(first["row_number"], 2);
    EXPECT_EQ(first["cells"][2], "139289");
    EXPECT_EQ(first["customer"]["ico"], "00139289");
    EXPECT_EQ(first["customer"]["id"], 0);
    EXPECT_TRUE(has_issue(first["warnings"], "ico.leading_zeros_restored")) << first.dump();
    EXPECT_EQ(first["action"], "create");

    bool some_error = false;
    for (const auto& row : preview["rows"]) {
        if (!row["errors"].empty()) {
            some_error = true;
            EXPECT_EQ(row["action"], "reject") << row.dump();
        }
    }
    EXPECT_TRUE(some_error);

    // The preview wrote nothing and left the draft a draft.
    EXPECT_EQ(client().get(import_path(id)).json()["status"], "draft");
    EXPECT_TRUE(customers_named(client(), "Stavební práce Těšínsko").empty());
    const auto limited = client().post(
        import_path(id, "/preview"), json{{"header_row", 1}, {"mapping", overview["suggested_mapping"]}, {"limit", 3}}
    );
    EXPECT_EQ(limited.json()["rows"].size(), 3u);
}

TEST_F(ImportsApiTest, BadOptionsAreRefusedNamingTheMember) {
    const auto id = upload_draft(client(), "a.csv", csv_of({{.name = "Opce s.r.o.", .ico = ico(101, 1)}}));
    const auto expect_field = [&](const json& body, const std::string& field) {
        for (const auto* route : {"/preview", "/run"}) {
            const auto response = client().post(import_path(id, route), body);
            EXPECT_EQ(response.status, 422u) << route << " " << body.dump() << " -> " << response.body;
            EXPECT_TRUE(response.has_field_error(field)) << route << " " << field << ": " << response.body;
        }
    };
    auto body = options();
    body["mapping"] = json::array({"name", "ico", "email", "nonsense"});
    expect_field(body, "mapping[3]");
    body["mapping"] = json::array({"name", "ico", 5});
    expect_field(body, "mapping[2]");
    body["mapping"] = json::array({"name", "name"});
    expect_field(body, "mapping[1]");
    body["mapping"] = json::array({"id", "name"});
    expect_field(body, "mapping[0]");
    body = options();
    body["mode"] = "merge";
    expect_field(body, "mode");
    body = options();
    body["field_policy"] = "always";
    expect_field(body, "field_policy");
    body = options();
    body["atomicity"] = true;
    expect_field(body, "atomicity");
    body = options();
    body["duplicate_actions"] = json{{"12", "delete"}};
    expect_field(body, "duplicate_actions.12");
    body["duplicate_actions"] = json{{"x", "skip"}};
    expect_field(body, "duplicate_actions.x");
    body = options();
    body["duplicate_default"] = "merge";
    expect_field(body, "duplicate_default");
    body = options();
    body["sheet"] = 3;
    expect_field(body, "sheet");
    body = options();
    body["colour"] = "red";
    expect_field(body, "colour");
    body = options();
    body.erase("mapping");
    expect_field(body, "mapping");
    body = options();
    body["header_row"] = -1;
    expect_field(body, "header_row");
    body = options();
    body["mapping"] = json::array({nullptr, nullptr});  // no column mapped: the engine's check, same shape
    expect_field(body, "mapping");

    auto preview = options();
    preview["limit"] = 500;
    const auto too_many = client().post(import_path(id, "/preview"), preview);
    EXPECT_EQ(too_many.status, 422u);
    EXPECT_TRUE(too_many.has_field_error("limit"));
    auto run = options();
    run["limit"] = 5;  // only the preview takes a limit
    const auto wrong_member = client().post(import_path(id, "/run"), run);
    EXPECT_TRUE(wrong_member.has_field_error("limit")) << wrong_member.body;
    EXPECT_EQ(client().request("POST", import_path(id, "/run"), "[1]").status, 400u);

    // Nothing ran: still a draft.
    EXPECT_EQ(client().get(import_path(id)).json()["status"], "draft");
    EXPECT_EQ(client().post(import_path(999999, "/preview"), options()).status, 404u);
}

TEST_F(ImportsApiTest, ModesCreateUpsertAndSkipAgainstAStoredCustomer) {
    const auto stored_ico = ico(102, 1);
    const auto stored = create_customer(client(), "Rezidentní Sklad s.r.o.", stored_ico);
    const auto stored_id = stored["id"].get<std::int64_t>();
    int fresh_index = 10;
    const auto file_for = [&](const std::string& fresh) {
        return csv_of({
            {.name = "Rezidentní Sklad s.r.o.", .ico = stored_ico, .email = "sklad@rezident.cz"},
            {.name = fresh, .ico = ico(102, ++fresh_index)},
        });
    };

    // create: the matched row is rejected as a duplicate of the stored customer.
    auto id = upload_draft(client(), "create.csv", file_for("Modus Create a.s."));
    const auto preview = client().post(import_path(id, "/preview"), options("create")).json();
    ASSERT_EQ(preview["rows"].size(), 2u);
    EXPECT_EQ(preview["rows"][0]["match"]["rule"], "ico");
    EXPECT_EQ(preview["rows"][0]["match"]["customer_id"], stored_id);
    EXPECT_EQ(preview["rows"][0]["action"], "reject");
    auto done = run_to_end(client(), id, options("create"));
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["created"], 1);
    EXPECT_EQ(done["counts"]["rejected"], 1);
    EXPECT_EQ(done["counts"]["duplicates"], 1);
    EXPECT_EQ(done["options"]["mode"], "create");
    EXPECT_EQ(customers_named(client(), "Modus Create").size(), 1u);
    EXPECT_EQ(client().get("/api/v1/customers/" + std::to_string(stored_id)).json()["email"], nullptr);

    // skip: left alone and counted as skipped.
    id = upload_draft(client(), "skip.csv", file_for("Modus Skip a.s."));
    done = run_to_end(client(), id, options("skip"));
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["created"], 1);
    EXPECT_EQ(done["counts"]["skipped"], 1);
    EXPECT_EQ(done["counts"]["rejected"], 0);
    EXPECT_EQ(client().get("/api/v1/customers/" + std::to_string(stored_id)).json()["email"], nullptr);

    // upsert: the stored customer is updated.
    id = upload_draft(client(), "upsert.csv", file_for("Modus Upsert a.s."));
    done = run_to_end(client(), id, options("upsert"));
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["created"], 1);
    EXPECT_EQ(done["counts"]["updated"], 1);
    const auto updated = client().get("/api/v1/customers/" + std::to_string(stored_id)).json();
    EXPECT_EQ(updated["email"], "sklad@rezident.cz");
    EXPECT_GT(updated["version"].get<std::int64_t>(), stored["version"].get<std::int64_t>());
    EXPECT_EQ(customers_named(client(), "Rezidentní Sklad").size(), 1u);

    // A finished import cannot run again or be cancelled.
    EXPECT_EQ(client().post(import_path(id, "/run"), options("upsert")).status, 409u);
    EXPECT_EQ(client().post(import_path(id, "/cancel"), json::object()).status, 409u);
}

TEST_F(ImportsApiTest, PerRowDuplicateActionsOverrideTheMode) {
    const auto first = create_customer(client(), "Dvojník První s.r.o.", ico(103, 1));
    const auto second = create_customer(client(), "Dvojník Druhý s.r.o.", ico(103, 2));
    const auto id = upload_draft(
        client(),
        "rows.csv",
        csv_of({
            {.name = "Dvojník První s.r.o.", .ico = ico(103, 1), .email = "prvni@dvojnik.cz"},
            {.name = "Dvojník Druhý s.r.o.", .ico = ico(103, 2), .email = "druhy@dvojnik.cz"},
            {.name = "Dvojník Třetí s.r.o.", .ico = ico(103, 1)},  // matches the first stored one too
        })
    );
    auto body = options("create");
    body["duplicate_actions"] = json{{"2", "update"}, {"4", "create"}};
    const auto preview = client().post(import_path(id, "/preview"), body).json();
    EXPECT_EQ(preview["rows"][0]["action"], "update");
    EXPECT_EQ(preview["rows"][1]["action"], "reject");
    EXPECT_EQ(preview["rows"][2]["action"], "create");
    const auto done = run_to_end(client(), id, body);
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["updated"], 1);
    EXPECT_EQ(done["counts"]["rejected"], 1);
    EXPECT_EQ(done["counts"]["created"], 1);
    EXPECT_EQ(
        client().get("/api/v1/customers/" + std::to_string(first["id"].get<std::int64_t>())).json()["email"],
        "prvni@dvojnik.cz"
    );
    EXPECT_EQ(
        client().get("/api/v1/customers/" + std::to_string(second["id"].get<std::int64_t>())).json()["email"], nullptr
    );

    // The choice "for all duplicates": every matched row not listed.
    const auto all = upload_draft(
        client(),
        "all.csv",
        csv_of({
            {.name = "Dvojník První s.r.o.", .ico = ico(103, 1)},
            {.name = "Dvojník Druhý s.r.o.", .ico = ico(103, 2)},
        })
    );
    body = options("create");
    body["duplicate_default"] = "skip";
    const auto skipped = run_to_end(client(), all, body);
    EXPECT_EQ(skipped["counts"]["skipped"], 2) << skipped.dump();
    EXPECT_EQ(skipped["counts"]["rejected"], 0);
}

TEST_F(ImportsApiTest, AllOrNothingWithABadRowWritesNothingAndValidRowsWritesTheValidOnes) {
    std::vector<CsvRow> rows;
    for (int i = 1; i <= 5; ++i) {
        rows.push_back({.name = "Atomová " + std::to_string(i) + " s.r.o.", .ico = ico(104, i)});
    }
    rows.push_back({.name = "Atomová Vadná s.r.o.", .ico = "12345678"});  // bad check digit: row 7
    const auto text = csv_of(rows);

    const auto strict = upload_draft(client(), "atom.csv", text);
    const auto failed = run_to_end(client(), strict, options("create", "all_or_nothing"));
    EXPECT_EQ(failed["status"], "failed") << failed.dump();
    EXPECT_EQ(failed["counts"]["created"], 0);
    EXPECT_TRUE(customers_named(client(), "Atomová").empty());

    const auto lenient = upload_draft(client(), "atom.csv", text);
    const auto done = run_to_end(client(), lenient, options("create", "valid_rows"));
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["created"], 5);
    EXPECT_EQ(done["counts"]["rejected"], 1);
    EXPECT_EQ(done["counts"]["rows_total"], 6);
    EXPECT_EQ(done["counts"]["rows_done"], 6);
    EXPECT_EQ(customers_named(client(), "Atomová").size(), 5u);
    EXPECT_FALSE(fs::exists(server().data_dir() / "imports" / (std::to_string(lenient) + ".bin")));

    // The error report: the rejected row with its number, the reason, the original header and cells.
    const auto csv = client().get(import_path(lenient, "/errors?format=csv"));
    ASSERT_EQ(csv.status, 200u) << csv.body;
    EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);
    EXPECT_NE(
        csv.header("Content-Disposition").find("import-" + std::to_string(lenient) + "-chyby.csv"), std::string::npos
    );
    ASSERT_GE(csv.body.size(), 3u);
    EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
    std::istringstream lines(csv.body.substr(3));
    std::string header;
    std::string rejected;
    std::string extra;
    std::getline(lines, header);
    std::getline(lines, rejected);
    EXPECT_EQ(header, "Řádek;Důvod;Název firmy;IČO;E-mail;Telefon;Město;Štítky;Kontaktní osoba\r");
    EXPECT_EQ(rejected.rfind("7;", 0), 0u) << rejected;
    EXPECT_NE(rejected.find(";Atomová Vadná s.r.o.;12345678;"), std::string::npos) << rejected;
    EXPECT_FALSE(std::getline(lines, extra) && !extra.empty()) << extra;

    const auto xlsx = client().get(import_path(lenient, "/errors?format=xlsx"));
    ASSERT_EQ(xlsx.status, 200u) << xlsx.body;
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    EXPECT_NE(xlsx.header("Content-Disposition").find("chyby.xlsx"), std::string::npos);
    EXPECT_EQ(client().get(import_path(lenient, "/errors?format=pdf")).status, 422u);

    // The report of the failed all_or_nothing run lists the bad row as well.
    const auto strict_report = client().get(import_path(strict, "/errors"));
    EXPECT_NE(strict_report.body.find("Atomová Vadná"), std::string::npos) << strict_report.body;
}

TEST_F(ImportsApiTest, ProgressReachesRowsTotalAndCancelStopsARunningImport) {
    std::vector<CsvRow> rows;
    for (int i = 0; i < 30000; ++i) {
        rows.push_back({.name = "Průběh " + std::to_string(i) + " s.r.o.", .ico = ico_with_check_digit(2000000 + i)});
    }
    const auto text = csv_of(rows);
    const auto id = upload_draft(client(), "big.csv", text);
    ASSERT_EQ(client().post(import_path(id, "/run"), options()).status, 202u);
    // A second import queues behind the first.
    const auto queued = upload_draft(client(), "queued.csv", csv_of({{.name = "Fronta s.r.o.", .ico = ico(105, 1)}}));
    const auto queued_run = client().post(import_path(queued, "/run"), options());
    ASSERT_EQ(queued_run.status, 202u);
    EXPECT_EQ(queued_run.json()["status"], "running");
    EXPECT_EQ(queued_run.json()["counts"]["rows_done"], 0);

    // Progress shows while it runs.
    std::int64_t seen_done = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    json record;
    while (std::chrono::steady_clock::now() < deadline) {
        record = client().get(import_path(id)).json();
        seen_done = std::max(seen_done, record["counts"]["rows_done"].get<std::int64_t>());
        if (record["status"] != "running" || seen_done > 0) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GT(seen_done, 0) << record.dump();
    record = wait_finished(client(), id);
    EXPECT_EQ(record["status"], "succeeded") << record.dump();
    EXPECT_EQ(record["counts"]["rows_total"], 30000);
    EXPECT_EQ(record["counts"]["rows_done"], 30000);
    EXPECT_EQ(record["counts"]["created"], 30000);
    EXPECT_EQ(wait_finished(client(), queued)["status"], "succeeded");

    // Cancel: a running import stops; valid_rows keeps what was committed.
    std::vector<CsvRow> more;
    for (int i = 0; i < 60000; ++i) {
        more.push_back({.name = "Zrušení " + std::to_string(i) + " s.r.o.", .ico = ico_with_check_digit(3000000 + i)});
    }
    const auto cancelled = upload_draft(client(), "cancel.csv", csv_of(more));
    ASSERT_EQ(client().post(import_path(cancelled, "/run"), options()).status, 202u);
    const auto cancel = client().post(import_path(cancelled, "/cancel"), json::object());
    EXPECT_EQ(cancel.status, 202u) << cancel.body;
    record = wait_finished(client(), cancelled);
    EXPECT_EQ(record["status"], "cancelled") << record.dump();
    EXPECT_LT(record["counts"]["created"].get<std::int64_t>(), 60000);
    EXPECT_EQ(
        customers_named(client(), "Zrušení ").size(),
        static_cast<std::size_t>(record["counts"]["created"].get<std::int64_t>())
    );
    EXPECT_FALSE(fs::exists(server().data_dir() / "imports" / (std::to_string(cancelled) + ".bin")));

    // A draft can be cancelled too; then it cannot run.
    const auto draft = upload_draft(client(), "draft.csv", csv_of({{.name = "Koncept s.r.o.", .ico = ico(105, 2)}}));
    const auto dropped = client().post(import_path(draft, "/cancel"), json::object());
    EXPECT_EQ(dropped.status, 202u);
    EXPECT_EQ(dropped.json()["status"], "cancelled");
    EXPECT_EQ(client().post(import_path(draft, "/run"), options()).status, 409u);
    EXPECT_FALSE(fs::exists(server().data_dir() / "imports" / (std::to_string(draft) + ".bin")));

    // The history lists them newest first.
    const auto list = client().get("/api/v1/imports?limit=3").json();
    ASSERT_EQ(list["items"].size(), 3u);
    EXPECT_EQ(list["items"][0]["id"], draft);
    EXPECT_EQ(list["items"][1]["id"], cancelled);
    EXPECT_EQ(list["items"][0]["created_by"]["id"], 1);
    EXPECT_EQ(client().get("/api/v1/imports?limit=0").status, 422u);
}

TEST_F(ImportsApiTest, RevertTrashesCreatedRestoresUpdatedAndListsConflicts) {
    const auto kept = create_customer(client(), "Návrat Stálý s.r.o.", ico(106, 1));
    const auto edited = create_customer(client(), "Návrat Upravený s.r.o.", ico(106, 2));
    const auto kept_id = kept["id"].get<std::int64_t>();
    const auto edited_id = edited["id"].get<std::int64_t>();
    const auto id = upload_draft(
        client(),
        "revert.csv",
        csv_of({
            {.name = "Návrat Nový s.r.o.", .ico = ico(106, 3), .contact = "Eva Nová"},
            {.name = "Návrat Stálý s.r.o.", .ico = ico(106, 1), .phone = "+420 777 111 222"},
            {.name = "Návrat Upravený s.r.o.", .ico = ico(106, 2), .phone = "+420 777 333 444"},
        })
    );
    const auto done = run_to_end(client(), id, options("upsert"));
    ASSERT_EQ(done["status"], "succeeded") << done.dump();
    EXPECT_EQ(done["counts"]["created"], 1);
    EXPECT_EQ(done["counts"]["updated"], 2);
    const auto created = customers_named(client(), "Návrat Nový");
    ASSERT_EQ(created.size(), 1u);
    const auto created_id = created.begin()->second["id"].get<std::int64_t>();
    EXPECT_EQ(created.begin()->second["contacts"][0]["name"], "Eva Nová");

    // The history of a touched customer shows the import as the channel.
    const auto history = client().get("/api/v1/customers/" + std::to_string(kept_id) + "/history").json();
    const auto by_import = std::find_if(history["items"].begin(), history["items"].end(), [&](const json& entry) {
        return entry["channel"] == "import";
    });
    ASSERT_NE(by_import, history["items"].end()) << history.dump();
    EXPECT_EQ((*by_import)["channel_detail"], std::to_string(id));
    EXPECT_EQ((*by_import)["actor"]["id"], 1);
    const auto created_history = client().get("/api/v1/customers/" + std::to_string(created_id) + "/history").json();
    ASSERT_FALSE(created_history["items"].empty());
    EXPECT_EQ(created_history["items"].back()["action"], "created");
    EXPECT_EQ(created_history["items"].back()["channel"], "import");

    // Someone edits a field the import wrote.
    const auto current = client().get("/api/v1/customers/" + std::to_string(edited_id)).json();
    const auto patched = client().patch(
        "/api/v1/customers/" + std::to_string(edited_id),
        json{{"phone", "+420 600 999 888"}},
        if_match(current["version"].get<std::int64_t>())
    );
    ASSERT_EQ(patched.status, 200u) << patched.body;

    const auto reverted = client().post(import_path(id, "/revert"), json::object());
    ASSERT_EQ(reverted.status, 200u) << reverted.body;
    const auto outcome = reverted.json();
    EXPECT_EQ(outcome["trashed"], 1);
    EXPECT_GE(outcome["restored"].get<std::int64_t>(), 1);
    ASSERT_EQ(outcome["conflicts"].size(), 1u) << outcome.dump();
    EXPECT_EQ(outcome["conflicts"][0]["customer_id"], edited_id);
    EXPECT_EQ(outcome["conflicts"][0]["field"], "phone");
    EXPECT_EQ(outcome["import"]["status"], "reverted");
    EXPECT_EQ(outcome["import"]["reverted_by"], 1);
    EXPECT_FALSE(outcome["import"]["reverted_at"].is_null());

    EXPECT_EQ(client().get("/api/v1/customers/" + std::to_string(created_id)).status, 404u);
    EXPECT_EQ(client().get("/api/v1/customers/" + std::to_string(kept_id)).json()["phone"], kept["phone"]);
    EXPECT_EQ(client().get("/api/v1/customers/" + std::to_string(edited_id)).json()["phone"], patched.json()["phone"]);
    const auto kept_history = client().get("/api/v1/customers/" + std::to_string(kept_id) + "/history").json();
    EXPECT_EQ(kept_history["items"][0]["channel"], "import") << kept_history.dump();

    EXPECT_EQ(client().post(import_path(id, "/revert"), json::object()).status, 409u);
    const auto draft = upload_draft(client(), "x.csv", csv_of({{.name = "Návrat Koncept", .ico = ico(106, 4)}}));
    EXPECT_EQ(client().post(import_path(draft, "/revert"), json::object()).status, 409u);
}

TEST_F(ImportsApiTest, MappingsAreSavedByHeaderListedAndDeleted) {
    const auto id = upload_draft(client(), "map.csv", csv_of({{.name = "Mapa s.r.o.", .ico = ico(107, 1)}}));
    auto body = options();
    body["save_mapping_as"] = "Můj formát";
    const auto done = run_to_end(client(), id, body);
    EXPECT_EQ(done["status"], "succeeded") << done.dump();
    auto list = client().get("/api/v1/import-mappings").json();
    const auto saved = std::find_if(list["items"].begin(), list["items"].end(), [](const json& mapping) {
        return mapping["name"] == "Můj formát";
    });
    ASSERT_NE(saved, list["items"].end()) << list.dump();
    EXPECT_EQ((*saved)["by_header"]["Název firmy"], "name");
    EXPECT_EQ((*saved)["by_header"]["IČO"], "ico");
    EXPECT_EQ((*saved)["by_header"]["Kontaktní osoba"], "contact_name");

    const auto created = client().post(
        "/api/v1/import-mappings", json{{"name", "Ruční"}, {"by_header", {{"Firma", "name"}, {"IČ", "ico"}}}}
    );
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(created.json()["by_header"]["IČ"], "ico");
    const auto bad =
        client().post("/api/v1/import-mappings", json{{"name", "Špatná"}, {"by_header", {{"Firma", "nic"}}}});
    EXPECT_EQ(bad.status, 422u);
    EXPECT_TRUE(bad.has_field_error("by_header.Firma")) << bad.body;
    const auto mapping_id = created.json()["id"].get<std::int64_t>();
    EXPECT_EQ(client().del("/api/v1/import-mappings/" + std::to_string(mapping_id)).status, 204u);
    list = client().get("/api/v1/import-mappings").json();
    for (const auto& mapping : list["items"]) {
        EXPECT_NE(mapping["name"], "Ruční");
    }
}

TEST_F(ImportsApiTest, WritesNeedTheCsrfTokenWithACookie) {
    ApiClient without_csrf = ApiClient::admin_session(port());
    without_csrf.set_send_csrf(false);
    EXPECT_EQ(upload(without_csrf, "a.csv", csv_of({{.name = "Bez tokenu", .ico = ico(108, 1)}})).status, 403u);
    EXPECT_EQ(ApiClient(port()).get("/api/v1/imports").status, 401u);
}

// ---- crash safety: kill -9 in the middle of a large import, restart on the same data directory ----

/// Runs a query with the sqlite3 shell on the store file (read-only) and returns its output trimmed.
std::string sqlite_query(const fs::path& data_dir, const std::string& sql) {
    const auto command = "sqlite3 -readonly '" + (data_dir / "kartoteka.db").string() + "' \"" + sql + "\" 2>&1";
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        std::array<char, 4096> buffer{};
        while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
            output += buffer.data();
        }
        ::pclose(pipe);
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) {
        output.pop_back();
    }
    return output;
}

std::string large_csv(int rows) {
    std::string text = kCsvHeader;
    text.reserve(static_cast<std::size_t>(rows) * 90);
    for (int i = 0; i < rows; ++i) {
        const auto number = std::to_string(i);
        text += "Havárie " + number + " s.r.o.;" + ico_with_check_digit(4000000 + i) + ";info" + number +
                "@havarie.cz;;Ostrava;;Kontakt " + number + "\n";
    }
    return text;
}

void kill_mid_import_and_check(const std::string& atomicity) {
    TempDir data;
    std::int64_t id = 0;
    {
        TestServer server(TestServer::Options{.data_dir = data.path()});
        const auto client = ApiClient::admin_session(server.port());
        id = upload_draft(client, "havarie.csv", large_csv(200000));
        ASSERT_GT(id, 0);
        const auto started = client.post(import_path(id, "/run"), options("create", atomicity));
        ASSERT_EQ(started.status, 202u) << started.body;
        // Kill once batches are being written (valid_rows: some are committed; all_or_nothing: in its one
        // transaction), never after the end.
        json record;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline) {
            record = client.get(import_path(id)).json();
            if (record["status"] != "running" || record["counts"]["rows_done"].get<std::int64_t>() >= 20000) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ASSERT_EQ(record["status"], "running") << "the import ended before the kill: " << record.dump();
        server.stop(SIGKILL);
    }
    TestServer restarted(TestServer::Options{.data_dir = data.path()});
    const auto client = ApiClient::admin_session(restarted.port());
    const auto record = client.get(import_path(id)).json();
    EXPECT_EQ(record["status"], "interrupted") << record.dump();
    EXPECT_FALSE(record["error"].is_null());
    EXPECT_FALSE(record["finished_at"].is_null());
    EXPECT_FALSE(fs::exists(data.path() / "imports" / (std::to_string(id) + ".bin")));

    const auto customers = std::stoll(sqlite_query(data.path(), "SELECT count(*) FROM customers"));
    EXPECT_EQ(customers, record["counts"]["created"].get<std::int64_t>());
    if (atomicity == "all_or_nothing") {
        EXPECT_EQ(customers, 0);
    } else {
        EXPECT_GT(customers, 0);
        EXPECT_LT(customers, 200000);
    }
    // Every customer whole: its contact person and its history entry written with it.
    EXPECT_EQ(
        sqlite_query(
            data.path(),
            "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.customer_id = c.id "
            "AND h.channel = 'import' AND h.action = 'created')"
        ),
        "0"
    );
    EXPECT_EQ(sqlite_query(data.path(), "SELECT count(*) FROM contacts"), std::to_string(customers));
    EXPECT_EQ(
        sqlite_query(data.path(), "SELECT count(*) FROM customers WHERE ico = '' OR email = '' OR name = ''"), "0"
    );
    // The restarted server takes new imports.
    const auto next =
        upload_draft(client, "po.csv", csv_of({{.name = "Po havárii s.r.o.", .ico = ico_with_check_digit(109001)}}));
    EXPECT_EQ(wait_finished(client, next)["status"], "draft");
    EXPECT_EQ(run_to_end(client, next, options())["status"], "succeeded");
    EXPECT_EQ(restarted.stop(SIGTERM), 0) << restarted.output();
}

TEST(ImportsCrashTest, KillDuringValidRowsImportLeavesExactlyTheCommittedCustomers) {
    kill_mid_import_and_check("valid_rows");
}

TEST(ImportsCrashTest, KillDuringAllOrNothingImportLeavesNoCustomer) {
    kill_mid_import_and_check("all_or_nothing");
}

}  // namespace
}  // namespace kartoteka::api_test
