// Values of the expression language: type names, defaults, JSON conversion and the
// way values are shown to the user.

#include <QtTest>

#include <limits>

#include <nlohmann/json.hpp>

#include "model/value.h"

using namespace swivel::model;

Q_DECLARE_METATYPE(swivel::model::Value)
Q_DECLARE_METATYPE(std::optional<swivel::model::Value>)
Q_DECLARE_METATYPE(swivel::model::Type)

namespace swivel::model {
// Lets QCOMPARE print values when a comparison fails.
char* toString(const Value& value) {
    std::string text = std::string(typeName(typeOf(value))) + " " + toDisplayString(value);
    return qstrdup(text.c_str());
}
char* toString(const std::optional<Value>& value) {
    return value ? toString(*value) : qstrdup("nullopt");
}
} // namespace swivel::model

namespace {
Value i64(std::int64_t v) {
    return Value{v};
}
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
} // namespace

class TestValue : public QObject {
    Q_OBJECT

private slots:
    void typeNamesRoundTrip() {
        for (Type type : {Type::Bool, Type::Int, Type::Double, Type::String}) {
            QCOMPARE(typeFromName(typeName(type)), std::optional<Type>(type));
        }
        QCOMPARE(typeName(Type::Bool), std::string_view("bool"));
        QCOMPARE(typeName(Type::Int), std::string_view("int"));
        QCOMPARE(typeName(Type::Double), std::string_view("double"));
        QCOMPARE(typeName(Type::String), std::string_view("string"));
    }

    void typeFromNameRejects_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("float is not a type") << "float";
        QTest::newRow("names are case-sensitive") << "Int";
        QTest::newRow("no spaces") << " int";
        QTest::newRow("empty") << "";
    }
    void typeFromNameRejects() {
        QFETCH(QString, name);
        QVERIFY(!typeFromName(name.toStdString()).has_value());
    }

    void typeOfFollowsTheVariantIndex() {
        QCOMPARE(typeOf(Value{true}), Type::Bool);
        QCOMPARE(typeOf(i64(3)), Type::Int);
        QCOMPARE(typeOf(Value{2.5}), Type::Double);
        QCOMPARE(typeOf(Value{std::string("x")}), Type::String);
    }

    void defaultValues() {
        QCOMPARE(defaultValue(Type::Bool), Value{false});
        QCOMPARE(defaultValue(Type::Int), i64(0));
        QCOMPARE(defaultValue(Type::Double), Value{0.0});
        QCOMPARE(defaultValue(Type::String), Value{std::string()});
    }

    // fromJson(json, type): the value in the wanted type, or nullopt when it does not fit.
    void fromJsonTyped_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<Type>("type");
        QTest::addColumn<std::optional<Value>>("expected");
        using V = std::optional<Value>;
        const V none;

        QTest::newRow("bool") << "true" << Type::Bool << V(true);
        QTest::newRow("int for bool: no") << "1" << Type::Bool << none;
        QTest::newRow("string for bool: no") << "\"true\"" << Type::Bool << none;

        QTest::newRow("int") << "42" << Type::Int << V(i64(42));
        QTest::newRow("negative int") << "-7" << Type::Int << V(i64(-7));
        QTest::newRow("largest int") << "9223372036854775807" << Type::Int << V(i64(kMax));
        QTest::newRow("smallest int") << "-9223372036854775808" << Type::Int << V(i64(kMin));
        QTest::newRow("2^63 does not fit") << "9223372036854775808" << Type::Int << none;
        QTest::newRow("2^64-1 does not fit") << "18446744073709551615" << Type::Int << none;
        QTest::newRow("integral double for int") << "3.0" << Type::Int << V(i64(3));
        QTest::newRow("negative integral double") << "-2e3" << Type::Int << V(i64(-2000));
        QTest::newRow("-2^63 as a double fits")
            << "-9.223372036854775808e18" << Type::Int << V(i64(kMin));
        QTest::newRow("2^63 as a double does not")
            << "9.223372036854775808e18" << Type::Int << none;
        QTest::newRow("fraction for int: no") << "2.5" << Type::Int << none;
        QTest::newRow("huge double for int: no") << "1e300" << Type::Int << none;
        QTest::newRow("bool for int: no") << "false" << Type::Int << none;
        QTest::newRow("string for int: no") << "\"1\"" << Type::Int << none;

        QTest::newRow("double") << "1.5" << Type::Double << V(1.5);
        QTest::newRow("int for double") << "2" << Type::Double << V(2.0);
        QTest::newRow("negative int for double") << "-2" << Type::Double << V(-2.0);
        QTest::newRow("large unsigned for double")
            << "18446744073709551615" << Type::Double << V(18446744073709551615.0);
        QTest::newRow("bool for double: no") << "true" << Type::Double << none;

        QTest::newRow("string") << "\"On\"" << Type::String << V(std::string("On"));
        QTest::newRow("unicode string")
            << "\"\\u00e9\"" << Type::String << V(std::string("\xc3\xa9"));
        QTest::newRow("number for string: no") << "1" << Type::String << none;

        QTest::newRow("null fits nothing") << "null" << Type::Int << none;
        QTest::newRow("array fits nothing") << "[1]" << Type::Int << none;
        QTest::newRow("object fits nothing") << "{}" << Type::String << none;
    }
    void fromJsonTyped() {
        QFETCH(QString, json);
        QFETCH(Type, type);
        QFETCH(std::optional<Value>, expected);
        QCOMPARE(fromJson(nlohmann::json::parse(json.toStdString()), type), expected);
    }

    // fromJson(json): the natural type of a JSON scalar.
    void fromJsonUntyped_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<std::optional<Value>>("expected");
        using V = std::optional<Value>;
        QTest::newRow("bool") << "false" << V(false);
        QTest::newRow("int") << "12" << V(i64(12));
        QTest::newRow("negative int") << "-12" << V(i64(-12));
        QTest::newRow("integral double stays double") << "12.0" << V(12.0);
        QTest::newRow("double") << "0.25" << V(0.25);
        QTest::newRow("beyond int64 becomes double")
            << "18446744073709551615" << V(18446744073709551615.0);
        QTest::newRow("string") << "\"x\"" << V(std::string("x"));
        QTest::newRow("null") << "null" << V();
        QTest::newRow("array") << "[]" << V();
        QTest::newRow("object") << "{\"a\":1}" << V();
    }
    void fromJsonUntyped() {
        QFETCH(QString, json);
        QFETCH(std::optional<Value>, expected);
        QCOMPARE(fromJson(nlohmann::json::parse(json.toStdString())), expected);
    }

    void toJsonRoundTrips_data() {
        QTest::addColumn<Value>("value");
        QTest::addColumn<QString>("json");
        QTest::newRow("bool") << Value{true} << "true";
        QTest::newRow("int") << i64(-5) << "-5";
        QTest::newRow("smallest int") << i64(kMin) << "-9223372036854775808";
        QTest::newRow("double") << Value{1.5} << "1.5";
        QTest::newRow("integral double") << Value{2.0} << "2.0";
        QTest::newRow("string") << Value{std::string("a\"b")} << "\"a\\\"b\"";
    }
    void toJsonRoundTrips() {
        QFETCH(Value, value);
        QFETCH(QString, json);
        nlohmann::json j = toJson(value);
        QCOMPARE(QString::fromStdString(j.dump()), json);
        QCOMPARE(fromJson(j, typeOf(value)), std::optional<Value>(value));
        QCOMPARE(fromJson(j), std::optional<Value>(value));
    }

    void displayStrings_data() {
        QTest::addColumn<Value>("value");
        QTest::addColumn<QString>("shown");
        QTest::newRow("true") << Value{true} << "true";
        QTest::newRow("false") << Value{false} << "false";
        QTest::newRow("int") << i64(90) << "90";
        QTest::newRow("negative int") << i64(-3) << "-3";
        QTest::newRow("smallest int") << i64(kMin) << "-9223372036854775808";
        QTest::newRow("double") << Value{1.5} << "1.5";
        QTest::newRow("integral double keeps its point") << Value{2.0} << "2.0";
        QTest::newRow("shortest round trip") << Value{0.1} << "0.1";
        QTest::newRow("large double") << Value{1e300} << "1e+300";
        QTest::newRow("infinity") << Value{std::numeric_limits<double>::infinity()} << "inf";
        QTest::newRow("nan") << Value{std::numeric_limits<double>::quiet_NaN()} << "nan";
        QTest::newRow("string is quoted") << Value{std::string("text")} << "\"text\"";
        QTest::newRow("string escapes like an expression literal")
            << Value{std::string("a\"b\\c\nd\x01")} << "\"a\\\"b\\\\c\\nd\\u0001\"";
        QTest::newRow("utf-8 passes through") << Value{std::string("\xc3\xa9")} << "\"é\"";
    }
    void displayStrings() {
        QFETCH(Value, value);
        QFETCH(QString, shown);
        QCOMPARE(QString::fromStdString(toDisplayString(value)), shown);
    }
};

QTEST_APPLESS_MAIN(TestValue)
#include "test_value.moc"
