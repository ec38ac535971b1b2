"""The map of the Netherlands with the cases marked by role: an SVG drawn at build time, no tile server.

The outline is a coarse hand-simplified border (lon, lat); good enough to place a municipality, not
for measuring. Every role has its own colour AND shape, so the map also reads without colour vision.
"""
import math
from xml.sax.saxutils import escape as xml_escape, quoteattr

# Coarse outline of the mainland Netherlands, clockwise from the Belgian border at the coast (lon, lat).
NL_OUTLINE = (
    (3.36, 51.37), (3.57, 51.44), (3.45, 51.55), (3.50, 51.59), (3.70, 51.71), (3.85, 51.83), (4.12, 51.98),
    (4.27, 52.11), (4.42, 52.24), (4.56, 52.46), (4.62, 52.62), (4.66, 52.77), (4.75, 52.96), (5.03, 52.93),
    (5.38, 53.08), (5.41, 53.17), (5.70, 53.35), (6.00, 53.40), (6.20, 53.41), (6.50, 53.44), (6.83, 53.45),
    (6.93, 53.33), (7.20, 53.24), (7.21, 53.18), (7.05, 52.85), (7.07, 52.65), (6.72, 52.63), (7.05, 52.42),
    (7.03, 52.23), (6.70, 52.03), (6.83, 51.97), (6.40, 51.83), (6.10, 51.85), (5.95, 51.74), (6.22, 51.36),
    (6.17, 51.16), (5.87, 51.05), (6.08, 50.90), (6.02, 50.76), (5.70, 50.76), (5.64, 50.85), (5.80, 51.10),
    (5.55, 51.27), (5.24, 51.31), (4.93, 51.44), (4.75, 51.50), (4.40, 51.36), (4.25, 51.37), (4.05, 51.25),
    (3.70, 51.28), (3.38, 51.27),
)
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 3.2, 7.4, 50.7, 53.6
WIDTH = 460                                    # pixels; height follows from the projection
LEGEND_HEIGHT = 120
MARKER = 7                                      # half the marker size
MAX_LABELS = 30                                 # name markers only while the map stays readable

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
        return (f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" height="{2 * size}" '
                f'fill="{colour}" stroke="#fff" stroke-width="1.5"/>')
    if shape == "triangle":
        points = f"{x:.1f},{y - size - 1:.1f} {x + size + 1:.1f},{y + size:.1f} {x - size - 1:.1f},{y + size:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - size - 2:.1f} {x + size + 2:.1f},{y:.1f} {x:.1f},{y + size + 2:.1f} {x - size - 2:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size - 1}" fill="#fff" stroke="{colour}" stroke-width="3"/>')


def map_svg(points: list[dict], roles: dict) -> str:
    """SVG text. points: [{name, lon, lat, role, url}]; roles: role id -> Dutch label (legend order)."""
    height = map_height()
    total_height = height + LEGEND_HEIGHT
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in NL_OUTLINE))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_height:.0f}" '
        f'width="{WIDTH}" height="{total_height:.0f}" role="img" aria-labelledby="kaart-titel kaart-uitleg">',
        '<title id="kaart-titel">Kaart van Nederland met de praktijkvoorbeelden</title>',
        f'<desc id="kaart-uitleg">{len(points)} praktijkvoorbeelden, gemarkeerd naar de rol van MEE.</desc>',
        f'<rect width="{WIDTH}" height="{total_height:.0f}" fill="#ffffff"/>',
        f'<polygon points="{outline}" fill="#e8eef3" stroke="#5a6b78" stroke-width="1.5"/>',
    ]
    label = len(points) <= MAX_LABELS
    for point in sorted(points, key=lambda p: (-p["lat"], p["lon"])):
        colour, shape = ROLE_STYLE.get(point["role"], ROLE_STYLE["unknown"])
        x, y = project(point["lon"], point["lat"])
        title = f'{point["name"]}: {roles.get(point["role"], point["role"])}'
        parts.append(f'<a href={quoteattr(point["url"])}><title>{xml_escape(title)}</title>'
                     f'{marker(shape, x, y, colour)}</a>')
        if label:
            parts.append(f'<text x="{x + MARKER + 4:.1f}" y="{y + 4:.1f}" font-family="sans-serif" font-size="13" '
                         f'fill="#1b1b1b" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                         f'{xml_escape(point["name"])}</text>')
    y = height + 18
    parts.append(f'<text x="10" y="{y:.0f}" font-family="sans-serif" font-size="13" font-weight="bold" '
                 f'fill="#1b1b1b">Rol van MEE</text>')
    for role_id, role_label in roles.items():
        y += 20
        colour, shape = ROLE_STYLE.get(role_id, ROLE_STYLE["unknown"])
        parts.append(marker(shape, 20, y - 4, colour))
        parts.append(f'<text x="36" y="{y:.0f}" font-family="sans-serif" font-size="13" fill="#1b1b1b">'
                     f'{xml_escape(role_label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
