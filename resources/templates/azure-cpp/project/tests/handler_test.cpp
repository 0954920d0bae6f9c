// The handler loop over a fake machine (a counter) and the in-memory store: applied
// once, redelivery answered from the record, the window of remembered messages,
// conflicts retried until they run out, and the HTTP answers built from all that.

#include <atomic>
#include <functional>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.h"
#include "handler/handler.h"
#include "handler/invocation.h"
#include "handler/state_record.h"
#include "handler/store_provider.h"
#include "store/memory_state_store.h"

namespace {

using handler::Delivery;
using handler::HandlerOptions;
using handler::Outcome;
using Json = nlohmann::json;
using statechart::Action;

// State {"count": n}. "Inc" counts and sends Report{Count: n}, logs, and starts a
// timer; "Stale" is a timer event that is no longer armed.
class Counter : public handler::MachineModel {
public:
    Json initialState() const override { return Json{{"count", 0}}; }

    handler::StepOutcome step(const Json& state, const statechart::Event& event) const override {
        const std::int64_t count = read(state);
        handler::StepOutcome outcome;
        outcome.configuration = {"Counting"};
        if (event.name == "Stale") {
            outcome.state = state;
            outcome.live = false;
            return outcome;
        }
        outcome.state = Json{{"count", count + 1}};
        Action report;
        report.kind = Action::Kind::Send;
        report.name = "Report";
        report.args = {{"Count", count + 1}};
        Action log;
        log.kind = Action::Kind::Log;
        log.label = "count";
        log.value = count + 1;
        Action timer;
        timer.kind = Action::Kind::TimerStart;
        timer.name = "t1";
        timer.delayMs = 500;
        timer.token = static_cast<std::uint64_t>(count + 1);
        outcome.actions = {report, log, timer};
        return outcome;
    }

    std::vector<std::string> configuration(const Json& state) const override {
        read(state);
        return {"Counting"};
    }

    static std::int64_t read(const Json& state) {
        if (!state.is_object() || !state.contains("count") || !state["count"].is_number_integer())
            throw std::runtime_error("not a counter state");
        return state["count"].get<std::int64_t>();
    }
};

const Counter kCounter;

Delivery delivery(const std::string& id, const std::string& event = "Inc",
                  const std::string& device = "dev-1") {
    return Delivery{device, id, statechart::Event{event, {}}};
}

handler::StateRecord stored(store::StateStore& store, const std::string& device = "dev-1") {
    const auto record = store.read(device);
    return record ? handler::parseStateRecord(record->json) : handler::StateRecord{};
}

std::int64_t countOf(store::StateStore& store, const std::string& device = "dev-1") {
    return Counter::read(stored(store, device).state);
}

std::string etagOf(store::StateStore& store, const std::string& device = "dev-1") {
    const auto record = store.read(device);
    return record ? record->etag : std::string();
}

const HandlerOptions kFast{8, 1, 4};

void appliesAndRemembers() {
    store::MemoryStateStore store;
    handler::Handler h(kCounter, store, kFast);
    const handler::HandlerResult first = h.handle(delivery("m-1"));
    CHECK(first.outcome == Outcome::Applied);
    CHECK(first.version == 1);
    CHECK(first.attempts == 1);
    CHECK(first.conflicts == 0);
    CHECK(first.actions.size() == 3);
    CHECK(first.effects.size() == 2);  // the send and the timer; not the log
    CHECK(first.effects[0].kind == Action::Kind::Send);
    CHECK(first.effects[1].kind == Action::Kind::TimerStart);
    CHECK(first.configuration == std::vector<std::string>{"Counting"});
    CHECK(!first.logs.empty());

    const handler::StateRecord record = stored(store);
    CHECK(record.version == 1);
    CHECK(countOf(store) == 1);
    CHECK(record.applied.size() == 1);
    CHECK(record.applied[0].id == "m-1");
    CHECK(record.applied[0].effects == first.effects);
    // The record is what the JSON form says.
    const Json json = Json::parse(store.read("dev-1")->json);
    CHECK(json["version"] == 1);
    CHECK(json["state"] == Json({{"count", 1}}));
    CHECK(json["applied"][0]["id"] == "m-1");
    CHECK(json["applied"][0]["effects"][0]["kind"] == "send");
}

void redeliveryIsOneTransition() {
    store::MemoryStateStore store;
    handler::Handler h(kCounter, store, kFast);
    const handler::HandlerResult first = h.handle(delivery("m-1"));
    const std::string etag = etagOf(store);
    const handler::HandlerResult again = h.handle(delivery("m-1"));
    CHECK(again.outcome == Outcome::Duplicate);
    CHECK(again.effects == first.effects);
    CHECK(again.version == 1);
    CHECK(again.actions.empty());
    CHECK(again.configuration == std::vector<std::string>{"Counting"});
    CHECK(countOf(store) == 1);
    CHECK(etagOf(store) == etag);  // no write at all

    // Still recognised after later messages, with its own effects, not the latest.
    h.handle(delivery("m-2"));
    const handler::HandlerResult later = h.handle(delivery("m-1"));
    CHECK(later.outcome == Outcome::Duplicate);
    CHECK(later.effects == first.effects);
    CHECK(later.version == 2);
    CHECK(countOf(store) == 2);
}

void windowOfEight() {
    store::MemoryStateStore store;
    handler::Handler h(kCounter, store, kFast);
    for (int i = 1; i <= 10; ++i)
        CHECK(h.handle(delivery("m-" + std::to_string(i))).outcome == Outcome::Applied);
    const handler::StateRecord record = stored(store);
    CHECK(record.version == 10);
    CHECK(record.applied.size() == handler::kAppliedWindow);
    CHECK(record.applied.front().id == "m-3");  // oldest first
    CHECK(record.applied.back().id == "m-10");
    CHECK(h.handle(delivery("m-3")).outcome == Outcome::Duplicate);
    CHECK(h.handle(delivery("m-10")).outcome == Outcome::Duplicate);
    CHECK(countOf(store) == 10);
    // Beyond the window a message id is forgotten: applied again. (Event Hub
    // redeliveries come soon after the first delivery, well inside 8 messages of
    // the same device.)
    CHECK(h.handle(delivery("m-2")).outcome == Outcome::Applied);
    CHECK(countOf(store) == 11);
}

void staleTimerWritesNothing() {
    store::MemoryStateStore store;
    handler::Handler h(kCounter, store, kFast);
    h.handle(delivery("m-1"));
    const std::string etag = etagOf(store);
    const handler::HandlerResult stale = h.handle(delivery("t-1", "Stale"));
    CHECK(stale.outcome == Outcome::StaleTimer);
    CHECK(stale.effects.empty());
    CHECK(stale.version == 1);
    CHECK(etagOf(store) == etag);
    CHECK(stored(store).findApplied("t-1") == nullptr);

    // On a device with no record: nothing is written either.
    CHECK(h.handle(delivery("t-2", "Stale", "dev-2")).outcome == Outcome::StaleTimer);
    CHECK(!store.read("dev-2"));
}

// Before each of the first `interferences` puts, another instance writes first: it
// applies message "other-<n>" to the same device (or, with `sameMessage`, the very
// message being put, as a concurrent instance handling its redelivery would).
class InterferingStore : public store::StateStore {
public:
    InterferingStore(store::StateStore& inner, int interferences, bool sameMessage = false)
        : m_inner(inner), m_left(interferences), m_sameMessage(sameMessage) {}

    std::optional<store::StoredRecord> read(const std::string& key) override {
        return m_inner.read(key);
    }

    std::optional<std::string> put(const std::string& key, const std::string& json,
                                   const std::string& expectedEtag) override {
        if (m_left > 0) {
            --m_left;
            ++m_interfered;
            const std::string id = m_sameMessage
                                       ? handler::parseStateRecord(json).applied.back().id
                                       : "other-" + std::to_string(m_interfered);
            handler::Handler other(kCounter, m_inner, HandlerOptions{1, 0, 0});
            const Outcome outcome = other.handle(Delivery{key, id, {"Inc", {}}}).outcome;
            if (outcome != Outcome::Applied)
                throw std::logic_error("the interfering write failed");
        }
        return m_inner.put(key, json, expectedEtag);
    }

    int interfered() const { return m_interfered; }

private:
    store::StateStore& m_inner;
    int m_left;
    bool m_sameMessage;
    int m_interfered = 0;
};

void conflictsAreRetried() {
    store::MemoryStateStore memory;
    InterferingStore store(memory, 3);
    handler::Handler h(kCounter, store, kFast);
    const handler::HandlerResult result = h.handle(delivery("m-1"));
    CHECK(result.outcome == Outcome::Applied);
    CHECK(result.conflicts == 3);
    CHECK(result.attempts == 4);
    CHECK(result.version == 4);  // three others, then this one: nothing lost
    CHECK(countOf(memory) == 4);
    CHECK(memory.conflicts() == 3);
    // Recomputed on the latest state: the command reports the count after all four.
    CHECK(result.effects[0].args[0].value == statechart::Value{std::int64_t{4}});
    CHECK(stored(memory).applied.size() == 4);

    // Also for the very first write of a device (an insert that finds a record).
    store::MemoryStateStore fresh;
    InterferingStore first(fresh, 1);
    const handler::HandlerResult inserted = handler::Handler(kCounter, first, kFast).handle(delivery("m-1"));
    CHECK(inserted.outcome == Outcome::Applied);
    CHECK(inserted.conflicts == 1);
    CHECK(countOf(fresh) == 2);
}

void conflictWithOwnRedelivery() {
    // Another instance applies the same message first: after the conflict the reread
    // record shows it applied, and this instance answers as for a redelivery.
    store::MemoryStateStore memory;
    InterferingStore store(memory, 1, true);
    const handler::HandlerResult result =
        handler::Handler(kCounter, store, kFast).handle(delivery("m-1"));
    CHECK(result.outcome == Outcome::Duplicate);
    CHECK(result.conflicts == 1);
    CHECK(countOf(memory) == 1);
    CHECK(result.effects.size() == 2);
}

void conflictsExhausted() {
    store::MemoryStateStore memory;
    InterferingStore store(memory, 1000);
    handler::Handler h(kCounter, store, HandlerOptions{5, 1, 2});
    const handler::HandlerResult result = h.handle(delivery("m-1"));
    CHECK(result.outcome == Outcome::ConflictsExhausted);
    CHECK(result.attempts == 5);
    CHECK(result.conflicts == 5);
    CHECK(result.effects.empty());  // no commands without a successful put
    CHECK(stored(memory).findApplied("m-1") == nullptr);
    CHECK(countOf(memory) == 5);
}

void concurrentInstances() {
    // Threads as concurrent function instances, all on one device: every message is
    // applied exactly once, whatever the interleaving.
    store::MemoryStateStore store;
    constexpr int kThreads = 8;
    constexpr int kPerThread = 50;
    std::atomic<int> applied{0};
    std::atomic<int> exhausted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            handler::Handler h(kCounter, store, HandlerOptions{1000, 1, 8});
            for (int i = 0; i < kPerThread; ++i) {
                // Appended, not "t" + ... + "-": GCC 12 at -O3 warns falsely (-Wrestrict)
                // about operator+ on a literal and a temporary string.
                std::string id = "t";
                id += std::to_string(t);
                id += '-';
                id += std::to_string(i);
                const auto outcome = h.handle(delivery(id)).outcome;
                if (outcome == Outcome::Applied)
                    ++applied;
                else
                    ++exhausted;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    CHECK(applied == kThreads * kPerThread);
    CHECK(exhausted == 0);
    CHECK(countOf(store) == kThreads * kPerThread);
    CHECK(stored(store).version == static_cast<std::uint64_t>(kThreads * kPerThread));
}

void damagedState() {
    store::MemoryStateStore store;
    store.put("dev-1", "not json", "");
    handler::Handler h(kCounter, store, kFast);
    CHECK_THROWS(h.handle(delivery("m-1")), handler::DamagedRecord);
    store.put("dev-2", R"({"version": 1, "state": {"count": 1}, "applied": [{"id": 5}]})", "");
    CHECK_THROWS(h.handle(delivery("m-1", "Inc", "dev-2")), handler::DamagedRecord);
    store.put("dev-3", R"({"version": -1, "state": {}, "applied": []})", "");
    CHECK_THROWS(h.handle(delivery("m-1", "Inc", "dev-3")), handler::DamagedRecord);
    // A record this handler reads but whose state the machine does not know.
    store.put("dev-4", R"({"version": 1, "state": {"other": true}, "applied": []})", "");
    CHECK_THROWS(h.handle(delivery("m-1", "Inc", "dev-4")), std::runtime_error);
}

// A store that is down.
class FailingStore : public store::StateStore {
public:
    std::optional<store::StoredRecord> read(const std::string&) override {
        throw store::StoreError("read: HTTP 500 InternalError");
    }
    std::optional<std::string> put(const std::string&, const std::string&,
                                   const std::string&) override {
        throw store::StoreError("put: HTTP 500 InternalError");
    }
};

void httpAnswers() {
    const handler::BindingNames names{"deviceMessage", "commands"};
    const auto body = [](const Json& message) {
        return Json{{"Data", {{"deviceMessage", message}}},
                    {"Metadata", {{"SystemProperties", {{"iothub-connection-device-id", "dev-1"}}}}}}
            .dump();
    };
    store::MemoryStateStore store;

    const handler::InvocationAnswer ok = handler::answerInvocation(
        body(Json{{"event", "Inc"}, {"id", "m-1"}}), names, kCounter, store, kFast);
    CHECK(ok.status == 200);
    CHECK(ok.problem.empty());
    CHECK(ok.body["Outputs"]["commands"] ==
          Json::parse(R"([{"deviceId": "dev-1", "command": "Report", "args": {"Count": 1},
                           "causedBy": "m-1"}])"));
    CHECK(ok.body["Logs"].is_array() && !ok.body["Logs"].empty());
    const Json& value = ok.body["ReturnValue"];
    CHECK(value["deviceId"] == "dev-1");
    CHECK(value["messageId"] == "m-1");
    CHECK(value["outcome"] == "applied");
    CHECK(value["version"] == 1);
    CHECK(value["configuration"] == Json::array({"Counting"}));
    CHECK(value["effects"].size() == 2);
    CHECK(value["effects"][1]["kind"] == "timerStart");

    const handler::InvocationAnswer again = handler::answerInvocation(
        body(Json::parse(R"({"event": "Inc", "id": "m-1"})").dump()), names, kCounter, store, kFast);
    CHECK(again.status == 200);
    CHECK(again.body["ReturnValue"]["outcome"] == "duplicate");
    CHECK(again.body["Outputs"]["commands"] == ok.body["Outputs"]["commands"]);

    const handler::InvocationAnswer stale = handler::answerInvocation(
        body(Json{{"event", "Stale"}, {"id", "t-1"}}), names, kCounter, store, kFast);
    CHECK(stale.status == 200);
    CHECK(stale.body["ReturnValue"]["outcome"] == "staleTimer");
    CHECK(stale.body["Outputs"]["commands"] == Json::array());

    const handler::InvocationAnswer bad =
        handler::answerInvocation("{\"Data\": {}}", names, kCounter, store, kFast);
    CHECK(bad.status == 400);
    CHECK(!bad.problem.empty());
    CHECK(bad.body["Logs"].size() == 1);

    // A parser message quoting bytes that are not UTF-8, or a line break: escaped in
    // the log line and the answer alike, so that neither can break.
    const handler::InvocationAnswer notUtf8 = handler::answerInvocation(
        "{\"Data\": {\"deviceMessage\": \"\xff\xfe\n\"}}", names, kCounter, store, kFast);
    CHECK(notUtf8.status == 400);
    CHECK(notUtf8.problem.find("\\xff") != std::string::npos);
    CHECK(notUtf8.problem.find('\n') == std::string::npos);
    CHECK(notUtf8.body["Logs"][0] == notUtf8.problem);
    CHECK(!notUtf8.body.dump().empty());  // the default dump throws on invalid UTF-8

    CHECK(handler::isJsonContentType("application/json"));
    CHECK(handler::isJsonContentType("Application/JSON; charset=utf-8"));
    CHECK(handler::isJsonContentType("application/cloudevents+json"));
    CHECK(handler::isJsonContentType(""));  // no header: the body decides
    CHECK(!handler::isJsonContentType("text/plain"));
    CHECK(!handler::isJsonContentType("application/x-www-form-urlencoded"));
    CHECK(!handler::isJsonContentType("multipart/form-data; boundary=x"));
    CHECK(!handler::isJsonContentType("+json"));

    InterferingStore busy(store, 1000);
    const handler::InvocationAnswer exhausted = handler::answerInvocation(
        body(Json{{"event", "Inc"}, {"id", "m-9"}}), names, kCounter, busy, HandlerOptions{2, 1, 1});
    CHECK(exhausted.status == 503);
    CHECK(!exhausted.body.contains("Outputs"));

    FailingStore down;
    const handler::InvocationAnswer failed = handler::answerInvocation(
        body(Json{{"event", "Inc"}, {"id", "m-9"}}), names, kCounter, down, kFast);
    CHECK(failed.status == 503);
    CHECK(failed.problem.find("HTTP 500") != std::string::npos);

    store::MemoryStateStore damaged;
    damaged.put("dev-1", "{}", "");
    const handler::InvocationAnswer broken = handler::answerInvocation(
        body(Json{{"event", "Inc"}, {"id", "m-9"}}), names, kCounter, damaged, kFast);
    CHECK(broken.status == 500);
}

void storePerThread() {
    std::atomic<int> made{0};
    handler::StorePerThread stores([&made] {
        ++made;
        return std::make_unique<store::MemoryStateStore>();
    });
    store::StateStore* mine = &stores.forThisThread();
    CHECK(&stores.forThisThread() == mine);  // the same store for the same thread
    std::vector<store::StateStore*> others(4);
    // All alive at once: a thread id may be reused once its thread has ended.
    std::latch allFetched(static_cast<std::ptrdiff_t>(others.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < others.size(); ++i)
        threads.emplace_back([&, i] {
            others[i] = &stores.forThisThread();
            if (&stores.forThisThread() != others[i])
                others[i] = nullptr;
            allFetched.arrive_and_wait();
        });
    for (std::thread& thread : threads)
        thread.join();
    CHECK(made == 5);
    for (std::size_t i = 0; i < others.size(); ++i) {
        CHECK(others[i] != nullptr && others[i] != mine);
        for (std::size_t j = 0; j < i; ++j)
            CHECK(others[i] != others[j]);
    }
}

} // namespace

int main() {
    appliesAndRemembers();
    redeliveryIsOneTransition();
    windowOfEight();
    staleTimerWritesNothing();
    conflictsAreRetried();
    conflictWithOwnRedelivery();
    conflictsExhausted();
    concurrentInstances();
    damagedState();
    httpAnswers();
    storePerThread();
    return check::finish("handler_test");
}
