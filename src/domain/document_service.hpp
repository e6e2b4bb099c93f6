#pragma once

#include <optional>
#include <string>

#include "domain/customer_service.hpp"
#include "domain/document.hpp"

namespace kartoteka::domain {

/// What a download sends: the stored blob of one version, under the document's name.
struct DocumentContent {
    std::string path = {};
    std::string name = {};
    DocumentVersion version = {};
};

/// The document use cases over a DocumentRepository and the blob store: validation, content types, the
/// order of "file in place, then metadata committed" and clean-up when the commit fails.
class DocumentService {
public:
    DocumentService(DocumentRepository& documents, BlobStorage& blobs, Clock clock = system_now_ms);

    /// A new document on the customer from an uploaded file. InvalidArgument (field "file") for a bad name
    /// or an empty file; AlreadyExists (field "file", code document.name_taken) when a live document of the
    /// customer already has the name (case-insensitively).
    Result<Document> create(CustomerId customer_id, const IncomingFile& file, const Actor& actor);
    /// A new version of a live document; the document keeps its name whatever the file is called.
    Result<Document> add_version(DocumentId id, const IncomingFile& file, const Actor& actor);
    Result<Document> get(DocumentId id);
    Result<Document> move_to_trash(DocumentId id, std::int64_t expected_version, const Actor& actor);
    Result<Document> restore(DocumentId id, const Actor& actor);
    /// InvalidArgument (field "limit") when limit is 0 or above kMaxDocumentPageSize.
    Result<DocumentPage> list(const DocumentListQuery& query);
    /// The latest version, or version `number`; NotFound (field-less) when there is no such version.
    Result<DocumentContent> content(DocumentId id, std::optional<std::int64_t> number);
    /// The live document that holds this name on the customer (for the 409 answer).
    Result<std::optional<DocumentId>> find_by_name(CustomerId customer_id, const std::string& name);

private:
    Result<NewVersion> prepare(const IncomingFile& file, const std::string& stored_name);
    template <typename Write>
    Result<Document> store_blob_then(const NewVersion& version, const IncomingFile& file, Write write);

    DocumentRepository& documents_;
    BlobStorage& blobs_;
    Clock clock_;
};

}  // namespace kartoteka::domain
