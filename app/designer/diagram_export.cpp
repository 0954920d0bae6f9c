#include "designer/diagram_export.h"

#include <QBuffer>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace swivel::designer {

namespace {

constexpr qreal kMargin = 20;

// Selection handles and focus frames are editing aids, not part of the diagram.
class SelectionHidden {
public:
    explicit SelectionHidden(QGraphicsScene& scene) : m_scene(scene), m_items(scene.selectedItems()) {
        m_scene.clearSelection();
    }
    ~SelectionHidden() {
        for (QGraphicsItem* item : m_items)
            item->setSelected(true);
    }
    SelectionHidden(const SelectionHidden&) = delete;
    SelectionHidden& operator=(const SelectionHidden&) = delete;

private:
    QGraphicsScene& m_scene;
    QList<QGraphicsItem*> m_items;
};

} // namespace

bool exportDiagram(QGraphicsScene& scene, const QString& path, DiagramFormat format,
                   QString* error) {
    const SelectionHidden hidden(scene);
    QRectF source = scene.itemsBoundingRect();
    if (source.isEmpty())
        source = QRectF(0, 0, 1, 1);
    source.adjust(-kMargin, -kMargin, kMargin, kMargin);
    const QSize size = source.size().toSize();
    const QRectF target(QPointF(0, 0), source.size());

    QByteArray bytes;
    if (format == DiagramFormat::Png) {
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        scene.render(&painter, target, source);
        painter.end();
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG")) {
            if (error)
                *error = QObject::tr("Cannot encode the PNG image");
            return false;
        }
    } else {
        QBuffer buffer(&bytes);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(target);
        generator.setTitle(QStringLiteral("Swivel diagram"));
        QPainter painter(&generator);
        painter.fillRect(target, Qt::white);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        scene.render(&painter, target, source);
        painter.end();
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace swivel::designer
