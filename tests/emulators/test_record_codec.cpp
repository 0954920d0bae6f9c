// The compact byte form of device records (emulators/record_codec.h): whatever a machine
// can reach decodes back to exactly what was encoded; decoding into a record of the
// same machine allocates nothing; truncated or garbage bytes are refused without
// reading past the end; the stale-timer check reads the same answer a full decode
// gives; and a camera's configuration takes a few dozen bytes.

#include <QDir>
#include <QtTest>

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <set>
#include <sstream>

#include "emulators/random.h"
#include "emulators/record_codec.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/name_table.h"
#include "model/semantics.h"
#include "model/state_record.h"

// Every allocation of this test program is counted, so that "decoding allocates
// nothing" is checked directly rather than inferred from pointers alone. Under
// AddressSanitizer, whose allocator must see every new and delete, its allocation hook
// counts them instead of a replaced operator new.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

#if defined(__SANITIZE_ADDRESS__)
// From the sanitizers' allocator interface (libasan has it; GCC ships no header for it).
extern "C" int __sanitizer_install_malloc_and_free_hooks(
    void (*mallocHook)(const volatile void*, std::size_t), void (*freeHook)(const volatile void*));
namespace {
void countAllocation(const volatile void*, std::size_t) { ++g_allocations; }
void ignoreFree(const volatile void*) {}
[[maybe_unused]] const int g_hooksInstalled = __sanitizer_install_malloc_and_free_hooks(countAllocation, ignoreFree);
}
#else
void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#endif

using namespace swivel;
using model::Configuration;
using model::EmittedAction;
using model::EventTag;
using model::Value;

namespace {

// Strings that break naive formats: quotes, backslashes, NUL, UTF-8, and one long
// enough that its length takes two varint bytes.
std::vector<std::string> awkwardStrings() {
    return {"",
            "photo-0001",
            "say \"cheese\"",
            "back\\slash",
            std::string("nul\0inside", 10),
            std::string(1, '\0'),
            "Kamera µ-Dienst — Grüße, 写真",
            std::string(300, 'x')};
}

// A random value for a tag of type `type`. Strings come from the field's enumeration,
// the machine's own string constants (so that guards comparing with them can pass) or
// the awkward strings, so that those reach the variables too.
Value randomValue(model::Type type, const model::Field* field,
                  const std::vector<std::string>& machineStrings, emu::Random& random) {
    const auto pick = [&random](const std::vector<std::string>& from) {
        return from[static_cast<std::size_t>(
            random.uniformInt(0, static_cast<std::int64_t>(from.size()) - 1))];
    };
    switch (type) {
    case model::Type::Bool:
        return random.bernoulli(0.5);
    case model::Type::Int:
        // Mostly the small numbers guards compare with, sometimes one of many bytes.
        return random.bernoulli(0.8) ? random.uniformInt(-10, 100)
                                     : random.uniformInt(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
    case model::Type::Double:
        return random.uniform(-1e6, 1e6);
    case model::Type::String:
        break;
    }
    if (field && !field->values.empty() && random.bernoulli(0.7))
        return pick(field->values);
    if (!machineStrings.empty() && random.bernoulli(0.5))
        return pick(machineStrings);
    return pick(awkwardStrings());
}

// The event named `name` as the device or a µ-service would send it: its tags typed
// by the catalog, valued at random.
model::Event randomEvent(const std::string& name, const model::DeviceType* device,
                         const std::vector<std::string>& machineStrings, emu::Random& random) {
    const model::EventType* type = device ? device->findEvent(name) : nullptr;
    if (!type)
        for (const model::ServiceType& service : model::DeviceCatalog::builtin().services())
            if (service.reply.name == name)
                type = &service.reply;
    model::Event event{name, {}};
    if (type)
        for (const model::Field& field : type->tags)
            event.tags.push_back(
                EventTag{field.name, randomValue(field.type, &field, machineStrings, random)});
    return event;
}

// What one example machine went through on a random walk: every configuration it was
// in and the actions of every step.
struct Walk {
    std::string file;
    std::vector<Configuration> configurations;
    std::vector<std::vector<EmittedAction>> effects;
};

// Steps the machine of `file` through `steps` events drawn from its transitions' event
// names, with timer events for its armed timers (and now and then a stale one).
Walk walkExample(const std::string& file, int steps, std::uint64_t seed) {
    Walk walk{file, {}, {}};
    const model::LoadResult load = model::loadMachineFile(file);
    if (!load.machine)
        return walk;
    const auto machine = model::CompiledMachine::compile(*load.machine);
    if (!machine)
        return walk;
    const model::DeviceType* device =
        model::DeviceCatalog::builtin().findDevice(load.machine->deviceType);

    std::vector<std::string> eventNames;
    for (const model::Transition& transition : load.machine->transitions) {
        std::istringstream descriptors(transition.event);
        std::string descriptor;
        while (descriptors >> descriptor) {
            if (descriptor == "*")
                continue;
            if (descriptor.ends_with(".*"))
                descriptor.resize(descriptor.size() - 2);
            eventNames.push_back(descriptor);
        }
    }
    if (eventNames.empty())
        return walk;
    std::vector<std::string> machineStrings;
    for (const model::Variable& variable : load.machine->variables)
        if (const auto* text = std::get_if<std::string>(&variable.initial); text && !text->empty())
            machineStrings.push_back(*text);

    emu::Random random(seed);
    model::StepResult result = model::start(*machine);
    Configuration configuration = result.configuration;
    walk.configurations.push_back(configuration);
    walk.effects.push_back(result.actions);
    for (int i = 0; i < steps; ++i) {
        model::Event event;
        if (!configuration.timers.empty() && random.bernoulli(0.3)) {
            const model::ArmedTimer& timer = configuration.timers[static_cast<std::size_t>(
                random.uniformInt(0, static_cast<std::int64_t>(configuration.timers.size()) - 1))];
            const std::uint64_t token = random.bernoulli(0.9) ? timer.token : timer.token + 1000;
            event = model::timerEvent(machine->transitionId(timer.transition), token);
        } else {
            event = randomEvent(eventNames[static_cast<std::size_t>(random.uniformInt(
                                    0, static_cast<std::int64_t>(eventNames.size()) - 1))],
                                device, machineStrings, random);
        }
        result = model::step(*machine, configuration, event);
        configuration = result.configuration;
        walk.configurations.push_back(configuration);
        walk.effects.push_back(result.actions);
        // A finished machine takes no more events; start it over to keep walking.
        if (configuration.finished) {
            result = model::start(*machine);
            configuration = result.configuration;
        }
    }
    return walk;
}

std::vector<Walk> walkEveryExample() {
    std::vector<Walk> walks;
    const QDir examples(QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples"));
    std::uint64_t seed = 20261128;
    for (const QString& name : examples.entryList({QStringLiteral("*.swivel.json")}, QDir::Files,
                                                  QDir::Name))
        walks.push_back(walkExample(examples.filePath(name).toStdString(), 3000, seed++));
    return walks;
}

const std::vector<Walk>& walks() {
    static const std::vector<Walk> all = walkEveryExample();
    return all;
}

std::string encoded(const Configuration& configuration) {
    std::string bytes;
    emu::encodeConfiguration(configuration, bytes);
    return bytes;
}

std::string encoded(const std::vector<EmittedAction>& effects) {
    std::string bytes;
    emu::encodeEffects(effects, bytes);
    return bytes;
}

// A configuration no example reaches: every Value alternative at its extremes, awkward
// strings, history far down a large machine, a timer of an unresolved transition.
Configuration unusualConfiguration() {
    Configuration c;
    c.active = {0, 3, 17, 200, std::numeric_limits<int>::max()};
    c.variables = {Value{false},
                   Value{true},
                   Value{std::int64_t{0}},
                   Value{std::int64_t{-1}},
                   Value{std::numeric_limits<std::int64_t>::min()},
                   Value{std::numeric_limits<std::int64_t>::max()},
                   Value{0.0},
                   Value{-0.0},
                   Value{1.5e-310},
                   Value{std::numeric_limits<double>::infinity()},
                   Value{-std::numeric_limits<double>::max()}};
    for (const std::string& text : awkwardStrings())
        c.variables.emplace_back(text);
    c.history.resize(300);
    c.history[0] = {1};
    c.history[150] = {151, 152};
    c.history[299] = {std::numeric_limits<int>::min()};
    c.timers = {{-1, 0}, {4, 1}, {7, std::numeric_limits<std::uint64_t>::max()}};
    c.nextTimerToken = std::numeric_limits<std::uint64_t>::max();
    c.finished = true;
    return c;
}

// One action of every kind with every field set, and each field set on its own.
std::vector<EmittedAction> unusualEffects() {
    std::vector<EmittedAction> effects;
    EmittedAction full;
    full.name = "Swivel \"now\"";
    full.args = {{"Bearing", std::int64_t{-90}},
                 {"Zoom", 2.5},
                 {"Burst", true},
                 {"Note", std::string("a\0b", 3)}};
    full.value = std::string("Grüße");
    full.label = "power";
    full.target = "camera-0042";
    full.reply = "Photo.Classified";
    full.delayMs = std::numeric_limits<std::int64_t>::min();
    full.token = std::numeric_limits<std::uint64_t>::max();
    for (int kind = 0; kind <= static_cast<int>(EmittedAction::Kind::Error); ++kind) {
        full.kind = static_cast<EmittedAction::Kind>(kind);
        effects.push_back(full);
        EmittedAction bare;
        bare.kind = full.kind;
        effects.push_back(bare);
    }
    EmittedAction one;
    one.name = "n";
    effects.push_back(one);
    one = {};
    one.args = {{"", false}};
    effects.push_back(one);
    one = {};
    one.value = true;
    effects.push_back(one);
    one = {};
    one.value = std::int64_t{0};  // not the default Value (false), so it must survive
    effects.push_back(one);
    one = {};
    one.label = "l";
    effects.push_back(one);
    one = {};
    one.target = "t";
    effects.push_back(one);
    one = {};
    one.reply = "r";
    effects.push_back(one);
    one = {};
    one.delayMs = 1500;
    effects.push_back(one);
    one = {};
    one.token = 9;
    effects.push_back(one);
    return effects;
}

} // namespace

class TestRecordCodec : public QObject {
    Q_OBJECT
private slots:
    void everyExampleIsWalked() {
        // The walks below are only as good as what they reach: every example, and
        // among them recorded history, armed timers and finished machines.
        QCOMPARE(walks().size(), std::size_t{3});
        bool history = false, timers = false, finished = false;
        for (const Walk& walk : walks()) {
            QVERIFY2(walk.configurations.size() > 1000, walk.file.c_str());
            for (const Configuration& c : walk.configurations) {
                for (const auto& entry : c.history)
                    history |= !entry.empty();
                timers |= !c.timers.empty();
                finished |= c.finished;
            }
        }
        QVERIFY(history);
        QVERIFY(timers);
        QVERIFY(finished);
    }

    void everyReachedConfigurationRoundTrips() {
        for (const Walk& walk : walks())
            for (const Configuration& configuration : walk.configurations) {
                const std::string bytes = encoded(configuration);
                Configuration decoded;
                std::size_t offset = 0;
                QVERIFY2(emu::decodeConfiguration(bytes, offset, decoded), walk.file.c_str());
                QCOMPARE(offset, bytes.size());
                QVERIFY2(decoded == configuration, walk.file.c_str());
            }
    }

    void everyStepsEffectsRoundTrip() {
        for (const Walk& walk : walks())
            for (const auto& effects : walk.effects) {
                const std::string bytes = encoded(effects);
                std::vector<EmittedAction> decoded;
                std::size_t offset = 0;
                QVERIFY2(emu::decodeEffects(bytes, offset, decoded), walk.file.c_str());
                QCOMPARE(offset, bytes.size());
                QVERIFY2(decoded == effects, walk.file.c_str());
            }
    }

    void everyValueTypeAndAwkwardStringRoundTrips() {
        const Configuration configuration = unusualConfiguration();
        const std::string bytes = encoded(configuration);
        Configuration decoded;
        std::size_t offset = 0;
        QVERIFY(emu::decodeConfiguration(bytes, offset, decoded));
        QVERIFY(decoded == configuration);
        // -0.0 == 0.0, so operator== cannot see a lost sign; the bits must survive too.
        QVERIFY(std::signbit(std::get<double>(decoded.variables[7])));

        // NaN is not equal to itself; its bits still come back.
        Configuration withNan;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        withNan.variables = {Value{nan}};
        Configuration nanDecoded;
        offset = 0;
        QVERIFY(emu::decodeConfiguration(encoded(withNan), offset, nanDecoded));
        QCOMPARE(std::bit_cast<std::uint64_t>(std::get<double>(nanDecoded.variables[0])),
                 std::bit_cast<std::uint64_t>(nan));
    }

    void stringsOfEveryShortLengthRoundTripOverAnyScratch() {
        // Short strings are copied a word from each end, and written over a scratch
        // string of the same length in place: every length from empty to past two
        // words, every byte distinct, over scratch strings as long, shorter and longer.
        for (std::size_t length = 0; length <= 40; ++length) {
            std::string text(length, '\0');
            for (std::size_t k = 0; k < length; ++k)
                text[k] = static_cast<char>('A' + k);
            Configuration configuration;
            configuration.variables = {Value{text}, Value{std::int64_t{7}}};
            const std::string bytes = encoded(configuration);
            for (const std::size_t scratchLength : {length, length / 2, length + 3}) {
                Configuration scratch;
                scratch.variables = {Value{std::string(scratchLength, '#')}, Value{true}};
                std::size_t offset = 0;
                QVERIFY(emu::decodeConfiguration(bytes, offset, scratch));
                QCOMPARE(offset, bytes.size());
                QCOMPARE(std::get<std::string>(scratch.variables[0]), text);
                QVERIFY(scratch == configuration);
            }
        }
    }

    void everyActionKindAndFieldRoundTrips() {
        const std::vector<EmittedAction> effects = unusualEffects();
        const std::string bytes = encoded(effects);
        std::vector<EmittedAction> decoded;
        std::size_t offset = 0;
        QVERIFY(emu::decodeEffects(bytes, offset, decoded));
        QCOMPARE(decoded.size(), effects.size());
        for (std::size_t i = 0; i < effects.size(); ++i)
            QVERIFY2(decoded[i] == effects[i], qPrintable(QString::number(i)));
    }

    void emptyFieldsCostNothingBeyondTheHeader() {
        // A timer start (name, token, delay) and a send with arguments keep the
        // presence header in one byte: the kind and every empty field together.
        EmittedAction timer;
        timer.kind = EmittedAction::Kind::TimerStart;
        timer.name = "t1";
        timer.token = 3;
        timer.delayMs = 5000;
        // count 1, header 1, name 1+2, token 1, delay 2 (zigzag 10000 needs two bytes)
        QCOMPARE(encoded(std::vector<EmittedAction>{timer}).size(), std::size_t{8});
        EmittedAction bare;
        bare.kind = EmittedAction::Kind::Error;
        QCOMPARE(encoded(std::vector<EmittedAction>{bare}).size(), std::size_t{2});
        QCOMPARE(encoded(std::vector<EmittedAction>{}).size(), std::size_t{1});
    }

    void recordsFollowOneAnotherInOneBuffer() {
        // The store keeps a configuration and its effects in one string: decoding
        // advances the offset to exactly where the next part begins.
        const Configuration first = walks()[0].configurations.back();
        const std::vector<EmittedAction> effects = unusualEffects();
        const Configuration second = unusualConfiguration();
        std::string bytes;
        emu::encodeConfiguration(first, bytes);
        emu::encodeEffects(effects, bytes);
        emu::encodeConfiguration(second, bytes);

        std::size_t offset = 0;
        Configuration c;
        std::vector<EmittedAction> e;
        QVERIFY(emu::decodeConfiguration(bytes, offset, c));
        QVERIFY(c == first);
        QVERIFY(emu::decodeEffects(bytes, offset, e));
        QVERIFY(e == effects);
        QVERIFY(emu::decodeConfiguration(bytes, offset, c));
        QVERIFY(c == second);
        QCOMPARE(offset, bytes.size());
        QVERIFY(!emu::decodeConfiguration(bytes, offset, c));  // nothing left
    }

    void decodingAgainIntoTheSameRecordAllocatesNothing() {
        // The store decodes every delivery's record into one scratch configuration; once
        // it has held a record of the machine, its vectors and strings are big enough.
        Configuration configuration = unusualConfiguration();
        configuration.variables.emplace_back(std::string(100, 'y'));  // beyond SSO
        const std::string bytes = encoded(configuration);
        const std::vector<EmittedAction> effects = unusualEffects();
        const std::string effectBytes = encoded(effects);

        Configuration scratch;
        std::vector<EmittedAction> scratchEffects;
        std::size_t offset = 0;
        QVERIFY(emu::decodeConfiguration(bytes, offset, scratch));
        offset = 0;
        QVERIFY(emu::decodeEffects(effectBytes, offset, scratchEffects));
        const int* active = scratch.active.data();
        const Value* variables = scratch.variables.data();
        const char* longString = std::get<std::string>(scratch.variables.back()).data();
        const std::vector<int>* history = scratch.history.data();
        const int* historyEntry = scratch.history[150].data();
        const model::ArmedTimer* timers = scratch.timers.data();
        const EmittedAction* actions = scratchEffects.data();
        const EventTag* args = scratchEffects[0].args.data();

        const std::uint64_t before = g_allocations.load();
        offset = 0;
        QVERIFY(emu::decodeConfiguration(bytes, offset, scratch));
        offset = 0;
        QVERIFY(emu::decodeEffects(effectBytes, offset, scratchEffects));
        const std::uint64_t allocations = g_allocations.load() - before;

        QCOMPARE(allocations, std::uint64_t{0});
        QVERIFY(scratch == configuration);
        QVERIFY(scratchEffects == effects);
        QCOMPARE(scratch.active.data(), active);
        QCOMPARE(scratch.variables.data(), variables);
        QCOMPARE(std::get<std::string>(scratch.variables.back()).data(), longString);
        QCOMPARE(scratch.history.data(), history);
        QCOMPARE(scratch.history[150].data(), historyEntry);
        QCOMPARE(scratch.timers.data(), timers);
        QCOMPARE(scratchEffects.data(), actions);
        QCOMPARE(scratchEffects[0].args.data(), args);
    }

    void decodingAnotherRecordOfTheSameMachineAllocatesNothing() {
        // Along a walk the records differ (other states, other values, history or none),
        // but once the scratch has held the largest of them, no later one allocates.
        const Walk& walk = walks()[0];
        std::vector<std::string> records;
        for (const Configuration& configuration : walk.configurations)
            records.push_back(encoded(configuration));
        // Decoding over what the scratch held before must leave nothing of it behind.
        Configuration scratch = unusualConfiguration();
        for (std::size_t i = 0; i < records.size(); ++i) {
            std::size_t offset = 0;
            QVERIFY(emu::decodeConfiguration(records[i], offset, scratch));
            QVERIFY(scratch == walk.configurations[i]);
        }
        std::vector<EmittedAction> scratchEffects = unusualEffects();
        for (const Walk& each : walks())
            for (const auto& effects : each.effects) {
                std::size_t offset = 0;
                QVERIFY(emu::decodeEffects(encoded(effects), offset, scratchEffects));
                QVERIFY(scratchEffects == effects);
            }
        const std::uint64_t before = g_allocations.load();
        for (const std::string& bytes : records) {
            std::size_t offset = 0;
            if (!emu::decodeConfiguration(bytes, offset, scratch))
                QFAIL("decode failed");
        }
        QCOMPARE(g_allocations.load() - before, std::uint64_t{0});
    }

    void truncatedInputIsRefusedAtEveryLength() {
        // Decoding reads exactly the bytes written, so every proper prefix runs out of
        // bytes somewhere; the decoder must say so, not read on or crash.
        std::vector<std::string> configurations = {encoded(unusualConfiguration())};
        std::vector<std::string> effects = {encoded(unusualEffects())};
        for (const Walk& walk : walks()) {
            for (std::size_t i = 0; i < walk.configurations.size(); i += 97)
                configurations.push_back(encoded(walk.configurations[i]));
            for (std::size_t i = 0; i < walk.effects.size(); i += 97)
                effects.push_back(encoded(walk.effects[i]));
        }
        Configuration c;
        std::vector<EmittedAction> e;
        for (const std::string& bytes : configurations)
            for (std::size_t length = 0; length < bytes.size(); ++length) {
                // A copy of exactly `length` bytes, so a read past it is a heap overflow
                // that the sanitizer build reports.
                const std::string prefix = bytes.substr(0, length);
                std::size_t offset = 0;
                QVERIFY(!emu::decodeConfiguration(prefix, offset, c));
                QCOMPARE(offset, std::size_t{0});  // not advanced on failure
            }
        for (const std::string& bytes : effects)
            for (std::size_t length = 0; length < bytes.size(); ++length) {
                const std::string prefix = bytes.substr(0, length);
                std::size_t offset = 0;
                QVERIFY(!emu::decodeEffects(prefix, offset, e));
                QCOMPARE(offset, std::size_t{0});
            }
    }

    void hostileLengthsAreRefusedWithoutAllocating() {
        Configuration c;
        std::vector<EmittedAction> e;
        std::size_t offset = 0;
        // A timer count of 2^63 - 1 in a nine-byte varint, followed by nothing.
        const std::string hugeCount("\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 9);
        const std::uint64_t before = g_allocations.load();
        QVERIFY(!emu::decodeConfiguration(hugeCount, offset, c));
        QVERIFY(!emu::decodeEffects(hugeCount, offset, e));
        QVERIFY(!emu::armsTimerToken(hugeCount, 1));
        // An eleven-byte varint, and a tenth byte with more than the 64th bit.
        QVERIFY(!emu::decodeConfiguration(std::string(11, '\x80'), offset, c));
        QVERIFY(!emu::decodeConfiguration(std::string(9, '\xff') + '\x02', offset, c));
        QCOMPARE(g_allocations.load() - before, std::uint64_t{0});

        // A history size beyond any loadable machine: no timers, token 1, not finished,
        // no active states, no variables, then the size.
        std::string history("\x00\x01\x00\x00\x00", 5);
        std::string size;
        for (std::uint64_t v = emu::kMaxEncodedStates + 1; v; v >>= 7)
            size.push_back(static_cast<char>((v & 0x7f) | (v >= 0x80 ? 0x80 : 0)));
        const std::uint64_t beforeHistory = g_allocations.load();
        QVERIFY(!emu::decodeConfiguration(history + size + '\x00', offset, c));
        QCOMPARE(g_allocations.load() - beforeHistory, std::uint64_t{0});
        QCOMPARE(offset, std::size_t{0});
    }

    void garbageIsRefusedOrDecodedButNeverCrashes() {
        // Unknown value tags, action kinds, presence bits and finished flags are refused.
        Configuration c;
        std::vector<EmittedAction> e;
        std::size_t offset = 0;
        QVERIFY(!emu::decodeConfiguration(std::string("\x00\x01\x02", 3), offset, c));  // finished 2
        QVERIFY(!emu::decodeConfiguration(std::string("\x00\x01\x00\x00\x01\x05", 6), offset, c));  // tag 5
        QVERIFY(!emu::decodeEffects(std::string("\x01\x08", 2), offset, e));  // name bit, no name
        offset = 0;
        QVERIFY(!emu::decodeEffects(std::string("\x01\x80\x10", 3), offset, e));  // presence > 0xff
        // Duplicate and empty history entries are not what the encoder writes.
        QVERIFY(!emu::decodeConfiguration(std::string("\x00\x01\x00\x00\x00\x04\x02\x01\x01\x02\x01\x01\x02", 13), offset, c));
        QVERIFY(!emu::decodeConfiguration(std::string("\x00\x01\x00\x00\x00\x04\x01\x01\x00", 9), offset, c));

        // Random bytes, and real records with one byte changed: whatever the answer, the
        // decoder stays inside the input (the sanitizer build checks) and, when it says
        // yes, stops inside it.
        emu::Random random(99);
        std::vector<std::string> inputs;
        for (int i = 0; i < 2000; ++i) {
            std::string bytes(static_cast<std::size_t>(random.uniformInt(0, 40)), '\0');
            for (char& b : bytes)
                b = static_cast<char>(random.uniformInt(0, 255));
            inputs.push_back(bytes);
        }
        for (const Walk& walk : walks())
            for (std::size_t i = 0; i < walk.configurations.size(); i += 31) {
                std::string bytes = encoded(walk.configurations[i]);
                bytes[static_cast<std::size_t>(random.uniformInt(
                    0, static_cast<std::int64_t>(bytes.size()) - 1))] =
                    static_cast<char>(random.uniformInt(0, 255));
                inputs.push_back(bytes);
            }
        for (const std::string& bytes : inputs) {
            std::size_t offset = 0;
            if (emu::decodeConfiguration(bytes, offset, c))
                QVERIFY(offset <= bytes.size());
            offset = 0;
            if (emu::decodeEffects(bytes, offset, e))
                QVERIFY(offset <= bytes.size());
            emu::armsTimerToken(bytes, 1);
        }
    }

    void armsTimerTokenAgreesWithAFullDecode() {
        std::size_t armed = 0, checked = 0;
        for (const Walk& walk : walks())
            for (const Configuration& configuration : walk.configurations) {
                const std::string bytes = encoded(configuration);
                std::set<std::uint64_t> tokens;
                for (const model::ArmedTimer& timer : configuration.timers)
                    tokens.insert(timer.token);
                for (std::uint64_t token = 0; token <= configuration.nextTimerToken + 1; ++token) {
                    const bool expected = tokens.count(token) > 0;
                    if (emu::armsTimerToken(bytes, token) != expected)
                        QFAIL(qPrintable(QStringLiteral("%1: token %2")
                                             .arg(QString::fromStdString(walk.file))
                                             .arg(token)));
                    armed += expected ? 1 : 0;
                    ++checked;
                }
            }
        QVERIFY(armed > 0 && armed < checked);
        const std::string unusual = encoded(unusualConfiguration());
        QVERIFY(emu::armsTimerToken(unusual, std::numeric_limits<std::uint64_t>::max()));
        QVERIFY(emu::armsTimerToken(unusual, 0));
        QVERIFY(!emu::armsTimerToken(unusual, 2));
        QVERIFY(!emu::armsTimerToken({}, 0));
    }

    void cameraConfigurationsTakeAFewDozenBytes() {
        // Issue 4's budget is 1 KiB per device for the whole record; the camera's
        // configuration (four variables, a photo UID in three of them) must be a small
        // part of it. Apart from the strings' own bytes, every configuration along the
        // walk fits in a few dozen bytes.
        const Walk* camera = nullptr;
        for (const Walk& walk : walks())
            if (walk.file.ends_with("camera-point-focus-shoot.swivel.json"))
                camera = &walk;
        QVERIFY(camera);
        const auto machine =
            model::CompiledMachine::compile(*model::loadMachineFile(camera->file).machine);
        std::size_t largestOverhead = 0, largestJsonOverhead = 0, largestEffects = 0;
        for (const Configuration& configuration : camera->configurations) {
            std::size_t text = 0;
            for (const Value& variable : configuration.variables)
                if (const auto* string = std::get_if<std::string>(&variable))
                    text += string->size();
            largestOverhead = std::max(largestOverhead, encoded(configuration).size() - text);
            largestJsonOverhead = std::max(
                largestJsonOverhead,
                model::configurationToJson(*machine, configuration).dump().size() - text);
        }
        for (const auto& effects : camera->effects)
            largestEffects = std::max(largestEffects, encoded(effects).size());

        // A camera in the middle of a shot, with UIDs as the emulated camera makes them.
        Configuration shooting = camera->configurations.back();
        for (Value& variable : shooting.variables)
            if (std::holds_alternative<std::string>(variable))
                variable = std::string("IMG-camera-00042-17");
        const std::size_t shootingSize = encoded(shooting).size();
        qInfo("camera configuration: %zu bytes with the emulator's 19-character UIDs in its "
              "three string variables; at most %zu bytes besides the strings' text over the "
              "walk (as JSON: %zu); largest effects of one step %zu bytes (awkward strings "
              "included)",
              shootingSize, largestOverhead, largestJsonOverhead, largestEffects);
        QVERIFY2(largestOverhead <= 32, qPrintable(QString::number(largestOverhead)));
        QVERIFY2(shootingSize <= 3 * 19 + 32, qPrintable(QString::number(shootingSize)));
    }

    void effectsWithADictionaryNameEachNameOnceAndDecodeTheSame() {
        model::EmittedAction send;
        send.kind = model::EmittedAction::Kind::Send;
        send.name = "DownloadPhoto";
        send.args = {{"UID", std::string("IMG-camera-0001-17")}, {"Thumbnail", true}};
        model::EmittedAction timer;
        timer.kind = model::EmittedAction::Kind::TimerStart;
        timer.name = "swivelTimeout";
        timer.token = 7;
        timer.delayMs = 3000;
        const std::vector<model::EmittedAction> effects{send, timer};

        emu::NameDictionary names;
        std::string plain, named, namedAgain;
        emu::encodeEffects(effects, plain);
        emu::encodeEffects(effects, named, &names);
        emu::encodeEffects(effects, namedAgain, &names);
        QCOMPARE(names.size(), std::size_t(4));  // two action names, two argument names
        QCOMPARE(named, namedAgain);
        QVERIFY2(named.size() + 30 < plain.size(), "names cost a byte each instead of their text");

        std::vector<model::EmittedAction> decoded;
        std::size_t offset = 0;
        QVERIFY(emu::decodeEffects(named, offset, decoded, &names));
        QCOMPARE(decoded, effects);
        QCOMPARE(offset, named.size());

        // A number the dictionary never gave out is damage, not a name.
        emu::NameDictionary empty;
        offset = 0;
        QVERIFY(!emu::decodeEffects(named, offset, decoded, &empty));
        QCOMPARE(offset, std::size_t(0));
    }

    void aDictionaryNumbersEachNameOnceInTheOrderFirstSeen() {
        // Thousands of names (the table grows many times), of every length from empty
        // to past two words, some alike but for their last byte.
        emu::NameDictionary names;
        std::vector<std::string> seen;
        for (int i = 0; i < 3000; ++i) {
            std::string name(static_cast<std::size_t>(i % 20), 'a');
            name += std::to_string(i);
            seen.push_back(name);
            QCOMPARE(names.intern(name), std::uint64_t(i));
        }
        QCOMPARE(names.intern(""), std::uint64_t(3000));
        QCOMPARE(names.size(), std::size_t(3001));
        for (std::size_t i = 0; i < seen.size(); ++i) {
            QCOMPARE(names.intern(seen[i]), std::uint64_t(i));
            QCOMPARE(*names.find(i), seen[i]);
        }
        QCOMPARE(names.intern(""), std::uint64_t(3000));
        QCOMPARE(names.size(), std::size_t(3001));
        QVERIFY(names.find(3001) == nullptr);
    }

    void aDictionaryLooksNamesUpWithoutNumberingNewOnes() {
        emu::NameDictionary names;
        QCOMPARE(names.lookup("Motion"), emu::NameDictionary::kNone);  // nothing yet
        QCOMPARE(names.size(), std::size_t(0));
        std::vector<std::string> seen;
        for (int i = 0; i < 200; ++i) {
            seen.push_back(std::string(static_cast<std::size_t>(i % 19), 'b') + std::to_string(i));
            names.intern(seen.back());
        }
        for (std::size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(names.lookup(seen[i]), std::uint64_t(i));
        // Alike but for a byte or the length: not found, and still not numbered.
        QCOMPARE(names.lookup("bb"), emu::NameDictionary::kNone);
        QCOMPARE(names.lookup(seen[150] + "x"), emu::NameDictionary::kNone);
        QCOMPARE(names.lookup(seen[150].substr(0, seen[150].size() - 1)), emu::NameDictionary::kNone);
        QCOMPARE(names.lookup(""), emu::NameDictionary::kNone);
        QCOMPARE(names.size(), std::size_t(200));
    }

    void shortNamesThatDifferInAnyByteAreToldApart() {
        // Short names are compared and hashed apart from longer ones (no word loads):
        // every byte of each must count, a NUL too.
        const std::string alphabet("ab\0", 3);
        std::vector<std::string> all;
        for (std::size_t length = 1; length <= 3; ++length) {
            std::vector<std::string> next{""};
            for (std::size_t k = 0; k < length; ++k) {
                std::vector<std::string> longer;
                for (const std::string& prefix : next)
                    for (char c : alphabet)
                        longer.push_back(prefix + c);
                next = std::move(longer);
            }
            all.insert(all.end(), next.begin(), next.end());
        }
        QCOMPARE(all.size(), std::size_t(3 + 9 + 27));
        std::set<std::uint64_t> hashes;
        for (const std::string& a : all) {
            hashes.insert(model::detail::hashName(a));
            for (const std::string& b : all) {
                if (a.size() == b.size())
                    QCOMPARE(model::detail::sameBytes(a.data(), b.data(), a.size()), a == b);
            }
        }
        QCOMPARE(hashes.size(), all.size());
        emu::NameDictionary names;
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(names.intern(all[i]), std::uint64_t(i));
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(names.lookup(all[i]), std::uint64_t(i));
        QCOMPARE(names.lookup("abc"), emu::NameDictionary::kNone);
        QCOMPARE(names.size(), all.size());
    }

    void valuesByNameKeepTheFirstOfEqualNames() {
        // As a walk through a catalog's list finds them (DeviceType::findEvent).
        emu::ValuesByName<std::int64_t> sizes;
        sizes.add("NewIMG", 3000000);
        sizes.add("Motion", 64);
        sizes.add("NewIMG", 20000);
        QCOMPARE(*sizes.find("NewIMG"), std::int64_t(3000000));
        QCOMPARE(*sizes.find("Motion"), std::int64_t(64));
        QVERIFY(sizes.find("Motio") == nullptr);
        QVERIFY(sizes.find("NewIMG.Thumbnail") == nullptr);
        QVERIFY(emu::ValuesByName<int>().find("anything") == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestRecordCodec)
#include "test_record_codec.moc"
