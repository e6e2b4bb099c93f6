#include <algorithm>
#include <csignal>
#include <fstream>

#include <gtest/gtest.h>

#include "test_server.hpp"

namespace kartoteka::api_test {
namespace {

std::vector<std::string> with_data(std::vector<std::string> arguments, const TempDir& data) {
    arguments.emplace_back("--data");
    arguments.push_back(data.path().string());
    return arguments;
}

ProcessResult add_user(const TempDir& data, const std::string& username, const std::string& password) {
    return run_kartoteka(with_data({"user", "add", username, "--password", password}, data));
}

bool lists_user(const TempDir& data, const std::string& username) {
    const auto listed = run_kartoteka(with_data({"user", "list"}, data));
    EXPECT_EQ(listed.exit_code, 0) << listed.output;
    return listed.output.find(username) != std::string::npos;
}

std::string file_prefix(const std::filesystem::path& path, std::size_t length) {
    std::ifstream file(path, std::ios::binary);
    std::string prefix(length, '\0');
    file.read(prefix.data(), static_cast<std::streamsize>(length));
    prefix.resize(static_cast<std::size_t>(file.gcount()));
    return prefix;
}

// Every command and command group, as typed before "--help".
const std::vector<std::vector<std::string>> kCommands{
    {"serve"},
    {"migrate"},
    {"user"},
    {"user", "add"},
    {"user", "list"},
    {"user", "passwd"},
    {"backup"},
    {"demo-data"},
};

std::string joined(const std::vector<std::string>& command) {
    std::string text;
    for (const auto& part : command) {
        text += part + " ";
    }
    return text;
}

TEST(Cli, HelpExitsZeroForEveryCommand) {
    std::vector<std::vector<std::string>> commands{{"--help"}};
    for (auto command : kCommands) {
        command.emplace_back("--help");
        commands.push_back(std::move(command));
    }
    for (const auto& command : commands) {
        const auto result = run_kartoteka(command);
        EXPECT_EQ(result.exit_code, 0) << "kartoteka " << joined(command) << "\n" << result.output;
        EXPECT_NE(result.output.find("--"), std::string::npos)
            << "kartoteka " << joined(command) << "printed no options";
    }
}

TEST(Cli, EveryCommandTakesDataOption) {
    for (auto command : kCommands) {
        command.emplace_back("--help");
        const auto result = run_kartoteka(command);
        EXPECT_NE(result.output.find("--data"), std::string::npos) << joined(command) << ":\n" << result.output;
    }
}

TEST(Cli, UserGroupTakesDataBeforeTheSubcommand) {
    TempDir data;
    ASSERT_EQ(add_user(data, "alice", "alice-heslo-1").exit_code, 0);
    const auto listed = run_kartoteka({"user", "--data", data.path().string(), "list"});
    EXPECT_EQ(listed.exit_code, 0) << listed.output;
    EXPECT_NE(listed.output.find("alice"), std::string::npos) << listed.output;
}

TEST(Cli, UnknownCommandFails) {
    const auto result = run_kartoteka({"frobnicate"});
    EXPECT_NE(result.exit_code, 0) << result.output;
}

TEST(Cli, UserAddThenListShowsIt) {
    TempDir data;
    const auto added = add_user(data, "alice", "alice-heslo-1");
    ASSERT_EQ(added.exit_code, 0) << added.output;
    EXPECT_TRUE(lists_user(data, "alice"));
    EXPECT_FALSE(lists_user(data, "bob"));
}

TEST(Cli, UserAddRefusesShortPassword) {
    TempDir data;
    const auto added = add_user(data, "shorty", "short");
    EXPECT_NE(added.exit_code, 0) << added.output;
    EXPECT_FALSE(lists_user(data, "shorty"));
}

TEST(Cli, UserAddRefusesInvalidUsername) {
    TempDir data;
    const auto added = add_user(data, "Bad Name!", "long-enough-password");
    EXPECT_NE(added.exit_code, 0) << added.output;
}

TEST(Cli, UserAddRefusesDuplicateUsername) {
    TempDir data;
    ASSERT_EQ(add_user(data, "alice", "alice-heslo-1").exit_code, 0);
    const auto again = add_user(data, "alice", "another-pass-2");
    EXPECT_NE(again.exit_code, 0) << again.output;
}

TEST(Cli, UserPasswdChangesThePasswordUsedToLogIn) {
    TempDir data;
    ASSERT_EQ(add_user(data, "alice", "old-password-1").exit_code, 0);
    const auto changed = run_kartoteka(with_data({"user", "passwd", "alice", "--password", "new-password-2"}, data));
    ASSERT_EQ(changed.exit_code, 0) << changed.output;

    TestServer server({.data_dir = data.path()});
    ApiClient with_new(server.port());
    EXPECT_EQ(with_new.login("alice", "new-password-2").status, 200u);
    ApiClient with_old(server.port());
    EXPECT_EQ(with_old.login("alice", "old-password-1").status, 401u);
}

TEST(Cli, UserPasswdEndsTheSessionsOfARunningServer) {
    TempDir data;
    ASSERT_EQ(add_user(data, "alice", "old-password-1").exit_code, 0);
    // With no principal cache the server asks the store on every request, as it does once the 30 s cache expires.
    TestServer server({.data_dir = data.path(), .extra_arguments = {"--principal-cache-ms", "0"}});
    ApiClient alice(server.port());
    ASSERT_EQ(alice.login("alice", "old-password-1").status, 200u);
    ASSERT_EQ(alice.get("/api/v1/auth/me").status, 200u);

    const auto changed = run_kartoteka(with_data({"user", "passwd", "alice", "--password", "new-password-2"}, data));
    ASSERT_EQ(changed.exit_code, 0) << changed.output;

    const auto after = alice.get("/api/v1/auth/me");
    EXPECT_EQ(after.status, 401u) << "the session opened with the old password still works: " << after.body;
}

TEST(Cli, UserPasswdOfUnknownUserFails) {
    TempDir data;
    const auto changed = run_kartoteka(with_data({"user", "passwd", "ghost", "--password", "new-password-2"}, data));
    EXPECT_NE(changed.exit_code, 0) << changed.output;
}

TEST(Cli, MigrateIsIdempotent) {
    TempDir data;
    const auto first = run_kartoteka(with_data({"migrate"}, data));
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(std::filesystem::exists(data.path() / "kartoteka.db"));
    const auto second = run_kartoteka(with_data({"migrate"}, data));
    EXPECT_EQ(second.exit_code, 0) << second.output;
    ASSERT_EQ(add_user(data, "after-migrate", "long-enough-password").exit_code, 0);
    const auto third = run_kartoteka(with_data({"migrate"}, data));
    EXPECT_EQ(third.exit_code, 0) << third.output;
    EXPECT_TRUE(lists_user(data, "after-migrate"));
}

TEST(Cli, BackupProducesAStoreTheCliCanRead) {
    TempDir data;
    TempDir target;
    ASSERT_EQ(add_user(data, "bob", "bob-heslo-123").exit_code, 0);
    const auto backup_file = target.path() / "kartoteka.db";
    const auto backup = run_kartoteka(with_data({"backup", backup_file.string()}, data));
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    ASSERT_TRUE(std::filesystem::exists(backup_file));
    EXPECT_EQ(file_prefix(backup_file, 16), std::string("SQLite format 3\0", 16));
    EXPECT_TRUE(lists_user(target, "bob"));
}

TEST(Cli, BackupWhileServingHoldsEveryCommittedCustomer) {
    TempDir data;
    TempDir target;
    TestServer server({.data_dir = data.path()});
    const auto client = ApiClient::admin_bearer(server.port());
    for (int i = 0; i < 20; ++i) {
        const auto created = client.post(
            "/api/v1/customers",
            {{"kind", "company"}, {"name", "Záloha " + std::to_string(i)}, {"ico", ico_with_check_digit(1000000 + i)}}
        );
        ASSERT_EQ(created.status, 201u) << created.body;
    }
    const auto backup_file = target.path() / "kartoteka.db";
    const auto backup = run_kartoteka(with_data({"backup", backup_file.string()}, data));
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    ASSERT_EQ(server.stop(SIGTERM), 0) << server.output();

    TestServer restored({.data_dir = target.path()});
    EXPECT_EQ(count_customers(ApiClient::admin_session(restored.port())), 20u);
}

TEST(Cli, DemoDataFillsTheStoreWithRealisticCustomers) {
    TempDir data;
    const auto generated = run_kartoteka(with_data({"demo-data", "50"}, data));
    ASSERT_EQ(generated.exit_code, 0) << generated.output;

    TestServer server({.data_dir = data.path()});
    const auto client = ApiClient::admin_session(server.port());
    const auto items = list_all(client, "/api/v1/customers");
    EXPECT_GE(items.size(), 50u);

    std::size_t with_diacritics = 0;
    std::size_t with_ico = 0;
    for (const auto& item : items) {
        const auto name = item["name"].get<std::string>();
        with_diacritics += std::any_of(name.begin(), name.end(), [](char c) { return (c & 0x80) != 0; }) ? 1 : 0;
        if (item["ico"].is_string() && !item["ico"].get<std::string>().empty()) {
            const auto ico = item["ico"].get<std::string>();
            ++with_ico;
            ASSERT_EQ(ico.size(), 8u) << ico;
            EXPECT_EQ(ico_with_check_digit(std::stoi(ico.substr(0, 7))), ico) << "demo IČO with a bad check digit";
        }
    }
    EXPECT_GT(with_diacritics, 0u) << "no demo name has Czech diacritics";
    EXPECT_GT(with_ico, 0u) << "no demo customer has an IČO";
}

}  // namespace
}  // namespace kartoteka::api_test
