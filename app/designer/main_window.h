#pragma once
// The designer's main window: the machine drawn read-only on the canvas, and its
// diagnostics in a dock below. Owns the scene and the view.

#include <QMainWindow>
#include <QString>

class QDockWidget;
class QGraphicsView;

namespace swivel::canvas {
class MachineScene;
}

namespace swivel::designer {

class DiagnosticsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Loads, validates and draws a machine file. A file that cannot be loaded leaves
    // a message on the canvas and its diagnostics in the dock; returns false then.
    bool openFile(const QString& path);

    canvas::MachineScene* scene() const { return m_scene; }
    QGraphicsView* view() const { return m_view; }
    DiagnosticsPanel* diagnosticsPanel() const { return m_diagnostics; }
    const QString& filePath() const { return m_path; }

    // The default file: the camera example in the resources folder.
    static QString defaultFile();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void chooseFile();
    void zoomBy(qreal factor);
    void fitToWindow();

    canvas::MachineScene* m_scene;
    QGraphicsView* m_view;
    DiagnosticsPanel* m_diagnostics;
    QDockWidget* m_diagnosticsDock;
    QString m_path;
    bool m_fitPending = true;
};

} // namespace swivel::designer
