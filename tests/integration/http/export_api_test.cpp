#include <algorithm>
#include <chrono>
#include <fstream>

#include "api_fixture.hpp"
#include "domain/calendar_time.hpp"
#include "domain/customer_columns.hpp"
#include "importer/import_engine.hpp"
#include "importer/sheet_reader.hpp"

namespace kartoteka::api_test {
namespace {

using Table = std::vector<std::vector<std::string>>;

/// An independent RFC 4180 reader (not the exporter's code): records end with CRLF, quoted fields may hold
/// the delimiter, doubled quotes and line breaks.
Table parse_csv(std::string_view text, char delimiter) {
    Table rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
        } else if (c == delimiter) {
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
            rows.push_back(std::move(row));
            row.clear();
            ++i;
        } else {
            EXPECT_NE(c, '\n') << "a bare LF outside quotes at byte " << i;
            field.push_back(c);
            field_started = true;
        }
    }
    EXPECT_TRUE(row.empty() && field.empty()) << "the last record does not end with CRLF";
    return rows;
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class ExportApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        admin_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& admin() const { return *admin_; }

    nlohmann::json create(nlohmann::json body) const {
        const auto response = admin().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    /// The CSV body without its BOM, parsed; checks the BOM and the headers of the response on the way.
    Table export_csv(const std::string& query, char delimiter = ';') const {
        const auto response = admin().get("/api/v1/customers/export?" + query);
        EXPECT_EQ(response.status, 200u) << response.body;
        EXPECT_EQ(response.header("Content-Type"), "text/csv; charset=utf-8");
        EXPECT_NE(response.header("Content-Disposition").find("attachment; filename=\"zakaznici-"), std::string::npos)
            << response.header("Content-Disposition");
        EXPECT_EQ(response.header("Transfer-Encoding"), "chunked");
        EXPECT_TRUE(response.body.starts_with(kBom)) << "no UTF-8 BOM";
        return parse_csv(std::string_view(response.body).substr(kBom.size()), delimiter);
    }

private:
    std::unique_ptr<ApiClient> admin_;
};

TEST_F(ExportApi, CsvHasLabelsAndEveryMatchingRowInTheListOrder) {
    const auto tag = "exp" + unique_suffix();
    for (const auto* name : {"Žabka", "Čapek", "Chalupa", "Hrubý", "Adámek"}) {
        create(company(std::string(name) + " " + tag, tag));
    }
    create(company("Bez štítku " + tag));  // filtered out by the tag

    const auto rows = export_csv("tag=" + tag + "&sort=name&columns=name,city,status,tags");
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"Název", "Město", "Stav", "Štítky"}));
    std::vector<std::string> names;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        names.push_back(rows[i][0].substr(0, rows[i][0].find(' ')));
        EXPECT_EQ(rows[i][1], "Praha");
        EXPECT_EQ(rows[i][2], "Zájemce");
        EXPECT_EQ(rows[i][3], tag);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"Adámek", "Čapek", "Hrubý", "Chalupa", "Žabka"}));

    const auto descending = export_csv("tag=" + tag + "&sort=-name&columns=name");
    ASSERT_EQ(descending.size(), 6u);
    EXPECT_TRUE(descending[1][0].starts_with("Žabka"));
    EXPECT_TRUE(descending[5][0].starts_with("Adámek"));

    // The same rows and order as the list itself gives.
    const auto listed = list_all(admin(), "/api/v1/customers?tag=" + tag + "&sort=-name", 2);
    ASSERT_EQ(listed.size(), 5u);
    for (std::size_t i = 0; i < listed.size(); ++i) {
        EXPECT_EQ(descending[i + 1][0], listed[i]["name"]);
    }
}

TEST_F(ExportApi, DefaultColumnsAndEnglishLabels) {
    const auto tag = "def" + unique_suffix();
    auto body = company("Default " + tag, tag);
    body["status"] = "active";
    body["owner_id"] = admin().get("/api/v1/auth/me").json()["user"]["id"];
    create(body);
    const auto rows = export_csv("tag=" + tag);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"Název", "IČO", "Město", "Stav", "Vlastník", "Změněno"}));
    EXPECT_EQ(rows[1][3], "Aktivní");
    EXPECT_EQ(rows[1][4], "admin");  // owner as username (the creator owns it)
    // Updated: Prague wall-clock "YYYY-MM-DD HH:MM" of today.
    EXPECT_TRUE(rows[1][5].starts_with(domain::prague_local(now_ms()).date)) << rows[1][5];

    const auto english = export_csv("tag=" + tag + "&lang=en&columns=name,status,kind&delimiter=comma", ',');
    ASSERT_EQ(english.size(), 2u);
    EXPECT_EQ(english[0], (std::vector<std::string>{"Name", "Status", "Kind"}));
    EXPECT_EQ(english[1][1], "Active");
    EXPECT_EQ(english[1][2], "Company");
}

TEST_F(ExportApi, KeepsLeadingZerosAndQuotesDelimitersQuotesAndLineBreaks) {
    const auto tag = "quo" + unique_suffix();
    auto body = company("Firma \"Alfa\"; s.r.o., " + tag, tag);
    body["ico"] = ico_with_check_digit(1234);
    body["note"] = "první řádek\nna druhém; \"citace\"";
    body["billing_address"]["postal_code"] = "602 00";
    const auto created = create(body);
    ASSERT_TRUE(created["ico"].get<std::string>().starts_with("000")) << created;

    const auto response = admin().get("/api/v1/customers/export?tag=" + tag + "&columns=name,ico,postal_code,note");
    ASSERT_EQ(response.status, 200u) << response.body;
    // Exactly RFC 4180 on the wire: quoted only when needed, quotes doubled, CRLF between records.
    EXPECT_NE(
        response.body.find(
            "\"Firma \"\"Alfa\"\"; s.r.o., " + tag + "\";" + created["ico"].get<std::string>() +
            ";602 00;\"první řádek\nna druhém; \"\"citace\"\"\"\r\n"
        ),
        std::string::npos
    ) << response.body;

    const auto semicolon = parse_csv(std::string_view(response.body).substr(kBom.size()), ';');
    ASSERT_EQ(semicolon.size(), 2u);
    EXPECT_EQ(semicolon[1][0], body["name"]);
    EXPECT_EQ(semicolon[1][1], created["ico"]);
    EXPECT_EQ(semicolon[1][3], body["note"]);

    // With commas the name's comma needs the quotes and its semicolon does not.
    const auto comma = export_csv("tag=" + tag + "&columns=name,note&delimiter=comma", ',');
    ASSERT_EQ(comma.size(), 2u);
    EXPECT_EQ(comma[1][0], body["name"]);
    EXPECT_EQ(comma[1][1], body["note"]);
}

TEST_F(ExportApi, BadParametersAre400NamingThemAndWriteNothing) {
    for (const auto& [query, parameter] : std::vector<std::pair<std::string, std::string>>{
             {"format=pdf", "format"},
             {"columns=name,shoe_size", "columns"},
             {"lang=de", "lang"},
             {"delimiter=tab", "delimiter"},
             {"colour=red", "colour"},
             {"status=sleeping", "status"},
             {"created_from=2026-13-01", "created_from"},
             {"sort=height", "sort"},
             {"cursor=abc", "cursor"},
             {"q=%zz", "q"},
         }) {
        const auto response = admin().get("/api/v1/customers/export?" + query);
        EXPECT_EQ(response.status, 400u) << query << ": " << response.body;
        EXPECT_TRUE(response.is_problem()) << query;
        EXPECT_TRUE(response.has_field_error(parameter)) << query << ": " << response.body;
        EXPECT_FALSE(response.body.starts_with(kBom)) << query;
    }
    EXPECT_EQ(ApiClient(port()).get("/api/v1/customers/export").status, 401u);
}

TEST_F(ExportApi, EmptyResultIsJustTheHeader) {
    const auto rows = export_csv("tag=nikdo" + unique_suffix() + "&columns=name,ico");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"Název", "IČO"}));
}

TEST_F(ExportApi, XlsxKeepsTextAsTextAndDatesAsDates) {
    const auto tag = "xls" + unique_suffix();
    auto first = company("Bětka " + tag, tag);
    first["ico"] = ico_with_check_digit(77);
    first["phone"] = "+420777123456";
    first["billing_address"]["postal_code"] = "602 00";
    first["tags"] = {tag, "vip"};
    const auto created = create(first);
    create(company("Adéla " + tag, tag));

    const auto response = admin().get(
        "/api/v1/customers/export?format=xlsx&tag=" + tag + "&sort=name&columns=name,ico,postal_code,phone,tags,created"
    );
    ASSERT_EQ(response.status, 200u) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(response.header("Content-Disposition").find(".xlsx\""), std::string::npos);
    EXPECT_EQ(response.header("Content-Length"), std::to_string(response.body.size()));

    TempDir dir;
    const auto path = dir.path() / "export.xlsx";
    std::ofstream(path, std::ios::binary) << response.body;
    auto reader = importer::open_reader(path);
    ASSERT_TRUE(reader) << reader.error().message;
    ASSERT_EQ((*reader)->sheets().size(), 1u);
    EXPECT_EQ((*reader)->sheets()[0].name, "Zákazníci");
    ASSERT_TRUE((*reader)->open(0));
    std::vector<importer::Row> rows;
    importer::Row row;
    while (true) {
        auto more = (*reader)->next_row(row);
        ASSERT_TRUE(more) << more.error().message;
        if (!*more) {
            break;
        }
        rows.push_back(row);
    }
    ASSERT_EQ(rows.size(), 3u);
    const std::vector<std::string> header{"Název", "IČO", "PSČ", "Telefon", "Štítky", "Vytvořeno"};
    ASSERT_EQ(rows[0].cells.size(), header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        EXPECT_EQ(rows[0].cells[i].type, importer::CellType::Text);
        EXPECT_EQ(rows[0].cells[i].text, header[i]);
    }
    const auto& betka = rows[2].cells;  // Adéla sorts first
    EXPECT_EQ(rows[1].cells[0].text, "Adéla " + tag);
    ASSERT_GE(betka.size(), 6u);
    EXPECT_EQ(betka[0].text, "Bětka " + tag);
    EXPECT_EQ(betka[1].type, importer::CellType::Text);
    EXPECT_EQ(betka[1].text, created["ico"]);
    EXPECT_TRUE(betka[1].text.starts_with("00000"));
    EXPECT_EQ(betka[2].type, importer::CellType::Text);
    EXPECT_EQ(betka[2].text, "602 00");
    EXPECT_EQ(betka[3].type, importer::CellType::Text);
    EXPECT_EQ(betka[3].text, "+420777123456");
    EXPECT_EQ(betka[4].text, tag + ", vip");
    EXPECT_EQ(betka[5].type, importer::CellType::DateTime) << betka[5].text;
    const auto local = domain::prague_local(now_ms());
    EXPECT_TRUE(betka[5].text.starts_with(local.date + "T")) << betka[5].text;
    EXPECT_GT(betka[5].number, 40000.0);  // a real spreadsheet serial, not text

    const auto english = admin().get("/api/v1/customers/export?format=xlsx&lang=en&tag=" + tag);
    ASSERT_EQ(english.status, 200u);
    std::ofstream(dir.path() / "en.xlsx", std::ios::binary) << english.body;
    auto english_reader = importer::open_reader(dir.path() / "en.xlsx");
    ASSERT_TRUE(english_reader);
    EXPECT_EQ((*english_reader)->sheets()[0].name, "Customers");
}

/// Round trip, first half: the import's header suggestions map every importable column of an export back to
/// itself, in both languages (the rows themselves are matched by the import engine's own tests).
TEST_F(ExportApi, ImportSuggestsTheSameColumnsForAnExportsHeader) {
    std::string keys;
    std::vector<domain::CustomerColumn> columns;
    for (const auto& info : domain::customer_columns()) {
        keys += (keys.empty() ? "" : ",") + std::string(info.key);
        columns.push_back(info.column);
    }
    for (const auto* lang : {"cs", "en"}) {
        const auto rows = export_csv("tag=nikdo" + unique_suffix() + "&lang=" + lang + "&columns=" + keys);
        ASSERT_EQ(rows.size(), 1u);
        const auto mapping = importer::suggest_mapping(rows[0]);
        ASSERT_EQ(mapping.columns.size(), columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto& info = domain::column_info(columns[i]);
            if (info.importable) {
                EXPECT_EQ(mapping.columns[i], columns[i]) << lang << ": " << rows[0][i];
            }
        }
    }
}

/// A store with several export pages (1,000 rows each): every customer comes out once, in the list's order.
class ExportManyPages : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        data_dir_ = std::make_unique<TempDir>();
        const auto filled = run_kartoteka(
            {"demo-data", "2345", "--data", data_dir_->path().string()},
            {{"KARTOTEKA_ADMIN_PASSWORD", kAdminPassword}},
            {},
            std::chrono::seconds(300)
        );
        ASSERT_EQ(filled.exit_code, 0) << filled.output;
        server_ = std::make_unique<TestServer>(TestServer::Options{.data_dir = data_dir_->path()});
    }
    static void TearDownTestSuite() {
        server_.reset();
        data_dir_.reset();
    }

    static inline std::unique_ptr<TempDir> data_dir_;
    static inline std::unique_ptr<TestServer> server_;
};

TEST_F(ExportManyPages, EveryRowOnceInTheListsOrder) {
    ASSERT_NE(server_, nullptr);
    const auto client = ApiClient::admin_session(server_->port());
    const auto listed = list_all(client, "/api/v1/customers?sort=city", 500);
    ASSERT_GE(listed.size(), 2345u);

    const auto response = client.get("/api/v1/customers/export?sort=city&columns=id,name,city");
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto rows = parse_csv(std::string_view(response.body).substr(kBom.size()), ';');
    ASSERT_EQ(rows.size(), listed.size() + 1);
    for (std::size_t i = 0; i < listed.size(); ++i) {
        ASSERT_EQ(rows[i + 1][0], std::to_string(listed[i]["id"].get<std::int64_t>())) << "row " << i + 1;
    }

    const auto xlsx = client.get("/api/v1/customers/export?format=xlsx&sort=-created&columns=id");
    ASSERT_EQ(xlsx.status, 200u);
    TempDir dir;
    std::ofstream(dir.path() / "all.xlsx", std::ios::binary) << xlsx.body;
    auto reader = importer::open_reader(dir.path() / "all.xlsx");
    ASSERT_TRUE(reader);
    ASSERT_TRUE((*reader)->open(0));
    importer::Row row;
    std::size_t count = 0;
    while (*(*reader)->next_row(row)) {
        if (count > 0) {
            EXPECT_EQ(row.cells.at(0).type, importer::CellType::Number);
        }
        ++count;
    }
    EXPECT_EQ(count, listed.size() + 1);
    // The temporary file is gone once sent.
    std::size_t left = 0;
    if (std::filesystem::exists(data_dir_->path() / "tmp")) {
        for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(data_dir_->path() / "tmp")) {
            ++left;
        }
    }
    EXPECT_EQ(left, 0u);
}

}  // namespace
}  // namespace kartoteka::api_test
