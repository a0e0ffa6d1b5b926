"""Draw the exercise illustrations and the app icon as small, self-contained SVG files.

Run: .venv/bin/python bench/draw_illustrations.py
Writes resources/illustrations/<exercise id>.svg and resources/icons/footwork.svg.
The SVG files are what the app ships; this script is how they were made, so a
change of style (a colour, the stroke, a body proportion) is one edit here and a
re-run, and every picture stays in the same style. Look at the result with
bench/look_illustrations.py.

The style, shared by every picture:

- viewBox 0 0 240 240, no background, no text.
- The body is a pale silhouette with a dark outline (two passes: every part is
  first drawn dark and fattened by the stroke, then pale on top), so it reads on
  white (the outline) and on near-black (the pale fill). Limbs on the far side
  are a shade darker and drawn first, so the near limbs keep their outline.
- Props (floor, wall, chair, roller, ball, band, mat) are one mid-tone slate,
  the cue marks (arrows, highlights) one orange; both contrast at least 3:1
  with white and with #202124.
- One stroke width everywhere; round caps and joins.
- Proportions from standard anthropometric ratios of body height H (thigh
  0.245 H, shank 0.246 H, foot 0.152 H, upper arm 0.186 H...); knees and elbows
  are placed by two-bone inverse kinematics, so segment lengths never change.
- Only path, circle, ellipse and g, with plain presentation attributes: the
  SVG Tiny 1.2 subset that QSvgRenderer draws. Arrowheads are paths, not markers.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ILLUSTRATIONS = ROOT / "resources" / "illustrations"
ICONS = ROOT / "resources" / "icons"

INK = "#1f2d3a"  # outline: 14:1 on white
BODY = "#e9eff4"  # body fill: 14:1 on #202124
BODY_FAR = "#c3d0db"  # far-side limbs: 10:1 on #202124
PROP = "#7b8896"  # 3.6:1 on white, 4.5:1 on #202124
ACCENT = "#e06a00"  # 3.4:1 on white, 4.8:1 on #202124
ACCENT_TINT = 0.55  # opacity of an orange highlight laid over the pale body
STROKE = 3.0  # every visible line: outline, floor, props, arrows

SIZE = 240
FLOOR = 222.0

Point = complex  # x + y*1j, y down as in SVG


# --- geometry ---------------------------------------------------------------


def dirv(deg: float) -> Point:
    """Unit vector: 0 deg points down, 90 right, 180 up, -90 left."""
    rad = math.radians(deg)
    return complex(math.sin(rad), math.cos(rad))


def rot(deg: float) -> Point:
    """Rotation by deg, clockwise on screen (y down)."""
    return cmath.exp(1j * math.radians(deg))


def angle_of(v: Point) -> float:
    """The dirv angle of a vector."""
    return math.degrees(math.atan2(v.real, v.imag))


def ik(root: Point, end: Point, l1: float, l2: float, bend: int) -> tuple[Point, Point]:
    """Middle joint of a two-bone limb from root to end, and the end.

    bend=+1 puts the joint on the left of the root-to-end direction as seen on
    screen, -1 on the right. An end out of reach is an error, not quietly moved:
    a hand that stops short of the wall or a foot above the floor is a wrong picture.
    """
    d = end - root
    dist = abs(d)
    reach = l1 + l2 - 1e-6
    if dist > reach + 0.6:
        raise ValueError(f"out of reach by {dist - reach:.1f}: {root:.1f} to {end:.1f}")
    if dist > reach:
        end = root + d / dist * reach
        d, dist = end - root, reach
    u = d / dist
    a = (l1 * l1 - l2 * l2 + dist * dist) / (2 * dist)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    return root + u * a + u * 1j * h * bend, end


def fmt(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def pt(p: Point) -> str:
    return f"{fmt(p.real)} {fmt(p.imag)}"


# --- shapes (markup without paint: the group paints) ---------------------------


def capsule(p1: Point, r1: float, p2: Point, r2: float) -> str:
    """A tapered limb: two circles and their outer tangents."""
    d = p2 - p1
    dist = abs(d)
    if dist < abs(r1 - r2) + 0.01:
        big, r = (p1, r1) if r1 >= r2 else (p2, r2)
        return circle(big, r)
    u = d / dist
    n = u * 1j
    s = (r1 - r2) / dist
    c = math.sqrt(1 - s * s)
    w1, w2 = u * s + n * c, u * s - n * c
    large2 = 0 if s > 0 else 1
    large1 = 1 - large2
    return (
        f'<path d="M{pt(p1 + r1 * w1)}L{pt(p2 + r2 * w1)}'
        f"A{fmt(r2)} {fmt(r2)} 0 {large2} 0 {pt(p2 + r2 * w2)}"
        f"L{pt(p1 + r1 * w2)}A{fmt(r1)} {fmt(r1)} 0 {large1} 0 {pt(p1 + r1 * w1)}"
        'Z"/>'
    )


def circle(c: Point, r: float) -> str:
    return f'<circle cx="{fmt(c.real)}" cy="{fmt(c.imag)}" r="{fmt(r)}"/>'


def ellipse(c: Point, rx: float, ry: float, deg: float = 0.0) -> str:
    """An ellipse turned by deg (clockwise on screen), as a path of four arcs."""
    ax, ay = rot(deg) * rx, rot(deg) * 1j * ry
    pts = [c + ax, c + ay, c - ax, c - ay]
    d = f"M{pt(pts[0])}"
    for p in [*pts[1:], pts[0]]:
        d += f"A{fmt(rx)} {fmt(ry)} {fmt(deg)} 0 1 {pt(p)}"
    return f'<path d="{d}Z"/>'


def smooth_d(points: list[Point], closed: bool = True, k: float = 1.0) -> str:
    """Path data of a Catmull-Rom spline through the points (as cubic Beziers)."""
    n = len(points)
    d = f"M{pt(points[0])}"
    last = n if closed else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else p2
        c1 = p1 + (p2 - p0) * k / 6
        c2 = p2 - (p3 - p1) * k / 6
        d += f"C{pt(c1)} {pt(c2)} {pt(p2)}"
    return d + ("Z" if closed else "")


def blob(points: list[Point], k: float = 1.0) -> str:
    return f'<path d="{smooth_d(points, True, k)}"/>'


def rounded_rect(x0: float, y0: float, x1: float, y1: float, r: float) -> str:
    arc = f"A{fmt(r)} {fmt(r)} 0 0 1"
    return (
        f'<path d="M{fmt(x0 + r)} {fmt(y0)}H{fmt(x1 - r)}{arc} {fmt(x1)} {fmt(y0 + r)}'
        f"V{fmt(y1 - r)}{arc} {fmt(x1 - r)} {fmt(y1)}H{fmt(x0 + r)}{arc} {fmt(x0)} {fmt(y1 - r)}"
        f'V{fmt(y0 + r)}{arc} {fmt(x0 + r)} {fmt(y0)}Z"/>'
    )


def polygon(points: list[Point]) -> str:
    return f'<path d="M{"L".join(pt(p) for p in points)}Z"/>'


# --- a picture ------------------------------------------------------------------


@dataclass
class Picture:
    """Layers in drawing order; each entry is finished SVG markup."""

    layers: list[str] = field(default_factory=list)

    def body(self, shapes: list[str], fill: str = BODY) -> None:
        """A body group: dark fattened pass, then the pale pass on top."""
        inner = "".join(shapes)
        self.layers.append(
            f'<g fill="{INK}" stroke="{INK}" stroke-width="{fmt(2 * STROKE)}">{inner}</g>'
            f'<g fill="{fill}">{inner}</g>'
        )

    def cropped(self, points: list[Point], fill: str = BODY) -> None:
        """A body part that runs out of the top of the picture (a close view of a
        leg): its first and last points are moved onto the top edge and the outline
        stops there, since nothing may be drawn outside the viewBox (QSvgRenderer
        does not clip to it)."""

        def on_edge(outside: Point, inside: Point) -> Point:
            t = inside.imag / (inside.imag - outside.imag)
            return complex(inside.real + t * (outside.real - inside.real), 0)

        first, last = on_edge(points[0], points[1]), on_edge(points[-1], points[-2])
        # Leave the edge square, so the butt end of the outline stays inside.
        # Points close under the edge would bend the curve out over it.
        middle = [p for p in points[1:-1] if p.imag > 16]
        inner = smooth_d([first + 4j, *middle, last + 4j], False, 0.9)
        d = f"M{pt(first)}L{inner[1:]}L{pt(last)}"
        self.layers.append(
            f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{fmt(2 * STROKE)}"'
            ' stroke-linecap="butt"/>'
            f'<path d="{d}Z" fill="{fill}"/>'
        )

    def tint(self, shapes: list[str]) -> None:
        """An orange highlight over part of the body (stays inside the outline)."""
        self.layers.append(f'<g fill="{ACCENT}" fill-opacity="{ACCENT_TINT}">{"".join(shapes)}</g>')

    def ink(self, d: str, width: float = STROKE) -> None:
        """A detail line inside the body (a toenail, an ankle bone)."""
        self.layers.append(
            f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{fmt(width)}"/>'
        )

    def line(self, d: str, color: str = PROP, dash: str = "", width: float = STROKE) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.layers.append(
            f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{fmt(width)}"{extra}/>'
        )

    def shape(self, markup: str, fill: str = "none", stroke: str = PROP) -> None:
        paint = f'fill="{fill}"'
        if stroke != "none":
            paint += f' stroke="{stroke}" stroke-width="{fmt(STROKE)}"'
        self.layers.append(f"<g {paint}>{markup}</g>")

    def svg(self, comment: str) -> str:
        body = "\n".join(self.layers)
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny"'
            f' width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">\n'
            f"<!-- {comment} Drawn by bench/draw_illustrations.py. -->\n"
            '<g stroke-linecap="round" stroke-linejoin="round">\n'
            f"{body}\n</g>\n</svg>\n"
        )


# --- cue marks ---------------------------------------------------------------------


def arrow_head(tip: Point, direction: Point, size: float = 9.0) -> str:
    u = direction / abs(direction)
    back = tip - u * size
    half = u * 1j * size * 0.62
    return polygon([tip, back + half, back - half])


def arrow(
    pic: Picture,
    points: list[Point],
    heads: str = "end",
    dash: str = "",
    size: float = 9.0,
) -> None:
    """An orange arrow along a smooth open curve; heads at 'end', 'start' or 'both'."""
    pts = list(points)
    marks = []
    if heads in ("end", "both"):
        d = pts[-1] - pts[-2]
        marks.append(arrow_head(pts[-1], d, size))
        pts[-1] = pts[-1] - d / abs(d) * size * 0.8
    if heads in ("start", "both"):
        d = pts[0] - pts[1]
        marks.append(arrow_head(pts[0], d, size))
        pts[0] = pts[0] - d / abs(d) * size * 0.8
    shaft = smooth_d(pts, closed=False) if len(pts) > 2 else f"M{pt(pts[0])}L{pt(pts[1])}"
    pic.line(shaft, ACCENT, dash)
    pic.layers.append(
        f'<g fill="{ACCENT}" stroke="{ACCENT}" stroke-width="{fmt(STROKE * 0.7)}">'
        f"{''.join(marks)}</g>"
    )


def arc_points(centre: Point, r: float, a0: float, a1: float, n: int = 9) -> list[Point]:
    """Points on a circle from dirv angle a0 to a1."""
    return [centre + r * dirv(a0 + (a1 - a0) * i / (n - 1)) for i in range(n)]


def arc_via(centre: Point, r: float, a0: float, a1: float, via: float) -> list[Point]:
    """Points on the arc from a0 to a1 (dirv angles) that passes through angle via."""

    def between(a: float, b: float) -> bool:
        lo, hi = min(a, b), max(a, b)
        return any(lo <= via + k * 360 <= hi for k in (-1, 0, 1))

    for b in (a1, a1 - 360, a1 + 360):
        if abs(b - a0) < 360 and between(a0, b):
            return arc_points(centre, r, a0, b)
    return arc_points(centre, r, a0, a1)


# --- the body, side view (facing right) ----------------------------------------------


@dataclass(frozen=True)
class Body:
    """Segment lengths and limb radii for a body of height H (side view)."""

    H: float = 192.0

    @property
    def thigh(self) -> float:
        return 0.245 * self.H

    @property
    def shank(self) -> float:
        return 0.246 * self.H

    @property
    def foot(self) -> float:
        return 0.152 * self.H

    @property
    def upper_arm(self) -> float:
        return 0.186 * self.H

    @property
    def forearm(self) -> float:
        return 0.146 * self.H

    @property
    def torso(self) -> float:  # hip joint to shoulder joint
        return 0.288 * self.H

    @property
    def ankle_height(self) -> float:
        return FOOT_SOLE * self.foot

    def r(self, ratio: float) -> float:
        return ratio * self.H


# The side-view foot, in foot lengths, ankle joint at the origin, toes to +x.
FOOT_SOLE = 0.255  # sole below the ankle joint
REAR_FOOT = [
    -0.10 - 0.17j,  # Achilles tendon, above the heel
    -0.205 + 0.02j,  # back of the heel
    -0.18 + 0.2j,
    -0.07 + 0.255j,  # heel pad
    0.2 + 0.245j,  # outer border, on the floor
    0.5 + 0.255j,  # ball of the foot
    0.6 + 0.16j,  # toe joint
    0.5 + 0.065j,
    0.24 - 0.03j,  # instep
    0.08 - 0.15j,  # front of the ankle
]
MTP = 0.5 + 0.16j  # the toe joint (ball of the foot)
TOE_TIP = 0.27 + 0.02j  # from the toe joint, toes flat
TOE_R = (0.095, 0.06)


def side_foot(body: Body, ankle: Point, pitch: float, toes: float | None = None) -> list[str]:
    """Shapes of a foot: pitch is plantar flexion of the rear foot (deg), toes the
    absolute angle of the toes (0 = flat on the floor, facing forward)."""
    f = body.foot
    turn = rot(pitch)
    rear = [ankle + f * turn * p for p in REAR_FOOT]
    mtp = ankle + f * turn * MTP
    toe_turn = rot(pitch if toes is None else toes)
    tip = mtp + f * toe_turn * TOE_TIP
    return [blob(rear, 0.9), capsule(mtp, f * TOE_R[0], tip, f * TOE_R[1])]


def ankle_on_ball(body: Body, ball_x: float, ground: float, pitch: float) -> Point:
    """Where the ankle is when the ball of the foot rests on the ground at ball_x
    and the rear foot is pitched (heel raised) by pitch degrees, toes flat."""
    mtp = complex(ball_x, ground - body.foot * TOE_R[0])
    return mtp - body.foot * rot(pitch) * MTP


def ankle_flat(body: Body, heel_x: float, ground: float) -> Point:
    """Ankle of a foot standing flat; heel_x is the back of the heel."""
    return complex(heel_x + 0.205 * body.foot, ground - body.ankle_height)


def shank_shapes(body: Body, knee: Point, ankle: Point, facing: int = 1) -> list[str]:
    """Shin and calf: the calf bulges behind the shin, highest in its upper third."""
    d = ankle - knee
    length = abs(d)
    u = d / length
    back = u * 1j * facing
    rk, ra = body.r(0.029), body.r(0.0185)
    return [
        capsule(knee, rk, ankle, ra),
        capsule(
            knee + u * length * 0.2 + back * rk * 0.45,
            body.r(0.031),
            knee + u * length * 0.66 + back * ra * 0.25,
            ra * 1.05,
        ),
    ]


def calf_zone(body: Body, knee: Point, ankle: Point, start: float, stop: float) -> list[str]:
    """Where a calf stretch is felt, as a capsule on the back of the shank."""
    d = ankle - knee
    u = d / abs(d)
    back = u * 1j
    a = knee + d * start + back * body.r(0.014)
    b = knee + d * stop + back * body.r(0.008)
    return [capsule(a, body.r(0.021), b, body.r(0.014))]


def leg_side(
    body: Body, hip: Point, ankle: Point, bend: int = -1
) -> tuple[list[str], Point, Point]:
    """Thigh and shank from hip to ankle; returns shapes, knee and (reachable) ankle."""
    knee, ankle = ik(hip, ankle, body.thigh, body.shank, bend)
    shapes = [capsule(hip, body.r(0.05), knee, body.r(0.031)), *shank_shapes(body, knee, ankle)]
    return shapes, knee, ankle


def torso_side(
    body: Body, hip: Point, lean: float, head_tilt: float = 0.0
) -> tuple[list[str], Point]:
    """Pelvis, trunk, neck and head, leaning forward by lean degrees; returns shapes
    and the shoulder joint."""
    up = dirv(180 - lean)
    fwd = up * 1j  # forward (to the right when upright), perpendicular to up
    h = body.H

    def at(f: float, u: float) -> Point:
        return hip + fwd * f * h + up * u * h

    shoulder = at(0.0, 0.255)
    head_up = dirv(180 - lean - head_tilt)
    head_fwd = head_up * 1j
    neck_base = at(0.01, 0.29)
    head = neck_base + head_up * 0.105 * h + head_fwd * 0.012 * h
    shapes = [
        capsule(at(-0.02, 0.0), 0.05 * h, at(-0.008, 0.09), 0.056 * h),  # buttock
        capsule(at(0.0, 0.03), 0.058 * h, at(0.006, 0.215), 0.066 * h),  # trunk
        capsule(neck_base, 0.027 * h, head - head_up * 0.03 * h, 0.025 * h),  # neck
        ellipse(head, 0.061 * h, 0.068 * h, -(lean + head_tilt)),
        circle(head + head_fwd * 0.058 * h + head_up * -0.012 * h, 0.016 * h),  # nose
    ]
    return shapes, shoulder


def arm_side(body: Body, shoulder: Point, hand: Point, bend: int, hand_dir: float) -> list[str]:
    """Upper arm, forearm and a hand reaching from the wrist along hand_dir (deg)."""
    elbow, wrist = ik(shoulder, hand, body.upper_arm, body.forearm, bend)
    return [
        capsule(shoulder, body.r(0.03), elbow, body.r(0.021)),
        capsule(elbow, body.r(0.02), wrist, body.r(0.015)),
        capsule(wrist, body.r(0.017), wrist + dirv(hand_dir) * body.r(0.07), body.r(0.013)),
    ]


def hand_ahead(body: Body, shoulder: Point, drop: float, straight: float = 0.96) -> Point:
    """Where a hand reaching forward lands, drop below the shoulder, the elbow a
    little bent (straight: the share of the arm's full reach)."""
    reach = straight * (body.upper_arm + body.forearm)
    return shoulder + complex(math.sqrt(reach**2 - drop**2), drop)


# --- props --------------------------------------------------------------------------


def floor(pic: Picture, x0: float = 14, x1: float = 226, y: float = FLOOR) -> None:
    pic.line(f"M{fmt(x0)} {fmt(y + STROKE)}H{fmt(x1)}")


def wall(pic: Picture, x: float, top: float = 30) -> None:
    """A wall face at x, seen side on, with hatching behind it."""
    bottom = FLOOR + STROKE
    pic.line(f"M{fmt(x)} {fmt(bottom)}V{fmt(top)}")
    ticks = "".join(
        f"M{fmt(x + 1.5)} {fmt(y)}l9 -9" for y in range(int(top) + 14, int(bottom) + 1, 16)
    )
    pic.line(ticks)


def mat(pic: Picture, x0: float, x1: float, thick: float = 5.0) -> float:
    """A sticky mat on the floor; returns the height people stand at."""
    top = FLOOR + STROKE / 2 - thick
    pic.shape(
        f'<path d="M{fmt(x0)} {fmt(FLOOR + STROKE)}V{fmt(top)}H{fmt(x1)}V{fmt(FLOOR + STROKE)}"/>'
    )
    return top - STROKE / 2


# --- the body, front view ---------------------------------------------------------------


def front_foot(body: Body, ankle: Point, ground: float, medial: int) -> list[str]:
    """A foot seen from the front: narrow at the ankle, broad at the toes.
    medial is -1 or +1: the side (on screen) the big toe is on."""
    h = body.H
    w = 0.03 * h  # half width at the toes
    sole = ground - ankle.imag
    pts = [
        ankle + complex(-0.012 * h, -0.006 * h),
        ankle + complex(-0.017 * h, 0.45 * sole),
        ankle + complex(-w, 0.86 * sole),
        ankle + complex(-w + 0.004 * h, sole),
        ankle + complex(w - 0.004 * h, sole),
        ankle + complex(w, 0.86 * sole),
        ankle + complex(0.017 * h, 0.45 * sole),
        ankle + complex(0.012 * h, -0.006 * h),
    ]
    if medial < 0:
        pts = [complex(2 * ankle.real - p.real, p.imag) for p in pts]
    return [blob(pts, 0.8)]


def leg_front(body: Body, hip: Point, ankle: Point, medial: int) -> tuple[list[str], Point]:
    """A leg seen from the front, hip to ankle, straight down or nearly so."""
    h = body.H
    knee = hip + (ankle - hip) * 0.5
    inner = complex(medial, 0)
    return [
        capsule(hip, 0.055 * h, knee, 0.032 * h),
        capsule(knee, 0.03 * h, ankle, 0.019 * h),
        capsule(
            knee + (ankle - knee) * 0.22 + inner * 0.006 * h,
            0.03 * h,
            knee + (ankle - knee) * 0.62,
            0.021 * h,
        ),
    ], knee


def torso_front(
    body: Body, pelvis: Point, squash: float = 1.0
) -> tuple[list[str], Point, Point, Point]:
    """Trunk, neck and head seen from the front; returns shapes, both shoulder
    joints (left and right on the picture) and the head centre. pelvis is the
    middle between the hip joints; squash shortens heights (a raised viewpoint)."""
    h = body.H

    def at(x: float, up: float) -> Point:
        return pelvis + complex(x * h, -up * h * squash)

    half = [
        (0.0, -0.05),
        (0.06, -0.045),
        (0.095, 0.0),
        (0.088, 0.08),
        (0.078, 0.14),
        (0.088, 0.2),
        (0.112, 0.25),
        (0.1, 0.28),
        (0.04, 0.295),
    ]
    trunk = [at(x, y) for x, y in half] + [at(-x, y) for x, y in reversed(half[1:])]
    head = at(0, 0.4)
    shapes = [
        blob(trunk, 0.9),
        capsule(at(0, 0.29), 0.026 * h, at(0, 0.35), 0.024 * h),
        ellipse(head, 0.05 * h, 0.064 * h * (1 + squash) / 2),
    ]
    return shapes, at(-0.1, 0.255), at(0.1, 0.255), head


# --- close views ------------------------------------------------------------------------

# The inside of a foot and the lower leg, in foot lengths: floor at y=0 under the
# back of the heel, toes to +x. The arch is the stretch between ARCH points.
CLOSE_FOOT = [
    -0.07 - 1.45j,  # back of the leg, out of the picture
    0.0 - 1.0j,
    0.075 - 0.64j,
    0.115 - 0.42j,  # Achilles tendon
    0.09 - 0.25j,
    0.025 - 0.15j,  # back of the heel
    0.02 - 0.06j,
    0.07 - 0.005j,
    0.16 + 0j,  # heel pad
    0.26 - 0.012j,
    None,  # the arch, filled in by close_foot
    0.64 - 0.012j,
    0.72 + 0j,  # ball of the foot
    0.8 - 0.012j,
    0.92 + 0j,  # pad of the big toe
    0.985 - 0.018j,
    0.99 - 0.045j,  # tip of the big toe
    0.95 - 0.072j,
    0.85 - 0.078j,
    0.75 - 0.1j,  # big toe joint
    0.6 - 0.135j,
    0.45 - 0.2j,  # instep
    0.36 - 0.28j,  # front of the ankle
    0.34 - 0.42j,
    0.36 - 0.75j,
    0.39 - 1.45j,  # shin, out of the picture
]


def close_foot(
    origin: Point, length: float, arch: float, tilt: float = 0.0
) -> tuple[list[Point], Callable[[Point], Point]]:
    """Outline of the close view, and the map from foot units to the picture.
    arch is the height of the arch above the floor, in foot lengths; tilt turns
    the foot about the tip of the big toe (heel up, degrees); the ankle takes up
    the turn, so the leg above it stays upright."""
    tip = 0.99 - 0.0j

    def place(p: Point) -> Point:
        foot = tip + (p - tip) * rot(tilt)
        above_ankle = min(max((-p.imag - 0.3) / 0.5, 0.0), 1.0)
        lift = (tip + (-0.3j + p.real - tip) * rot(tilt)).imag + 0.3  # the ankle's rise
        leg = p + lift * 1j
        return origin + length * (foot + (leg - foot) * above_ankle)

    pts: list[Point] = []
    for p in CLOSE_FOOT:
        if p is None:
            pts += [0.36 - (arch * 0.75) * 1j, 0.45 - arch * 1j, 0.54 - (arch * 0.7) * 1j]
        else:
            pts.append(p)
    return [place(p) for p in pts], place


def close_foot_details(pic: Picture, place: Callable[[Point], Point]) -> None:
    """The big toe nail."""
    pic.ink(smooth_d([place(0.905 - 0.066j), place(0.94 - 0.06j), place(0.965 - 0.05j)], False))


# A right foot seen from above, in foot lengths: heel at 0, toes toward +u,
# the inner (big toe) side toward +v.
TOP_FOOT = [
    0.0 + 0.0j,
    0.025 + 0.1j,
    0.14 + 0.125j,
    0.32 + 0.12j,
    0.52 + 0.15j,
    0.66 + 0.185j,  # inner ball of the foot
    0.74 + 0.17j,
    0.78 + 0.1j,
    0.79 + 0.02j,
    0.77 - 0.06j,
    0.73 - 0.13j,
    0.68 - 0.185j,
    0.6 - 0.21j,  # outer ball of the foot
    0.45 - 0.19j,
    0.28 - 0.155j,
    0.12 - 0.13j,
    0.025 - 0.095j,
]
# (base, tip, base radius, tip radius, spread direction) per toe, big toe first.
TOES = [
    (0.76 + 0.115j, 0.94 + 0.12j, 0.062, 0.058, 1.0),
    (0.79 + 0.025j, 0.93 + 0.02j, 0.036, 0.033, 0.3),
    (0.775 - 0.05j, 0.9 - 0.062j, 0.035, 0.032, -0.2),
    (0.745 - 0.118j, 0.86 - 0.135j, 0.033, 0.03, -0.6),
    (0.7 - 0.176j, 0.79 - 0.2j, 0.031, 0.028, -1.0),
]


def top_foot(
    heel: Point,
    toward: float,
    length: float,
    spread: float = 0.0,
    squash: float = 1.0,
    mirror: bool = False,
) -> tuple[list[str], Callable[[Point], Point]]:
    """A right foot from above (a left foot from below): heel point, direction of
    the toes (dirv angle), length, toe spread (degrees) and foreshortening along
    the foot; mirror gives the other foot."""
    u = dirv(toward)
    v = u * (1j if mirror else -1j)  # toward the big toe side

    def place(p: Point) -> Point:
        return heel + length * (u * p.real * squash + v * p.imag)

    shapes = [blob([place(p) for p in TOP_FOOT], 0.9)]
    for base, tip, r0, r1, side in TOES:
        turned = base + (tip - base) * rot(spread * side)
        shapes.append(capsule(place(base), length * r0, place(turned), length * r1))
    return shapes, place


def toenails(pic: Picture, place: Callable[[Point], Point], length: float, spread: float) -> None:
    """Toenails on a foot seen from above (drawn with top_foot's place)."""
    nails = []
    for base, tip, _, r1, side in TOES:
        turned = base + (tip - base) * rot(spread * side)
        u = (turned - base) / abs(turned - base)
        a, b = turned - u * r1 * 0.4, turned - u * r1 * 1.05
        nails.append(capsule(place(a), length * r1 * 0.45, place(b), length * r1 * 0.45))
    pic.layers.append(
        f'<g fill="none" stroke="{INK}" stroke-width="{fmt(STROKE * 0.7)}">{"".join(nails)}</g>'
    )


# --- the pictures -----------------------------------------------------------------------

SCENES: dict[str, tuple[str, Callable[[], Picture]]] = {}


def scene(exercise_id: str, what: str) -> Callable[[Callable[[], Picture]], Callable[[], Picture]]:
    def register(fn: Callable[[], Picture]) -> Callable[[], Picture]:
        SCENES[exercise_id] = (what, fn)
        return fn

    return register


def knee_straight_mark(pic: Picture, hip: Point, knee: Point, ankle: Point) -> None:
    """A straight orange edge behind a straight knee."""
    u = (ankle - hip) / abs(ankle - hip)
    side = u * 1j * 12
    pic.line(f"M{pt(knee - u * 22 + side)}L{pt(knee + u * 22 + side)}", ACCENT)


def knee_bent_mark(pic: Picture, hip: Point, knee: Point, ankle: Point, r: float = 15) -> None:
    """An orange angle arc behind a bent knee."""
    thigh, shin = angle_of(hip - knee), angle_of(ankle - knee)
    mid = angle_of(dirv(thigh) + dirv(shin))
    pic.line(smooth_d(arc_via(knee, r, shin, thigh, mid), False), ACCENT)


def wall_calf_stretch(knee_straight: bool) -> Picture:
    body = Body()
    pic = Picture()
    ground = FLOOR
    if knee_straight:
        back_ankle = ankle_flat(body, 58.0, ground)
        hip = back_ankle + dirv(180 - 24) * (body.thigh + body.shank - 0.4)
        front_ankle = complex(128, ground - body.ankle_height)
        lean = 17.0
    else:
        back_ankle = ankle_flat(body, 84.0, ground)
        knee = back_ankle + dirv(180 - 34) * body.shank
        hip = knee + dirv(180 + 22) * body.thigh
        front_ankle = complex(130, ground - body.ankle_height)
        lean = 12.0
    far_leg, _, _ = leg_side(body, hip, front_ankle)
    torso, shoulder = torso_side(body, hip, lean, head_tilt=-8)
    # Hands flat on the wall at shoulder height, elbows nearly straight.
    hand = shoulder + complex(0.97 * (body.upper_arm + body.forearm), -6)
    wall_x = hand.real + body.r(0.017) + STROKE
    far_arm = arm_side(body, shoulder - 4j, hand - 4j, 1, 180)
    near_arm = arm_side(body, shoulder, hand, 1, 180)
    near_leg, knee, back_ankle = leg_side(body, hip, back_ankle)
    floor(pic, 14, wall_x)
    wall(pic, wall_x)
    pic.body(far_arm, BODY_FAR)
    pic.body([*far_leg, *side_foot(body, front_ankle, 0)], BODY_FAR)
    pic.body([*torso, *near_leg, *side_foot(body, back_ankle, 0)])
    pic.body(near_arm)
    # Where the stretch is felt: the upper calf, or low, just above the heel.
    if knee_straight:
        pic.tint(calf_zone(body, knee, back_ankle, 0.1, 0.5))
        knee_straight_mark(pic, hip, knee, back_ankle)
    else:
        pic.tint(calf_zone(body, knee, back_ankle, 0.5, 0.88))
        knee_bent_mark(pic, hip, knee, back_ankle)
    # Heel stays down: an arrow onto the back of the heel.
    heel = back_ankle + complex(-0.205 * body.foot - 8, body.ankle_height - 3)
    arrow(pic, [heel - 32j, heel])
    return pic


@scene("gastroc-stretch", "Wall calf stretch, back knee straight, heel down.")
def gastroc() -> Picture:
    return wall_calf_stretch(knee_straight=True)


@scene("soleus-stretch", "Wall calf stretch, back knee bent, heel down.")
def soleus() -> Picture:
    return wall_calf_stretch(knee_straight=False)


def chair(pic: Picture, back_x: float, facing: int = 1, top: float = 126) -> None:
    """A chair seen from the side, its back at back_x and its seat toward facing."""
    seat_y, depth = 176.0, 42.0 * facing
    bottom = FLOOR + STROKE
    pic.line(
        f"M{fmt(back_x)} {fmt(top)}V{fmt(bottom)}"
        f"M{fmt(back_x)} {fmt(seat_y)}h{fmt(depth)}V{fmt(bottom)}"
    )


@scene(
    "ballerina-stretch",
    "Standing, holding a chair, the back foot pointed, top of the toes on the mat.",
)
def ballerina() -> Picture:
    body = Body()
    pic = Picture()
    floor(pic)
    ground = mat(pic, 34, 136)
    stand_ankle = ankle_flat(body, 104, ground)
    hip = stand_ankle - 1j * (body.thigh + body.shank - 0.3) - 2
    # The pointed foot: toes curled under, their tops on the mat behind.
    f = body.foot
    knuckle = complex(66, ground - f * 0.075)
    prox, dist, pitch = 140.0, 180.0, 98.0
    mtp = knuckle - f * 0.15 * rot(prox)
    ankle = mtp - f * rot(pitch) * MTP
    near_leg, knee, ankle = leg_side(body, hip, ankle)
    shin_tilt = -angle_of(ankle - knee)
    assert pitch - shin_tilt <= 58, f"plantar flexion {pitch - shin_tilt:.0f} deg"
    turn = rot(pitch)
    rear = [ankle + f * turn * p for p in REAR_FOOT]
    pointed = [
        blob(rear, 0.9),
        capsule(mtp, f * 0.09, knuckle, f * 0.075),
        capsule(knuckle, f * 0.075, knuckle + f * 0.16 * rot(dist), f * 0.06),
    ]
    torso, shoulder = torso_side(body, hip, 0)
    # The near hand rests on the chair back, the arm relaxed and reaching forward.
    hand = hand_ahead(body, shoulder, 0.27 * body.H, 0.97)
    chair_top = hand.imag + STROKE + body.r(0.017)
    chair(pic, hand.real + 3, top=chair_top)
    far_leg, _, _ = leg_side(body, hip, stand_ankle)
    pic.body(arm_side(body, shoulder - 3, hand - 3, -1, 60), BODY_FAR)
    pic.body([*far_leg, *side_foot(body, stand_ankle, 0)], BODY_FAR)
    pic.body([*torso, *near_leg, *pointed])
    pic.body(arm_side(body, shoulder, hand, -1, 70))
    # The stretch along the top of the foot and the front of the ankle (inside the outline).
    dorsum = (ankle + f * turn * (0.08 - 0.04j), ankle + f * turn * (0.44 + 0.12j))
    pic.tint([capsule(dorsum[0], f * 0.075, dorsum[1], f * 0.06)])
    # Press gently: the ankle goes forward and down as the top of the foot nears the floor.
    front = ankle + f * turn * (0.02 - 0.24j)
    arrow(pic, [front + complex(-4, -22), front + complex(2, -9), front + complex(12, -1)], size=8)
    return pic


@scene(
    "foam-roll-calves",
    "Sitting on the floor, hands behind, hips lifted, one calf on a foam roller.",
)
def foam_roll() -> Picture:
    body = Body()
    pic = Picture()
    floor(pic)
    hip = complex(92, FLOOR - 32)
    # The near leg lies straight, the back of the calf on the roller.
    leg_dir = 87.0
    ankle = hip + dirv(leg_dir) * (body.thigh + body.shank - 0.3)
    near_leg, knee, ankle = leg_side(body, hip, ankle, bend=1)
    roller_r = 10.0
    roller = complex(knee.real + 0.42 * body.shank, FLOOR - roller_r)
    pic.shape(circle(roller, roller_r))
    pic.shape(circle(roller, 3))
    # The far leg bent, its foot flat on the floor.
    far_ankle = ankle_flat(body, 118, FLOOR)
    far_leg, _, _ = leg_side(body, hip - 1j, far_ankle, bend=-1)
    torso, shoulder = torso_side(body, hip, -50, head_tilt=52)
    # Straight arms, hands flat on the floor a little behind the shoulders.
    hand_y = FLOOR - body.r(0.018)
    reach = 0.995 * (body.upper_arm + body.forearm)
    hand = complex(shoulder.real - math.sqrt(reach**2 - (hand_y - shoulder.imag) ** 2), hand_y)
    pic.body([*far_leg, *side_foot(body, far_ankle, 0)], BODY_FAR)
    pic.body(arm_side(body, shoulder + 4, hand + 4, 1, -90), BODY_FAR)
    pic.body([*torso, *near_leg, *side_foot(body, ankle, 14 + leg_dir - 90)])
    pic.body(arm_side(body, shoulder, hand, 1, -90))
    # Roll slowly, from above the ankle to below the knee and back.
    u = (ankle - knee) / abs(ankle - knee)
    above = u * -1j * 17
    arrow(pic, [knee + u * 6 + above, ankle - u * 2 + above], heads="both")
    return pic


@scene("golf-ball-arch-roll", "Close view of the inside of a foot rolling the arch on a golf ball.")
def golf_ball() -> Picture:
    pic = Picture()
    length, arch, ball_r, press = 196.0, 0.075, 16.0, 3.5
    floor(pic)
    # Tip the foot about the big toe until the arch rests on the ball.
    lo, hi = 0.0, 20.0
    for _ in range(40):
        tilt = (lo + hi) / 2
        _, place = close_foot(complex(20, FLOOR), length, arch, tilt)
        apex = place(complex(0.45, -arch))
        if apex.imag > FLOOR - 2 * ball_r + press:
            lo = tilt
        else:
            hi = tilt
    outline, place = close_foot(complex(20, FLOOR), length, arch, tilt)
    ball = complex(apex.real, FLOOR - ball_r)
    pic.shape(circle(ball, ball_r))
    pic.shape(
        "".join(circle(ball + d, 1.2) for d in (-6 + 2j, 6 + 2j, 0 + 6j, -2 - 4j)),
        fill=PROP,
        stroke="none",
    )
    pic.cropped(outline)
    close_foot_details(pic, place)
    # Roll slowly from the heel to the ball of the foot and back.
    arrow(pic, [place(0.16 - 0.085j), place(0.76 - 0.06j)], heads="both")
    return pic


@scene("short-foot", "Close view of the inside of a foot: arch lifted, toes long on the floor.")
def short_foot() -> Picture:
    pic = Picture()
    length, arch = 196.0, 0.11
    floor(pic)
    outline, place = close_foot(complex(22, FLOOR), length, arch)
    pic.cropped(outline)
    close_foot_details(pic, place)
    # Lift the arch; draw the ball of the foot toward the heel.
    apex = place(complex(0.45, -arch))
    arrow(pic, [complex(apex.real, FLOOR + 1), apex + 1j], size=8)
    arrow(pic, [place(0.74 - 0.06j), place(0.58 - 0.06j)], size=8)
    return pic


@scene(
    "posterior-tibialis-eccentric",
    "Sitting, legs out, seen from the feet: the foot turned in against a band, going back slowly.",
)
def tib_post_band() -> Picture:
    body = Body(H=230)
    h = body.H
    pic = Picture()
    floor(pic)
    view = 22.0  # the eye a little above the feet: what lies further away is higher up
    rise, squash = math.sin(math.radians(view)), math.cos(math.radians(view))
    # A table leg to the outside holds the band.
    post = 22.0
    pic.line(
        f"M{fmt(post - 6)} 96V{fmt(FLOOR + STROKE)}"
        f"M{fmt(post + 6)} 96V{fmt(FLOOR + STROKE)}M2 96H52"
    )
    heels = {"right": complex(90, FLOOR - 2), "left": complex(164, FLOOR - 2)}
    pelvis = complex(126, FLOOR - 2 - (body.thigh + body.shank) * rise - 6)
    torso, left_sh, right_sh, _ = torso_front(body, pelvis, squash)
    # Straight arms reaching back to the floor, foreshortened.
    arms = []
    for shoulder, out in ((left_sh, -1), (right_sh, 1)):
        wrist = shoulder + complex(out * 0.11 * h, 0.15 * h)
        elbow = shoulder + (wrist - shoulder) * 0.55
        arms += [
            capsule(shoulder, body.r(0.03), elbow, body.r(0.021)),
            capsule(elbow, body.r(0.02), wrist, body.r(0.015)),
            capsule(wrist, body.r(0.017), wrist + complex(out * 0.05 * h, 0.01 * h), body.r(0.013)),
        ]
    pic.body(arms, BODY_FAR)
    # The legs lie on the floor, running away from us up the picture.
    legs = []
    for side, heel in heels.items():
        hip = pelvis + complex((-1 if side == "right" else 1) * 0.05 * h, 0)
        ankle = heel - 0.035 * h * 1j
        knee = ankle + (hip - ankle) * 0.5
        # Nearer is larger: the shins look as wide as the thighs.
        legs += [
            capsule(hip, 0.046 * h, knee, 0.036 * h),
            capsule(knee, 0.036 * h, ankle, 0.03 * h),
        ]
    pic.body([*torso, *legs])
    # The feet, soles toward us, drawn a little larger since they are nearest.
    length = 1.45 * body.foot
    start, _ = sole_view(heels["right"], length, 0, right=True)
    pic.layers.append(
        f'<g fill="none" stroke="{PROP}" stroke-width="{fmt(STROKE)}" stroke-dasharray="6 6">'
        f"{start[0]}</g>"
    )
    pic.body(sole_view(heels["left"], length, 0, right=False)[0])
    turn = 30.0
    # In and down: swung toward the other foot, and pointed away (shorter).
    foot, place = sole_view(heels["right"], length, turn, right=True, squash=0.88)
    band_a, band_b = place(0.6 - 0.22j), place(0.62 + 0.2j)
    anchor = complex(post + 8, band_a.imag + 6)
    pic.line(f"M{pt(band_a)}L{pt(anchor - 4j)}M{pt(band_b)}L{pt(anchor + 4j)}")
    pic.body(foot)
    pic.line(f"M{pt(band_a)}L{pt(band_b)}", width=STROKE * 2.2)
    # Slowly back to the start: a dashed arrow from the turned-in toes.
    arrow(pic, arc_points(heels["right"], length * 1.08, 180 - turn + 2, 180 + 16, 7), dash="6 5")
    return pic


def standing_calf_raise(both: bool) -> Picture:
    body = Body()
    pic = Picture()
    pitch = 40.0
    ball_x = 122.0
    ankle = ankle_on_ball(body, ball_x, FLOOR, pitch)
    hip = ankle - 1j * (body.thigh + body.shank - 0.3) - 2
    torso, shoulder = torso_side(body, hip, 2)
    hand = hand_ahead(body, shoulder, 20)
    wall_x = hand.real + body.r(0.016) + STROKE
    floor(pic, 14, wall_x)
    wall(pic, wall_x)
    near_leg, _, ankle = leg_side(body, hip, ankle)
    if both:
        far = ankle - 3 + 0j
        far_leg, _, far = leg_side(body, hip - 3, far)
        far_foot = side_foot(body, far, pitch, 0)
    else:
        # The other foot off the floor, knee bent, clear of the working heel.
        far = complex(ankle.real - 36, FLOOR - 50)
        far_leg, _, far = leg_side(body, hip - 2, far)
        far_foot = side_foot(body, far, 40)
    pic.body(arm_side(body, shoulder - 4j, hand - 4j, 1, 150), BODY_FAR)
    pic.body([*far_leg, *far_foot], BODY_FAR)
    pic.body([*torso, *near_leg, *side_foot(body, ankle, pitch, 0)])
    pic.body(arm_side(body, shoulder, hand, 1, 150))
    # Weight over the big toe: an arrow pressing down on the ball of the foot.
    f = body.foot
    top = complex(ball_x + 0.17 * f, FLOOR - 0.2 * f)
    arrow(pic, [top - 26j, top - 3j], size=8)
    heel = ankle + body.foot * rot(pitch) * (-0.24 + 0.2j) - 7
    if both:
        # Up and down at a steady rhythm.
        arrow(pic, [complex(heel.real, FLOOR - 2), heel - 26j], heads="both")
    else:
        # Lower slowly: a dashed arrow from the raised heel to the floor.
        arrow(pic, [heel - 18j, complex(heel.real, FLOOR - 2)], dash="5 4", size=8)
    return pic


@scene(
    "eccentric-calf-raise", "On one foot, heel raised, weight over the big toe, lowering slowly."
)
def eccentric_calf_raise() -> Picture:
    return standing_calf_raise(both=False)


@scene(
    "calf-raise-100", "On both feet, heels raised, weight over the big toes, steady up and down."
)
def calf_raise_100() -> Picture:
    return standing_calf_raise(both=True)


@scene(
    "functional-posterior-tibialis",
    "A small squat on one leg, fingertips on the wall, knee over the toes, arch lifted.",
)
def single_leg_squat() -> Picture:
    body = Body()
    pic = Picture()
    ankle = ankle_flat(body, 92, FLOOR)
    knee = ankle + dirv(180 - 22) * body.shank
    hip = knee + dirv(180 + 24) * body.thigh
    torso, shoulder = torso_side(body, hip, 14)
    near_leg, knee, ankle = leg_side(body, hip, ankle)
    far = complex(ankle.real - 24, FLOOR - 26)
    far_leg, _, far = leg_side(body, hip - 2, far)
    hand = hand_ahead(body, shoulder, 16)
    wall_x = hand.real + body.r(0.016) + STROKE
    floor(pic, 14, wall_x)
    wall(pic, wall_x)
    pic.body(arm_side(body, shoulder - 4j, hand - 4j, 1, 150), BODY_FAR)
    pic.body([*far_leg, *side_foot(body, far, 30)], BODY_FAR)
    pic.body([*torso, *near_leg, *side_foot(body, ankle, 0)])
    pic.body(arm_side(body, shoulder, hand, 1, 150))
    # Knee over the (second) toe.
    f = body.foot
    toes = ankle.real + 0.62 * f
    pic.line(f"M{fmt(toes)} {fmt(knee.imag - 10)}V{fmt(FLOOR - f * 0.3)}", ACCENT, "5 6")
    # The arch stays lifted.
    arch = ankle + f * (0.18 + 0.2j)
    pic.tint([capsule(arch - f * 0.17, f * 0.075, arch + f * 0.2, f * 0.065)])
    arrow(pic, [complex(arch.real, FLOOR + 16), complex(arch.real, FLOOR + 1)], size=9)
    return pic


@scene(
    "single-leg-stand",
    "Standing tall on one foot, the other just off the floor, eyes on one point.",
)
def single_leg_stand() -> Picture:
    body = Body()
    pic = Picture()
    floor(pic)
    ground = mat(pic, 56, 150)
    ankle = ankle_flat(body, 92, ground)
    hip = ankle - 1j * (body.thigh + body.shank - 0.3) + 1
    torso, shoulder = torso_side(body, hip, 0)
    far = complex(ankle.real - 16, ground - body.ankle_height - 14)
    far_leg, _, far = leg_side(body, hip - 2, far)
    near_leg, _, ankle = leg_side(body, hip, ankle)
    pic.body(arm_side(body, shoulder - 2 - 2j, shoulder + 57 * dirv(4), 1, 4), BODY_FAR)
    pic.body([*far_leg, *side_foot(body, far, 24)], BODY_FAR)
    pic.body([*torso, *near_leg, *side_foot(body, ankle, 0)])
    pic.body(arm_side(body, shoulder, shoulder + 57 * dirv(7), 1, 6))
    # Eyes on one point ahead.
    eye = shoulder + complex(0.045 * body.H, -0.125 * body.H)
    target = complex(212, eye.imag + 4)
    pic.line(f"M{pt(eye + 16)}L{pt(target - 10)}", ACCENT, "4 7")
    pic.shape(circle(target, 5), fill=ACCENT, stroke="none")
    # Stand tall.
    top = shoulder - 1j * 0.235 * body.H
    arrow(pic, [top, top - 20j], size=8)
    return pic


@scene(
    "alternating-lunges", "A front lunge: front knee over the toes, whole front foot on the mat."
)
def lunge() -> Picture:
    body = Body()
    pic = Picture()
    floor(pic)
    ground = mat(pic, 22, 214)
    front_ankle = ankle_flat(body, 146, ground)
    front_knee = front_ankle + dirv(180 - 8) * body.shank
    hip = front_knee + dirv(-100) * body.thigh
    back_ankle = ankle_on_ball(body, 50, ground, 50)
    back_leg, back_knee, back_ankle = leg_side(body, hip - 2, back_ankle, bend=-1)
    assert back_knee.imag < ground - 12, "the back knee hovers above the floor"
    torso, shoulder = torso_side(body, hip, 3)
    front_leg, knee, front_ankle = leg_side(body, hip, front_ankle)
    pic.body(arm_side(body, shoulder - 2 - 2j, shoulder + 57 * dirv(-4), 1, -4), BODY_FAR)
    pic.body([*back_leg, *side_foot(body, back_ankle, 50, 0)], BODY_FAR)
    pic.body([*torso, *front_leg, *side_foot(body, front_ankle, 0)])
    pic.body(arm_side(body, shoulder, shoulder + 57 * dirv(2), 1, 2))
    # Knee over the toes, and the whole front foot on the floor.
    f = body.foot
    toes = front_ankle.real + 0.62 * f
    pic.line(f"M{fmt(toes)} {fmt(knee.imag - 10)}V{fmt(ground - f * 0.3)}", ACCENT, "5 6")
    sole = front_ankle + f * 0.17j
    pic.tint([capsule(sole - f * 0.14, f * 0.07, sole + f * 0.5, f * 0.07)])
    # Stand tall.
    top = shoulder - 1j * 0.235 * body.H
    arrow(pic, [top, top - 20j], size=8)
    return pic


@scene("toe-spreading", "From above: a foot on a sticky mat, toes spread wide and long.")
def toe_spreading() -> Picture:
    pic = Picture()
    pic.shape(rounded_rect(42, 16, 198, 224, 10))
    spread = 13.0
    foot, place = top_foot(complex(122, 218), 180, 180, spread=spread)
    pic.body(foot)
    toenails(pic, place, 180, spread)
    # Spread wide: an arc over the toes with a head at each end.
    centre = place(0.5 + 0.0j)
    pts = [centre + 96 * dirv(a) for a in (218, 199, 180, 161, 142)]
    arrow(pic, pts, heads="both", size=9)
    return pic


def sole_view(
    heel: Point, length: float, lean: float, right: bool, squash: float = 1.0
) -> tuple[list[str], Callable[[Point], Point]]:
    """A foot seen from its sole, toes up, swung toward the body's midline by lean
    degrees about the heel; squash shortens a foot pointed away from us.
    right: the person's right foot (big toe on the picture's right)."""
    return top_foot(heel, 180 - lean, length, spread=3, squash=squash, mirror=right)


# --- the icon ---------------------------------------------------------------------------


# A right footprint, in foot lengths: heel at 0, toes toward +u, big toe toward +v.
FOOTPRINT = [
    0.0 + 0.0j,
    0.03 + 0.11j,
    0.15 + 0.135j,
    0.3 + 0.08j,  # the arch does not touch the floor
    0.44 + 0.08j,
    0.58 + 0.18j,  # ball of the foot, inner side
    0.7 + 0.165j,
    0.745 + 0.05j,
    0.725 - 0.08j,
    0.665 - 0.175j,
    0.56 - 0.205j,  # ball of the foot, outer side
    0.42 - 0.175j,
    0.25 - 0.145j,
    0.1 - 0.135j,
    0.02 - 0.095j,
]
# Toe prints: centre and radius, big toe first.
TOE_PRINTS = [
    (0.875 + 0.11j, 0.078),
    (0.87 - 0.01j, 0.048),
    (0.84 - 0.09j, 0.043),
    (0.795 - 0.155j, 0.038),
    (0.735 - 0.21j, 0.034),
]


def icon() -> str:
    """A footprint inside a stopwatch, on a rounded tile that works on any panel."""
    tile, track, ring_colour, print_colour = "#1d6577", "#2f8599", "#f5892a", "#ffffff"
    centre, radius, width = complex(128, 140), 84.0, 22.0
    length = 132.0
    u = dirv(180 - 12)  # toes up, leaning a little forward
    v = u * -1j

    def at(p: Point) -> Point:
        return length * (u * p.real + v * p.imag)

    outline = [at(p) for p in FOOTPRINT] + [at(c) for c, _ in TOE_PRINTS]
    middle = (
        complex(max(p.real for p in outline) + min(p.real for p in outline), 0) / 2
        + 1j * (max(p.imag for p in outline) + min(p.imag for p in outline)) / 2
    )
    heel = centre - middle

    shapes = blob([heel + at(p) for p in FOOTPRINT], 0.9) + "".join(
        circle(heel + at(c), length * r) for c, r in TOE_PRINTS
    )
    # A stopwatch: the track, three quarters run in orange, and the crown on top.
    progress = smooth_d(arc_points(centre, radius, 180, 180 - 270, 28), False)
    top = centre.imag - radius
    crown = rounded_rect(108, top - 38, 148, top - 22, 6) + rounded_rect(
        121, top - 26, 135, top - 6, 2
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny"'
        ' width="256" height="256" viewBox="0 0 256 256">\n'
        "<!-- Footwork: a footprint in a stopwatch. Drawn by bench/draw_illustrations.py. -->\n"
        f'<g fill="{tile}">{rounded_rect(8, 8, 248, 248, 52)}</g>\n'
        f'<g fill="{ring_colour}">{crown}</g>\n'
        f'<g fill="none" stroke="{track}" stroke-width="{fmt(width)}">'
        f"{circle(centre, radius)}</g>\n"
        f'<path d="{progress}" fill="none" stroke="{ring_colour}" stroke-width="{fmt(width)}"'
        ' stroke-linecap="round"/>\n'
        f'<g fill="{print_colour}">{shapes}</g>\n'
        "</svg>\n"
    )


def main() -> None:
    ILLUSTRATIONS.mkdir(parents=True, exist_ok=True)
    for exercise_id, (what, draw) in SCENES.items():
        path = ILLUSTRATIONS / f"{exercise_id}.svg"
        path.write_text(draw().svg(what))
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    ICONS.mkdir(parents=True, exist_ok=True)
    path = ICONS / "footwork.svg"
    path.write_text(icon())
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
