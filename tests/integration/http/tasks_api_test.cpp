#include <algorithm>
#include <chrono>

#include "api_fixture.hpp"
#include "domain/calendar_time.hpp"

namespace kartoteka::api_test {
namespace {

constexpr const char* kUserPassword = "uzivatel-Heslo-1";

class TasksApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        admin_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& admin() const { return *admin_; }

    /// A new user made with the CLI on the running server's store; returns their id.
    static std::int64_t add_user(const std::string& username) {
        const auto added =
            run_kartoteka({"user", "add", username, "--password", kUserPassword, "--data", server().data_dir().string()}
            );
        EXPECT_EQ(added.exit_code, 0) << added.output;
        return user_id(username);
    }

    static std::int64_t user_id(const std::string& username) {
        const auto users = ApiClient::admin_session(port()).get("/api/v1/users").json();
        for (const auto& user : users["items"]) {
            if (user["username"] == username) {
                return user["id"].get<std::int64_t>();
            }
        }
        ADD_FAILURE() << "no user " << username;
        return 0;
    }

    static ApiClient login(const std::string& username) {
        ApiClient client(port());
        const auto response = client.login(username, kUserPassword);
        EXPECT_EQ(response.status, 200u) << response.body;
        return client;
    }

    std::int64_t create_customer() const {
        const auto response = admin().post("/api/v1/customers", company("Úkolník " + unique_suffix()));
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json()["id"].get<std::int64_t>();
    }

    static std::string tasks_of(std::int64_t customer_id) {
        return "/api/v1/customers/" + std::to_string(customer_id) + "/tasks";
    }

    nlohmann::json create_task(std::int64_t customer_id, const nlohmann::json& body) const {
        const auto response = admin().post(tasks_of(customer_id), body);
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::string task_path(const nlohmann::json& task) {
        return "/api/v1/tasks/" + std::to_string(task["id"].get<std::int64_t>());
    }

    static std::int64_t admin_id() { return user_id("admin"); }

    static std::string today() {
        const auto now =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
        return domain::prague_local(now.count()).date;
    }

private:
    std::unique_ptr<ApiClient> admin_;
};

std::vector<std::int64_t> ids_of(const nlohmann::json& items) {
    std::vector<std::int64_t> ids;
    for (const auto& item : items) {
        ids.push_back(item["id"].get<std::int64_t>());
    }
    return ids;
}

bool contains(const std::vector<std::int64_t>& ids, const nlohmann::json& task) {
    return std::find(ids.begin(), ids.end(), task["id"].get<std::int64_t>()) != ids.end();
}

TEST_F(TasksApi, CreateReturnsTheTaskWithRefsAndEtag) {
    const auto customer = create_customer();
    const auto response = admin().post(
        tasks_of(customer),
        {{"title", "  Poslat nabídku  "},
         {"description", "Ceník 2027"},
         {"due_date", "2030-03-04"},
         {"due_time", "09:15"},
         {"priority", "high"}}
    );
    ASSERT_EQ(response.status, 201u) << response.body;
    const auto task = response.json();
    EXPECT_EQ(task["title"], "Poslat nabídku");
    EXPECT_EQ(task["customer"]["id"], customer);
    EXPECT_EQ(task["assignee"]["id"], admin_id());  // defaults to the creator
    EXPECT_EQ(task["created_by"]["id"], admin_id());
    EXPECT_EQ(task["due_date"], "2030-03-04");
    EXPECT_EQ(task["due_time"], "09:15");
    EXPECT_EQ(task["priority"], "high");
    EXPECT_EQ(task["status"], "open");
    EXPECT_EQ(task["overdue"], false);
    EXPECT_EQ(task["version"], 1);
    EXPECT_TRUE(task["completed_at"].is_null());
    EXPECT_EQ(response.header("ETag"), "\"1\"");
    EXPECT_EQ(admin().get(task_path(task)).json()["title"], "Poslat nabídku");
}

TEST_F(TasksApi, ListsByDueDateAndFilters) {
    const auto customer = create_customer();
    const auto colleague = add_user("kolega" + unique_suffix());
    const auto late = create_task(customer, {{"title", "Pozdě"}, {"due_date", "2030-05-02"}});
    const auto timed = create_task(customer, {{"title", "V čas"}, {"due_date", "2030-05-01"}, {"due_time", "10:00"}});
    const auto all_day = create_task(customer, {{"title", "Celý den"}, {"due_date", "2030-05-01"}});
    const auto theirs =
        create_task(customer, {{"title", "Kolegovi"}, {"due_date", "2030-04-01"}, {"assignee_id", colleague}});
    const auto done = create_task(customer, {{"title", "Hotovo"}, {"due_date", "2030-04-15"}, {"status", "done"}});
    EXPECT_FALSE(done["completed_at"].is_null());

    const auto listed = admin().get(tasks_of(customer));
    ASSERT_EQ(listed.status, 200u) << listed.body;
    EXPECT_EQ(
        ids_of(listed.json()["items"]),
        (std::vector<std::int64_t>{theirs["id"], done["id"], all_day["id"], timed["id"], late["id"]}
        )  // all-day first on its day
    );

    // Paging with a cursor returns the same order.
    std::vector<std::int64_t> paged;
    std::string target = tasks_of(customer) + "?limit=2";
    for (int guard = 0; guard < 10; ++guard) {
        const auto page = admin().get(target).json();
        for (auto id : ids_of(page["items"])) {
            paged.push_back(id);
        }
        if (page["next_cursor"].is_null()) {
            break;
        }
        target = tasks_of(customer) + "?limit=2&cursor=" + url_encode(page["next_cursor"].get<std::string>());
    }
    EXPECT_EQ(paged, ids_of(listed.json()["items"]));

    const auto by_assignee = ids_of(admin().get("/api/v1/tasks?assignee=" + std::to_string(colleague)).json()["items"]);
    EXPECT_EQ(by_assignee, (std::vector<std::int64_t>{theirs["id"]}));

    const auto open = ids_of(admin().get(tasks_of(customer) + "?status=open").json()["items"]);
    EXPECT_FALSE(contains(open, done));
    EXPECT_TRUE(contains(open, late));

    const auto before =
        ids_of(admin()
                   .get("/api/v1/tasks?created_by=" + std::to_string(admin_id()) + "&due_before=2030-05-01&limit=200")
                   .json()["items"]);
    EXPECT_TRUE(contains(before, theirs));
    EXPECT_TRUE(contains(before, done));
    EXPECT_FALSE(contains(before, all_day));

    EXPECT_TRUE(admin().get("/api/v1/tasks?status=closed").has_field_error("status"));
    EXPECT_TRUE(admin().get("/api/v1/tasks?due_before=2030-02-30").has_field_error("due_before"));
    EXPECT_TRUE(admin().get("/api/v1/tasks?cursor=nonsense").has_field_error("cursor"));
}

TEST_F(TasksApi, RefusesInvalidFieldsByName) {
    const auto customer = create_customer();
    const auto response = admin().post(
        tasks_of(customer),
        {{"title", ""}, {"due_date", "2030-02-30"}, {"due_time", "25:00"}, {"priority", "urgent"}, {"colour", "red"}}
    );
    ASSERT_EQ(response.status, 422u) << response.body;
    for (const char* field : {"priority", "colour"}) {
        EXPECT_TRUE(response.has_field_error(field)) << field << " in " << response.body;
    }
    const auto semantic =
        admin().post(tasks_of(customer), {{"title", ""}, {"due_date", "2030-02-30"}, {"due_time", "25:00"}});
    ASSERT_EQ(semantic.status, 422u) << semantic.body;
    for (const char* field : {"title", "due_date", "due_time"}) {
        EXPECT_TRUE(semantic.has_field_error(field)) << field << " in " << semantic.body;
    }
    EXPECT_TRUE(admin().get(tasks_of(customer)).json()["items"].empty());
}

TEST_F(TasksApi, UnknownOrDeactivatedAssigneeIsRefusedAndNothingIsWritten) {
    const auto customer = create_customer();
    const auto unknown =
        admin().post(tasks_of(customer), {{"title", "Nikomu"}, {"due_date", "2030-01-01"}, {"assignee_id", 999999}});
    ASSERT_EQ(unknown.status, 422u) << unknown.body;
    EXPECT_EQ(unknown.json()["error_codes"]["assignee_id"], "assignee.missing");

    const std::string username = "odchozi" + unique_suffix();
    const auto leaver = add_user(username);
    const auto deactivated = run_kartoteka({"user", "deactivate", username, "--data", server().data_dir().string()});
    ASSERT_EQ(deactivated.exit_code, 0) << deactivated.output;
    const auto inactive =
        admin().post(tasks_of(customer), {{"title", "Odchozímu"}, {"due_date", "2030-01-01"}, {"assignee_id", leaver}});
    ASSERT_EQ(inactive.status, 422u) << inactive.body;
    EXPECT_EQ(inactive.json()["error_codes"]["assignee_id"], "assignee.inactive");

    EXPECT_TRUE(admin().get(tasks_of(customer)).json()["items"].empty());
    const auto history = admin().get("/api/v1/customers/" + std::to_string(customer) + "/history?subject=task");
    if (history.status == 200u) {  // the history route belongs to another part of the card
        EXPECT_TRUE(history.json()["items"].empty()) << history.body;
    }

    // Deactivated users cannot log in (the same 401 as a wrong password) and show as inactive.
    ApiClient client(port());
    EXPECT_EQ(client.login(username, kUserPassword).status, 401u);
    for (const auto& user : admin().get("/api/v1/users").json()["items"]) {
        EXPECT_EQ(user["active"], user["id"] != leaver) << user;
    }
    ASSERT_EQ(run_kartoteka({"user", "activate", username, "--data", server().data_dir().string()}).exit_code, 0);
    EXPECT_EQ(client.login(username, kUserPassword).status, 200u);
}

TEST_F(TasksApi, TrashedOrMissingCustomerRefusesTasks) {
    const auto customer = create_customer();
    const auto path = "/api/v1/customers/" + std::to_string(customer);
    ASSERT_EQ(admin().request("DELETE", path, {}, {{"If-Match", if_match(1)}}).status, 200u);
    const auto trashed = admin().post(tasks_of(customer), {{"title", "Do koše"}, {"due_date", "2030-01-01"}});
    EXPECT_EQ(trashed.status, 409u) << trashed.body;
    EXPECT_EQ(trashed.json()["error_codes"]["customer_id"], "customer.trashed");
    EXPECT_EQ(admin().post(tasks_of(99999999), {{"title", "x"}, {"due_date", "2030-01-01"}}).status, 404u);
}

TEST_F(TasksApi, AssignmentNotifiesTheAssigneeOnly) {
    const auto customer = create_customer();
    const std::string username = "prijemce" + unique_suffix();
    const auto assignee = add_user(username);
    const auto assignee_client = login(username);
    const auto admin_unread_before = admin().get("/api/v1/me/notifications?unread=true").json()["unread_count"];

    const auto task =
        create_task(customer, {{"title", "Zavolat zpět"}, {"due_date", "2030-06-01"}, {"assignee_id", assignee}});
    auto mine = assignee_client.get("/api/v1/me/notifications").json();
    ASSERT_EQ(mine["items"].size(), 1u) << mine;
    EXPECT_EQ(mine["unread_count"], 1);
    const auto notification = mine["items"][0];
    EXPECT_EQ(notification["kind"], "task_assigned");
    EXPECT_EQ(notification["task_id"], task["id"]);
    EXPECT_EQ(notification["customer_id"], customer);
    EXPECT_EQ(notification["text"], "Zavolat zpět");
    EXPECT_EQ(notification["actor"]["id"], admin_id());
    EXPECT_TRUE(notification["read_at"].is_null());
    // Tasks one gives oneself notify nobody.
    create_task(customer, {{"title", "Sobě"}, {"due_date", "2030-06-01"}});
    EXPECT_EQ(admin().get("/api/v1/me/notifications?unread=true").json()["unread_count"], admin_unread_before);

    // Someone else's notification cannot be read.
    const auto foreign = "/api/v1/me/notifications/" + std::to_string(notification["id"].get<std::int64_t>()) + "/read";
    EXPECT_EQ(admin().request("POST", foreign).status, 404u);
    EXPECT_EQ(assignee_client.request("POST", foreign).status, 204u);
    mine = assignee_client.get("/api/v1/me/notifications").json();
    EXPECT_EQ(mine["unread_count"], 0);
    EXPECT_FALSE(mine["items"][0]["read_at"].is_null());

    // Reassigning back and forth notifies the new assignee again; read-all clears it.
    const auto to_admin = admin().patch(task_path(task), {{"assignee_id", admin_id()}}, if_match(1));
    ASSERT_EQ(to_admin.status, 200u) << to_admin.body;
    const auto back = admin().patch(task_path(task), {{"assignee_id", assignee}}, if_match(2));
    ASSERT_EQ(back.status, 200u) << back.body;
    EXPECT_EQ(assignee_client.get("/api/v1/me/notifications?unread=true").json()["unread_count"], 1);
    EXPECT_EQ(assignee_client.request("POST", "/api/v1/me/notifications/read-all").status, 204u);
    EXPECT_EQ(assignee_client.get("/api/v1/me/notifications?unread=true").json()["items"].size(), 0u);
}

TEST_F(TasksApi, PatchNeedsTheCurrentVersion) {
    const auto customer = create_customer();
    const auto task = create_task(customer, {{"title", "Verze"}, {"due_date", "2030-01-01"}});
    EXPECT_EQ(admin().request("PATCH", task_path(task), R"({"title":"x"})").status, 428u);
    const auto done = admin().patch(task_path(task), {{"status", "done"}}, if_match(1));
    ASSERT_EQ(done.status, 200u) << done.body;
    EXPECT_EQ(done.json()["version"], 2);
    EXPECT_FALSE(done.json()["completed_at"].is_null());
    const auto stale = admin().patch(task_path(task), {{"title", "Přepsáno"}}, if_match(1));
    ASSERT_EQ(stale.status, 412u) << stale.body;
    EXPECT_EQ(stale.json()["current_version"], 2);
    EXPECT_EQ(admin().get(task_path(task)).json()["title"], "Verze");
    const auto reopened = admin().patch(task_path(task), {{"status", "open"}, {"due_time", "08:00"}}, if_match(2));
    ASSERT_EQ(reopened.status, 200u) << reopened.body;
    EXPECT_TRUE(reopened.json()["completed_at"].is_null());
    EXPECT_EQ(reopened.json()["due_time"], "08:00");
    EXPECT_TRUE(admin().patch(task_path(task), {{"title", nullptr}}, if_match(3)).has_field_error("title"));
}

TEST_F(TasksApi, DeleteMovesToTheTrash) {
    const auto customer = create_customer();
    const auto task = create_task(customer, {{"title", "Smazat"}, {"due_date", "2030-01-01"}});
    EXPECT_EQ(admin().del(task_path(task)).status, 428u);
    EXPECT_EQ(admin().request("DELETE", task_path(task), {}, {{"If-Match", if_match(5)}}).status, 412u);
    const auto deleted = admin().request("DELETE", task_path(task), {}, {{"If-Match", if_match(1)}});
    ASSERT_EQ(deleted.status, 200u) << deleted.body;
    EXPECT_EQ(admin().get(task_path(task)).status, 404u);
    EXPECT_TRUE(admin().get(tasks_of(customer)).json()["items"].empty());
}

TEST_F(TasksApi, MyTasksViewsFollowPragueToday) {
    const std::string username = "moje" + unique_suffix();
    const auto me = add_user(username);
    const auto client = login(username);
    const auto customer = create_customer();
    const auto mine = [&](const nlohmann::json& body) {
        auto full = body;
        full["assignee_id"] = me;
        return create_task(customer, full);
    };
    const auto overdue = mine({{"title", "Po termínu"}, {"due_date", "2020-01-01"}});
    const auto today_task = mine({{"title", "Dnes"}, {"due_date", today()}});
    const auto upcoming = mine({{"title", "Později"}, {"due_date", "2099-01-01"}});
    const auto done = mine({{"title", "Hotovo"}, {"due_date", "2020-01-02"}, {"status", "done"}});
    const auto view = [&](const char* name) {
        const auto response = client.get(std::string("/api/v1/me/tasks?view=") + name);
        EXPECT_EQ(response.status, 200u) << response.body;
        return ids_of(response.json()["items"]);
    };
    EXPECT_EQ(view("overdue"), (std::vector<std::int64_t>{overdue["id"]}));
    EXPECT_EQ(view("today"), (std::vector<std::int64_t>{today_task["id"]}));
    EXPECT_EQ(view("upcoming"), (std::vector<std::int64_t>{upcoming["id"]}));
    EXPECT_EQ(view("done"), (std::vector<std::int64_t>{done["id"]}));
    EXPECT_TRUE(client.get("/api/v1/me/tasks?view=overdue").json()["items"][0]["overdue"].get<bool>());
    const auto by_admin = ids_of(admin().get("/api/v1/me/tasks?view=assigned_by_me&limit=200").json()["items"]);
    EXPECT_TRUE(contains(by_admin, overdue));
    EXPECT_FALSE(contains(by_admin, done));
    EXPECT_TRUE(client.get("/api/v1/me/tasks?view=tomorrow").has_field_error("view"));
}

TEST_F(TasksApi, CalendarFeedServesIcsUntilRegeneratedOrRevoked) {
    const std::string username = "kalendar" + unique_suffix();
    const auto me = add_user(username);
    const auto client = login(username);
    const auto customer = create_customer();
    const auto task = create_task(
        customer, {{"title", "Schůzka, příprava; podklady"}, {"due_date", "2030-01-15"}, {"assignee_id", me}}
    );
    const auto timed = create_task(
        customer, {{"title", "Telefonát"}, {"due_date", "2030-07-15"}, {"due_time", "14:30"}, {"assignee_id", me}}
    );
    EXPECT_EQ(client.get("/api/v1/me/calendar-feed").json()["active"], false);

    const auto created = client.request("POST", "/api/v1/me/calendar-feed");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto url = created.json()["url"].get<std::string>();
    const std::string prefix = "http://127.0.0.1:" + std::to_string(port()) + "/api/v1/calendar-feeds/";
    ASSERT_EQ(url.substr(0, prefix.size()), prefix) << url;
    const auto feed_path = url.substr(url.find("/api/v1/"));
    EXPECT_EQ(client.get("/api/v1/me/calendar-feed").json()["active"], true);

    const auto feed = http_request(port(), "GET", feed_path);  // no cookie, no token: the URL is the secret
    ASSERT_EQ(feed.status, 200u) << feed.body;
    EXPECT_EQ(feed.header("Content-Type"), "text/calendar; charset=utf-8");
    const auto& ics = feed.body;
    EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u) << ics;
    EXPECT_NE(ics.find("END:VCALENDAR\r\n"), std::string::npos);
    EXPECT_NE(ics.find("BEGIN:VTODO\r\n"), std::string::npos);
    EXPECT_NE(
        ics.find("UID:task-" + std::to_string(task["id"].get<std::int64_t>()) + "@kartoteka\r\n"), std::string::npos
    );
    EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20300115\r\n"), std::string::npos);
    EXPECT_NE(ics.find("SUMMARY:Schůzka\\, příprava\\; podklady\r\n"), std::string::npos);
    EXPECT_NE(
        ics.find("UID:task-" + std::to_string(timed["id"].get<std::int64_t>()) + "@kartoteka\r\n"), std::string::npos
    );
    EXPECT_NE(ics.find("DTSTART:20300715T123000Z\r\n"), std::string::npos);  // 14:30 CEST

    // Regenerating makes the old URL stop working.
    const auto regenerated = client.request("POST", "/api/v1/me/calendar-feed");
    ASSERT_EQ(regenerated.status, 201u);
    const auto new_url = regenerated.json()["url"].get<std::string>();
    EXPECT_NE(new_url, url);
    const auto new_path = new_url.substr(new_url.find("/api/v1/"));
    EXPECT_EQ(http_request(port(), "GET", feed_path).status, 404u);
    EXPECT_EQ(http_request(port(), "GET", new_path).status, 200u);

    // Revoking ends it.
    EXPECT_EQ(client.request("DELETE", "/api/v1/me/calendar-feed").status, 204u);
    EXPECT_EQ(http_request(port(), "GET", new_path).status, 404u);
    EXPECT_EQ(client.get("/api/v1/me/calendar-feed").json()["active"], false);
    EXPECT_EQ(http_request(port(), "GET", "/api/v1/calendar-feeds/not-a-token").status, 404u);
}

}  // namespace
}  // namespace kartoteka::api_test
