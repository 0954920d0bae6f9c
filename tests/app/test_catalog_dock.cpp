// The catalog dock: the device types with their events and commands, choosing the
// machine's device type (an undo step), and the handled-events matrix of the camera
// example, which follows every edit and selects what its cells name. Real clicks on
// the real widgets, offscreen.

#include <QHeaderView>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "catalog/catalog_panel.h"
#include "catalog/catalog_tree.h"
#include "catalog/handled_events_table.h"
#include "commands/change_transition.h"
#include "commands/remove_elements.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/resources.h"

using namespace swivel;
using catalog::CatalogPanel;
using catalog::CatalogTree;
using catalog::HandledEventsTable;
using Ids = std::vector<std::string>;

namespace {

model::Machine cameraExample() {
    const model::LoadResult load = model::loadMachineFile(
        model::resourcesDirectory() + "/examples/camera-point-focus-shoot.swivel.json");
    if (!load.machine)
        qFatal("the camera example does not load");
    return *load.machine;
}

// A document with the camera example, its selection, and a shown catalog panel.
struct Fixture {
    document::Document document;
    document::Selection selection;
    CatalogPanel panel{model::DeviceCatalog::builtin(), &document, &selection};

    Fixture() {
        document.reset(cameraExample(), QString());
        panel.resize(700, 900);
        panel.show();
    }
    HandledEventsTable* matrix() const { return panel.matrix(); }
    QString cellText(const std::string& state, const std::string& event) const {
        const QTableWidgetItem* item = matrix()->cellItem(state, event);
        return item ? item->text() : QStringLiteral("<no cell>");
    }
    void clickCell(const std::string& state, const std::string& event) {
        QTableWidgetItem* item = matrix()->cellItem(state, event);
        QVERIFY(item);
        matrix()->scrollToItem(item);
        QTest::mouseClick(matrix()->viewport(), Qt::LeftButton, {},
                          matrix()->visualItemRect(item).center());
    }
    void clickDevice(const QString& id, bool twice = false) {
        CatalogTree* tree = panel.tree();
        QTreeWidgetItem* item = tree->deviceItem(id);
        QVERIFY(item);
        tree->scrollToItem(item);
        const QPoint at = tree->visualItemRect(item).center();
        // A double-click is a click followed by the double-click event, as from a mouse.
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        if (twice)
            QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
    }
};

} // namespace

class TestCatalogDock : public QObject {
    Q_OBJECT
private slots:
    void theTreeListsEveryDeviceTypeWithEventsCommandsAndReplies() {
        Fixture f;
        const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin();
        for (const model::DeviceType& device : catalog.devices())
            QVERIFY2(f.panel.tree()->deviceItem(QString::fromStdString(device.id)),
                     device.id.c_str());
        QTreeWidgetItem* camera = f.panel.tree()->deviceItem(QStringLiteral("canon-eos-rebel"));
        QTRY_VERIFY(camera->font(0).bold());  // the machine's own device type
        QVERIFY(!f.panel.tree()->deviceItem(QStringLiteral("motion-sensor"))->font(0).bold());

        const auto findRow = [](QTreeWidgetItem* parent, const QString& name) {
            for (int i = 0; i < parent->childCount(); ++i) {
                if (parent->child(i)->text(0) == name)
                    return parent->child(i);
            }
            return static_cast<QTreeWidgetItem*>(nullptr);
        };
        QTreeWidgetItem* events = camera->child(0);
        QVERIFY(events->text(0).startsWith(QStringLiteral("Events")));
        QTreeWidgetItem* power = findRow(events, QStringLiteral("PowerMode"));
        QVERIFY(power);
        QCOMPARE(power->text(1), QStringLiteral("Mode: On|Off|Idle"));
        QTreeWidgetItem* commands = camera->child(1);
        QTreeWidgetItem* focus = findRow(commands, QStringLiteral("Focus"));
        QVERIFY(focus);
        QCOMPARE(focus->text(1), QStringLiteral("→ FocusDone | FocusWarning"));
        QTreeWidgetItem* swivel = findRow(commands, QStringLiteral("Swivel"));
        QCOMPARE(swivel->text(1), QStringLiteral("Bearing: int  → MoveDone"));

        QTreeWidgetItem* services = f.panel.tree()->topLevelItem(1);
        QCOMPARE(services->childCount(), static_cast<int>(catalog.services().size()));
    }

    void theMatrixShowsHowEachStateHandlesEachCameraEvent() {
        Fixture f;
        QTRY_COMPARE(f.matrix()->rowCount(), 7);  // every state of the example
        const auto* camera = model::DeviceCatalog::builtin().findDevice("canon-eos-rebel");
        QCOMPARE(f.matrix()->columnCount(), static_cast<int>(camera->events.size()));
        QCOMPARE(f.matrix()->horizontalHeaderItem(0)->text(),
                 QString::fromStdString(camera->events[0].name));

        QCOMPARE(f.cellText("Idle", "Motion"), QStringLiteral("✓"));
        QCOMPARE(f.cellText("Focus", "FocusWarning"), QStringLiteral("✓?"));  // guarded
        QCOMPARE(f.cellText("Swivel", "NewIMG"), QStringLiteral("↑"));  // On keeps it
        QCOMPARE(f.cellText("On", "NewIMG"), QStringLiteral("↺"));
        QCOMPARE(f.cellText("Swivel", "FocusDone"), QString());
        QVERIFY(f.matrix()->cellItem("Swivel", "NewIMG")->toolTip().contains("otherPhoto"));
        // Each status has its own colour.
        QSet<QRgb> colours;
        for (const auto& [state, event] : std::vector<std::pair<std::string, std::string>>{
                 {"Idle", "Motion"}, {"Swivel", "NewIMG"}, {"On", "NewIMG"},
                 {"Swivel", "FocusDone"}})
            colours << f.matrix()->cellItem(state, event)->background().color().rgb();
        QCOMPARE(colours.size(), 4);
        // Nested states are indented under their parents.
        QVERIFY(f.matrix()->verticalHeaderItem(f.matrix()->rowOf("Swivel"))->text().startsWith(
            QStringLiteral("      Swivel")));
    }

    void clickingACellSelectsTheHandlingTransitionOrTheState() {
        Fixture f;
        QTRY_VERIFY(f.matrix()->cellItem("Idle", "Motion"));
        f.clickCell("Idle", "Motion");
        QCOMPARE(f.selection.transitions(), Ids{"motion"});
        QVERIFY(f.selection.states().empty());

        f.clickCell("Focus", "FocusWarning");
        QCOMPARE(f.selection.transitions(), (Ids{"refocus", "focusFailed"}));

        f.clickCell("Swivel", "FocusDone");  // unhandled: the state itself
        QCOMPARE(f.selection.states(), Ids{"Swivel"});
        QVERIFY(f.selection.transitions().empty());

        // A row header selects its state.
        QHeaderView* rows = f.matrix()->verticalHeader();
        const int row = f.matrix()->rowOf("TakePhoto");
        QTest::mouseClick(rows->viewport(), Qt::LeftButton, {},
                          QPoint(rows->width() / 2,
                                 rows->sectionViewportPosition(row) + rows->sectionSize(row) / 2));
        QCOMPARE(f.selection.states(), Ids{"TakePhoto"});
        // The selected state's row stands out, wherever it was selected.
        QVERIFY(f.matrix()->verticalHeaderItem(row)->font().bold());
        f.selection.selectState("Idle");
        QVERIFY(!f.matrix()->verticalHeaderItem(row)->font().bold());
        QVERIFY(f.matrix()->verticalHeaderItem(f.matrix()->rowOf("Idle"))->font().bold());
    }

    void theMatrixFollowsEditsAndUndo() {
        Fixture f;
        QTRY_COMPARE(f.cellText("Idle", "Motion"), QStringLiteral("✓"));
        f.document.undoStack()->push(new commands::RemoveElements(&f.document, {}, {"motion"}));
        QTRY_COMPARE(f.cellText("Idle", "Motion"), QString());
        f.document.undoStack()->push(
            new commands::ChangeTransitionEvent(&f.document, {"pointed"}, "Motion"));
        QTRY_COMPARE(f.cellText("Swivel", "Motion"), QStringLiteral("✓"));
        f.document.undoStack()->undo();
        f.document.undoStack()->undo();
        QTRY_COMPARE(f.cellText("Idle", "Motion"), QStringLiteral("✓"));
        QCOMPARE(f.cellText("Swivel", "Motion"), QString());
    }

    void usingADeviceTypeChangesTheMachineAndUndoRestoresIt() {
        Fixture f;
        QPushButton* use = f.panel.useButton();
        f.clickDevice(QStringLiteral("canon-eos-rebel"));
        QVERIFY(!use->isEnabled());  // already the machine's

        f.clickDevice(QStringLiteral("motion-sensor"));
        QVERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QCOMPARE(f.document.machine().deviceType, std::string("motion-sensor"));
        QCOMPARE(f.document.undoStack()->count(), 1);
        const auto* sensor = model::DeviceCatalog::builtin().findDevice("motion-sensor");
        QTRY_COMPARE(f.matrix()->columnCount(), static_cast<int>(sensor->events.size()));
        QVERIFY(f.panel.tree()->deviceItem(QStringLiteral("motion-sensor"))->font(0).bold());
        QVERIFY(!f.panel.tree()->deviceItem(QStringLiteral("canon-eos-rebel"))->font(0).bold());
        QVERIFY(!use->isEnabled());

        f.document.undoStack()->undo();
        QCOMPARE(f.document.machine().deviceType, std::string("canon-eos-rebel"));
        QTRY_VERIFY(f.panel.tree()->deviceItem(QStringLiteral("canon-eos-rebel"))->font(0).bold());
        QTRY_COMPARE(f.cellText("Idle", "Motion"), QStringLiteral("✓"));
    }

    void doubleClickingADeviceTypeUsesIt() {
        Fixture f;
        f.clickDevice(QStringLiteral("field-drone"), true);
        QCOMPARE(f.document.machine().deviceType, std::string("field-drone"));
        // Double-clicking the machine's own device type pushes nothing.
        f.clickDevice(QStringLiteral("field-drone"), true);
        QCOMPARE(f.document.undoStack()->count(), 1);
    }

    void aDeviceTypeMissingFromTheCatalogEmptiesTheMatrix() {
        Fixture f;
        model::Machine machine = cameraExample();
        machine.deviceType = "no-such-device";
        f.document.reset(machine, QString());
        QTRY_COMPARE(f.matrix()->columnCount(), 0);
        QCOMPARE(f.matrix()->rowCount(), 0);
    }
};

QTEST_MAIN(TestCatalogDock)
#include "test_catalog_dock.moc"
