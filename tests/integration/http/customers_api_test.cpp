#include <algorithm>
#include <regex>
#include <thread>

#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

class CustomersApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& client() const { return *client_; }

    /// Creates a customer and returns its JSON; fails the test when that does not give 201.
    nlohmann::json create(const nlohmann::json& body) const {
        const auto response = client().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::string path_of(const nlohmann::json& customer) {
        return "/api/v1/customers/" + std::to_string(customer.at("id").get<std::int64_t>());
    }

private:
    std::unique_ptr<ApiClient> client_;
};

bool is_rfc3339_utc(const nlohmann::json& value) {
    static const std::regex kPattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$)");
    return value.is_string() && std::regex_match(value.get<std::string>(), kPattern);
}

bool contains_id(const std::vector<nlohmann::json>& items, const nlohmann::json& id) {
    return std::any_of(items.begin(), items.end(), [&id](const nlohmann::json& item) { return item["id"] == id; });
}

TEST_F(CustomersApi, CreateReturnsTheNormalisedRecord) {
    const std::string name = "Pekárna Novák " + unique_suffix();
    auto body = company(name, "pekarna");
    body["ico"] = "25596641";
    body["dic"] = "CZ25596641";
    body["email"] = "info@pekarna-novak.cz";
    body["phone"] = "777 123 456";
    body["billing_address"]["postal_code"] = "11000";
    body["note"] = "Rohlíky každé ráno.";

    const auto response = client().post("/api/v1/customers", body);
    ASSERT_EQ(response.status, 201u) << response.body;
    const auto customer = response.json();
    EXPECT_TRUE(customer["id"].is_number_integer());
    EXPECT_GT(customer["id"].get<std::int64_t>(), 0);
    EXPECT_EQ(customer["kind"], "company");
    EXPECT_EQ(customer["name"], name);
    EXPECT_EQ(customer["ico"], "25596641");
    EXPECT_EQ(customer["dic"], "CZ25596641");
    EXPECT_EQ(customer["email"], "info@pekarna-novak.cz");
    EXPECT_EQ(customer["phone"], "+420777123456");
    EXPECT_EQ(customer["billing_address"]["postal_code"], "110 00");
    EXPECT_EQ(customer["billing_address"]["city"], "Praha");
    EXPECT_EQ(customer["status"], "lead");
    EXPECT_EQ(customer["tags"], nlohmann::json::array({"pekarna"}));
    EXPECT_EQ(customer["note"], "Rohlíky každé ráno.");
    EXPECT_EQ(customer["version"], 1);
    EXPECT_TRUE(is_rfc3339_utc(customer["created_at"])) << customer["created_at"];
    EXPECT_TRUE(is_rfc3339_utc(customer["updated_at"])) << customer["updated_at"];
    EXPECT_TRUE(customer["contacts"].is_array());
}

TEST_F(CustomersApi, CreateKeepsLeadingZerosOfIco) {
    auto body = company("Nuly " + unique_suffix());
    body["ico"] = ico_with_check_digit(45317);  // "0045317" + check digit
    ASSERT_EQ(body["ico"].get<std::string>().substr(0, 2), "00");
    const auto customer = create(body);
    EXPECT_EQ(customer["ico"], body["ico"]);
}

TEST_F(CustomersApi, PersonNameIsDerivedFromFirstAndLastName) {
    const std::string last_name = "Nováková" + unique_suffix();
    const auto customer = create({{"kind", "person"}, {"first_name", "Jana"}, {"last_name", last_name}});
    EXPECT_EQ(customer["kind"], "person");
    EXPECT_EQ(customer["first_name"], "Jana");
    EXPECT_EQ(customer["last_name"], last_name);
    EXPECT_EQ(customer["name"], "Jana " + last_name);
}

TEST_F(CustomersApi, GetReturnsTheCustomerWithVersionETag) {
    const auto created = create(company("Get me " + unique_suffix()));
    const auto response = client().get(path_of(created));
    ASSERT_EQ(response.status, 200u) << response.body;
    EXPECT_EQ(response.header("ETag"), "\"1\"");
    EXPECT_EQ(response.json(), created);
}

TEST_F(CustomersApi, GetOfMissingIdIsNotFoundProblem) {
    const auto response = client().get("/api/v1/customers/987654321");
    EXPECT_EQ(response.status, 404u);
    EXPECT_TRUE(response.is_problem()) << response.body;
}

TEST_F(CustomersApi, GetOfNonNumericIdIsNotFound) {
    const auto response = client().get("/api/v1/customers/abc");
    EXPECT_EQ(response.status, 404u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
}

TEST_F(CustomersApi, PatchWithCurrentVersionUpdatesAndBumpsVersion) {
    const auto created = create(company("Patch me " + unique_suffix()));
    const auto response =
        client().patch(path_of(created), {{"status", "active"}, {"note", "Volat v úterý"}}, if_match(1));
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto updated = response.json();
    EXPECT_EQ(updated["version"], 2);
    EXPECT_EQ(updated["status"], "active");
    EXPECT_EQ(updated["note"], "Volat v úterý");
    EXPECT_EQ(updated["name"], created["name"]) << "a field absent from the patch changed";
    EXPECT_EQ(response.header("ETag"), "\"2\"");
    EXPECT_EQ(client().get(path_of(created)).json(), updated);
}

TEST_F(CustomersApi, PatchThatChangesNothingKeepsVersionAndUpdatedAt) {
    const auto created = create(company("No-op patch " + unique_suffix()));
    // updated_at has millisecond resolution: make sure a write would have moved it.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

    const auto empty = client().patch(path_of(created), nlohmann::json::object(), if_match(1));
    ASSERT_EQ(empty.status, 200u) << empty.body;
    EXPECT_EQ(empty.json()["version"], 1);
    EXPECT_EQ(empty.json()["updated_at"], created["updated_at"]);
    EXPECT_EQ(empty.header("ETag"), "\"1\"");

    const auto same_values =
        client().patch(path_of(created), {{"name", created["name"]}, {"status", created["status"]}}, if_match(1));
    ASSERT_EQ(same_values.status, 200u) << same_values.body;
    EXPECT_EQ(same_values.json()["version"], 1) << "re-sending the stored values must not count as a change";

    EXPECT_EQ(client().get(path_of(created)).json(), created);
    // A colleague still holding version 1 can save a real change afterwards.
    const auto real = client().patch(path_of(created), {{"note", "skutečná změna"}}, if_match(1));
    ASSERT_EQ(real.status, 200u) << real.body;
    EXPECT_EQ(real.json()["version"], 2);
}

TEST_F(CustomersApi, PatchWithStaleVersionIsRefusedAndKeepsTheColleaguesChange) {
    const auto created = create(company("Race " + unique_suffix()));
    const auto first = client().patch(path_of(created), {{"note", "colleague's change"}}, if_match(1));
    ASSERT_EQ(first.status, 200u) << first.body;

    const auto stale = client().patch(path_of(created), {{"note", "my stale change"}}, if_match(1));
    EXPECT_EQ(stale.status, 412u) << stale.body;
    EXPECT_TRUE(stale.is_problem()) << stale.body;

    const auto stored = client().get(path_of(created)).json();
    EXPECT_EQ(stored["note"], "colleague's change");
    EXPECT_EQ(stored["version"], 2);
}

TEST_F(CustomersApi, PatchWithoutIfMatchIsPreconditionRequired) {
    const auto created = create(company("No If-Match " + unique_suffix()));
    const auto response = client().patch(path_of(created), {{"note", "x"}}, "");
    EXPECT_EQ(response.status, 428u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_EQ(client().get(path_of(created)).json()["version"], 1);
}

TEST_F(CustomersApi, PatchOfMissingCustomerIsNotFound) {
    const auto response = client().patch("/api/v1/customers/987654321", {{"note", "x"}}, if_match(1));
    EXPECT_EQ(response.status, 404u) << response.body;
}

TEST_F(CustomersApi, PatchWithNullClearsTheField) {
    auto body = company("Clear me " + unique_suffix());
    body["email"] = "clear@me.cz";
    body["delivery_address"] = {{"street", "Skladová 1"}, {"city", "Brno"}, {"postal_code", "602 00"}};
    const auto created = create(body);
    ASSERT_EQ(created["email"], "clear@me.cz");

    const auto response =
        client().patch(path_of(created), {{"email", nullptr}, {"delivery_address", nullptr}}, if_match(1));
    ASSERT_EQ(response.status, 200u) << response.body;
    EXPECT_TRUE(response.json()["email"].is_null()) << response.body;
    EXPECT_TRUE(response.json()["delivery_address"].is_null()) << response.body;
    EXPECT_TRUE(client().get(path_of(created)).json()["email"].is_null());
}

TEST_F(CustomersApi, PatchWithInvalidValueIsRefusedAndWritesNothing) {
    const auto created = create(company("Stay valid " + unique_suffix()));
    const auto response = client().patch(path_of(created), {{"ico", "12345678"}}, if_match(1));
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.has_field_error("ico")) << response.body;
    EXPECT_EQ(client().get(path_of(created)).json(), created);
}

TEST_F(CustomersApi, ConcurrentPatchesOfOneVersionLetExactlyOneWin) {
    const auto created = create(company("Concurrent " + unique_suffix()));
    constexpr int kWriters = 4;
    std::vector<unsigned> statuses(kWriters, 0);
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([&, i] {
            statuses[static_cast<std::size_t>(i)] =
                client().patch(path_of(created), {{"note", "writer " + std::to_string(i)}}, if_match(1)).status;
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200u), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 412u), kWriters - 1);
    const auto stored = client().get(path_of(created)).json();
    EXPECT_EQ(stored["version"], 2);
    const auto winner = std::find(statuses.begin(), statuses.end(), 200u) - statuses.begin();
    EXPECT_EQ(stored["note"], "writer " + std::to_string(winner));
}

TEST_F(CustomersApi, DeleteWithStaleIfMatchIsRefused) {
    const auto created = create(company("Stale delete " + unique_suffix()));
    ASSERT_EQ(client().patch(path_of(created), {{"note", "newer"}}, if_match(1)).status, 200u);
    const auto response = client().request("DELETE", path_of(created), {}, {{"If-Match", if_match(1)}});
    EXPECT_EQ(response.status, 412u) << response.body;
    EXPECT_EQ(client().get(path_of(created)).status, 200u);
}

TEST_F(CustomersApi, ContactOfAnotherCustomerCannotBeTakenOver) {
    const auto owner = create(company("Owner " + unique_suffix()));
    const auto added = client().patch(path_of(owner), {{"contacts", {{{"name", "Karel Vlastní"}}}}}, if_match(1));
    ASSERT_EQ(added.status, 200u) << added.body;
    const auto contact_id = added.json()["contacts"][0]["id"];

    const auto other = create(company("Other " + unique_suffix()));
    const auto response =
        client().patch(path_of(other), {{"contacts", {{{"id", contact_id}, {"name", "Unesený"}}}}}, if_match(1));
    EXPECT_GE(response.status, 400u) << response.body;
    EXPECT_LT(response.status, 500u) << response.body;

    const auto stored_owner = client().get(path_of(owner)).json();
    ASSERT_EQ(stored_owner["contacts"].size(), 1u) << stored_owner.dump();
    EXPECT_EQ(stored_owner["contacts"][0]["name"], "Karel Vlastní");
    EXPECT_EQ(stored_owner["contacts"][0]["id"], contact_id);
}

TEST_F(CustomersApi, ContactsAreAddedEditedAndRemovedViaPatch) {
    const auto created = create(company("Contacts " + unique_suffix()));

    auto added = client().patch(
        path_of(created),
        {{"contacts", {{{"name", "Petr Svoboda"}, {"role", "jednatel"}, {"email", "petr@firma.cz"}}}}},
        if_match(1)
    );
    ASSERT_EQ(added.status, 200u) << added.body;
    const auto first_contacts = added.json()["contacts"];
    ASSERT_EQ(first_contacts.size(), 1u) << added.body;
    const auto petr_id = first_contacts[0]["id"];
    ASSERT_TRUE(petr_id.is_number_integer());
    EXPECT_EQ(first_contacts[0]["role"], "jednatel");

    auto edited = client().patch(
        path_of(created),
        {{"contacts",
          {{{"id", petr_id}, {"name", "Petr Svoboda"}, {"role", "ředitel"}, {"email", "petr@firma.cz"}},
           {{"name", "Eva Malá"}, {"phone", "602 111 222"}}}}},
        if_match(2)
    );
    ASSERT_EQ(edited.status, 200u) << edited.body;
    const auto second_contacts = edited.json()["contacts"];
    ASSERT_EQ(second_contacts.size(), 2u) << edited.body;
    const auto petr =
        std::find_if(second_contacts.begin(), second_contacts.end(), [&](const auto& c) { return c["id"] == petr_id; });
    ASSERT_NE(petr, second_contacts.end()) << "editing a contact changed its id";
    EXPECT_EQ((*petr)["role"], "ředitel");
    const auto eva = std::find_if(second_contacts.begin(), second_contacts.end(), [&](const auto& c) {
        return c["name"] == "Eva Malá";
    });
    ASSERT_NE(eva, second_contacts.end());
    EXPECT_EQ((*eva)["phone"], "+420602111222");

    auto removed =
        client().patch(path_of(created), {{"contacts", {{{"id", (*eva)["id"]}, {"name", "Eva Malá"}}}}}, if_match(3));
    ASSERT_EQ(removed.status, 200u) << removed.body;
    const auto stored = client().get(path_of(created)).json();
    ASSERT_EQ(stored["contacts"].size(), 1u) << stored.dump();
    EXPECT_EQ(stored["contacts"][0]["id"], (*eva)["id"]);
    EXPECT_EQ(stored["version"], 4);
}

TEST_F(CustomersApi, DeleteMovesToTrashAndRestoreBringsBack) {
    const std::string tag = unique_suffix();
    const auto created = create(company("Trash me " + tag, tag));

    const auto deleted = client().del(path_of(created));
    EXPECT_TRUE(deleted.status == 204u || deleted.status == 200u) << deleted.status << " " << deleted.body;
    EXPECT_EQ(client().get(path_of(created)).status, 404u);
    EXPECT_FALSE(contains_id(list_all(client(), "/api/v1/customers?tag=" + tag), created["id"]));
    EXPECT_FALSE(contains_id(list_all(client(), "/api/v1/customers"), created["id"]));
    EXPECT_TRUE(contains_id(list_all(client(), "/api/v1/trash/customers"), created["id"]));

    const auto restored = client().request("POST", path_of(created) + "/restore");
    ASSERT_EQ(restored.status, 200u) << restored.body;
    EXPECT_GT(restored.json()["version"].get<std::int64_t>(), created["version"].get<std::int64_t>());
    EXPECT_EQ(restored.json()["name"], created["name"]);

    const auto stored = client().get(path_of(created));
    ASSERT_EQ(stored.status, 200u);
    EXPECT_EQ(stored.json()["version"], restored.json()["version"]);
    EXPECT_TRUE(contains_id(list_all(client(), "/api/v1/customers?tag=" + tag), created["id"]));
    EXPECT_FALSE(contains_id(list_all(client(), "/api/v1/trash/customers"), created["id"]));
}

TEST_F(CustomersApi, RestoreOfLiveCustomerIsRefused) {
    const auto created = create(company("Alive " + unique_suffix()));
    const auto response = client().request("POST", path_of(created) + "/restore");
    EXPECT_TRUE(response.status == 404u || response.status == 409u) << response.status << " " << response.body;
    EXPECT_EQ(client().get(path_of(created)).json()["version"], 1);
}

TEST_F(CustomersApi, DeleteOfMissingCustomerIsNotFound) {
    EXPECT_EQ(client().del("/api/v1/customers/987654321").status, 404u);
}

TEST_F(CustomersApi, TrashedCustomerCannotBePatched) {
    const auto created = create(company("Trashed patch " + unique_suffix()));
    ASSERT_LT(client().del(path_of(created)).status, 300u);
    const auto response = client().patch(path_of(created), {{"note", "x"}}, if_match(2));
    EXPECT_EQ(response.status, 404u) << response.body;
}

// ---------------------------------------------------------------------------------------- validation errors

struct InvalidCase {
    const char* label;
    nlohmann::json changes;  // merged into a valid company (null removes the member)
    const char* field;       // expected key in problem "errors" and "error_codes"
    const char* code;        // expected error_codes[field]: the UI translates these
};

// Names the case in gtest output instead of dumping its bytes.
void PrintTo(const InvalidCase& invalid, std::ostream* out) {
    *out << invalid.label;
}

class CustomerValidationApi : public CustomersApi, public ::testing::WithParamInterface<InvalidCase> {};

TEST_P(CustomerValidationApi, RefusesInvalidFieldAndWritesNothing) {
    const auto& invalid = GetParam();
    const std::size_t before = count_customers(client());
    auto body = company("Invalid " + unique_suffix());
    body.merge_patch(invalid.changes);

    const auto response = client().post("/api/v1/customers", body);
    EXPECT_EQ(response.status, 422u) << body.dump() << " -> " << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_TRUE(response.has_field_error(invalid.field))
        << "expected errors[\"" << invalid.field << "\"] in " << response.body;
    const auto problem = nlohmann::json::parse(response.body, nullptr, false);
    EXPECT_EQ(problem.value("/error_codes"_json_pointer / invalid.field, std::string()), invalid.code) << response.body;
    EXPECT_EQ(count_customers(client()), before) << "a refused customer was stored";
}

INSTANTIATE_TEST_SUITE_P(
    Fields,
    CustomerValidationApi,
    ::testing::Values(
        InvalidCase{"IcoBadCheckDigit", {{"ico", "25596642"}}, "ico", "ico.check_digit"},
        InvalidCase{"IcoSevenDigits", {{"ico", "2559664"}}, "ico", "ico.format"},
        InvalidCase{"IcoLetters", {{"ico", "2559664a"}}, "ico", "ico.format"},
        InvalidCase{"Dic", {{"dic", "CZ12"}}, "dic", "dic.format"},
        InvalidCase{"Email", {{"email", "jan.novak@"}}, "email", "email.format"},
        InvalidCase{"EmailWithSpace", {{"email", "jan novak@firma.cz"}}, "email", "email.format"},
        InvalidCase{"Phone", {{"phone", "12ab34"}}, "phone", "phone.format"},
        InvalidCase{
            "PostalCode",
            {{"billing_address", {{"postal_code", "1100"}}}},
            "billing_address.postal_code",
            "postal_code.format"},
        InvalidCase{"KindUnknown", {{"kind", "robot"}}, "kind", "enum.kind"},
        InvalidCase{"StatusUnknown", {{"status", "vip"}}, "status", "enum.status"},
        InvalidCase{"MissingName", {{"name", nullptr}}, "name", "required"},
        InvalidCase{"BlankName", {{"name", "   "}}, "name", "required"},
        InvalidCase{
            "ContactEmail",
            {{"contacts", {{{"name", "Jan Dvořák"}, {"email", "nope"}}}}},
            "contacts[0].email",
            "email.format"},
        InvalidCase{"OwnerMissing", {{"owner_id", 987654321}}, "owner_id", "owner.missing"}
    ),
    [](const ::testing::TestParamInfo<InvalidCase>& info) { return std::string(info.param.label); }
);

TEST_F(CustomersApi, ReportsAllInvalidFieldsAtOnce) {
    auto body = company("Many errors " + unique_suffix());
    body["ico"] = "11111111";
    body["email"] = "not-an-email";
    body["phone"] = "12ab34";
    body["billing_address"]["postal_code"] = "1100";
    body["status"] = "vip";  // refused by the JSON layer, yet reported together with the domain's findings
    const auto response = client().post("/api/v1/customers", body);
    EXPECT_EQ(response.status, 422u);
    for (const char* field : {"ico", "email", "phone", "billing_address.postal_code", "status"}) {
        EXPECT_TRUE(response.has_field_error(field)) << field << " missing in " << response.body;
    }
}

}  // namespace
}  // namespace kartoteka::api_test
