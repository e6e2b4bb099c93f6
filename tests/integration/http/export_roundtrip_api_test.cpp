#include <chrono>
#include <random>
#include <thread>

#include "api_fixture.hpp"
#include "domain/customer_columns.hpp"

// Issue 5's round trip: an export of the list, uploaded to the import wizard as an update file (mode upsert,
// overwrite), matches every row to the customer it came from and changes nothing — in CSV and in XLSX.
namespace kartoteka::api_test {
namespace {

using nlohmann::json;

constexpr std::string_view kBoundary = "----KartotekaRoundTripBoundary7Hq2";

/// A random IČO with a valid check digit and a leading zero, so the round trip must keep it as text.
std::string random_ico() {
    static std::mt19937 random{std::random_device{}()};
    std::string digits = "0";
    for (int i = 0; i < 6; ++i) {
        digits.push_back(static_cast<char>('0' + random() % 10));
    }
    int sum = 0;
    for (int i = 0; i < 7; ++i) {
        sum += (digits[i] - '0') * (8 - i);
    }
    const int remainder = sum % 11;
    const int check = remainder == 0 ? 1 : remainder == 1 ? 0 : 11 - remainder;
    digits.push_back(static_cast<char>('0' + check));
    return digits;
}

class ExportRoundTrip : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        admin_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& admin() const { return *admin_; }

    /// Three customers that use every importable column, tagged with a tag of their own.
    std::vector<json> create_customers(const std::string& tag) const {
        std::vector<json> created;
        const auto ico = random_ico();
        const std::vector<json> bodies = {
            {{"kind", "company"},
             {"name", "Žluťoučký kůň; \"Koně\" s.r.o. " + tag},
             {"ico", ico},
             {"dic", "CZ" + ico},
             {"email", "info-" + tag + "@kun.example.cz"},
             {"phone", "+420601234567"},
             {"web", "https://kun.example.cz"},
             {"billing_address",
              {{"street", "Dlouhá 12"}, {"city", "Brno"}, {"postal_code", "602 00"}, {"country", "CZ"}}},
             {"status", "active"},
             {"tags", json::array({tag, "vip"})},
             {"note", "První řádek\nDruhý řádek"},
             {"contacts",
              json::array(
                  {{{"name", "Jana Nováková"},
                    {"role", "nákup"},
                    {"email", "jana-" + tag + "@kun.example.cz"},
                    {"phone", "+420777111222"}}}
              )}},
            {{"kind", "company"},
             {"name", "Čerpadla Morava a.s. " + tag},
             {"ico", random_ico()},
             {"billing_address", {{"street", ""}, {"city", "Ostrava"}, {"postal_code", "702 00"}, {"country", "CZ"}}},
             {"status", "lead"},
             {"tags", json::array({tag})}},
            {{"kind", "person"},
             {"first_name", "Petr"},
             {"last_name", "Dvořák " + tag},
             {"email", "petr-" + tag + "@example.cz"},
             {"billing_address", {{"street", ""}, {"city", "Praha"}, {"postal_code", ""}, {"country", "SK"}}},
             {"status", "inactive"},
             {"tags", json::array({tag})}},
        };
        for (const auto& body : bodies) {
            const auto response = admin().post("/api/v1/customers", body);
            EXPECT_EQ(response.status, 201u) << response.body;
            created.push_back(response.json());
        }
        return created;
    }

    /// Exports the tag's customers with every column, uploads the file as an import, runs it as an update file.
    json export_and_reimport(const std::string& tag, const std::string& format) const {
        std::string columns;
        for (const auto& info : domain::customer_columns()) {
            columns += (columns.empty() ? "" : ",") + std::string(info.key);
        }
        const auto exported =
            admin().get("/api/v1/customers/export?format=" + format + "&tag=" + tag + "&columns=" + columns);
        EXPECT_EQ(exported.status, 200u) << exported.body;

        std::string body = "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"export." + format + "\"\r\n";
        body += "Content-Type: application/octet-stream\r\n\r\n" + exported.body;
        body += "\r\n--" + std::string(kBoundary) + "--\r\n";
        const auto uploaded = admin().request(
            "POST",
            "/api/v1/imports",
            body,
            {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}
        );
        EXPECT_EQ(uploaded.status, 201u) << uploaded.body;
        const auto draft = uploaded.json();
        const auto overview = draft.at("overview");
        EXPECT_EQ(overview.value("header_row", 0), 1) << overview.dump();

        const auto id = std::to_string(draft.value("id", 0));
        const json options = {
            {"sheet", 0},
            {"header_row", 1},
            {"mapping", overview.at("suggested_mapping")},
            {"mode", "upsert"},
            {"field_policy", "overwrite"},
            {"atomicity", "all_or_nothing"},
        };
        const auto started = admin().post("/api/v1/imports/" + id + "/run", options);
        EXPECT_EQ(started.status, 202u) << started.body;
        for (int attempt = 0; attempt < 600; ++attempt) {
            const auto record = admin().get("/api/v1/imports/" + id).json();
            if (record.value("status", "") != "running") {
                return record;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "import " << id << " did not finish";
        return {};
    }

    void expect_unchanged(const std::vector<json>& before) const {
        for (const auto& customer : before) {
            const auto id = std::to_string(customer.value("id", 0));
            const auto now = admin().get("/api/v1/customers/" + id);
            ASSERT_EQ(now.status, 200u) << now.body;
            auto stored = now.json();
            EXPECT_EQ(stored.value("version", 0), customer.value("version", 0)) << stored.dump(2);
            EXPECT_EQ(stored, customer);
        }
    }

private:
    std::unique_ptr<ApiClient> admin_;
};

TEST_F(ExportRoundTrip, CsvExportReimportsAsAnUpdateFileThatChangesNothing) {
    const auto tag = "rt" + unique_suffix();
    const auto before = create_customers(tag);
    const auto record = export_and_reimport(tag, "csv");
    EXPECT_EQ(record.value("status", ""), "succeeded") << record.dump(2);
    const auto counts = record.at("counts");
    EXPECT_EQ(counts.value("rows_total", -1), 3) << counts.dump();
    EXPECT_EQ(counts.value("created", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("updated", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("rejected", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("skipped", -1), 3) << counts.dump();  // matched, and nothing to change
    expect_unchanged(before);
}

TEST_F(ExportRoundTrip, XlsxExportReimportsAsAnUpdateFileThatChangesNothing) {
    const auto tag = "rx" + unique_suffix();
    const auto before = create_customers(tag);
    const auto record = export_and_reimport(tag, "xlsx");
    EXPECT_EQ(record.value("status", ""), "succeeded") << record.dump(2);
    const auto counts = record.at("counts");
    EXPECT_EQ(counts.value("rows_total", -1), 3) << counts.dump();
    EXPECT_EQ(counts.value("created", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("updated", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("rejected", -1), 0) << counts.dump();
    EXPECT_EQ(counts.value("skipped", -1), 3) << counts.dump();
    expect_unchanged(before);
}

}  // namespace
}  // namespace kartoteka::api_test
