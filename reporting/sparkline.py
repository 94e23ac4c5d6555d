"""A small trend chart as inline SVG: drawn from numbers only, for the pages and the PDF
(WeasyPrint renders inline SVG; no JavaScript)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def sparkline(
    numbers: list[float],
    *,
    target: float | None = None,
    baseline: float | None = None,
    width: int = 80,
    height: int = 20,
    label: str = "",
) -> SafeString:
    """A line through the values in order, a dot on the latest, and a dashed line at the
    target (and a dotted one at the baseline) when they are given. Empty with no values."""
    values = [float(n) for n in numbers if n is not None]
    if not values:
        return format_html("")
    scale = values + [v for v in (target, baseline) if v is not None]
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0
    pad = 2.0

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * (i / (len(values) - 1) if len(values) > 1 else 0.5)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * ((v - low) / span)

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    guides = format_html_join(
        "",
        '<line x1="0" x2="{}" y1="{}" y2="{}" class="sparkline__{}" stroke="#888" '
        'stroke-width="0.6" stroke-dasharray="{}"/>',
        (
            (width, f"{y(v):.1f}", f"{y(v):.1f}", name, dash)
            for name, v, dash in (("target", target, "3,2"), ("baseline", baseline, "1,2"))
            if v is not None
        ),
    )
    last = len(values) - 1
    return format_html(
        '<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" role="img" aria-label="{label}"><title>{label}</title>{guides}'
        '<polyline points="{points}" fill="none" stroke="#0b7a75" stroke-width="1.4"/>'
        '<circle cx="{cx}" cy="{cy}" r="1.8" fill="#0b7a75"/></svg>',
        w=width,
        h=height,
        label=label,
        guides=guides,
        points=points,
        cx=f"{x(last):.1f}",
        cy=f"{y(values[last]):.1f}",
    )
