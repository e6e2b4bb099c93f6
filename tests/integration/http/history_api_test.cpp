#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

class HistoryApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& client() const { return *client_; }

    nlohmann::json create(const nlohmann::json& body) const {
        const auto response = client().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::string path_of(const nlohmann::json& customer) {
        return "/api/v1/customers/" + std::to_string(customer.at("id").get<std::int64_t>());
    }

    static std::string etag(const nlohmann::json& customer) {
        return "\"" + std::to_string(customer.at("version").get<std::int64_t>()) + "\"";
    }

    nlohmann::json history(const nlohmann::json& customer, const std::string& query = {}) const {
        const auto response = client().get(path_of(customer) + "/history" + query);
        EXPECT_EQ(response.status, 200u) << response.body;
        return response.json();
    }

private:
    std::unique_ptr<ApiClient> client_;
};

const nlohmann::json* change_of(const nlohmann::json& entry, const std::string& field) {
    for (const auto& change : entry.at("changes")) {
        if (change.at("field") == field) {
            return &change;
        }
    }
    return nullptr;
}

TEST_F(HistoryApi, UpdateRecordsBeforeAfterAndTheActor) {
    auto body = company("Historie " + unique_suffix());
    body["email"] = "stary@firma.cz";
    const auto customer = create(body);
    const auto updated = client().patch(path_of(customer), {{"email", "novy@firma.cz"}}, etag(customer));
    ASSERT_EQ(updated.status, 200u) << updated.body;

    const auto page = history(customer);
    ASSERT_EQ(page["items"].size(), 2u) << page.dump();
    const auto& entry = page["items"][0];
    EXPECT_EQ(entry["action"], "updated");
    EXPECT_EQ(entry["subject"], "customer");
    EXPECT_EQ(entry["channel"], "web");
    EXPECT_TRUE(entry["channel_detail"].is_null());
    EXPECT_EQ(entry["actor"]["display_name"].is_string(), true);
    ASSERT_EQ(entry["changes"].size(), 1u);
    EXPECT_EQ(entry["changes"][0]["before"], "stary@firma.cz");
    EXPECT_EQ(entry["changes"][0]["after"], "novy@firma.cz");
    EXPECT_EQ(page["items"][1]["action"], "created");
}

TEST_F(HistoryApi, ApiTokenChangeRecordsTheTokenName) {
    const auto customer = create(company("Token " + unique_suffix()));
    const auto bearer = ApiClient::admin_bearer(port());
    const auto updated = bearer.patch(path_of(customer), {{"web", "https://firma.cz"}}, etag(customer));
    ASSERT_EQ(updated.status, 200u) << updated.body;
    const auto entry = history(customer)["items"][0];
    EXPECT_EQ(entry["channel"], "api_token");
    ASSERT_TRUE(entry["channel_detail"].is_string());
    EXPECT_TRUE(entry["channel_detail"].get<std::string>().starts_with("api-test ")) << entry.dump();
}

TEST_F(HistoryApi, StaleIfMatchWritesNothing) {
    const auto customer = create(company("Stale " + unique_suffix()));
    ASSERT_EQ(client().patch(path_of(customer), {{"note", "první"}}, etag(customer)).status, 200u);
    const auto stale = client().patch(path_of(customer), {{"note", "druhá"}}, etag(customer));
    EXPECT_EQ(stale.status, 412u);
    EXPECT_EQ(history(customer)["items"].size(), 2u);
}

TEST_F(HistoryApi, RestoreValueCopiesTheBeforeBackAndIsRecorded) {
    auto body = company("Obnova " + unique_suffix(), "vip");
    const auto customer = create(body);
    const auto changed = client().patch(path_of(customer), {{"tags", {"bezny"}}}, etag(customer));
    ASSERT_EQ(changed.status, 200u) << changed.body;
    const auto entry_id = history(customer)["items"][0]["id"].get<std::int64_t>();
    const std::string restore = path_of(customer) + "/history/" + std::to_string(entry_id) + "/restore";

    const auto missing_if_match = client().post(restore, {{"field", "tags"}});
    EXPECT_EQ(missing_if_match.status, 428u);
    const auto stale =
        client().request("POST", restore, nlohmann::json{{"field", "tags"}}.dump(), {{"If-Match", etag(customer)}});
    EXPECT_EQ(stale.status, 412u);
    const auto unchanged_field = client().request(
        "POST", restore, nlohmann::json{{"field", "email"}}.dump(), {{"If-Match", etag(changed.json())}}
    );
    EXPECT_EQ(unchanged_field.status, 422u);
    EXPECT_TRUE(unchanged_field.has_field_error("field"));

    const auto restored = client().request(
        "POST", restore, nlohmann::json{{"field", "tags"}}.dump(), {{"If-Match", etag(changed.json())}}
    );
    ASSERT_EQ(restored.status, 200u) << restored.body;
    EXPECT_EQ(restored.json()["tags"], nlohmann::json::array({"vip"}));
    EXPECT_EQ(restored.header("ETag"), etag(restored.json()));

    const auto page = history(customer);
    ASSERT_EQ(page["items"].size(), 3u);
    EXPECT_EQ(page["items"][0]["action"], "value_restored");
    EXPECT_EQ(page["items"][0]["restored_from"], entry_id);
}

TEST_F(HistoryApi, ContactChangesAreFilterableAndRestorable) {
    auto body = company("Kontakty " + unique_suffix());
    body["contacts"] = {{{"name", "Jan Novák"}, {"role", "jednatel"}}};
    const auto customer = create(body);
    const auto removed = client().patch(path_of(customer), {{"contacts", nlohmann::json::array()}}, etag(customer));
    ASSERT_EQ(removed.status, 200u) << removed.body;

    const auto contacts = history(customer, "?subject=contact");
    ASSERT_EQ(contacts["items"].size(), 2u) << contacts.dump();
    EXPECT_EQ(contacts["items"][0]["action"], "trashed");
    EXPECT_EQ(contacts["items"][0]["subject_label"], "Jan Novák");
    EXPECT_EQ(history(customer, "?subject=customer")["items"].size(), 2u);
    EXPECT_EQ(client().get(path_of(customer) + "/history?subject=nonsense").status, 422u);

    const auto entry = history(customer, "?subject=customer")["items"][0];
    ASSERT_NE(change_of(entry, "contacts"), nullptr);
    const auto restored = client().request(
        "POST",
        path_of(customer) + "/history/" + std::to_string(entry["id"].get<std::int64_t>()) + "/restore",
        nlohmann::json{{"field", "contacts"}}.dump(),
        {{"If-Match", etag(removed.json())}}
    );
    ASSERT_EQ(restored.status, 200u) << restored.body;
    ASSERT_EQ(restored.json()["contacts"].size(), 1u);
    EXPECT_EQ(restored.json()["contacts"][0]["name"], "Jan Novák");
}

TEST_F(HistoryApi, HistoryPagesWithACursor) {
    auto customer = create(company("Stránky " + unique_suffix()));
    for (int i = 0; i < 3; ++i) {
        const auto updated =
            client().patch(path_of(customer), {{"note", "verze " + std::to_string(i)}}, etag(customer));
        ASSERT_EQ(updated.status, 200u);
        customer = updated.json();
    }
    const auto first = history(customer, "?limit=3");
    ASSERT_EQ(first["items"].size(), 3u);
    ASSERT_TRUE(first["next_cursor"].is_string());
    const auto second = history(customer, "?limit=3&cursor=" + first["next_cursor"].get<std::string>());
    ASSERT_EQ(second["items"].size(), 1u);
    EXPECT_EQ(second["items"][0]["action"], "created");
    EXPECT_TRUE(second["next_cursor"].is_null());
}

TEST_F(HistoryApi, ContactVcardDownload) {
    auto body = company("Pekárna, vCard " + unique_suffix());
    body["contacts"] = {
        {{"name", "Jan Novák"},
         {"role", "jednatel"},
         {"email", "jan@pekarna.cz"},
         {"phone", "777 123 456"},
         {"note", "Volat ráno; ne v pátek"}}};
    const auto customer = create(body);
    ASSERT_EQ(customer["contacts"][0]["note"], "Volat ráno; ne v pátek");
    const auto contact_id = customer["contacts"][0]["id"].get<std::int64_t>();
    const auto response = client().get(path_of(customer) + "/contacts/" + std::to_string(contact_id) + "/vcard");
    ASSERT_EQ(response.status, 200u) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "text/vcard; charset=utf-8");
    EXPECT_NE(response.header("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_NE(response.header("Content-Disposition").find(".vcf"), std::string::npos);
    EXPECT_TRUE(response.body.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n")) << response.body;
    EXPECT_NE(response.body.find("FN:Jan Novák\r\n"), std::string::npos);
    EXPECT_NE(response.body.find("ORG:Pekárna\\, vCard"), std::string::npos);
    EXPECT_NE(response.body.find("TEL;VALUE=uri:tel:+420777123456\r\n"), std::string::npos);
    EXPECT_NE(response.body.find("NOTE:Volat ráno\\; ne v pátek\r\n"), std::string::npos);
    EXPECT_EQ(client().get(path_of(customer) + "/contacts/999999/vcard").status, 404u);
}

TEST_F(HistoryApi, ContactNoteIsLimited) {
    auto body = company("Dlouhá poznámka " + unique_suffix());
    body["contacts"] = {{{"name", "Eva"}, {"note", std::string(2001, 'x')}}};
    const auto response = client().post("/api/v1/customers", body);
    EXPECT_EQ(response.status, 422u);
    EXPECT_TRUE(response.has_field_error("contacts[0].note")) << response.body;
}

}  // namespace
}  // namespace kartoteka::api_test
