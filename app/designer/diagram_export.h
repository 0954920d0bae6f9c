#pragma once
// Writing a drawn machine as an image: PNG (QImage) or SVG (QSvgGenerator), at 100 %
// with a margin on a white background, the way the diagram looks on the canvas.

#include <QString>

class QGraphicsScene;

namespace swivel::designer {

enum class DiagramFormat { Png, Svg };

// Renders every item of `scene`; false with `error` set when the file cannot be written.
bool exportDiagram(QGraphicsScene& scene, const QString& path, DiagramFormat format,
                   QString* error = nullptr);

} // namespace swivel::designer
