// swivel-cli export as PNG and SVG, from the real executable with no display at all
// (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed from its environment): the
// images look like the canvas, and a failed export leaves no file behind.

#include <QtTest>

#include <QSvgRenderer>
#include <QXmlStreamReader>

#include "canvas/machine_scene.h"
#include "model/machine_file.h"

namespace {

struct CliRun {
    int code = -1;
    QByteArray out;
    QString err;
};

CliRun swivelCli(const QStringList& args) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SWIVEL_CLI_EXECUTABLE), args);
    CliRun run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
        run.err = QStringLiteral("swivel-cli did not finish: ") + process.errorString();
        return run;
    }
    run.code = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

const QString kExamples = QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples");
const QString kCamera = kExamples + QStringLiteral("/camera-point-focus-shoot.swivel.json");
const QStringList kCameraStates{"On", "Idle", "Shooting", "Swivel", "Focus", "TakePhoto", "Off"};

// What the designer's canvas draws for `file`, in scene units.
QRectF canvasBounds(const QString& file) {
    const swivel::model::LoadResult load = swivel::model::loadMachineFile(file.toStdString());
    if (!load.machine)
        return {};
    swivel::canvas::MachineScene scene;
    scene.setMachine(*load.machine);
    return scene.itemsBoundingRect();
}

// True when some pixel of `area` is not white.
bool inked(const QImage& image, const QRect& area) {
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (image.pixelColor(x, y) != QColor(Qt::white))
                return true;
    return false;
}

QStringList entries(const QTemporaryDir& dir) {
    return QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// The <title> and the text of every <text> element of an SVG; false when it does not parse.
bool readSvg(const QByteArray& svg, QString& title, QStringList& texts) {
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("title"))
            title = xml.readElementText();
        else if (xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    return !xml.hasError();
}

} // namespace

class TestCliExport : public QObject {
    Q_OBJECT
private slots:
    void pngLooksLikeTheCanvas() {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("camera.png"));
        const CliRun run =
            swivelCli({QStringLiteral("export"), kCamera, QStringLiteral("-o"), png});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err)); // no Qt platform chatter either
        QVERIFY(run.out.isEmpty());
        QCOMPARE(entries(dir), QStringList{QStringLiteral("camera.png")});

        const QImage image(png);
        QVERIFY(!image.isNull());
        // 100 %: the canvas's drawing plus a 20-unit margin on every side.
        const QRectF drawn = canvasBounds(kCamera);
        QVERIFY(drawn.width() > 200 && drawn.height() > 100);
        QVERIFY2(qAbs(image.width() - (drawn.width() + 40)) <= 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(image.width()).arg(drawn.width())));
        QVERIFY(qAbs(image.height() - (drawn.height() + 40)) <= 2);
        // White margins all round (nothing drawn up to the edge, so nothing clipped) ...
        const int m = 15;
        QVERIFY(!inked(image, QRect(0, 0, image.width(), m)));
        QVERIFY(!inked(image, QRect(0, image.height() - m, image.width(), m)));
        QVERIFY(!inked(image, QRect(0, 0, m, image.height())));
        QVERIFY(!inked(image, QRect(image.width() - m, 0, m, image.height())));
        // ... and a drawing inside them.
        QVERIFY(inked(image, image.rect().adjusted(m, m, -m, -m)));
    }

    void pngScale() {
        QTemporaryDir dir;
        const QString single = dir.filePath(QStringLiteral("single.png"));
        const QString twice = dir.filePath(QStringLiteral("twice.png"));
        QCOMPARE(swivelCli({"export", kCamera, "-o", single}).code, 0);
        const CliRun run =
            swivelCli({"export", kCamera, "--format", "png", "--scale", "2", "-o", twice});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage one(single), two(twice);
        QVERIFY(!one.isNull() && !two.isNull());
        QVERIFY(qAbs(two.width() - 2 * one.width()) <= 2);
        QVERIFY(qAbs(two.height() - 2 * one.height()) <= 2);
    }

    void svgParsesWithTitleViewBoxAndStateNames() {
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("camera.svg"));
        const CliRun run = swivelCli({"export", kCamera, "-o", svg});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();

        QSvgRenderer renderer(bytes);
        QVERIFY(renderer.isValid());
        const QRectF drawn = canvasBounds(kCamera);
        QVERIFY(qAbs(renderer.viewBoxF().width() - (drawn.width() + 40)) <= 2);
        QVERIFY(qAbs(renderer.viewBoxF().height() - (drawn.height() + 40)) <= 2);

        QString title;
        QStringList texts;
        QVERIFY(readSvg(bytes, title, texts));
        QCOMPARE(title, QStringLiteral("Camera: point, focus, shoot"));
        for (const QString& state : kCameraStates)
            QVERIFY2(texts.contains(state), qPrintable(state + " in " + texts.join('|')));
    }

    void svgToStandardOutput() {
        const CliRun run = swivelCli({"export", kCamera, "--format", "svg", "-o", "-"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(QSvgRenderer(run.out).isValid());
        QString title;
        QStringList texts;
        QVERIFY(readSvg(run.out, title, texts));
        QVERIFY(texts.contains(QStringLiteral("TakePhoto")));
    }

    void everyExampleExports() {
        QTemporaryDir dir;
        const QStringList examples =
            QDir(kExamples).entryList({QStringLiteral("*.swivel.json")}, QDir::Files);
        QVERIFY(examples.size() >= 3);
        for (const QString& example : examples) {
            for (const QString& extension : {QStringLiteral(".png"), QStringLiteral(".svg")}) {
                const QString out = dir.filePath(example + extension);
                const CliRun run = swivelCli({"export", kExamples + '/' + example, "-o", out});
                QVERIFY2(run.code == 0, qPrintable(example + ": " + run.err));
                QVERIFY(QFileInfo(out).size() > 1000);
            }
        }
    }

    void failuresLeaveNoFile() {
        QTemporaryDir dir;
        const QString missingDirectory = dir.filePath(QStringLiteral("missing/camera.png"));
        CliRun run = swivelCli({"export", kCamera, "-o", missingDirectory});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains(QStringLiteral("cannot write ") + missingDirectory),
                 qPrintable(run.err));

        // OUT is a directory: the image is drawn and written beside it, the rename fails.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("camera.svg")));
        run = swivelCli({"export", kCamera, "-o", dir.filePath(QStringLiteral("camera.svg"))});
        QCOMPARE(run.code, 2);
        QVERIFY(run.err.contains(QStringLiteral("cannot write ")));
        QCOMPARE(entries(dir), QStringList{QStringLiteral("camera.svg")});

        const QString missingFile = dir.filePath(QStringLiteral("no-such.swivel.json"));
        run = swivelCli({"export", missingFile, "-o", dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.startsWith(missingFile + ':'), qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("SW008")));

        run = swivelCli(
            {"export", kCamera, "--format", "gif", "-o", dir.filePath(QStringLiteral("x.gif"))});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains(QStringLiteral("png, svg, dot, mermaid")), qPrintable(run.err));
        QCOMPARE(entries(dir), QStringList{QStringLiteral("camera.svg")});
    }

    void helpListsExport() {
        const CliRun top = swivelCli({"--help"});
        QCOMPARE(top.code, 0);
        QVERIFY(top.out.contains("export"));
        const CliRun help = swivelCli({"export", "--help"});
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains("--format") && help.out.contains("png"), help.out.constData());
    }
};

QTEST_MAIN(TestCliExport)
#include "test_cli_export.moc"
