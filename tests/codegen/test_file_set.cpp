// Generated files live in a FileSet until written; a generator can never name a
// path outside its output folder.
#include <QtTest>

#include "codegen/file_set.h"
#include "codegen/generator.h"

using swivel::codegen::FileSet;
using swivel::codegen::GeneratorRegistry;

class TestFileSet : public QObject {
    Q_OBJECT
private slots:
    void keepsFilesSortedByPath() {
        FileSet files;
        files.add("src/b.cpp", "b");
        files.add("host.json", "{}");
        files.add("src/a.cpp", "a");
        QCOMPARE(files.paths(), (std::vector<std::string>{"host.json", "src/a.cpp", "src/b.cpp"}));
        QCOMPARE(*files.find("src/a.cpp"), std::string("a"));
        QVERIFY(!files.find("nope"));
    }

    void addingAgainReplaces() {
        FileSet files;
        files.add("a", "1");
        files.add("a", "2");
        QCOMPARE(files.size(), std::size_t{1});
        QCOMPARE(*files.find("a"), std::string("2"));
    }

    void unsafePaths_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << "/etc/passwd";
        QTest::newRow("parent") << "../x";
        QTest::newRow("inner parent") << "a/../../x";
        QTest::newRow("dot") << "./x";
        QTest::newRow("empty segment") << "a//b";
        QTest::newRow("backslash") << "a\\b";
        QTest::newRow("empty") << "";
        QTest::newRow("trailing slash") << "a/";
    }
    void unsafePaths() {
        QFETCH(QString, path);
        QVERIFY(!FileSet::isSafePath(path.toStdString()));
        FileSet files;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, files.add(path.toStdString(), ""));
    }

    void safePaths() {
        QVERIFY(FileSet::isSafePath("host.json"));
        QVERIFY(FileSet::isSafePath("Camera/function.json"));
        QVERIFY(FileSet::isSafePath("a.b/..c"));
    }

    void registryKnowsTheDiagramTargets() {
        const auto& registry = GeneratorRegistry::builtin();
        QVERIFY(registry.find("dot"));
        QVERIFY(registry.find("mermaid"));
        QVERIFY(!registry.find("cobol"));
        QVERIFY(registry.defaultGenerator());
    }
};

QTEST_APPLESS_MAIN(TestFileSet)
#include "test_file_set.moc"
