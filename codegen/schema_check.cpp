#include "schema_check.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "model/resources.h"

namespace swivel::codegen {

namespace {

struct LoadedSchema {
    std::shared_ptr<const valijson::Schema> schema;
    std::string error;
};

LoadedSchema parseSchema(const std::string& schemaFile) {
    std::ifstream in(schemaFile, std::ios::binary);
    if (!in)
        return {nullptr, schemaFile + ": cannot read the schema"};
    const nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded())
        return {nullptr, schemaFile + ": the schema is not JSON"};
    auto schema = std::make_shared<valijson::Schema>();
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        const valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, *schema);
    } catch (const std::exception& error) {
        return {nullptr, schemaFile + ": not a usable JSON schema: " + error.what()};
    }
    return {std::move(schema), {}};
}

LoadedSchema loadSchema(const std::string& schemaFile) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const valijson::Schema>> cache;
    {
        const std::lock_guard lock(mutex);
        if (const auto it = cache.find(schemaFile); it != cache.end())
            return {it->second, {}};
    }
    LoadedSchema loaded = parseSchema(schemaFile); // a broken file is read again next time
    if (loaded.schema) {
        const std::lock_guard lock(mutex);
        cache.emplace(schemaFile, loaded.schema);
    }
    return loaded;
}

// valijson's context is {"<root>", "[bindings]", "[0]"}; RFC 6901 escapes '~' and '/'.
std::string toPointer(const std::vector<std::string>& context) {
    std::string pointer;
    for (const std::string& segment : context) {
        if (segment.size() < 2 || segment.front() != '[' || segment.back() != ']')
            continue; // "<root>"
        pointer += '/';
        for (char c : segment.substr(1, segment.size() - 2)) {
            if (c == '~')
                pointer += "~0";
            else if (c == '/')
                pointer += "~1";
            else
                pointer += c;
        }
    }
    return pointer;
}

// valijson reports every failed branch of a oneOf and, above each failure, one line
// per enclosing keyword ("Failed to validate against child schema #3"). Those lines
// only repeat what the innermost ones say.
bool isSummary(const std::string& description) {
    static const char* const kSummaries[] = {
        "Failed to validate against schema associated with property name",
        "Failed to validate against child schema #",
        "Failed to validate item #",
        "Failed to validate against any child schemas allowed by oneOf",
        "Failed to validate against any child schemas allowed by anyOf",
    };
    return std::any_of(std::begin(kSummaries), std::end(kSummaries),
                       [&](const char* prefix) { return description.starts_with(prefix); });
}

std::string withValue(const nlohmann::json& document, const std::string& pointer,
                      const std::string& description) {
    const nlohmann::json::json_pointer where(pointer);
    std::string text = description;
    if (text.ends_with('.'))
        text.pop_back();
    if (!document.contains(where) || document.at(where).is_structured())
        return text;
    std::string value =
        document.at(where).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (value.size() > 60)
        value = value.substr(0, 57) + "...";
    return text + " (value " + value + ")";
}

// A failed `not` says what a value must not be: in SchemaStore's schemas it is the
// catch-all branch for binding types the schema does not know, which the document
// never meant when its type is a known one.
bool isWeak(const std::string& description) {
    return description.starts_with("Target should not validate against schema specified in 'not'");
}

struct Candidate {
    SchemaViolation violation;
    std::size_t depth = 0;
    bool weak = false;
    int count = 0;
    std::size_t first = 0;
};

// The innermost failures first; among equally deep ones, strong before weak, then the
// rarest: a failure that only one branch of a oneOf reports comes from the branch
// that otherwise matched (a wrong `cardinality` of an eventHubTrigger), not from the
// fifteen binding types the document never meant.
std::vector<SchemaViolation> rank(const valijson::ValidationResults& results,
                                  const nlohmann::json& document) {
    std::vector<Candidate> candidates;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    const bool onlySummaries = std::all_of(results.begin(), results.end(), [](const auto& error) {
        return isSummary(error.description);
    });
    std::size_t order = 0;
    for (const auto& error : results) {
        ++order;
        if (!onlySummaries && isSummary(error.description))
            continue;
        const std::string pointer = toPointer(error.context);
        const auto key = std::make_pair(pointer, error.description);
        if (const auto it = index.find(key); it != index.end()) {
            ++candidates[it->second].count;
            continue;
        }
        index.emplace(key, candidates.size());
        const std::size_t depth =
            static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/'));
        candidates.push_back({{pointer, withValue(document, pointer, error.description)},
                              depth,
                              isWeak(error.description),
                              1,
                              order});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) {
                         if (a.depth != b.depth)
                             return a.depth > b.depth;
                         if (a.weak != b.weak)
                             return b.weak;
                         if (a.count != b.count)
                             return a.count < b.count;
                         return a.first < b.first;
                     });
    std::vector<SchemaViolation> violations;
    for (Candidate& candidate : candidates)
        violations.push_back(std::move(candidate.violation));
    return violations;
}

} // namespace

std::string schemaPath(const std::string& fileName) {
    return model::resourcesDirectory() + "/schemas/" + fileName;
}

SchemaCheck checkAgainstSchema(const nlohmann::json& document, const std::string& schemaFile) {
    const LoadedSchema loaded = loadSchema(schemaFile);
    if (!loaded.schema)
        return {loaded.error, {}};
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(*loaded.schema, adapter, &results))
        return {};
    SchemaCheck check;
    check.violations = rank(results, document);
    if (check.violations.empty()) // valijson said no without saying why
        check.violations.push_back({"", "does not match the schema"});
    return check;
}

std::string describeFirstProblem(const SchemaCheck& check) {
    if (!check.schemaError.empty())
        return check.schemaError;
    if (check.violations.empty())
        return {};
    const SchemaViolation& first = check.violations.front();
    std::string text =
        (first.pointer.empty() ? std::string("at the top level") : "at " + first.pointer) + ": " +
        first.message;
    return text;
}

} // namespace swivel::codegen
