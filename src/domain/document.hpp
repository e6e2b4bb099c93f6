#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/error.hpp"

// Dokumenty: files attached to a customer. The bytes live in a content-addressed blob store (by SHA-256);
// a document is a name on a customer with a list of versions, each pointing at one blob.
namespace kartoteka::domain {

using DocumentId = std::int64_t;

inline constexpr std::size_t kMaxDocumentNameLength = 255;  // code points
inline constexpr std::size_t kMaxDocumentPageSize = 200;

struct DocumentVersion {
    std::int64_t number = 0;  // 1, 2, ...
    std::uint64_t size = 0;
    std::string content_type = {};
    std::string sha256 = {};
    UserId uploaded_by = 0;
    std::string uploaded_by_name = {};  // filled when read
    TimestampMs uploaded_at = 0;

    bool operator==(const DocumentVersion&) const = default;
};

struct Document {
    DocumentId id = 0;
    CustomerId customer_id = 0;
    std::string name = {};
    std::int64_t version = 0;  // of the metadata: optimistic concurrency for delete
    UserId created_by = 0;
    std::string created_by_name = {};  // filled when read
    TimestampMs created_at = 0;
    TimestampMs updated_at = 0;
    std::optional<TimestampMs> deleted_at = std::nullopt;  // set while in the trash
    std::vector<DocumentVersion> versions = {};            // newest first; never empty

    const DocumentVersion& latest() const { return versions.front(); }
    bool operator==(const Document&) const = default;
};

/// A received file, already on disk in a temporary file (see BlobStorage::adopt).
struct IncomingFile {
    std::string temp_path = {};
    std::string name = {};
    std::string declared_type = {};  // the client's Content-Type for the part
    std::uint64_t size = 0;
    std::string sha256 = {};  // lower-case hex
    std::string head = {};    // the first bytes of the content, for sniffing
};

/// What a new version row needs once the blob is in place.
struct NewVersion {
    std::uint64_t size = 0;
    std::string content_type = {};
    std::string sha256 = {};
    TimestampMs at = 0;
};

struct DocumentListQuery {
    CustomerId customer_id = 0;
    std::size_t limit = 50;
    std::string cursor = {};  // opaque, from a previous page
};

struct DocumentPage {
    std::vector<Document> items = {};
    std::optional<std::string> next_cursor = std::nullopt;
};

/// The name a document is stored under, or InvalidArgument on field "file" (code name.*): empty, longer
/// than 255 code points, not UTF-8, containing '/' or '\', control characters (C0, DEL, C1), or being
/// "." or "..". A name without separators cannot point anywhere else, so dots inside ("a..b.pdf") are fine.
Result<std::string> validate_document_name(std::string_view name);

/// The key under which names count as "the same": ASCII case folded, NFC is not applied (browsers send
/// NFC on every platform we support except old macOS Safari).
std::string document_name_key(std::string_view name);

/// The media type to store for a file: sniffed from its first bytes for the types a browser may show
/// inline (PDF, PNG, JPEG, GIF, WebP) and for ZIP-based office files (by extension); otherwise the
/// declared type when it is a well-formed media type that does not claim one of the sniffable types;
/// otherwise application/octet-stream. A declared image/png that is not a PNG is therefore never served
/// as an image.
std::string sniff_content_type(std::string_view head, std::string_view declared, std::string_view name);

/// True for the types that are safe to display inline in the browser (the sniffed ones and plain text).
bool is_inline_safe(std::string_view content_type);

/// The content-addressed file store (port). adopt() and release() bracket the transaction that records a
/// blob: between them the blob is pinned, so a concurrent failed upload of the same content cannot delete
/// the file from under a commit.
class BlobStorage {
public:
    virtual ~BlobStorage() = default;
    /// Moves the temporary file to the blob's place (or drops it when that content is already stored) and
    /// pins the blob. Unavailable when the file cannot be moved.
    virtual Result<void> adopt(const std::string& temp_path, const std::string& sha256) = 0;
    /// Unpins the blob. When `committed` is false and no one else pins it, the file is removed unless the
    /// store still references it.
    virtual void release(const std::string& sha256, bool committed) = 0;
    /// The path of a stored blob (for sending it).
    virtual std::string path_of(const std::string& sha256) const = 0;
};

class DocumentRepository {
public:
    virtual ~DocumentRepository() = default;

    /// Creates a document with its first version, records the blob and a `created` history entry, in one
    /// transaction. NotFound when the customer is missing; FailedPrecondition-like AlreadyExists codes:
    /// AlreadyExists (code document.name_taken) when a live document of the customer has that name key,
    /// AlreadyExists (code customer.trashed) when the customer is in the trash.
    virtual Result<Document> create(
        CustomerId customer_id, const std::string& name, const NewVersion& version, const Actor& actor
    ) = 0;

    /// Appends a version (bumps the metadata version, updated_at); history `version_added`.
    /// NotFound when the document is missing or in the trash.
    virtual Result<Document> add_version(DocumentId id, const NewVersion& version, const Actor& actor) = 0;

    /// NotFound when missing, or when trashed and !include_trashed.
    virtual Result<Document> find(DocumentId id, bool include_trashed = false) = 0;

    /// The live document of the customer with this name key, if any.
    virtual Result<std::optional<DocumentId>> find_live_by_name(
        CustomerId customer_id, const std::string& name_key
    ) = 0;

    /// Moves to the trash; FailedPrecondition when the version differs. History `trashed`.
    virtual Result<Document> move_to_trash(
        DocumentId id, std::int64_t expected_version, TimestampMs now, const Actor& actor
    ) = 0;

    /// Brings a trashed document back. NotFound when not in the trash; AlreadyExists (document.name_taken)
    /// when a live document has taken its name meanwhile. History `restored`.
    virtual Result<Document> restore(DocumentId id, TimestampMs now, const Actor& actor) = 0;

    /// Live documents of a customer, newest updated first. InvalidArgument (field "cursor") on a bad cursor.
    virtual Result<DocumentPage> list(const DocumentListQuery& query) = 0;

    /// Whether any version refers to the blob (the start-up sweep and failed uploads ask).
    virtual Result<bool> blob_referenced(const std::string& sha256) = 0;
};

}  // namespace kartoteka::domain
