#include <algorithm>
#include <regex>

#include "api_fixture.hpp"

// Zápisy over HTTP against the real binary: two users (admin and a colleague added with the CLI), so authorship
// rules are exercised with real sessions.
namespace kartoteka::api_test {
namespace {

constexpr const char* kColleague = "kolega";
constexpr const char* kColleaguePassword = "kolega-Heslo-2026";

class NotesApi : public ApiTest {
protected:
    static void SetUpTestSuite() {
        ApiTest::SetUpTestSuite();
        const auto added = run_kartoteka(
            {"user",
             "add",
             kColleague,
             "--display-name",
             "Petr Kolega",
             "--password",
             kColleaguePassword,
             "--data",
             server().data_dir().string()}
        );
        ASSERT_EQ(added.exit_code, 0) << added.output;
    }

    void SetUp() override {
        ApiTest::SetUp();
        admin_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
        colleague_ = std::make_unique<ApiClient>(port());
        const auto login = colleague_->login(kColleague, kColleaguePassword);
        ASSERT_EQ(login.status, 200u) << login.body;
        admin_id_ = user_id(*admin_);
        colleague_id_ = user_id(*colleague_);
    }

    static std::int64_t user_id(const ApiClient& client) {
        const auto body = client.get("/api/v1/auth/me").json();
        const auto& user = body.contains("user") ? body["user"] : body;
        return user.at("id").get<std::int64_t>();
    }

    const ApiClient& admin() const { return *admin_; }
    const ApiClient& colleague() const { return *colleague_; }

    /// A customer with two contact persons; returns its JSON.
    nlohmann::json customer_with_contacts() const {
        auto body = company("Zápisy " + unique_suffix());
        body["contacts"] = nlohmann::json::array({{{"name", "Jan Novák"}}, {{"name", "Eva Malá"}}});
        const auto response = admin().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::string notes_path(const nlohmann::json& customer) {
        return "/api/v1/customers/" + std::to_string(customer.at("id").get<std::int64_t>()) + "/notes";
    }
    static std::string note_path(const nlohmann::json& note) {
        return "/api/v1/notes/" + std::to_string(note.at("id").get<std::int64_t>());
    }

    static nlohmann::json minute(const std::string& subject, const std::string& occurred_at = "2026-11-20T09:30:00Z") {
        return {{"kind", "meeting"}, {"occurred_at", occurred_at}, {"subject", subject}};
    }

    nlohmann::json create(const ApiClient& client, const nlohmann::json& customer, const nlohmann::json& body) const {
        const auto response = client.post(notes_path(customer), body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::vector<std::int64_t> ids(const std::vector<nlohmann::json>& items) {
        std::vector<std::int64_t> result;
        for (const auto& item : items) {
            result.push_back(item.at("id").get<std::int64_t>());
        }
        return result;
    }

    static std::string code_of(const HttpResponse& response, const std::string& field) {
        const auto body = response.json();
        if (!body.contains("error_codes") || !body["error_codes"].contains(field)) {
            return "";
        }
        return body["error_codes"][field].get<std::string>();
    }

    std::unique_ptr<ApiClient> admin_;
    std::unique_ptr<ApiClient> colleague_;
    std::int64_t admin_id_ = 0;
    std::int64_t colleague_id_ = 0;
};

TEST_F(NotesApi, CreateReturnsTheNoteWithAuthorParticipantsAndETag) {
    const auto customer = customer_with_contacts();
    auto body = minute("Nabídka na rok 2027");
    body["place"] = "Brno, Husova 12";
    body["body"] = "Dohodli jsme **slevu 5 %**.";
    body["conclusions"] = "Pošlou objednávku.";
    body["next_steps"] = "Zavolat v pondělí.";
    body["participants"] = {{{"contact_id", customer["contacts"][1]["id"]}}, {{"user_id", colleague_id_}}};

    const auto response = admin().post(notes_path(customer), body);
    ASSERT_EQ(response.status, 201u) << response.body;
    const auto note = response.json();
    EXPECT_EQ(response.header("ETag"), "\"1\"");
    EXPECT_EQ(response.header("Location"), note_path(note));
    EXPECT_EQ(note["customer_id"], customer["id"]);
    EXPECT_EQ(note["kind"], "meeting");
    EXPECT_EQ(note["occurred_at"], "2026-11-20T09:30:00.000Z");
    EXPECT_EQ(note["place"], "Brno, Husova 12");
    EXPECT_EQ(note["body"], "Dohodli jsme **slevu 5 %**.");
    EXPECT_EQ(note["conclusions"], "Pošlou objednávku.");
    EXPECT_EQ(note["next_steps"], "Zavolat v pondělí.");
    EXPECT_EQ(note["version"], 1);
    EXPECT_EQ(note["author"]["id"], admin_id_);
    EXPECT_EQ(note["author"]["display_name"], "Administrator");
    ASSERT_EQ(note["participants"].size(), 2u);
    EXPECT_EQ(note["participants"][0]["contact_id"], customer["contacts"][1]["id"]);
    EXPECT_TRUE(note["participants"][0]["user_id"].is_null());
    EXPECT_EQ(note["participants"][0]["name"], "Eva Malá");
    EXPECT_EQ(note["participants"][1]["user_id"], colleague_id_);
    EXPECT_EQ(note["participants"][1]["name"], "Petr Kolega");
    EXPECT_FALSE(note.contains("deleted_at"));

    const auto fetched = admin().get(note_path(note));
    ASSERT_EQ(fetched.status, 200u) << fetched.body;
    EXPECT_EQ(fetched.json(), note);
    EXPECT_EQ(fetched.header("ETag"), "\"1\"");
}

TEST_F(NotesApi, ListIsNewestFirstAndFiltersByKindAndAuthor) {
    const auto customer = customer_with_contacts();
    const auto older = create(admin(), customer, minute("Starší", "2026-10-01T08:00:00Z"));
    const auto newest = create(admin(), customer, minute("Nejnovější", "2026-11-25T08:00:00+01:00"));
    auto call = minute("Telefon", "2026-11-01T12:00:00Z");
    call["kind"] = "call";
    const auto by_colleague = create(colleague(), customer, call);

    const auto all = list_all(admin(), notes_path(customer), 200);
    EXPECT_EQ(ids(all), (std::vector<std::int64_t>{newest["id"], by_colleague["id"], older["id"]}));

    const auto calls = admin().get(notes_path(customer) + "?kind=call");
    ASSERT_EQ(calls.status, 200u) << calls.body;
    EXPECT_EQ(
        ids(calls.json()["items"].get<std::vector<nlohmann::json>>()), (std::vector<std::int64_t>{by_colleague["id"]})
    );

    const auto mine = admin().get(notes_path(customer) + "?author=" + std::to_string(admin_id_));
    ASSERT_EQ(mine.status, 200u) << mine.body;
    EXPECT_EQ(
        ids(mine.json()["items"].get<std::vector<nlohmann::json>>()),
        (std::vector<std::int64_t>{newest["id"], older["id"]})
    );
}

TEST_F(NotesApi, PagesCoverEveryNoteOnceEvenWithEqualTimes) {
    const auto customer = customer_with_contacts();
    std::vector<std::int64_t> created;
    for (int i = 0; i < 5; ++i) {
        created.push_back(create(admin(), customer, minute("Stejný čas " + std::to_string(i)))["id"]);
    }
    std::vector<std::int64_t> seen;
    std::string target = notes_path(customer) + "?limit=2";
    int pages = 0;
    while (true) {
        const auto page = admin().get(target);
        ASSERT_EQ(page.status, 200u) << page.body;
        const auto body = page.json();
        EXPECT_LE(body["items"].size(), 2u);
        for (const auto& item : body["items"]) {
            seen.push_back(item["id"]);
        }
        ++pages;
        if (body["next_cursor"].is_null()) {
            break;
        }
        target = notes_path(customer) + "?limit=2&cursor=" + url_encode(body["next_cursor"].get<std::string>());
    }
    std::reverse(created.begin(), created.end());
    EXPECT_EQ(seen, created);
    EXPECT_EQ(pages, 3);
}

TEST_F(NotesApi, ListRefusesBadParametersAndUnknownCustomer) {
    const auto customer = customer_with_contacts();
    const auto too_big = admin().get(notes_path(customer) + "?limit=201");
    EXPECT_EQ(too_big.status, 422u);
    EXPECT_TRUE(too_big.has_field_error("limit"));
    const auto bad_kind = admin().get(notes_path(customer) + "?kind=lunch");
    EXPECT_EQ(bad_kind.status, 422u);
    EXPECT_TRUE(bad_kind.has_field_error("kind"));
    const auto bad_cursor = admin().get(notes_path(customer) + "?cursor=garbage");
    EXPECT_EQ(bad_cursor.status, 422u);
    EXPECT_TRUE(bad_cursor.has_field_error("cursor"));
    EXPECT_EQ(admin().get("/api/v1/customers/999999999/notes").status, 404u);
    EXPECT_EQ(admin().post("/api/v1/customers/999999999/notes", minute("Nikam")).status, 404u);
    EXPECT_EQ(admin().get("/api/v1/notes/999999999").status, 404u);
}

TEST_F(NotesApi, AuthorEditsWithIfMatchAndStaleVersionIsRefused) {
    const auto customer = customer_with_contacts();
    const auto note = create(admin(), customer, minute("Původní předmět"));

    const auto missing = admin().patch(note_path(note), {{"subject", "Bez If-Match"}}, "");
    EXPECT_EQ(missing.status, 428u) << missing.body;

    const auto edited = admin().patch(
        note_path(note),
        {{"subject", "Nový předmět"}, {"participants", {{{"contact_id", customer["contacts"][0]["id"]}}}}},
        if_match(1)
    );
    ASSERT_EQ(edited.status, 200u) << edited.body;
    EXPECT_EQ(edited.header("ETag"), "\"2\"");
    EXPECT_EQ(edited.json()["subject"], "Nový předmět");
    EXPECT_EQ(edited.json()["kind"], "meeting");
    EXPECT_EQ(edited.json()["participants"][0]["name"], "Jan Novák");

    const auto stale = admin().patch(note_path(note), {{"subject", "Pozdě"}}, if_match(1));
    EXPECT_EQ(stale.status, 412u) << stale.body;
    EXPECT_EQ(stale.json()["current_version"], 2);
    EXPECT_EQ(admin().get(note_path(note)).json()["subject"], "Nový předmět");
}

TEST_F(NotesApi, AnotherUserCannotEditOrDelete) {
    const auto customer = customer_with_contacts();
    const auto note = create(admin(), customer, minute("Jen můj"));
    const auto edit = colleague().patch(note_path(note), {{"subject", "Cizí úprava"}}, if_match(1));
    EXPECT_EQ(edit.status, 403u) << edit.body;
    const auto remove = colleague().request("DELETE", note_path(note), {}, {{"If-Match", if_match(1)}});
    EXPECT_EQ(remove.status, 403u) << remove.body;
    const auto stored = colleague().get(note_path(note));
    ASSERT_EQ(stored.status, 200u);
    EXPECT_EQ(stored.json()["subject"], "Jen můj");
    EXPECT_EQ(stored.json()["version"], 1);
}

TEST_F(NotesApi, DeleteMovesTheNoteToTheTrash) {
    const auto customer = customer_with_contacts();
    const auto note = create(admin(), customer, minute("Do koše"));
    EXPECT_EQ(admin().del(note_path(note)).status, 428u);
    const auto stale = admin().request("DELETE", note_path(note), {}, {{"If-Match", if_match(7)}});
    EXPECT_EQ(stale.status, 412u) << stale.body;
    const auto removed = admin().request("DELETE", note_path(note), {}, {{"If-Match", if_match(1)}});
    ASSERT_EQ(removed.status, 200u) << removed.body;
    EXPECT_TRUE(removed.json().contains("deleted_at"));
    EXPECT_EQ(admin().get(note_path(note)).status, 404u);
    EXPECT_TRUE(admin().get(notes_path(customer)).json()["items"].empty());
}

TEST_F(NotesApi, MinuteForTrashedCustomerIsRefusedAndNothingIsWritten) {
    const auto customer = customer_with_contacts();
    const auto customer_path = "/api/v1/customers/" + std::to_string(customer["id"].get<std::int64_t>());
    ASSERT_EQ(admin().del(customer_path).status, 200u);
    const auto refused = admin().post(notes_path(customer), minute("Po smazání"));
    EXPECT_EQ(refused.status, 409u) << refused.body;
    EXPECT_EQ(code_of(refused, "customer_id"), "customer.trashed");
    ASSERT_EQ(admin().post(customer_path + "/restore", nlohmann::json::object()).status, 200u);
    EXPECT_TRUE(admin().get(notes_path(customer)).json()["items"].empty());
}

TEST_F(NotesApi, InvalidParticipantsNameTheirEntries) {
    const auto customer = customer_with_contacts();
    const auto other = customer_with_contacts();
    auto body = minute("Špatní účastníci");
    body["participants"] = {
        {{"contact_id", customer["contacts"][0]["id"]}},
        {{"contact_id", other["contacts"][0]["id"]}},
        {{"user_id", 987654}},
    };
    const auto response = admin().post(notes_path(customer), body);
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_EQ(code_of(response, "participants[1].contact_id"), "contact.missing");
    EXPECT_EQ(code_of(response, "participants[2].user_id"), "user.missing");
    EXPECT_FALSE(response.has_field_error("participants[0].contact_id"));

    body["participants"] = {{{"contact_id", customer["contacts"][0]["id"]}, {"user_id", admin_id_}}, {{"phone", "1"}}};
    const auto malformed = admin().post(notes_path(customer), body);
    EXPECT_EQ(malformed.status, 422u) << malformed.body;
    EXPECT_EQ(code_of(malformed, "participants[1].phone"), "unknown_field");
    EXPECT_TRUE(admin().get(notes_path(customer)).json()["items"].empty());
}

TEST_F(NotesApi, InvalidFieldsAreReportedTogether) {
    const auto customer = customer_with_contacts();
    const auto response = admin().post(
        notes_path(customer),
        {{"kind", "lunch"},
         {"occurred_at", "včera"},
         {"subject", "   "},
         {"place", std::string(301, 'x')},
         {"author", 1}}
    );
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_EQ(code_of(response, "kind"), "enum.kind");
    EXPECT_EQ(code_of(response, "occurred_at"), "type.datetime");
    EXPECT_EQ(code_of(response, "subject"), "required");
    EXPECT_EQ(code_of(response, "place"), "too_long");
    EXPECT_EQ(code_of(response, "author"), "read_only");

    const auto missing = admin().post(notes_path(customer), {{"subject", "Bez druhu"}});
    EXPECT_EQ(missing.status, 422u);
    EXPECT_EQ(code_of(missing, "kind"), "required");
    EXPECT_EQ(code_of(missing, "occurred_at"), "required");
    EXPECT_TRUE(admin().get(notes_path(customer)).json()["items"].empty());
}

}  // namespace
}  // namespace kartoteka::api_test
