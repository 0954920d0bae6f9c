// swivel-cli import and export --format scxml through run(): an example goes out as
// SCXML and comes back as the same machine file; an SCXML document with things Swivel
// cannot represent is imported with FILE:LINE:COL diagnostics and exit code 1; a
// broken or missing document is exit code 2 and writes nothing.

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_test_support.h"
#include "model/machine_file.h"

namespace {

using swivel::test::cli;

using swivel::test::contains;
using swivel::test::readFile;
using swivel::test::writeFile;

const std::string kExamples = SWIVEL_SOURCE_RESOURCES "/examples/";

} // namespace

class TestCliScxml : public QObject {
    Q_OBJECT

private slots:
    void exportThenImportGivesTheSameMachineFile() {
        QTemporaryDir dir;
        for (const char* name : {"camera-point-focus-shoot", "door-card-reader", "drone-field-sweep"}) {
            const std::string original = kExamples + name + ".swivel.json";
            const std::string scxml = dir.filePath(name).toStdString() + ".scxml";
            const std::string back = dir.filePath(name).toStdString() + ".swivel.json";
            const auto exported = cli({"export", original, "--format", "scxml", "-o", scxml});
            QVERIFY2(exported.code == 0, exported.err.c_str());
            QVERIFY(contains(readFile(scxml), "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\""));
            const auto imported = cli({"import", scxml, "-o", back});
            QVERIFY2(imported.code == 0, imported.err.c_str());
            QCOMPARE(imported.err, std::string());
            const auto a = swivel::model::loadMachineFile(original);
            const auto b = swivel::model::loadMachineFile(back);
            QVERIFY(a.machine && b.machine);
            QCOMPARE(swivel::model::saveMachine(*b.machine), swivel::model::saveMachine(*a.machine));
        }
    }

    void theScxmlExtensionChoosesTheFormat() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("camera.scxml").toStdString();
        const auto run = cli({"export", kExamples + "door-card-reader.swivel.json", "-o", out});
        QVERIFY2(run.code == 0, run.err.c_str());
        QVERIFY(contains(readFile(out), "<scxml"));
    }

    void whatCannotBeRepresentedIsReportedWithItsPlace() {
        QTemporaryDir dir;
        const std::string in = dir.filePath("lossy.scxml").toStdString();
        const std::string out = dir.filePath("lossy.swivel.json").toStdString();
        writeFile(in, "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\">\n"
                      "  <state id=\"A\">\n"
                      "    <onentry><script>x = 1;</script></onentry>\n"
                      "    <transition event=\"go\" cond=\"f(1)\" target=\"A\"/>\n"
                      "  </state>\n"
                      "</scxml>\n");
        const auto run = cli({"import", in, "-o", out});
        QCOMPARE(run.code, 1);
        QVERIFY2(contains(run.err, in + ":3:14: error: SW303: <script>"), run.err.c_str());
        QVERIFY2(contains(run.err, in + ":4:34: error: SW305: cond"), run.err.c_str());
        QVERIFY(std::filesystem::exists(out));  // the rest of the machine is kept
    }

    void brokenOrMissingDocumentsWriteNothing() {
        QTemporaryDir dir;
        const std::string in = dir.filePath("broken.scxml").toStdString();
        const std::string out = dir.filePath("broken.swivel.json").toStdString();
        writeFile(in, "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\">\n  <state id=\"A\">\n</scxml>\n");
        const auto broken = cli({"import", in, "-o", out});
        QCOMPARE(broken.code, 2);
        QVERIFY2(contains(broken.err, in + ":3:3: error: SW301:"), broken.err.c_str());
        QVERIFY(!std::filesystem::exists(out));

        const auto missing = cli({"import", dir.filePath("none.scxml").toStdString(), "-o", out});
        QCOMPARE(missing.code, 2);
        QVERIFY(!std::filesystem::exists(out));

        const auto noOutput = cli({"import", in});
        QCOMPARE(noOutput.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliScxml)
#include "test_cli_scxml.moc"
