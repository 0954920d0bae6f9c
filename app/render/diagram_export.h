#pragma once
// A drawn machine as an image: PNG (QImage) or SVG (QSvgGenerator), at 100 % (or a
// chosen scale) with a margin on a white background, the way the diagram looks on
// the canvas. The designer's File > Export and `swivel-cli export` both use it.

#include <QByteArray>
#include <QString>

class QGraphicsScene;

namespace swivel::render {

enum class DiagramFormat { Png, Svg };

struct DiagramOptions {
    qreal scale = 1.0; // PNG pixels per scene unit; SVG keeps scene units (it scales itself)
    QString title;     // the SVG's <title>; empty: "Swivel diagram"
};

// The encoded image of every item of `scene` (its selection hidden meanwhile); empty
// with `error` set when it cannot be made (e.g. a PNG too large for memory).
QByteArray renderDiagram(QGraphicsScene& scene, DiagramFormat format,
                         const DiagramOptions& options = {}, QString* error = nullptr);

// renderDiagram() written to `path` atomically (QSaveFile: no torn file on failure);
// false with `error` set when the file cannot be written.
bool exportDiagram(QGraphicsScene& scene, const QString& path, DiagramFormat format,
                   QString* error = nullptr, const DiagramOptions& options = {});

} // namespace swivel::render
