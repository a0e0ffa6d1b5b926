"""Render the illustrations and the icon as a user sees them, to look at them.

Run: .venv/bin/python bench/look_illustrations.py [OUT_DIR]
Renders every resources/illustrations/*.svg with QSvgRenderer (the renderer the
app uses) at 120 px and 600 px on white and on #202124, and writes to OUT_DIR
(default /tmp/footwork-art):

- sheet-120.png, sheet-600-1.png and sheet-600-2.png: contact sheets, every
  picture on white and then on dark, to compare the style across pictures;
- <id>-120.png and <id>-600.png: one picture on white beside the same on dark;
- icon.png: the icon at 16, 24, 32, 48 and 256 px on a light and a dark panel.

Prints, per picture, the share of pixels drawn and the share that contrast at
least 3:1 with each background (at 120 px), and any pixels painted outside the
frame: QSvgRenderer does not clip to the viewBox, so those would land on the
widgets around the picture.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ILLUSTRATIONS = ROOT / "resources" / "illustrations"
ICON = ROOT / "resources" / "icons" / "footwork.svg"
BACKGROUNDS = (QColor("#ffffff"), QColor("#202124"))
GAP = 12


def luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def render(path: Path, size: int, background: QColor) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(path)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def spill(path: Path, size: int = 240) -> int:
    """Pixels painted outside the target rectangle: QSvgRenderer does not clip to
    the viewBox, so anything drawn beyond it would land on the widgets around it."""
    image = QImage(3 * size, 3 * size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter, QRectF(size, size, size, size))
    painter.end()
    white = QColor("#ffffff").rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if not (size <= x < 2 * size and size <= y < 2 * size) and image.pixel(x, y) != white
    )


def shares(image: QImage, background: QColor) -> tuple[float, float]:
    """Share of pixels that differ from the background, and that contrast >= 3:1."""
    drawn = strong = 0
    total = image.width() * image.height()
    bg = background.rgb()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.rgb() != bg:
                drawn += 1
                if contrast(c, background) >= 3:
                    strong += 1
    return drawn * 4 / total, strong * 4 / total


def sheet(paths: list[Path], size: int, cols: int = 5) -> QImage:
    """A grid of pictures on white, then the same grid on dark."""
    rows = -(-len(paths) // cols)
    cell = size + GAP
    image = QImage(cols * cell + GAP, 2 * rows * cell + 2 * GAP, QImage.Format.Format_ARGB32)
    image.fill(QColor("#888888"))
    painter = QPainter(image)
    for half, background in enumerate(BACKGROUNDS):
        top = GAP + half * (rows * cell + GAP)
        for i, path in enumerate(paths):
            row, col = divmod(i, cols)
            painter.drawImage(GAP + col * cell, top + row * cell, render(path, size, background))
    painter.end()
    return image


def pair(path: Path, size: int) -> QImage:
    image = QImage(2 * size + GAP, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#888888"))
    painter = QPainter(image)
    for i, background in enumerate(BACKGROUNDS):
        painter.drawImage(i * (size + GAP), 0, render(path, size, background))
    painter.end()
    return image


def icon_sheet(path: Path) -> QImage:
    sizes = (16, 24, 32, 48, 256)
    width = sum(sizes) + GAP * (len(sizes) + 1)
    image = QImage(width, 2 * (256 + GAP) + GAP, QImage.Format.Format_ARGB32)
    for row, panel in enumerate((QColor("#f2f2f2"), QColor("#2b2b2b"))):
        painter = QPainter(image)
        painter.fillRect(0, row * (256 + GAP), width, 256 + 2 * GAP, panel)
        x = GAP
        for s in sizes:
            painter.drawImage(x, GAP + row * (256 + GAP), render(path, s, panel))
            x += s + GAP
        painter.end()
    return image


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else Path("/tmp/footwork-art")
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication([])
    paths = sorted(ILLUSTRATIONS.glob("*.svg"))
    sheet(paths, 120).save(str(out / "sheet-120.png"))
    for half, part in enumerate((paths[:7], paths[7:])):
        sheet(part, 600, cols=4).save(str(out / f"sheet-600-{half + 1}.png"))
    for path in paths:
        pair(path, 600).save(str(out / f"{path.stem}-600.png"))
        pair(path, 120).save(str(out / f"{path.stem}-120.png"))
        figures = []
        for background in BACKGROUNDS:
            drawn, strong = shares(render(path, 120, background), background)
            figures.append(f"{drawn:5.1%} drawn, {strong:5.1%} >= 3:1")
        outside = spill(path)
        note = f"   {outside} px OUTSIDE the frame" if outside else ""
        print(f"{path.stem:30} white: {figures[0]}   dark: {figures[1]}{note}")
    if ICON.exists():
        icon_sheet(ICON).save(str(out / "icon.png"))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
