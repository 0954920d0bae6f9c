#pragma once
// What an empty designer window shows (File > New Window, or after the last document
// was closed): the shipped examples with a line of description each, New, Open, and
// the recent files. Owned by its MainWindow, which acts on the signals.

#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace swivel::designer {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setRecentFiles(const QStringList& paths);
    QListWidget* examples() const { return m_examples; }
    QListWidget* recentFiles() const { return m_recent; }

    // The *.swivel.json files in resources/examples, sorted by name.
    static QStringList exampleFiles();

signals:
    void newRequested();
    void openRequested();
    void fileRequested(const QString& path);

private:
    void activate(QListWidgetItem* item);

    QListWidget* m_examples;
    QListWidget* m_recent;
};

} // namespace swivel::designer
