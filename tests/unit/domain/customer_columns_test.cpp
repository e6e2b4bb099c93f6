#include "domain/customer_columns.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

TEST(CustomerColumns, EveryEnumeratorIsInTheCatalogueOnce) {
    std::set<int> seen;
    for (const auto& info : customer_columns()) {
        EXPECT_TRUE(seen.insert(static_cast<int>(info.column)).second) << info.key;
        EXPECT_EQ(&column_info(info.column), &info) << info.key;
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(CustomerColumn::Updated) + 1);
}

TEST(CustomerColumns, KeysAndLabelsAreUniqueSoAnExportHeaderMapsBackToOneColumn) {
    std::set<std::string> keys, labels_cs, labels_en;
    for (const auto& info : customer_columns()) {
        EXPECT_TRUE(keys.insert(std::string(info.key)).second) << info.key;
        EXPECT_TRUE(labels_cs.insert(std::string(info.label_cs)).second) << info.label_cs;
        EXPECT_TRUE(labels_en.insert(std::string(info.label_en)).second) << info.label_en;
        EXPECT_EQ(parse_customer_column(info.key), info.column);
    }
    EXPECT_EQ(parse_customer_column("Název"), std::nullopt);  // labels are not keys
    EXPECT_EQ(parse_customer_column(""), std::nullopt);
}

TEST(CustomerColumns, StoreManagedColumnsAreNotImportable) {
    EXPECT_FALSE(column_info(CustomerColumn::Id).importable);
    EXPECT_FALSE(column_info(CustomerColumn::Created).importable);
    EXPECT_FALSE(column_info(CustomerColumn::Updated).importable);
    EXPECT_TRUE(column_info(CustomerColumn::Ico).importable);
}

}  // namespace
}  // namespace kartoteka::domain
