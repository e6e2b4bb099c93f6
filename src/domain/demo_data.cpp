#include "domain/demo_data.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

// splitmix64: tiny, fast and well mixed, so each customer can get its own generator from
// (seed, index) and batches come out identical however the range is split.
class Random {
public:
    Random(std::uint64_t seed, std::uint64_t index) : state_(mix(seed ^ mix(index + 0x632BE59BD9B4E019ULL))) {}

    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        return mix(state_);
    }
    /// Uniform enough in [0, bound) for demo data.
    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
    bool chance(unsigned percent) { return below(100) < percent; }

    template <typename Container>
    const auto& pick(const Container& items) {
        return items[below(items.size())];
    }

private:
    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_;
};

struct Surname {
    std::string_view male;
    std::string_view female;  // the feminine form Czech uses for women: Novák -> Nováková
};

constexpr std::array<Surname, 48> kSurnames{{
    {"Novák", "Nováková"},       {"Svoboda", "Svobodová"},   {"Novotný", "Novotná"},
    {"Dvořák", "Dvořáková"},     {"Černý", "Černá"},         {"Procházka", "Procházková"},
    {"Kučera", "Kučerová"},      {"Veselý", "Veselá"},       {"Horák", "Horáková"},
    {"Němec", "Němcová"},        {"Marek", "Marková"},       {"Pokorný", "Pokorná"},
    {"Pospíšil", "Pospíšilová"}, {"Hájek", "Hájková"},       {"Jelínek", "Jelínková"},
    {"Král", "Králová"},         {"Růžička", "Růžičková"},   {"Beneš", "Benešová"},
    {"Fiala", "Fialová"},        {"Sedláček", "Sedláčková"}, {"Doležal", "Doležalová"},
    {"Zeman", "Zemanová"},       {"Kolář", "Kolářová"},      {"Navrátil", "Navrátilová"},
    {"Čermák", "Čermáková"},     {"Vaněk", "Vaňková"},       {"Urban", "Urbanová"},
    {"Blažek", "Blažková"},      {"Kříž", "Křížová"},        {"Kovář", "Kovářová"},
    {"Šťastný", "Šťastná"},      {"Holub", "Holubová"},      {"Řezníček", "Řezníčková"},
    {"Žák", "Žáková"},           {"Malý", "Malá"},           {"Bartoš", "Bartošová"},
    {"Vlček", "Vlčková"},        {"Polák", "Poláková"},      {"Kopecký", "Kopecká"},
    {"Musil", "Musilová"},       {"Šimek", "Šimková"},       {"Konečný", "Konečná"},
    {"Kadlec", "Kadlecová"},     {"Štěpánek", "Štěpánková"}, {"Havlíček", "Havlíčková"},
    {"Chalupa", "Chalupová"},    {"Ševčík", "Ševčíková"},    {"Cibulka", "Cibulková"},
}};

constexpr std::array<std::string_view, 26> kMaleFirstNames{
    "Jan",    "Petr",    "Josef",  "Pavel",     "Martin", "Tomáš",   "Jaroslav", "Miroslav", "Jiří",
    "Zdeněk", "Václav",  "Michal", "František", "Karel",  "Milan",   "Lukáš",    "Jakub",    "David",
    "Ondřej", "Vojtěch", "Radek",  "Stanislav", "Aleš",   "Bořivoj", "Čestmír",  "Přemysl",
};

constexpr std::array<std::string_view, 26> kFemaleFirstNames{
    "Jana",  "Marie",   "Eva",      "Hana",      "Anna",   "Lenka",   "Kateřina", "Lucie",   "Věra",
    "Alena", "Petra",   "Veronika", "Jaroslava", "Tereza", "Martina", "Michaela", "Zuzana",  "Jitka",
    "Ivana", "Markéta", "Šárka",    "Žaneta",    "Radka",  "Dagmar",  "Božena",   "Ludmila",
};

constexpr std::array<std::string_view, 12> kTrades{
    "Stavby",
    "Elektro",
    "Autoservis",
    "Truhlářství",
    "Instalatérství",
    "Zahradnictví",
    "Kovovýroba",
    "Doprava",
    "Účetnictví",
    "Tiskárna",
    "Pokrývačství",
    "Malířství",
};

constexpr std::array<std::string_view, 5> kLegalForms{"s.r.o.", "a.s.", "spol. s r.o.", "v.o.s.", "s.r.o."};

constexpr std::array<std::string_view, 9> kShopKinds{
    "Pekárna",
    "Hostinec",
    "Lékárna",
    "Penzion",
    "Řeznictví",
    "Kavárna",
    "Vinárna",
    "Cukrárna",
    "Knihkupectví",
};

constexpr std::array<std::string_view, 10> kSignNames{
    "U Zlatého klasu",
    "U Černého koně",
    "U Bílého lva",
    "U Tří lip",
    "U Modré hvězdy",
    "U Staré pošty",
    "U Kamenného mostu",
    "U Zeleného stromu",
    "U Dvou sluncí",
    "U Červeného raka",
};

constexpr std::array<std::string_view, 10> kBrandRegions{
    "Moravia",
    "Bohemia",
    "Vysočina",
    "Šumava",
    "Krkonoše",
    "Polabí",
    "Haná",
    "Podluží",
    "Slovácko",
    "Beskydy",
};

constexpr std::array<std::string_view, 10> kBrandIndustries{
    "Trans",
    "Invest",
    "Agro",
    "Stav",
    "Tech",
    "Plast",
    "Dřevo",
    "Metal",
    "Logistik",
    "Textil",
};

struct City {
    std::string_view name;
    std::string_view postal_code;
};

constexpr std::array<City, 40> kCities{{
    {"Praha 1", "110 00"},
    {"Praha 2", "120 00"},
    {"Praha 4", "140 00"},
    {"Praha 5", "150 00"},
    {"Praha 10", "100 00"},
    {"Brno", "602 00"},
    {"Ostrava", "702 00"},
    {"Plzeň", "301 00"},
    {"Liberec", "460 01"},
    {"Olomouc", "779 00"},
    {"České Budějovice", "370 01"},
    {"Hradec Králové", "500 02"},
    {"Ústí nad Labem", "400 01"},
    {"Pardubice", "530 02"},
    {"Zlín", "760 01"},
    {"Havířov", "736 01"},
    {"Kladno", "272 01"},
    {"Most", "434 01"},
    {"Opava", "746 01"},
    {"Frýdek-Místek", "738 01"},
    {"Jihlava", "586 01"},
    {"Teplice", "415 01"},
    {"Děčín", "405 02"},
    {"Karlovy Vary", "360 01"},
    {"Chomutov", "430 01"},
    {"Jablonec nad Nisou", "466 01"},
    {"Mladá Boleslav", "293 01"},
    {"Prostějov", "796 01"},
    {"Přerov", "750 02"},
    {"Česká Lípa", "470 01"},
    {"Třebíč", "674 01"},
    {"Tábor", "390 02"},
    {"Znojmo", "669 02"},
    {"Kolín", "280 02"},
    {"Příbram", "261 01"},
    {"Cheb", "350 02"},
    {"Písek", "397 01"},
    {"Trutnov", "541 01"},
    {"Kroměříž", "767 01"},
    {"Kutná Hora", "284 01"},
}};

constexpr std::array<std::string_view, 30> kStreets{
    "Husova",    "Masarykova", "Nádražní",   "Palackého", "Komenského",  "Školní",     "Zahradní", "Jiráskova",
    "Smetanova", "Tyršova",    "Havlíčkova", "Žižkova",   "Riegrova",    "Sokolská",   "Lidická",  "Revoluční",
    "Dukelská",  "U Nádraží",  "K Lesu",     "Větrná",    "Polní",       "Krátká",     "Dlouhá",   "Čapkova",
    "Nerudova",  "Wolkerova",  "Třída Míru", "Okružní",   "Štefánikova", "Na Příkopě",
};

constexpr std::array<std::string_view, 6> kMailProviders{
    "seznam.cz",
    "email.cz",
    "gmail.com",
    "centrum.cz",
    "post.cz",
    "volny.cz",
};

constexpr std::array<std::string_view, 4> kCompanyMailboxes{"info", "obchod", "kancelar", "objednavky"};

constexpr std::array<std::string_view, 14> kTags{
    "VIP",
    "velkoobchod",
    "maloobchod",
    "Praha",
    "e-shop",
    "stálý zákazník",
    "nový",
    "partner",
    "B2B",
    "B2C",
    "sezónní",
    "export",
    "veletrh",
    "dlužník",
};

constexpr std::array<std::string_view, 8> kNotes{
    "Preferuje kontakt e-mailem.",
    "Platí vždy včas.",
    "Fakturovat čtvrtletně.",
    "Zájem o rozšíření spolupráce v příštím roce.",
    "Pozor: opožděné platby v minulosti.",
    "Sleva 5 % na velkoobchodní odběry.",
    "Doporučení od společnosti Stavby Dvořák a.s.",
    "Osobní schůzky jen po předchozí domluvě, nejlépe v úterý.",
};

constexpr std::array<std::string_view, 8> kRoles{
    "jednatel",
    "ředitel",
    "účetní",
    "nákupčí",
    "obchodní zástupce",
    "vedoucí skladu",
    "asistentka",
    "technik",
};

constexpr std::array<std::string_view, 12> kMobilePrefixes{
    "601",
    "602",
    "603",
    "604",
    "605",
    "606",
    "702",
    "721",
    "731",
    "736",
    "773",
    "777",
};

// ASCII forms of the name tables for e-mails and web addresses, folded once instead of per customer
// (ICU transliteration would dominate the cost of generating a million records).
struct FoldedNames {
    std::array<std::string, kSurnames.size()> male_surnames;
    std::array<std::string, kSurnames.size()> female_surnames;
    std::array<std::string, kMaleFirstNames.size()> male_first_names;
    std::array<std::string, kFemaleFirstNames.size()> female_first_names;
    std::array<std::string, kTrades.size()> trades;
    std::array<std::string, kSignNames.size()> sign_names;
    std::array<std::string, kShopKinds.size()> shop_kinds;
    std::array<std::string, kBrandRegions.size()> brand_regions;
    std::array<std::string, kBrandIndustries.size()> brand_industries;
};

// Lower-case ASCII letters and digits only, words joined by `separator`.
std::string slug(std::string_view text, char separator) {
    const std::string folded = util::fold_for_search(text);
    std::string result;
    result.reserve(folded.size());
    bool pending_separator = false;
    for (const char c : folded) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!keep) {
            pending_separator = !result.empty();
            continue;
        }
        if (pending_separator && separator != '\0') {
            result.push_back(separator);
        }
        pending_separator = false;
        result.push_back(c);
    }
    return result;
}

template <typename Source, typename Target>
void fold_all(const Source& source, Target& target, char separator) {
    for (std::size_t i = 0; i < source.size(); ++i) {
        target[i] = slug(source[i], separator);
    }
}

const FoldedNames& folded_names() {
    static const FoldedNames names = [] {
        FoldedNames folded;
        for (std::size_t i = 0; i < kSurnames.size(); ++i) {
            folded.male_surnames[i] = slug(kSurnames[i].male, '\0');
            folded.female_surnames[i] = slug(kSurnames[i].female, '\0');
        }
        fold_all(kMaleFirstNames, folded.male_first_names, '\0');
        fold_all(kFemaleFirstNames, folded.female_first_names, '\0');
        fold_all(kTrades, folded.trades, '\0');
        fold_all(kSignNames, folded.sign_names, '-');
        fold_all(kShopKinds, folded.shop_kinds, '\0');
        fold_all(kBrandRegions, folded.brand_regions, '\0');
        fold_all(kBrandIndustries, folded.brand_industries, '\0');
        return folded;
    }();
    return names;
}

std::string concat(std::initializer_list<std::string_view> parts) {
    std::size_t size = 0;
    for (const auto part : parts) {
        size += part.size();
    }
    std::string joined;
    joined.reserve(size);
    for (const auto part : parts) {
        joined.append(part);
    }
    return joined;
}

std::string random_digits(Random& random, std::size_t count) {
    std::string digits(count, '0');
    for (char& digit : digits) {
        digit = static_cast<char>('0' + random.below(10));
    }
    return digits;
}

// Distinct indices get distinct IČOs (the store may keep IČO unique): the first seven digits are an
// affine permutation of the index modulo 10^7, offset per seed so different seeds look different.
std::string demo_ico(std::uint64_t seed, std::uint64_t index) {
    constexpr std::uint64_t kPrefixSpace = 10'000'000;
    constexpr std::uint64_t kStride = 4'477'457;  // coprime with 10^7, so the map is a bijection
    const std::uint64_t prefix = (index * kStride + seed % kPrefixSpace) % kPrefixSpace;
    std::string ico(8, '0');
    std::uint64_t rest = prefix;
    for (int position = 6; position >= 0; --position) {
        ico[static_cast<std::size_t>(position)] = static_cast<char>('0' + rest % 10);
        rest /= 10;
    }
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        sum += (ico[i] - '0') * static_cast<int>(8 - i);
    }
    const int remainder = sum % 11;
    // Every remainder yields one digit: 0 -> 1, 1 -> 0, otherwise 11 - r (2..9), never 10.
    const int check = remainder == 0 ? 1 : remainder == 1 ? 0 : 11 - remainder;
    ico[7] = static_cast<char>('0' + check);
    return ico;
}

std::string demo_phone(Random& random) {
    // Some landlines in Prague (2xx), mostly mobiles.
    if (random.chance(20)) {
        return concat({"+4202", random_digits(random, 8)});
    }
    return concat({"+420", random.pick(kMobilePrefixes), random_digits(random, 6)});
}

Address demo_address(Random& random) {
    const City& city = random.pick(kCities);
    std::string number = std::to_string(1 + random.below(199));
    if (random.chance(30)) {
        // Czech addresses often carry both numbers: descriptive/orientation, "1234/12".
        number = std::to_string(100 + random.below(2900)) + "/" + number;
    }
    return Address{
        .street = concat({random.pick(kStreets), " ", number}),
        .city = std::string(city.name),
        .postal_code = std::string(city.postal_code),
        .country = "CZ",
    };
}

struct PersonName {
    std::string first;
    std::string last;
    std::string first_ascii;
    std::string last_ascii;
};

PersonName demo_person_name(Random& random) {
    const FoldedNames& folded = folded_names();
    const std::size_t surname = random.below(kSurnames.size());
    if (random.chance(50)) {
        const std::size_t first = random.below(kFemaleFirstNames.size());
        return {
            std::string(kFemaleFirstNames[first]),
            std::string(kSurnames[surname].female),
            folded.female_first_names[first],
            folded.female_surnames[surname],
        };
    }
    const std::size_t first = random.below(kMaleFirstNames.size());
    return {
        std::string(kMaleFirstNames[first]),
        std::string(kSurnames[surname].male),
        folded.male_first_names[first],
        folded.male_surnames[surname],
    };
}

struct CompanyName {
    std::string name;
    std::string domain_stem;  // ASCII, for the web and e-mail domain
};

CompanyName demo_company_name(Random& random) {
    const FoldedNames& folded = folded_names();
    switch (random.below(4)) {
        case 0: {
            const std::size_t surname = random.below(kSurnames.size());
            return {
                concat({kSurnames[surname].male, " a syn ", random.pick(kLegalForms)}),
                folded.male_surnames[surname] + "-syn",
            };
        }
        case 1: {
            const std::size_t trade = random.below(kTrades.size());
            const std::size_t surname = random.below(kSurnames.size());
            return {
                concat({kTrades[trade], " ", kSurnames[surname].male, " ", random.pick(kLegalForms)}),
                folded.trades[trade] + "-" + folded.male_surnames[surname],
            };
        }
        case 2: {
            const std::size_t shop = random.below(kShopKinds.size());
            const std::size_t sign = random.below(kSignNames.size());
            return {
                concat({kShopKinds[shop], " ", kSignNames[sign]}),
                folded.shop_kinds[shop] + "-" + folded.sign_names[sign],
            };
        }
        default: {
            const std::size_t region = random.below(kBrandRegions.size());
            const std::size_t industry = random.below(kBrandIndustries.size());
            return {
                concat({kBrandRegions[region], " ", kBrandIndustries[industry], " ", random.pick(kLegalForms)}),
                folded.brand_regions[region] + folded.brand_industries[industry],
            };
        }
    }
}

CustomerStatus demo_status(Random& random) {
    const std::size_t roll = random.below(100);
    if (roll < 60) {
        return CustomerStatus::Active;
    }
    return roll < 85 ? CustomerStatus::Lead : CustomerStatus::Inactive;
}

std::vector<std::string> demo_tags(Random& random) {
    std::vector<std::string> tags;
    const std::size_t count = random.below(4);
    for (std::size_t i = 0; i < count; ++i) {
        std::string_view tag = random.pick(kTags);
        bool duplicate = false;
        for (const auto& existing : tags) {
            duplicate = duplicate || existing == tag;
        }
        if (!duplicate) {
            tags.emplace_back(tag);
        }
    }
    return tags;
}

std::vector<Contact> demo_contacts(Random& random, std::string_view mail_domain) {
    std::vector<Contact> contacts;
    const std::size_t count = random.below(4);
    contacts.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        PersonName person = demo_person_name(random);
        Contact contact;
        contact.name = concat({person.first, " ", person.last});
        contact.role = std::string(random.pick(kRoles));
        contact.email = concat({person.first_ascii, ".", person.last_ascii, "@", mail_domain});
        if (random.chance(70)) {
            contact.phone = demo_phone(random);
        }
        contacts.push_back(std::move(contact));
    }
    return contacts;
}

Customer demo_customer(std::uint64_t seed, std::uint64_t index, std::optional<UserId> owner_id, TimestampMs now) {
    Random random{seed, index};
    Customer customer;
    customer.owner_id = owner_id;
    customer.status = demo_status(random);
    customer.billing_address = demo_address(random);
    customer.phone = demo_phone(random);

    if (random.chance(65)) {
        customer.kind = CustomerKind::Company;
        CompanyName company = demo_company_name(random);
        customer.name = std::move(company.name);
        customer.ico = demo_ico(seed, index);
        if (random.chance(80)) {
            customer.dic = "CZ" + customer.ico;
        }
        const std::string domain = company.domain_stem + ".cz";
        customer.email = concat({random.pick(kCompanyMailboxes), "@", domain});
        customer.web = "www." + domain;
        if (random.chance(15)) {
            customer.delivery_address = demo_address(random);
        }
        customer.contacts = demo_contacts(random, domain);
    } else {
        customer.kind = CustomerKind::Person;
        PersonName person = demo_person_name(random);
        customer.email = concat({person.first_ascii, ".", person.last_ascii, "@", random.pick(kMailProviders)});
        customer.first_name = std::move(person.first);
        customer.last_name = std::move(person.last);
        customer.name = concat({customer.first_name, " ", customer.last_name});
        // Sole traders (OSVČ) have an IČO too.
        if (random.chance(30)) {
            customer.ico = demo_ico(seed, index);
        }
    }

    customer.tags = demo_tags(random);
    if (random.chance(20)) {
        customer.note = std::string(random.pick(kNotes));
    }
    constexpr TimestampMs kTwoYearsMs = 2LL * 365 * 24 * 60 * 60 * 1000;
    const auto age = static_cast<TimestampMs>(random.below(static_cast<std::size_t>(kTwoYearsMs)));
    customer.created_at = now - age;
    customer.updated_at =
        customer.created_at + static_cast<TimestampMs>(random.below(static_cast<std::size_t>(age) + 1));
    return customer;
}

}  // namespace

std::vector<Customer> generate_demo_customers(
    std::size_t count, std::uint64_t seed, std::size_t first_index, std::optional<UserId> owner_id, TimestampMs now
) {
    std::vector<Customer> customers;
    customers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        customers.push_back(demo_customer(seed, first_index + i, owner_id, now));
    }
    return customers;
}

}  // namespace kartoteka::domain
