#include "mock_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace swivel::emu {

namespace {

using Json = nlohmann::json;
using model::Type;
using model::Value;

// The behaviour keys a service may use, and the reply tag each one sets:
//   score            {"hashOf": F}      Score (double) = stableScore(request F)
//   <name>Above      number             <Name> (bool)  = score > number
//                                       (interestingAbove -> Interesting, grantedAbove -> Granted)
//   reasons          {"granted": R, "refused": [R...]}
//                                       Reason (string) = R when Granted, else one of the
//                                       refused reasons picked by the score
//   waypoints        {"hashOf": F, "min": a, "max": b}
//                                       Waypoints (int) = a + floor(s * (b - a + 1)), at most b,
//                                       s = stableScore(request F)
// A reply tag no key sets echoes the request field of the same name, or has its
// type's default value.
constexpr std::string_view kAboveSuffix = "Above";
constexpr std::string_view kKnownKeys = "score, <tag>Above (interestingAbove, grantedAbove), reasons, waypoints";

struct CompileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    throw CompileError(path + ": " + message);
}

using model::convertTo;

const Value* requestValue(const model::Event& request, std::string_view field) {
    for (const model::EventTag& tag : request.tags) {
        if (tag.name == field) {
            return &tag.value;
        }
    }
    return nullptr;
}

// The bytes a score hashes: a string as it is, any other value as its JSON text, an
// absent field as nothing.
double scoreOf(const model::Event& request, const std::string& field) {
    const Value* value = requestValue(request, field);
    if (value == nullptr) {
        return stableScore("");
    }
    if (const auto* text = std::get_if<std::string>(value)) {
        return stableScore(*text);
    }
    return stableScore(model::toJson(*value).dump());
}

// How one reply tag gets its value.
struct ReplyRule {
    enum class Kind { Default, Echo, Score, Above, Reason, Waypoints };
    Kind kind = Kind::Default;
    std::string tag;
    Type type = Type::String;
    double threshold = 0;  // Above
};

// Everything compile() reads out of the service's behaviour.
struct ServiceData {
    model::ServiceType type;
    std::string scoreField;  // empty: no "score"
    std::optional<double> grantedAbove;
    std::string grantedReason;
    std::vector<std::string> refusedReasons;
    std::string waypointsField;
    std::int64_t waypointsMin = 0, waypointsMax = 0;
    std::vector<ReplyRule> reply;  // one per reply tag, in declaration order
};

class ServiceCompiler {
public:
    explicit ServiceCompiler(ServiceData& out) : m_out(out) {}

    void compile() {
        const model::ServiceType& type = m_out.type;
        m_out.reply.resize(type.reply.tags.size());
        for (std::size_t i = 0; i < type.reply.tags.size(); ++i) {
            const model::Field& field = type.reply.tags[i];
            m_out.reply[i].tag = field.name;
            m_out.reply[i].type = field.type;
            if (type.findRequest(field.name) != nullptr) {
                m_out.reply[i].kind = ReplyRule::Kind::Echo;
            }
        }
        if (!(type.latencyMinMs >= 0) || !(type.latencyMinMs <= type.latencyMaxMs)) {
            fail("latencyMs", "expected 0 <= min <= max");
        }
        const Json& behaviour = type.behaviour;
        if (behaviour.is_null()) {
            return;
        }
        if (!behaviour.is_object()) {
            fail("behaviour", "expected an object");
        }
        // The score comes first: the thresholds and reasons depend on it.
        if (const auto it = behaviour.find("score"); it != behaviour.end()) {
            m_out.scoreField = hashOf(*it, "behaviour.score");
            if (ReplyRule* rule = optionalTag("Score")) {
                requireType(*rule, Type::Double, "behaviour.score");
                rule->kind = ReplyRule::Kind::Score;
            }
        }
        for (const auto& [key, value] : behaviour.items()) {
            const std::string path = "behaviour." + key;
            if (key == "score") {
                continue;
            }
            if (key == "reasons") {
                readReasons(value, path);
            } else if (key == "waypoints") {
                readWaypoints(value, path);
            } else if (key.size() > kAboveSuffix.size() && key.ends_with(kAboveSuffix)) {
                readAbove(key, value, path);
            } else {
                fail(path, "unknown behaviour key \"" + key + "\" (known: " + std::string(kKnownKeys) + ")");
            }
        }
        if (!m_out.refusedReasons.empty() && !m_out.grantedAbove) {
            fail("behaviour.reasons", "reasons need \"grantedAbove\" to know when access is granted");
        }
    }

private:
    std::string hashOf(const Json& json, const std::string& path) const {
        if (!json.is_object() || !json.contains("hashOf") || !json["hashOf"].is_string()) {
            fail(path, "expected {\"hashOf\": \"<request field>\"}");
        }
        const std::string field = json["hashOf"].get<std::string>();
        if (m_out.type.findRequest(field) == nullptr) {
            fail(path + ".hashOf", "the request of " + m_out.type.name + " has no field \"" + field + "\"");
        }
        return field;
    }

    ReplyRule* optionalTag(std::string_view name) {
        const auto it = std::find_if(m_out.reply.begin(), m_out.reply.end(),
                                     [&](const ReplyRule& rule) { return rule.tag == name; });
        return it == m_out.reply.end() ? nullptr : &*it;
    }

    ReplyRule& tag(std::string_view name, const std::string& path) {
        ReplyRule* rule = optionalTag(name);
        if (rule == nullptr) {
            fail(path, "the reply " + m_out.type.reply.name + " has no tag \"" + std::string(name) + "\"");
        }
        return *rule;
    }

    void requireType(const ReplyRule& rule, Type produced, const std::string& path) const {
        const bool fits = rule.type == produced || (produced == Type::Int && rule.type == Type::Double);
        if (!fits) {
            fail(path, "reply tag \"" + rule.tag + "\" is " + std::string(model::typeName(rule.type)) +
                           " but this gives " + std::string(model::typeName(produced)) + " values");
        }
    }

    void requireScore(const std::string& path) const {
        if (m_out.scoreField.empty()) {
            fail(path, "needs a \"score\": {\"hashOf\": \"<request field>\"}");
        }
    }

    void readAbove(const std::string& key, const Json& value, const std::string& path) {
        requireScore(path);
        if (!value.is_number()) {
            fail(path, "expected a number, found " + value.dump());
        }
        std::string name = key.substr(0, key.size() - kAboveSuffix.size());
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        ReplyRule& rule = tag(name, path);
        requireType(rule, Type::Bool, path);
        rule.kind = ReplyRule::Kind::Above;
        rule.threshold = value.get<double>();
        if (name == "Granted") {
            m_out.grantedAbove = rule.threshold;
        }
    }

    void readReasons(const Json& value, const std::string& path) {
        requireScore(path);
        if (!value.is_object() || !value.contains("granted") || !value["granted"].is_string() ||
            !value.contains("refused") || !value["refused"].is_array() || value["refused"].empty()) {
            fail(path, "expected {\"granted\": \"<reason>\", \"refused\": [\"<reason>\", ...]}");
        }
        ReplyRule& rule = tag("Reason", path);
        requireType(rule, Type::String, path);
        rule.kind = ReplyRule::Kind::Reason;
        const model::Field* field = m_out.type.reply.findTag("Reason");
        const auto allowed = [&](const std::string& reason, const std::string& at) {
            if (!field->values.empty() &&
                std::find(field->values.begin(), field->values.end(), reason) == field->values.end()) {
                fail(at, "\"" + reason + "\" is not a value of reply tag \"Reason\"");
            }
        };
        m_out.grantedReason = value["granted"].get<std::string>();
        allowed(m_out.grantedReason, path + ".granted");
        const Json& refused = value["refused"];
        for (std::size_t i = 0; i < refused.size(); ++i) {
            const std::string at = path + ".refused[" + std::to_string(i) + "]";
            if (!refused[i].is_string()) {
                fail(at, "expected a string, found " + refused[i].dump());
            }
            m_out.refusedReasons.push_back(refused[i].get<std::string>());
            allowed(m_out.refusedReasons.back(), at);
        }
    }

    void readWaypoints(const Json& value, const std::string& path) {
        m_out.waypointsField = hashOf(value, path);
        const auto bound = [&](const char* key) {
            const auto it = value.find(key);
            std::optional<Value> parsed;
            if (it != value.end()) {
                parsed = model::fromJson(*it, Type::Int);
            }
            if (!parsed) {
                fail(path + "." + key, "expected an integer");
            }
            return std::get<std::int64_t>(*parsed);
        };
        m_out.waypointsMin = bound("min");
        m_out.waypointsMax = bound("max");
        if (m_out.waypointsMin > m_out.waypointsMax) {
            fail(path, "min is above max");
        }
        ReplyRule& rule = tag("Waypoints", path);
        requireType(rule, Type::Int, path);
        rule.kind = ReplyRule::Kind::Waypoints;
    }

    ServiceData& m_out;
};

} // namespace

struct MockService::Compiled : ServiceData {};

// FNV-1a 64 of the key's bytes, then MurmurHash3's 64-bit finalizer (fmix64), then
// the top 53 bits over 2^53. The finalizer is needed: FNV-1a alone barely moves its
// top bits when only the last characters differ, so the photos "IMG-camera-0001-1"
// to "-40" all got the same verdict, and only 8 of the 9 sweep sizes ever occurred.
double stableScore(std::string_view key) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
    for (const char c : key) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;  // FNV-1a 64 prime
    }
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ULL;
    hash ^= hash >> 33;
    return static_cast<double>(hash >> 11) * 0x1.0p-53;
}

std::shared_ptr<const MockService> MockService::compile(const model::ServiceType& type, std::string* error) {
    auto compiled = std::make_shared<Compiled>();
    compiled->type = type;
    try {
        ServiceCompiler(*compiled).compile();
    } catch (const std::exception& e) {  // CompileError, or a JSON access gone wrong
        if (error != nullptr) {
            *error = e.what();
        }
        return nullptr;
    }
    auto service = std::make_shared<MockService>();
    service->m_compiled = std::move(compiled);
    return service;
}

const model::ServiceType& MockService::type() const { return m_compiled->type; }

VirtualTime MockService::drawLatency(Random& random, std::optional<double> minMs,
                                     std::optional<double> maxMs) const {
    const double low = std::max(0.0, minMs.value_or(m_compiled->type.latencyMinMs));
    // An override of one end alone never makes an empty range.
    const double high = std::max(low, maxMs.value_or(m_compiled->type.latencyMaxMs));
    return fromMilliseconds(random.uniform(low, high));
}

model::Event MockService::answer(const model::Event& request) const {
    const Compiled& c = *m_compiled;
    const double score = c.scoreField.empty() ? 0.0 : scoreOf(request, c.scoreField);
    model::Event reply;
    reply.name = c.type.reply.name;
    reply.tags.reserve(c.reply.size());
    for (const ReplyRule& rule : c.reply) {
        Value value = model::defaultValue(rule.type);
        switch (rule.kind) {
        case ReplyRule::Kind::Default:
            break;
        case ReplyRule::Kind::Echo:
            if (const Value* given = requestValue(request, rule.tag)) {
                if (auto converted = convertTo(*given, rule.type)) {
                    value = std::move(*converted);
                }
            }
            break;
        case ReplyRule::Kind::Score:
            value = score;
            break;
        case ReplyRule::Kind::Above:
            value = score > rule.threshold;
            break;
        case ReplyRule::Kind::Reason:
            if (score > *c.grantedAbove) {
                value = c.grantedReason;
            } else {
                // Refused scores lie in [0, grantedAbove]: split that range evenly
                // among the refusal reasons, so a card always gets the same one.
                const auto n = static_cast<double>(c.refusedReasons.size());
                const double position = *c.grantedAbove > 0 ? score / *c.grantedAbove * n : 0.0;
                const auto index = std::min(c.refusedReasons.size() - 1, static_cast<std::size_t>(position));
                value = c.refusedReasons[index];
            }
            break;
        case ReplyRule::Kind::Waypoints: {
            const double s = scoreOf(request, c.waypointsField);
            const double span = static_cast<double>(c.waypointsMax - c.waypointsMin) + 1.0;
            const auto count = std::min(c.waypointsMax, c.waypointsMin + static_cast<std::int64_t>(std::floor(s * span)));
            value = rule.type == Type::Double ? Value(static_cast<double>(count)) : Value(count);
            break;
        }
        }
        reply.tags.push_back({rule.tag, std::move(value)});
    }
    return reply;
}

} // namespace swivel::emu
