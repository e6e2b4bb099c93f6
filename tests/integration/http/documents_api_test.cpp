#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_fixture.hpp"

// Dokumenty over HTTP against the real binary: multipart uploads streamed to disk, downloads streamed back,
// versions, the trash, and what is (not) left on disk when an upload is refused or cut off.
namespace kartoteka::api_test {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBoundary = "----KartotekaTestBoundary7MA4YWxkTrZu0gW";

// A tiny but well-formed PDF with a binary comment line, CR LF and a NUL byte, so any text-mode mangling of
// the bytes on the way in or out shows up as a difference.
const std::string kPdf = std::string(
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\r\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "xref\n0 3\n0000000000 65535 f \n0000000017 00000 n \n0000000066 00000 n \n"
    "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n118\n%%EOF\n"
    "\x00\x01\x02\xFF",
    244
);

/// One part of a multipart/form-data body; `disposition_tail` is put verbatim after `form-data; name="file"`.
struct Part {
    std::string disposition_tail;
    std::string content;
    std::string content_type = "application/octet-stream";
    std::string field = "file";
};

std::string quoted_filename(const std::string& filename) {
    return "; filename=\"" + filename + "\"";
}

std::string multipart_body(const std::vector<Part>& parts) {
    std::string body;
    for (const auto& part : parts) {
        body += "--";
        body += kBoundary;
        body += "\r\nContent-Disposition: form-data; name=\"" + part.field + "\"" + part.disposition_tail + "\r\n";
        body += "Content-Type: " + part.content_type + "\r\n\r\n";
        body += part.content;
        body += "\r\n";
    }
    body += "--";
    body += kBoundary;
    body += "--\r\n";
    return body;
}

std::string multipart_content_type() {
    return "multipart/form-data; boundary=" + std::string(kBoundary);
}

/// POSTs one file the way a browser's form does.
HttpResponse upload(
    const ApiClient& client,
    const std::string& target,
    const std::string& filename,
    const std::string& content,
    const std::string& content_type = "application/octet-stream"
) {
    return client.request(
        "POST",
        target,
        multipart_body({Part{quoted_filename(filename), content, content_type}}),
        {{"Content-Type", multipart_content_type()}}
    );
}

/// Random bytes, so content hashes never collide with another test's blobs.
std::string random_bytes(std::size_t size) {
    static std::mt19937_64 generator(std::random_device{}());
    std::string bytes(size, '\0');
    for (auto& byte : bytes) {
        byte = static_cast<char>(generator() & 0xFF);
    }
    return bytes;
}

/// Every regular file below `directory` (none when it does not exist).
std::set<fs::path> files_under(const fs::path& directory) {
    std::set<fs::path> files;
    std::error_code error;
    if (!fs::exists(directory, error)) {
        return files;
    }
    for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        if (it->is_regular_file(error)) {
            files.insert(it->path());
        }
    }
    return files;
}

std::set<fs::path> new_files(const std::set<fs::path>& before, const std::set<fs::path>& after) {
    std::set<fs::path> result;
    for (const auto& path : after) {
        if (!before.contains(path)) {
            result.insert(path);
        }
    }
    return result;
}

/// Waits up to `timeout` for `condition`; returns its last value.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return condition();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return true;
}

/// A plain TCP connection to the server, for requests that must stop halfway.
class RawConnection {
public:
    explicit RawConnection(unsigned short port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawConnection() { close(); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return connected_; }

    bool send_all(std::string_view bytes) {
        while (!bytes.empty()) {
            const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent <= 0) {
                return false;
            }
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

std::string code_of(const HttpResponse& response, const std::string& field) {
    const auto body = response.json();
    if (!body.contains("error_codes") || !body["error_codes"].contains(field)) {
        return "";
    }
    return body["error_codes"][field].get<std::string>();
}

class DocumentsApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& client() const { return *client_; }

    nlohmann::json new_customer(const std::string& label) const {
        const auto response = client().post("/api/v1/customers", company(label + " " + unique_suffix()));
        EXPECT_EQ(response.status, 201u) << response.body;
        return response.json();
    }

    static std::string id_of(const nlohmann::json& record) {
        return std::to_string(record.at("id").get<std::int64_t>());
    }
    static std::string documents_path(const nlohmann::json& customer) {
        return "/api/v1/customers/" + id_of(customer) + "/documents";
    }
    static std::string document_path(const nlohmann::json& document) { return "/api/v1/documents/" + id_of(document); }
    static std::string content_path(const nlohmann::json& document) { return document_path(document) + "/content"; }

    std::vector<nlohmann::json> live_documents(const nlohmann::json& customer) const {
        return list_all(client(), documents_path(customer) + "?", 100);
    }

    static fs::path blob_dir() { return server().data_dir() / "blobs"; }
    static fs::path temp_dir() { return server().data_dir() / "tmp"; }

    /// Files on disk named after this content hash (the blob store names blobs by their SHA-256).
    static std::size_t blob_copies(const std::string& sha256) {
        const auto files = files_under(blob_dir());
        return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [&](const fs::path& path) {
            return path.filename() == sha256;
        }));
    }

    std::unique_ptr<ApiClient> client_;
};

TEST_F(DocumentsApi, UploadStoresTheFileAndDownloadReturnsTheSameBytesWithSafeHeaders) {
    const auto customer = new_customer("Dokumenty");
    const std::string name = "Smlouva č. 12 – Žluťoučký kůň.pdf";

    const auto created = upload(client(), documents_path(customer), name, kPdf);
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto document = created.json();
    EXPECT_EQ(created.header("Location"), document_path(document));
    EXPECT_EQ(created.header("ETag"), "\"" + std::to_string(document["version"].get<std::int64_t>()) + "\"");
    EXPECT_EQ(document["customer_id"], customer["id"]);
    EXPECT_EQ(document["name"], name);
    // The browser declared application/octet-stream; the bytes say PDF, and the bytes win.
    EXPECT_EQ(document["content_type"], "application/pdf");
    EXPECT_EQ(document["size"], kPdf.size());
    const auto sha256 = document["sha256"].get<std::string>();
    // sha256sum of kPdf, computed outside the server.
    EXPECT_EQ(sha256, "c2320eac5edfa3d7c6e84843b08af3c1138631f785a60312b8491256ad4340c9");
    EXPECT_EQ(document["created_by"]["display_name"], "Administrator");
    EXPECT_TRUE(document["created_at"].is_string());
    EXPECT_TRUE(document["updated_at"].is_string());
    EXPECT_FALSE(document.contains("deleted_at"));
    ASSERT_EQ(document["versions"].size(), 1u);
    const auto& first = document["versions"][0];
    EXPECT_EQ(first["number"], 1);
    EXPECT_EQ(first["size"], kPdf.size());
    EXPECT_EQ(first["content_type"], "application/pdf");
    EXPECT_EQ(first["sha256"], sha256);
    EXPECT_EQ(first["uploaded_by"]["display_name"], "Administrator");
    EXPECT_TRUE(first["uploaded_at"].is_string());

    const auto fetched = client().get(document_path(document));
    ASSERT_EQ(fetched.status, 200u) << fetched.body;
    EXPECT_EQ(fetched.json(), document);

    const auto listed = live_documents(customer);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["id"], document["id"]);

    const auto download = client().get(content_path(document));
    ASSERT_EQ(download.status, 200u) << download.body;
    EXPECT_EQ(download.body, kPdf);
    EXPECT_EQ(download.header("Content-Type"), "application/pdf");
    EXPECT_EQ(download.header("Content-Length"), std::to_string(kPdf.size()));
    EXPECT_EQ(
        download.header("Content-Disposition"),
        "attachment; filename=\"Smlouva c. 12 - Zlutoucky kun.pdf\"; "
        "filename*=UTF-8''Smlouva%20%C4%8D.%2012%20%E2%80%93%20%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD%20k%C5%AF%C5%88.pdf"
    );
    EXPECT_EQ(download.header("ETag"), "\"" + sha256 + "\"");
    EXPECT_EQ(download.header("X-Content-Type-Options"), "nosniff");

    const auto shown = client().get(content_path(document) + "?disposition=inline");
    ASSERT_EQ(shown.status, 200u) << shown.body;
    EXPECT_EQ(shown.body, kPdf);
    EXPECT_EQ(shown.header("Content-Type"), "application/pdf");
    EXPECT_TRUE(shown.header("Content-Disposition").starts_with("inline; filename=\""))
        << shown.header("Content-Disposition");

    const auto bad_disposition = client().get(content_path(document) + "?disposition=evil");
    EXPECT_EQ(bad_disposition.status, 422u) << bad_disposition.body;
    EXPECT_TRUE(bad_disposition.has_field_error("disposition")) << bad_disposition.body;
}

TEST_F(DocumentsApi, SameNameConflictsAndANewVersionKeepsTheOldBytes) {
    const auto customer = new_customer("Verze");
    const std::string original = "Nabídka " + unique_suffix() + ".txt";
    const std::string first_bytes = "první verze nabídky\n";
    const std::string second_bytes = "druhá verze nabídky, se slevou\n";

    const auto created = upload(client(), documents_path(customer), original, first_bytes, "text/plain");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto document = created.json();

    for (const auto& again : {original, std::string("NABÍDKA") + original.substr(std::string("Nabídka").size())}) {
        const auto conflict = upload(client(), documents_path(customer), again, second_bytes, "text/plain");
        EXPECT_EQ(conflict.status, 409u) << again << ": " << conflict.body;
        EXPECT_TRUE(conflict.is_problem()) << conflict.body;
        EXPECT_EQ(conflict.json()["document_id"], document["id"]) << again << ": " << conflict.body;
        EXPECT_EQ(code_of(conflict, "file"), "document.name_taken") << conflict.body;
    }
    // ASCII case differences alone are enough for the same name.
    const auto upper = upload(
        client(),
        documents_path(customer),
        "NAB" + original.substr(std::string("Nab").size()),
        second_bytes,
        "text/plain"
    );
    EXPECT_EQ(upper.status, 409u) << upper.body;
    EXPECT_EQ(live_documents(customer).size(), 1u);

    const auto versioned =
        upload(client(), document_path(document) + "/versions", "cokoliv.txt", second_bytes, "text/plain");
    ASSERT_EQ(versioned.status, 201u) << versioned.body;
    const auto updated = versioned.json();
    EXPECT_EQ(updated["id"], document["id"]);
    EXPECT_EQ(updated["name"], original);
    EXPECT_EQ(updated["size"], second_bytes.size());
    ASSERT_EQ(updated["versions"].size(), 2u);
    EXPECT_EQ(updated["versions"][0]["number"], 2);
    EXPECT_EQ(updated["versions"][1]["number"], 1);
    EXPECT_EQ(updated["sha256"], updated["versions"][0]["sha256"]);
    EXPECT_NE(updated["versions"][0]["sha256"], updated["versions"][1]["sha256"]);
    EXPECT_GT(updated["version"].get<std::int64_t>(), document["version"].get<std::int64_t>());

    const auto latest = client().get(content_path(document));
    ASSERT_EQ(latest.status, 200u) << latest.body;
    EXPECT_EQ(latest.body, second_bytes);
    EXPECT_EQ(latest.header("Content-Type"), "text/plain; charset=utf-8");

    const auto old = client().get(content_path(document) + "?version=1");
    ASSERT_EQ(old.status, 200u) << old.body;
    EXPECT_EQ(old.body, first_bytes);
    EXPECT_EQ(old.header("ETag"), "\"" + updated["versions"][1]["sha256"].get<std::string>() + "\"");

    EXPECT_EQ(client().get(content_path(document) + "?version=3").status, 404u);
    const auto bad_version = client().get(content_path(document) + "?version=abc");
    EXPECT_EQ(bad_version.status, 422u) << bad_version.body;
    EXPECT_TRUE(bad_version.has_field_error("version")) << bad_version.body;
}

TEST_F(DocumentsApi, EmptyFileIsRefusedNamingTheField) {
    const auto customer = new_customer("Prázdný");
    const auto response = upload(client(), documents_path(customer), "prazdny.txt", "", "text/plain");
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_TRUE(response.has_field_error("file")) << response.body;
    EXPECT_TRUE(live_documents(customer).empty());
}

TEST_F(DocumentsApi, BadFileNamesAreRefused) {
    const auto customer = new_customer("Jména");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"slash", quoted_filename("../etc/passwd")},
        {"slash inside", quoted_filename("smlouvy/2026.pdf")},
        // A quoted-pair: the name the server sees is `a\b.pdf`.
        {"backslash", quoted_filename("a\\\\b.pdf")},
        {"dot dot", quoted_filename("..")},
        // Browsers send a newline in a file name as %0A inside the quotes.
        {"newline", quoted_filename("faktura%0A.pdf")},
        {"control character", "; filename*=UTF-8''faktura%01.pdf"},
        {"300 characters", quoted_filename(std::string(296, 'x') + ".pdf")},
    };
    for (const auto& [label, disposition] : cases) {
        const auto response = client().request(
            "POST",
            documents_path(customer),
            multipart_body({Part{disposition, "obsah"}}),
            {{"Content-Type", multipart_content_type()}}
        );
        EXPECT_EQ(response.status, 422u) << label << ": " << response.body;
        EXPECT_TRUE(response.has_field_error("file")) << label << ": " << response.body;
    }
    // 255 characters (not bytes: "č" is two) is still a name; "a..b" is not a path.
    const std::string longest = std::string(246, 'c') + "čočka.pdf";
    const auto allowed = upload(client(), documents_path(customer), longest, "obsah");
    EXPECT_EQ(allowed.status, 201u) << allowed.body;
    const auto dots = upload(client(), documents_path(customer), "a..b.pdf", "obsah");
    EXPECT_EQ(dots.status, 201u) << dots.body;
    EXPECT_EQ(live_documents(customer).size(), 2u);
}

TEST_F(DocumentsApi, MalformedUploadBodiesAreRefused) {
    const auto customer = new_customer("Špatné tělo");

    const auto json_body = client().request("POST", documents_path(customer), R"({"file":"x"})");
    EXPECT_EQ(json_body.status, 415u) << json_body.body;
    EXPECT_TRUE(json_body.is_problem()) << json_body.body;

    const auto no_boundary = client().request(
        "POST",
        documents_path(customer),
        multipart_body({Part{quoted_filename("a.txt"), "obsah"}}),
        {{"Content-Type", "multipart/form-data"}}
    );
    EXPECT_EQ(no_boundary.status, 415u) << no_boundary.body;

    auto cut = multipart_body({Part{quoted_filename("useknuty.txt"), "obsah souboru"}});
    cut.resize(cut.size() - (std::string(kBoundary).size() + std::string("----\r\n").size()));
    ASSERT_FALSE(cut.ends_with("--\r\n"));
    const auto truncated =
        client().request("POST", documents_path(customer), cut, {{"Content-Type", multipart_content_type()}});
    EXPECT_EQ(truncated.status, 400u) << truncated.body;
    EXPECT_TRUE(truncated.is_problem()) << truncated.body;

    const auto wrong_field = client().request(
        "POST",
        documents_path(customer),
        multipart_body({Part{quoted_filename("a.txt"), "obsah", "text/plain", "attachment"}}),
        {{"Content-Type", multipart_content_type()}}
    );
    EXPECT_EQ(wrong_field.status, 422u) << wrong_field.body;
    EXPECT_TRUE(wrong_field.has_field_error("file")) << wrong_field.body;

    EXPECT_TRUE(live_documents(customer).empty());
}

TEST_F(DocumentsApi, InterruptedUploadLeavesNothingBehind) {
    const auto customer = new_customer("Přerušený");
    const auto bearer = ApiClient::admin_bearer(port());
    const auto blobs_before = files_under(blob_dir());
    const auto temp_before = files_under(temp_dir());

    const auto body = multipart_body({Part{quoted_filename("velky.bin"), random_bytes(512 * 1024)}});
    const std::string head = "POST " + documents_path(customer) +
                             " HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer " +
                             bearer.bearer_token() +
                             "\r\n"
                             "Content-Type: " +
                             multipart_content_type() +
                             "\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n";
    {
        RawConnection connection(port());
        ASSERT_TRUE(connection.connected());
        ASSERT_TRUE(connection.send_all(head));
        ASSERT_TRUE(connection.send_all(std::string_view(body).substr(0, body.size() / 2)));
        // The upload is being spooled: its temporary file exists before the client goes away.
        EXPECT_TRUE(eventually(
            [&] { return !new_files(temp_before, files_under(temp_dir())).empty(); }, std::chrono::milliseconds(5000)
        )) << "no temporary upload file appeared in "
           << temp_dir();
        connection.close();
    }

    EXPECT_TRUE(eventually([&] { return new_files(temp_before, files_under(temp_dir())).empty(); }))
        << "temporary upload file left behind in " << temp_dir();
    EXPECT_TRUE(new_files(blobs_before, files_under(blob_dir())).empty());
    EXPECT_TRUE(live_documents(customer).empty());
    // The server is fine afterwards.
    EXPECT_EQ(upload(client(), documents_path(customer), "potom.txt", "obsah").status, 201u);
}

TEST_F(DocumentsApi, HtmlIsNeverServedInline) {
    const auto customer = new_customer("HTML");
    const std::string html = "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>";
    const auto created = upload(client(), documents_path(customer), "stranka.html", html, "text/html");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto document = created.json();

    for (const auto* query : {"", "?disposition=inline", "?disposition=attachment"}) {
        const auto download = client().get(content_path(document) + query);
        ASSERT_EQ(download.status, 200u) << query << ": " << download.body;
        EXPECT_EQ(download.body, html);
        const auto disposition = download.header("Content-Disposition");
        const auto type = download.header("Content-Type");
        const bool attachment = disposition.starts_with("attachment;");
        const bool inert_type = type.find("html") == std::string::npos && type.find("svg") == std::string::npos &&
                                type.find("xml") == std::string::npos && type.find("javascript") == std::string::npos;
        EXPECT_TRUE(attachment || inert_type) << query << ": " << disposition << " / " << type;
        EXPECT_EQ(download.header("X-Content-Type-Options"), "nosniff");
        EXPECT_NE(download.header("Content-Security-Policy").find("sandbox"), std::string::npos)
            << download.header("Content-Security-Policy");
    }
}

TEST_F(DocumentsApi, TrashHidesTheDocumentAndRestoreBringsItBackWithHistory) {
    const auto customer = new_customer("Koš");
    const std::string bytes = random_bytes(4096);
    const auto created = upload(client(), documents_path(customer), "cenik.bin", bytes);
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto document = created.json();
    const auto versioned = upload(client(), document_path(document) + "/versions", "cenik.bin", random_bytes(100));
    ASSERT_EQ(versioned.status, 201u) << versioned.body;
    const auto etag = versioned.header("ETag");
    ASSERT_FALSE(etag.empty());

    EXPECT_EQ(client().del(document_path(document)).status, 428u);
    const auto stale = client().request("DELETE", document_path(document), {}, {{"If-Match", if_match(999)}});
    EXPECT_EQ(stale.status, 412u) << stale.body;
    ASSERT_EQ(live_documents(customer).size(), 1u);

    const auto removed = client().request("DELETE", document_path(document), {}, {{"If-Match", etag}});
    ASSERT_EQ(removed.status, 200u) << removed.body;
    EXPECT_TRUE(removed.json()["deleted_at"].is_string()) << removed.body;

    EXPECT_TRUE(live_documents(customer).empty());
    EXPECT_EQ(client().get(document_path(document)).status, 404u);
    EXPECT_EQ(client().get(content_path(document)).status, 404u);
    EXPECT_EQ(client().get(content_path(document) + "?version=1").status, 404u);
    const auto onto_trashed = upload(client(), document_path(document) + "/versions", "cenik.bin", "x");
    EXPECT_EQ(onto_trashed.status, 404u) << onto_trashed.body;
    // The name is free again while the document is in the trash.
    const auto reuse = upload(client(), documents_path(customer), "jiny.bin", "y");
    EXPECT_EQ(reuse.status, 201u) << reuse.body;

    const auto restored = client().request("POST", document_path(document) + "/restore");
    ASSERT_EQ(restored.status, 200u) << restored.body;
    EXPECT_EQ(restored.json()["id"], document["id"]);
    const auto listed = live_documents(customer);
    EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const auto& item) {
        return item["id"] == document["id"];
    }));
    const auto old = client().get(content_path(document) + "?version=1");
    ASSERT_EQ(old.status, 200u) << old.body;
    EXPECT_EQ(old.body, bytes);

    const auto history = client().get("/api/v1/customers/" + id_of(customer) + "/history?subject=document");
    ASSERT_EQ(history.status, 200u) << history.body;
    std::vector<std::string> actions;
    const auto entries = history.json()["items"];
    for (const auto& entry : entries) {
        if (entry["subject_id"] == document["id"]) {
            EXPECT_EQ(entry["subject"], "document");
            actions.push_back(entry["action"].get<std::string>());
        }
    }
    // Newest first.
    EXPECT_EQ(actions, (std::vector<std::string>{"restored", "trashed", "version_added", "created"})) << history.body;
}

TEST_F(DocumentsApi, UploadToATrashedCustomerIsRefusedAndWritesNothing) {
    const auto customer = new_customer("Smazaný");
    ASSERT_EQ(client().del("/api/v1/customers/" + id_of(customer)).status, 200u);
    const auto blobs_before = files_under(blob_dir());
    const auto temp_before = files_under(temp_dir());

    const auto refused = upload(client(), documents_path(customer), "smlouva.pdf", kPdf + random_bytes(64));
    EXPECT_EQ(refused.status, 409u) << refused.body;
    EXPECT_EQ(code_of(refused, "customer_id"), "customer.trashed") << refused.body;

    EXPECT_EQ(files_under(blob_dir()), blobs_before);
    EXPECT_TRUE(eventually([&] { return files_under(temp_dir()) == temp_before; }));
    EXPECT_TRUE(live_documents(customer).empty());

    const auto missing = upload(client(), "/api/v1/customers/987654321/documents", "smlouva.pdf", kPdf);
    EXPECT_EQ(missing.status, 404u) << missing.body;
}

TEST_F(DocumentsApi, IdenticalConcurrentUploadsShareOneBlob) {
    const auto first_customer = new_customer("Sdílený A");
    const auto second_customer = new_customer("Sdílený B");
    const std::string bytes = random_bytes(300 * 1024);

    HttpResponse first;
    HttpResponse second;
    {
        std::thread a([&] { first = upload(client(), documents_path(first_customer), "spolecny.bin", bytes); });
        std::thread b([&] { second = upload(client(), documents_path(second_customer), "spolecny.bin", bytes); });
        a.join();
        b.join();
    }
    ASSERT_EQ(first.status, 201u) << first.body;
    ASSERT_EQ(second.status, 201u) << second.body;
    const auto sha256 = first.json()["sha256"].get<std::string>();
    EXPECT_EQ(second.json()["sha256"], sha256);
    EXPECT_NE(first.json()["id"], second.json()["id"]);
    EXPECT_EQ(blob_copies(sha256), 1u);

    const auto removed =
        client().request("DELETE", document_path(first.json()), {}, {{"If-Match", first.header("ETag")}});
    ASSERT_EQ(removed.status, 200u) << removed.body;
    const auto download = client().get(content_path(second.json()));
    ASSERT_EQ(download.status, 200u) << download.body;
    EXPECT_EQ(download.body, bytes);
    EXPECT_EQ(blob_copies(sha256), 1u);
}

// A server of its own: the upload limit is a start-up option.
TEST(DocumentsUploadLimit, OversizedUploadIsRefusedAndWritesNothing) {
    TestServer server(TestServer::Options{.extra_arguments = {"--max-upload-mb", "1"}});
    const auto client = ApiClient::admin_session(server.port());
    const auto created = client.post(
        "/api/v1/customers",
        nlohmann::json{
            {"kind", "company"},
            {"name", "Limit " + unique_suffix()},
            {"billing_address", {{"street", "Vinohradská 12"}, {"city", "Praha"}, {"postal_code", "120 00"}}},
        }
    );
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto documents =
        "/api/v1/customers/" + std::to_string(created.json()["id"].get<std::int64_t>()) + "/documents";

    // Announced by Content-Length: refused before the body is read.
    const auto announced = upload(client, documents, "velky.bin", random_bytes(2 * 1024 * 1024));
    EXPECT_EQ(announced.status, 413u) << announced.body;
    EXPECT_TRUE(announced.is_problem()) << announced.body;

    // Chunked, so the size is only known while streaming.
    const auto bearer = ApiClient::admin_bearer(server.port());
    const auto body = multipart_body({Part{quoted_filename("velky2.bin"), random_bytes(2 * 1024 * 1024)}});
    std::string request = "POST " + documents +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " +
                          bearer.bearer_token() + "\r\nContent-Type: " + multipart_content_type() +
                          "\r\nTransfer-Encoding: chunked\r\n\r\n";
    constexpr std::size_t kChunk = 64 * 1024;
    for (std::size_t offset = 0; offset < body.size(); offset += kChunk) {
        const auto piece = std::string_view(body).substr(offset, kChunk);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        request += size;
        request += piece;
        request += "\r\n";
    }
    request += "0\r\n\r\n";
    const auto answer = raw_http_exchange(server.port(), request);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 200);

    const auto list = client.get(documents);
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_TRUE(list.json()["items"].empty()) << list.body;
    EXPECT_TRUE(files_under(server.data_dir() / "blobs").empty());
    EXPECT_TRUE(eventually([&] { return files_under(server.data_dir() / "tmp").empty(); }));

    // Under the limit still works.
    const auto small = upload(client, documents, "maly.bin", random_bytes(512 * 1024));
    EXPECT_EQ(small.status, 201u) << small.body;
}

}  // namespace
}  // namespace kartoteka::api_test
