"""The built-in pictures: one per exercise, self-contained, and readable where they are shown.

A picture is shown small (120 px, on a routine card) and large (600 px, beside
the countdown), on a light or a dark window, and it ships inside the app: it
must render with QSvgRenderer (the app's renderer), refer to nothing outside
itself, draw something that contrasts with either background, mark its cue
in the accent colour, and keep inside its frame (QSvgRenderer does not clip to
the viewBox, so a stray shape would paint over the widgets around it).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from array import array
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from tests.conftest import ROOT

ILLUSTRATIONS = ROOT / "resources" / "illustrations"
ICON = ROOT / "resources" / "icons" / "footwork.svg"
EXERCISE_IDS = (
    "gastroc-stretch",
    "soleus-stretch",
    "ballerina-stretch",
    "foam-roll-calves",
    "golf-ball-arch-roll",
    "posterior-tibialis-eccentric",
    "short-foot",
    "eccentric-calf-raise",
    "calf-raise-100",
    "functional-posterior-tibialis",
    "single-leg-stand",
    "alternating-lunges",
    "toe-spreading",
)
MAX_BYTES = 20_000
WHITE, DARK = QColor("#ffffff"), QColor("#202124")
ACCENT = QColor("#e06a00")
# Elements that fetch, run or lay out something from outside the picture, or draw text.
FORBIDDEN = {
    "image",
    "script",
    "foreignObject",
    "style",
    "text",
    "tspan",
    "textPath",
    "font",
    "font-face",
    "audio",
    "video",
    "iframe",
}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def external_references(path: Path) -> list[str]:
    """Every way the file reaches outside itself: hrefs and url() not to a #fragment,
    forbidden elements, document type declarations (entities)."""
    text = path.read_text(encoding="utf-8")
    found = [f"declaration {m}" for m in re.findall(r"<!(?:DOCTYPE|ENTITY)[^>]*>", text)]
    for element in ET.fromstring(text).iter():
        name = local(element.tag)
        if name in FORBIDDEN:
            found.append(f"<{name}>")
        for attribute, value in element.attrib.items():
            if local(attribute) == "href" and not value.strip().startswith("#"):
                found.append(f"<{name} {local(attribute)}={value!r}>")
            for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", value):
                if not target.startswith("#"):
                    found.append(f"<{name} {local(attribute)}: url({target})>")
            if "@import" in value:
                found.append(f"<{name} {local(attribute)}: @import>")
    return found


def render(path: Path, size: int, background: QColor, margin: int = 0) -> QImage:
    """The picture drawn into a size x size square, with margin pixels around it."""
    image = QImage(size + 2 * margin, size + 2 * margin, QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), path.name
    renderer.render(painter, QRectF(margin, margin, size, size))
    painter.end()
    return image


def colours(image: QImage) -> Counter[int]:
    """How many pixels of each colour (0xAARRGGBB)."""
    assert image.format() == QImage.Format.Format_ARGB32
    pixels = array("I", bytes(image.constBits()))
    if sys.byteorder != "little":
        pixels.byteswap()
    return Counter(pixels)


def luminance(rgb: int) -> float:
    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(rgb >> 16 & 255) + 0.7152 * lin(rgb >> 8 & 255) + 0.0722 * lin(rgb & 255)


def contrast(a: int, b: int) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def share(counts: Counter[int], keep: Callable[[int], bool]) -> float:
    """The share of pixels whose colour passes keep."""
    return sum(n for colour, n in counts.items() if keep(colour)) / sum(counts.values())


def is_accent(rgb: int) -> bool:
    """Close to the accent orange (anti-aliased edges and tints aside)."""
    r, g, b = rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255
    return r > 190 and 80 < g < 140 and b < 60


@pytest.fixture(params=EXERCISE_IDS)
def picture(request: pytest.FixtureRequest) -> Path:
    return ILLUSTRATIONS / f"{request.param}.svg"


def test_every_builtin_exercise_has_a_picture() -> None:
    missing = [i for i in EXERCISE_IDS if not (ILLUSTRATIONS / f"{i}.svg").is_file()]
    assert missing == []
    builtin = yaml.safe_load((ROOT / "resources" / "exercises.yaml").read_text())
    ids = {exercise["id"] for exercise in builtin["exercises"]}
    assert ids <= set(EXERCISE_IDS), f"exercises without a picture: {ids - set(EXERCISE_IDS)}"


def test_a_picture_is_small_svg_that_refers_to_nothing_outside_itself(picture: Path) -> None:
    assert picture.stat().st_size < MAX_BYTES
    root = ET.fromstring(picture.read_text(encoding="utf-8"))
    assert local(root.tag) == "svg"
    assert root.get("viewBox") == "0 0 240 240"
    assert external_references(picture) == []


def test_the_reference_check_catches_every_kind_of_outside_reference(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="other.svg#a"/><use href="#ok"/><image href="x.png"/>'
        '<path fill="url(http://x/y#z)" stroke="url(#ok)"/><script>1</script>'
        "<g style=\"fill: url( 'a.svg#b' )\"/><text>Hi</text></svg>"
    )
    assert external_references(bad) == [
        "<use href='other.svg#a'>",
        "<image>",
        "<image href='x.png'>",
        "<path fill: url(http://x/y#z)>",
        "<script>",
        "<g style: url(a.svg#b)>",
        "<text>",
    ]


@pytest.mark.parametrize("size", [120, 600])
def test_a_picture_draws_its_figure_and_its_cue_at_both_sizes(
    qapp: object, picture: Path, size: int
) -> None:
    for background in (WHITE, DARK):
        counts = colours(render(picture, size, background))
        drawn = 1 - counts[background.rgba()] / sum(counts.values())
        assert drawn > 0.08, f"{picture.stem} at {size} px: only {drawn:.1%} drawn"
        accent = share(counts, is_accent)
        assert accent > 0.001, f"{picture.stem} at {size} px: no cue mark in the accent colour"


@pytest.mark.parametrize("background", [WHITE, DARK], ids=["white", "dark"])
def test_a_picture_contrasts_with_a_light_and_a_dark_window(
    qapp: object, picture: Path, background: QColor
) -> None:
    # On white the dark outline carries the figure, on dark the pale body:
    # either way a good share of the picture stands out at least 3:1.
    counts = colours(render(picture, 120, background))
    bg = background.rgba()
    strong = share(counts, lambda c: c != bg and contrast(c, bg) >= 3)
    assert strong > 0.03, f"{picture.stem}: {strong:.1%} contrasts 3:1 with {background.name()}"


def test_the_accent_colour_contrasts_with_both_windows() -> None:
    assert contrast(ACCENT.rgba(), WHITE.rgba()) >= 3
    assert contrast(ACCENT.rgba(), DARK.rgba()) >= 3


def test_a_picture_paints_nothing_outside_its_frame(qapp: object, picture: Path) -> None:
    size, margin = 240, 40
    image = render(picture, size, WHITE, margin)
    white = WHITE.rgba()
    outside = [
        (x - margin, y - margin)
        for y in range(image.height())
        for x in range(image.width())
        if not (margin <= x < margin + size and margin <= y < margin + size)
        and image.pixel(x, y) != white
    ]
    assert outside == []


@pytest.mark.parametrize("size", [16, 256])
def test_the_icon_renders_and_is_not_blank(qapp: object, size: int) -> None:
    assert ICON.stat().st_size < MAX_BYTES
    assert external_references(ICON) == []
    image = render(ICON, size, QColor(0, 0, 0, 0))
    counts = colours(image)
    opaque = share(counts, lambda c: c >> 24 == 255)
    assert opaque > 0.7, f"icon at {size} px: only {opaque:.0%} opaque"
    # The tile is not all: the footprint (white) and the timer ring stand out on it.
    light = share(counts, lambda c: c >> 24 == 255 and luminance(c) > 0.8)
    assert light > 0.025, f"icon at {size} px: no footprint"
    tile = 0xFF1D6577
    on_tile = share(counts, lambda c: c >> 24 == 255 and contrast(c, tile) >= 2.5)
    assert on_tile > 0.08, f"icon at {size} px: only {on_tile:.0%} stands out on the tile"
