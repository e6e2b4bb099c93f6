#include <algorithm>

#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

constexpr const char* kUserPassword = "uzivatel-Heslo-1";

class ViewsApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        admin_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& admin() const { return *admin_; }

    /// A second user, made with the CLI on the running server's store, logged in.
    static ApiClient colleague() {
        const std::string username = "kolega" + unique_suffix();
        const auto added =
            run_kartoteka({"user", "add", username, "--password", kUserPassword, "--data", server().data_dir().string()}
            );
        EXPECT_EQ(added.exit_code, 0) << added.output;
        ApiClient client(port());
        const auto response = client.login(username, kUserPassword);
        EXPECT_EQ(response.status, 200u) << response.body;
        return client;
    }

    static nlohmann::json create(const ApiClient& client, const nlohmann::json& body) {
        const auto response = client.post("/api/v1/views", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        EXPECT_EQ(response.header("ETag"), if_match(response.json()["version"].get<std::int64_t>()));
        return response.json();
    }

    static std::string view_url(const nlohmann::json& view) {
        return "/api/v1/views/" + std::to_string(view["id"].get<std::int64_t>());
    }

    static std::vector<std::string> names_listed(const ApiClient& client) {
        const auto response = client.get("/api/v1/views");
        EXPECT_EQ(response.status, 200u) << response.body;
        std::vector<std::string> names;
        const auto body = response.json();  // a range-for over a member of a temporary would dangle
        for (const auto& item : body["items"]) {
            names.push_back(item["name"].get<std::string>());
        }
        return names;
    }

    static bool listed(const ApiClient& client, const std::string& name) {
        const auto names = names_listed(client);
        return std::find(names.begin(), names.end(), name) != names.end();
    }

private:
    std::unique_ptr<ApiClient> admin_;
};

TEST_F(ViewsApi, CreateReturnsTheViewAndListsIt) {
    const std::string name = "  Aktivní v Brně " + unique_suffix() + "  ";
    const auto view = create(
        admin(),
        {{"name", name}, {"query", "q=nov&status=active&city=Brno&sort=-updated"}, {"columns", {"name", "ico", "city"}}}
    );
    EXPECT_EQ(view["name"], name.substr(2, name.size() - 4));  // trimmed
    EXPECT_EQ(view["query"], "q=nov&status=active&city=Brno&sort=-updated");
    EXPECT_EQ(view["columns"], nlohmann::json({"name", "ico", "city"}));
    EXPECT_EQ(view["shared"], false);
    EXPECT_EQ(view["mine"], true);
    EXPECT_EQ(view["is_default"], false);
    EXPECT_EQ(view["version"], 1);
    EXPECT_EQ(view["owner"]["name"].get<std::string>().empty(), false);
    EXPECT_TRUE(view["created_at"].is_string());

    const auto fetched = admin().get(view_url(view));
    ASSERT_EQ(fetched.status, 200u) << fetched.body;
    EXPECT_EQ(fetched.json()["id"], view["id"]);
    EXPECT_EQ(fetched.header("ETag"), "\"1\"");
    EXPECT_TRUE(listed(admin(), view["name"]));
}

TEST_F(ViewsApi, ListIsInCzechOrder) {
    const auto suffix = unique_suffix();
    for (const auto* prefix : {"Zuzana", "Čech", "Chrudim", "Hana", "Cyril"}) {
        create(admin(), {{"name", std::string(prefix) + " " + suffix}, {"query", ""}});
    }
    std::vector<std::string> mine;
    for (const auto& name : names_listed(admin())) {
        if (name.ends_with(suffix)) {
            mine.push_back(name.substr(0, name.size() - suffix.size() - 1));
        }
    }
    EXPECT_EQ(mine, (std::vector<std::string>{"Cyril", "Čech", "Hana", "Chrudim", "Zuzana"}));
}

TEST_F(ViewsApi, SharedViewsAreVisibleToColleaguesPrivateOnesAreNot) {
    const auto shared =
        create(admin(), {{"name", "Sdílený " + unique_suffix()}, {"query", "status=lead"}, {"shared", true}});
    const auto secret = create(admin(), {{"name", "Soukromý " + unique_suffix()}, {"query", "status=lead"}});
    const auto other = colleague();

    EXPECT_TRUE(listed(other, shared["name"]));
    EXPECT_FALSE(listed(other, secret["name"]));
    const auto seen = other.get(view_url(shared));
    ASSERT_EQ(seen.status, 200u) << seen.body;
    EXPECT_EQ(seen.json()["mine"], false);
    EXPECT_EQ(seen.json()["owner"]["id"], shared["owner"]["id"]);
    EXPECT_EQ(other.get(view_url(secret)).status, 404u);

    // The colleague's own private view is invisible to the admin in turn.
    const auto theirs = create(other, {{"name", "Můj " + unique_suffix()}, {"query", ""}});
    EXPECT_FALSE(listed(admin(), theirs["name"]));
    EXPECT_EQ(admin().get(view_url(theirs)).status, 404u);
}

TEST_F(ViewsApi, OnlyTheOwnerMayChangeOrDeleteASharedView) {
    const auto view = create(admin(), {{"name", "Týmový " + unique_suffix()}, {"query", ""}, {"shared", true}});
    const auto other = colleague();
    const auto patched = other.patch(view_url(view), {{"name", "Převzato"}}, if_match(1));
    EXPECT_EQ(patched.status, 403u) << patched.body;
    EXPECT_TRUE(patched.is_problem());
    const auto deleted = other.del(view_url(view));
    EXPECT_EQ(deleted.status, 403u) << deleted.body;
    EXPECT_EQ(admin().get(view_url(view)).json()["name"], view["name"]);
}

TEST_F(ViewsApi, PatchNeedsTheCurrentVersion) {
    const auto view = create(admin(), {{"name", "Verze " + unique_suffix()}, {"query", "status=lead"}});
    const auto without = admin().request("PATCH", view_url(view), nlohmann::json{{"shared", true}}.dump());
    EXPECT_EQ(without.status, 428u) << without.body;

    const auto updated = admin().patch(
        view_url(view), {{"query", "status=active&sort=-created"}, {"columns", {"name", "tags"}}}, if_match(1)
    );
    ASSERT_EQ(updated.status, 200u) << updated.body;
    EXPECT_EQ(updated.json()["version"], 2);
    EXPECT_EQ(updated.json()["query"], "status=active&sort=-created");
    EXPECT_EQ(updated.json()["columns"], nlohmann::json({"name", "tags"}));
    EXPECT_EQ(updated.json()["name"], view["name"]);  // absent members stay
    EXPECT_EQ(updated.header("ETag"), "\"2\"");

    const auto stale = admin().patch(view_url(view), {{"shared", true}}, if_match(1));
    EXPECT_EQ(stale.status, 412u) << stale.body;
    EXPECT_EQ(stale.json()["current_version"], 2);
    EXPECT_EQ(admin().get(view_url(view)).json()["shared"], false);  // nothing written
}

TEST_F(ViewsApi, BadQueryIs422NamingQueryAndTheParameter) {
    const auto name = "Špatný " + unique_suffix();
    for (const auto& [query, parameter] : std::vector<std::pair<std::string, std::string>>{
             {"status=sleeping", "status"},
             {"colour=red", "colour"},
             {"created_from=2026-02-30", "created_from"},
             {"sort=-shoe_size", "sort"},
             {"cursor=abc", "cursor"},
             {"q=%zz", "q"},
         }) {
        const auto response = admin().post("/api/v1/views", {{"name", name}, {"query", query}});
        EXPECT_EQ(response.status, 422u) << query << ": " << response.body;
        ASSERT_TRUE(response.has_field_error("query")) << query << ": " << response.body;
        EXPECT_NE(response.field_errors()["query"].get<std::string>().find(parameter), std::string::npos)
            << query << ": " << response.body;
    }
    EXPECT_FALSE(listed(admin(), name));
}

TEST_F(ViewsApi, BadNamesColumnsAndMembersAre422) {
    const auto empty = admin().post("/api/v1/views", {{"name", "   "}, {"query", ""}});
    EXPECT_EQ(empty.status, 422u);
    EXPECT_TRUE(empty.has_field_error("name"));
    const auto long_name = admin().post("/api/v1/views", {{"name", std::string(101, 'x')}, {"query", ""}});
    EXPECT_EQ(long_name.status, 422u);
    EXPECT_TRUE(long_name.has_field_error("name"));
    const auto columns = admin().post(
        "/api/v1/views", {{"name", "Sloupce " + unique_suffix()}, {"query", ""}, {"columns", {"name", "shoe_size"}}}
    );
    EXPECT_EQ(columns.status, 422u);
    EXPECT_TRUE(columns.has_field_error("columns[1]")) << columns.body;
    const auto unknown =
        admin().post("/api/v1/views", {{"name", "Navíc " + unique_suffix()}, {"query", ""}, {"colour", "red"}});
    EXPECT_EQ(unknown.status, 422u);
    EXPECT_TRUE(unknown.has_field_error("colour")) << unknown.body;
    const auto wrong_type = admin().post("/api/v1/views", {{"name", "Typ " + unique_suffix()}, {"shared", "yes"}});
    EXPECT_EQ(wrong_type.status, 422u);
    EXPECT_TRUE(wrong_type.has_field_error("shared")) << wrong_type.body;
}

TEST_F(ViewsApi, NamesAreUniquePerOwnerIgnoringCaseAndAccents) {
    const auto suffix = unique_suffix();
    create(admin(), {{"name", "Dlužníci " + suffix}, {"query", ""}});
    const auto duplicate = admin().post("/api/v1/views", {{"name", "DLUZNICI " + suffix}, {"query", ""}});
    EXPECT_EQ(duplicate.status, 422u) << duplicate.body;
    ASSERT_TRUE(duplicate.has_field_error("name"));
    EXPECT_EQ(duplicate.json()["error_codes"]["name"], "name.taken") << duplicate.body;

    // Another user may use the same name; renaming onto a taken name is refused too.
    create(colleague(), {{"name", "Dlužníci " + suffix}, {"query", ""}});
    const auto second = create(admin(), {{"name", "Jiný " + suffix}, {"query", ""}});
    const auto renamed = admin().patch(view_url(second), {{"name", "Dlužníci " + suffix}}, if_match(1));
    EXPECT_EQ(renamed.status, 422u) << renamed.body;
    EXPECT_EQ(renamed.json()["error_codes"]["name"], "name.taken") << renamed.body;
}

TEST_F(ViewsApi, DeleteRemovesTheViewAndColleaguesDefaults) {
    const auto view = create(admin(), {{"name", "Smazat " + unique_suffix()}, {"query", ""}, {"shared", true}});
    const auto other = colleague();
    ASSERT_EQ(
        other.request("PUT", "/api/v1/me/default-view", nlohmann::json{{"view_id", view["id"]}}.dump()).status, 200u
    );

    EXPECT_EQ(admin().request("DELETE", view_url(view), {}, {{"If-Match", if_match(7)}}).status, 412u);
    const auto deleted = admin().request("DELETE", view_url(view), {}, {{"If-Match", if_match(1)}});
    EXPECT_EQ(deleted.status, 204u) << deleted.body;
    EXPECT_EQ(admin().get(view_url(view)).status, 404u);
    EXPECT_FALSE(listed(admin(), view["name"]));
    EXPECT_TRUE(other.get("/api/v1/me/default-view").json()["view_id"].is_null());
    EXPECT_EQ(admin().del(view_url(view)).status, 404u);
}

TEST_F(ViewsApi, DefaultViewIsPerUser) {
    const auto other = colleague();
    EXPECT_TRUE(other.get("/api/v1/me/default-view").json()["view_id"].is_null());
    const auto shared =
        create(admin(), {{"name", "Výchozí " + unique_suffix()}, {"query", "kind=person"}, {"shared", true}});
    const auto secret = create(admin(), {{"name", "Tajný " + unique_suffix()}, {"query", ""}});

    const auto set = other.request("PUT", "/api/v1/me/default-view", nlohmann::json{{"view_id", shared["id"]}}.dump());
    ASSERT_EQ(set.status, 200u) << set.body;
    EXPECT_EQ(set.json()["view_id"], shared["id"]);
    EXPECT_EQ(other.get("/api/v1/me/default-view").json()["view_id"], shared["id"]);
    EXPECT_EQ(other.get(view_url(shared)).json()["is_default"], true);
    // Not the admin's default: defaults are per user.
    EXPECT_EQ(admin().get(view_url(shared)).json()["is_default"], false);

    const auto invisible =
        other.request("PUT", "/api/v1/me/default-view", nlohmann::json{{"view_id", secret["id"]}}.dump());
    EXPECT_EQ(invisible.status, 422u) << invisible.body;
    EXPECT_TRUE(invisible.has_field_error("view_id"));
    EXPECT_EQ(other.get("/api/v1/me/default-view").json()["view_id"], shared["id"]);

    // Unsharing hides it, so it no longer reads as the colleague's default.
    ASSERT_EQ(admin().patch(view_url(shared), {{"shared", false}}, if_match(1)).status, 200u);
    EXPECT_TRUE(other.get("/api/v1/me/default-view").json()["view_id"].is_null());

    const auto cleared = other.request("PUT", "/api/v1/me/default-view", R"({"view_id":null})");
    EXPECT_EQ(cleared.status, 200u);
    EXPECT_TRUE(cleared.json()["view_id"].is_null());
    const auto bad = other.request("PUT", "/api/v1/me/default-view", R"({"view_id":"x"})");
    EXPECT_EQ(bad.status, 422u);
    EXPECT_TRUE(bad.has_field_error("view_id"));
}

TEST_F(ViewsApi, AnonymousCallersAreRefused) {
    ApiClient anonymous(port());
    EXPECT_EQ(anonymous.get("/api/v1/views").status, 401u);
    EXPECT_EQ(anonymous.get("/api/v1/me/default-view").status, 401u);
}

}  // namespace
}  // namespace kartoteka::api_test
