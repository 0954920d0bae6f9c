#pragma once
// The store panel of the Emulate mode: one device's key in the state store and the
// versions its record went through — which event made each, the transitions taken —
// the selected version's record as the store holds it (pretty JSON), and a line diff
// between two versions (by default the selected one and the one before it: the
// lecture's "17 -> 18"). It follows the newest version unless the user picked an
// older one.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "emulation_ui/store_diff.h"
#include "emulators/history.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace swivel::emulation_ui {

class StorePanel : public QWidget {
    Q_OBJECT
public:
    explicit StorePanel(QWidget* parent = nullptr);

    void showHistory(std::shared_ptr<const emu::DeviceHistory> history);
    // Device ids by index: the store keys ("camera-0001"); else "device 3".
    void setDeviceNames(const QStringList& names);

    // The version shown, or none (nothing to show).
    std::optional<std::uint64_t> selectedVersion() const;
    void selectVersion(std::uint64_t version);
    // Compare two versions (turns "Compare with previous" off).
    void compareVersions(std::uint64_t from, std::uint64_t to);
    const std::vector<DiffLine>& shownDiff() const { return m_diff; }

    QLabel* header() const { return m_header; }
    QTreeWidget* versionList() const { return m_versions; }
    QPlainTextEdit* recordView() const { return m_record; }
    QPlainTextEdit* diffView() const { return m_diffView; }
    QComboBox* compareFromBox() const { return m_from; }
    QComboBox* compareToBox() const { return m_to; }
    QCheckBox* compareWithPreviousBox() const { return m_withPrevious; }
    QTabWidget* tabs() const { return m_tabs; }

protected:
    void changeEvent(QEvent* event) override;

private:
    const emu::VersionHistory* findVersion(std::uint64_t version) const;
    void rebuildList();
    void showSelected();
    void followSelection();  // with "Compare with previous": A, B from the selection
    void showDiff();
    QString key() const;

    std::shared_ptr<const emu::DeviceHistory> m_history;
    QStringList m_deviceNames;
    bool m_followNewest = true;
    bool m_rebuilding = false;
    std::vector<DiffLine> m_diff;

    QLabel* m_header;
    QTreeWidget* m_versions;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_record;
    QComboBox* m_from;
    QComboBox* m_to;
    QCheckBox* m_withPrevious;
    QPlainTextEdit* m_diffView;
};

} // namespace swivel::emulation_ui
