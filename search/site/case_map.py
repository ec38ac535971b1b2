"""The map of the Netherlands with the cases marked by role: an SVG drawn at build time, no tile server.

The outline is a coarse hand-simplified border (lon, lat); good enough to place a municipality, not
for measuring. Every role has its own colour AND shape, so the map also reads without colour vision.
"""

import math
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

# Coarse outline of the Netherlands, clockwise from the Belgian border at the coast (lon, lat); the
# IJsselmeer and Markermeer are drawn on top as water, the Wadden islands as small shapes.
NL_OUTLINE = (
    (3.37, 51.37),
    (3.58, 51.45),
    (3.44, 51.53),
    (3.56, 51.60),
    (3.69, 51.72),
    (3.84, 51.82),
    (4.00, 51.96),
    (4.12, 51.99),
    (4.26, 52.10),
    (4.42, 52.23),
    (4.55, 52.46),
    (4.62, 52.63),
    (4.66, 52.80),
    (4.72, 52.96),
    (4.78, 52.96),
    (5.05, 52.93),
    (5.36, 53.07),
    (5.41, 53.17),
    (5.53, 53.30),
    (5.87, 53.38),
    (6.18, 53.41),
    (6.55, 53.44),
    (6.90, 53.45),
    (6.93, 53.33),
    (7.09, 53.25),
    (7.21, 53.24),
    (7.20, 53.00),
    (7.05, 52.85),
    (7.07, 52.63),
    (6.71, 52.63),
    (6.93, 52.44),
    (7.07, 52.39),
    (7.03, 52.23),
    (6.76, 52.12),
    (6.69, 52.03),
    (6.83, 51.97),
    (6.72, 51.90),
    (6.41, 51.83),
    (6.17, 51.85),
    (5.95, 51.81),
    (6.00, 51.70),
    (6.21, 51.52),
    (6.21, 51.37),
    (6.08, 51.22),
    (6.17, 51.17),
    (5.95, 51.03),
    (6.08, 50.91),
    (6.02, 50.75),
    (5.69, 50.75),
    (5.64, 50.85),
    (5.77, 51.03),
    (5.82, 51.16),
    (5.56, 51.22),
    (5.48, 51.29),
    (5.23, 51.31),
    (5.07, 51.47),
    (4.85, 51.42),
    (4.76, 51.50),
    (4.53, 51.48),
    (4.40, 51.36),
    (4.28, 51.38),
    (4.20, 51.37),
    (4.11, 51.27),
    (3.90, 51.21),
    (3.77, 51.26),
    (3.52, 51.24),
    (3.38, 51.27),
)
NL_WATER = (
    (
        (5.05, 52.93),
        (5.36, 53.07),
        (5.40, 52.88),
        (5.70, 52.84),
        (5.60, 52.70),
        (5.45, 52.57),
        (5.47, 52.52),
        (5.33, 52.42),
        (5.20, 52.37),
        (5.07, 52.33),
        (5.00, 52.37),
        (5.10, 52.46),
        (5.05, 52.52),
        (5.07, 52.63),
        (5.29, 52.70),
        (5.11, 52.77),
    ),
)
NL_ISLANDS = (
    ((4.72, 52.99), (4.91, 53.08), (4.88, 53.19), (4.74, 53.13)),
    ((4.93, 53.23), (5.10, 53.30), (5.08, 53.32), (4.92, 53.26)),
    ((5.15, 53.36), (5.55, 53.43), (5.56, 53.46), (5.17, 53.39)),
    ((5.62, 53.44), (5.93, 53.46), (5.92, 53.49), (5.63, 53.48)),
    ((6.10, 53.47), (6.32, 53.49), (6.30, 53.51), (6.12, 53.50)),
)
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 3.2, 7.4, 50.7, 53.6
WIDTH = 460  # pixels; height follows from the projection
LEGEND_HEIGHT = 120
MARKER = 7  # half the marker size
MAX_LABELS = 30  # name markers only while the map stays readable

# Colour and shape per role; colours keep 3:1 contrast against the white and the land colour.
ROLE_STYLE = {
    "independent": ("#1a6b35", "circle"),
    "generalist": ("#1f4e9e", "square"),
    "specialist": ("#a3271b", "triangle"),
    "combination": ("#6b2f8f", "diamond"),
    "unknown": ("#4d4d4d", "ring"),
}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection scaled by cos(mid latitude): close enough at this size."""
    scale_x = math.cos(math.radians((LAT_MIN + LAT_MAX) / 2))
    x_span = (LON_MAX - LON_MIN) * scale_x
    unit = WIDTH / x_span
    return (lon - LON_MIN) * scale_x * unit, (LAT_MAX - lat) * unit


def map_height() -> float:
    return project(LON_MIN, LAT_MIN)[1]


def marker(shape: str, x: float, y: float, colour: str) -> str:
    size = MARKER
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" height="{2 * size}" '
            f'fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - size - 1:.1f} {x + size + 1:.1f},{y + size:.1f} {x - size - 1:.1f},{y + size:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - size - 2:.1f} {x + size + 2:.1f},{y:.1f} {x:.1f},{y + size + 2:.1f} {x - size - 2:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size - 1}" fill="#fff" stroke="{colour}" stroke-width="3"/>'


def map_svg(points: list[dict], roles: dict) -> str:
    """SVG text. points: [{name, lon, lat, role, url}]; roles: role id -> Dutch label (legend order)."""
    height = map_height()
    total_height = height + LEGEND_HEIGHT

    def points_of(shape):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in shape))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_height:.0f}" '
        f'width="{WIDTH}" height="{total_height:.0f}" role="img" aria-labelledby="kaart-titel kaart-uitleg">',
        '<title id="kaart-titel">Kaart van Nederland met de praktijkvoorbeelden</title>',
        f'<desc id="kaart-uitleg">{len(points)} praktijkvoorbeelden, gemarkeerd naar de rol van MEE.</desc>',
        f'<rect width="{WIDTH}" height="{total_height:.0f}" fill="#ffffff"/>',
        f'<polygon points="{points_of(NL_OUTLINE)}" fill="#e8eef3" stroke="#5a6b78" stroke-width="1.5"/>',
        *(f'<polygon points="{points_of(w)}" fill="#ffffff" stroke="#5a6b78" stroke-width="1"/>' for w in NL_WATER),
        *(f'<polygon points="{points_of(i)}" fill="#e8eef3" stroke="#5a6b78" stroke-width="1"/>' for i in NL_ISLANDS),
    ]
    label = len(points) <= MAX_LABELS
    for point in sorted(points, key=lambda p: (-p["lat"], p["lon"])):
        colour, shape = ROLE_STYLE.get(point["role"], ROLE_STYLE["unknown"])
        x, y = project(point["lon"], point["lat"])
        title = f'{point["name"]}: {roles.get(point["role"], point["role"])}'
        parts.append(
            f'<a href={quoteattr(point["url"])}><title>{xml_escape(title)}</title>{marker(shape, x, y, colour)}</a>'
        )
        if label:
            # Names on the east half go to the left of the marker, so they stay inside the picture.
            left = x > WIDTH * 0.55
            anchor = f'x="{x - MARKER - 4:.1f}" text-anchor="end"' if left else f'x="{x + MARKER + 4:.1f}"'
            parts.append(
                f'<text {anchor} y="{y + 4:.1f}" font-family="sans-serif" font-size="13" '
                f'fill="#1b1b1b" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                f'{xml_escape(point["name"])}</text>'
            )
    y = height + 18
    parts.append(
        f'<text x="10" y="{y:.0f}" font-family="sans-serif" font-size="13" font-weight="bold" '
        f'fill="#1b1b1b">Rol van MEE</text>'
    )
    for role_id, role_label in roles.items():
        y += 20
        colour, shape = ROLE_STYLE.get(role_id, ROLE_STYLE["unknown"])
        parts.append(marker(shape, 20, y - 4, colour))
        parts.append(
            f'<text x="36" y="{y:.0f}" font-family="sans-serif" font-size="13" fill="#1b1b1b">'
            f'{xml_escape(role_label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
