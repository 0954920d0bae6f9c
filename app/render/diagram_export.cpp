#include "render/diagram_export.h"

#include <QBuffer>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QtMath>

namespace swivel::render {

namespace {

constexpr qreal kMargin = 20;

// Selection handles and focus frames are editing aids, not part of the diagram.
class SelectionHidden {
public:
    explicit SelectionHidden(QGraphicsScene& scene)
        : m_scene(scene), m_items(scene.selectedItems()) {
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

void setError(QString* error, const QString& message) {
    if (error)
        *error = message;
}

QByteArray renderPng(QGraphicsScene& scene, const QRectF& source, qreal scale, QString* error) {
    const QSize size(qCeil(source.width() * scale), qCeil(source.height() * scale));
    QImage image(size, QImage::Format_ARGB32);
    if (image.isNull()) { // QImage refuses sizes it cannot allocate
        setError(error, QObject::tr("The image would be too large (%1 x %2 pixels); "
                                    "use a smaller scale")
                            .arg(size.width())
                            .arg(size.height()));
        return {};
    }
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source);
    painter.end();

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        setError(error, QObject::tr("Cannot encode the PNG image"));
        return {};
    }
    return bytes;
}

QByteArray renderSvg(QGraphicsScene& scene, const QRectF& source, const QString& title) {
    const QRectF target(QPointF(0, 0), source.size());
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    // One scene unit is one CSS pixel, so width and height come out as on screen.
    generator.setResolution(96);
    generator.setSize(source.size().toSize());
    generator.setViewBox(target);
    generator.setTitle(title.isEmpty() ? QStringLiteral("Swivel diagram") : title);
    generator.setDescription(QStringLiteral("Drawn by Swivel"));
    QPainter painter(&generator);
    painter.fillRect(target, Qt::white);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene.render(&painter, target, source);
    painter.end();
    return bytes;
}

} // namespace

QByteArray renderDiagram(QGraphicsScene& scene, DiagramFormat format, const DiagramOptions& options,
                         QString* error) {
    const SelectionHidden hidden(scene);
    QRectF source = scene.itemsBoundingRect();
    if (source.isEmpty())
        source = QRectF(0, 0, 1, 1);
    source.adjust(-kMargin, -kMargin, kMargin, kMargin);
    if (format == DiagramFormat::Png)
        return renderPng(scene, source, options.scale, error);
    return renderSvg(scene, source, options.title);
}

bool exportDiagram(QGraphicsScene& scene, const QString& path, DiagramFormat format, QString* error,
                   const DiagramOptions& options) {
    const QByteArray bytes = renderDiagram(scene, format, options, error);
    if (bytes.isEmpty())
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace swivel::render
