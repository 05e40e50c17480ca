"""The charts of report.html: Vega-Lite specifications, rendered to inline SVG.

vl-convert renders each chart with its own bundled Vega, so the page carries
the finished drawing: no charting script to inline, nothing loaded from a
network, and the same SVG for the same data on every run. Vega escapes the
labels it writes (system and check names are the user's text).

The specifications are written here as plain Vega-Lite JSON values: building
them with Altair cost more than drawing them (its import, and a schema
validation of every value on every object it builds), for specifications no
user writes. Drawing is what remains, and the persistent cache keeps each
drawing by its specification, so a rerun on the same data draws nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cache import Cache

# The Vega-Lite the specifications are written for; vl-convert is asked for it by name when it bundles it.
VEGA_LITE_VERSION = "6.4"
_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
_FONT = "-apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif"
_SYSTEM_COLOURS = "tableau10"
# vl-convert measures labels with its own font; the padding keeps a browser's wider font inside the drawing.
_PADDING = {"left": 40, "right": 20, "top": 5, "bottom": 5}
_CONFIG = {"view": {"stroke": "#ccc"}, "background": "transparent", "font": _FONT}
# The cache kind of a drawing: its key is the specification and the renderer's version, its value the SVG.
CACHE_KIND = "chart"


def findings_rate_chart(rates: Sequence[dict], systems: Sequence[str], cache: Cache | None = None) -> str | None:
    """Bars of findings per 1,000 MT words, one group per check and one bar per system.

    `rates`: dicts with `system`, `check` ("MT101 garbled-name") and `per_1000_words`;
    `systems` all systems of the run, so each has the same colour in every chart;
    `cache` the persistent cache, which keeps the drawing (see `render_svg`).
    None when there is nothing to draw.
    """
    if not rates:
        return None
    checks = sorted({row["check"] for row in rates})
    specification = {
        "data": {"values": list(rates)},
        "mark": {"type": "bar"},
        "encoding": {
            "color": {"field": "system", "scale": _colours(systems), "sort": list(systems), "title": "system", "type": "nominal"},
            "x": {"field": "per_1000_words", "title": "findings per 1,000 MT words", "type": "quantitative"},
            "y": {"axis": {"labelLimit": 260}, "field": "check", "sort": checks, "title": None, "type": "nominal"},
            "yOffset": {"field": "system", "sort": list(systems), "type": "nominal"},
        },
        "height": {"step": max(6, 18 // len(systems))},
        "width": 420,
    }
    return render_svg(specification, "rate", cache)


def score_distribution_chart(scores: Sequence[dict], systems: Sequence[str], cache: Cache | None = None) -> str | None:
    """Box plots of segment chrF and similarity per system, side by side.

    `scores`: dicts with `system` and `chrf` and/or `similarity` (None where a
    segment has no reference); `cache` as for `findings_rate_chart`. None when
    no segment has a score.
    """
    panels = []
    # The axis starts near the lowest score, not at 0: most segments score high, and the boxes would be slivers.
    for field, title, highest in (("chrf", "segment chrF", 100), ("similarity", "segment similarity", 1)):
        by_system: dict[str, list[float]] = {}
        for row in scores:
            if row.get(field) is not None:
                by_system.setdefault(row["system"], []).append(row[field])
        values = [{"system": system, field: value} for system, found in by_system.items() for value in _order_statistics(found)]
        if not values:
            continue
        panels.append(
            {
                "data": {"values": values},
                "mark": {"type": "boxplot", "extent": 1.5, "outliers": {"size": 8, "opacity": 0.5}, "size": 14},
                "encoding": {
                    "color": {"field": "system", "legend": None, "scale": _colours(systems), "sort": list(systems), "type": "nominal"},
                    "x": {
                        "field": field,
                        "scale": {"domainMax": highest, "nice": True, "zero": False},
                        "title": title,
                        "type": "quantitative",
                    },
                    "y": {"field": "system", "sort": list(systems), "title": None, "type": "nominal"},
                },
                "height": {"step": 22},
                "width": 260,
            }
        )
    if not panels:
        return None
    return render_svg({"hconcat": panels, "resolve": {"scale": {"color": "shared"}}}, "scores", cache)


# Values a box is drawn from, per system: beyond this, evenly spaced order statistics
# (the lowest and highest included) draw the same box, and the chart of 100,000
# segments costs what one of 2,000 does instead of a gigabyte in the renderer.
MAX_BOX_VALUES = 2000


def _order_statistics(values: list[float]) -> list[float]:
    """`values`, or MAX_BOX_VALUES evenly spaced ranks of them when there are more."""
    if len(values) <= MAX_BOX_VALUES:
        return values
    ordered = sorted(values)
    last = len(ordered) - 1
    return [ordered[round(rank * last / (MAX_BOX_VALUES - 1))] for rank in range(MAX_BOX_VALUES)]


def _colours(systems: Sequence[str]) -> dict:
    return {"domain": list(systems), "scheme": _SYSTEM_COLOURS}


def full_specification(chart: dict) -> dict:
    """A chart's Vega-Lite specification with the page's font, padding and frame: what vl-convert draws."""
    return {"config": _CONFIG, **chart, "padding": _PADDING, "$schema": _SCHEMA}


def render_svg(chart: dict, prefix: str, cache: Cache | None = None) -> str:
    """The chart as an SVG element, ids made unique to this chart and stable across runs.

    With `cache`, a drawing vl-convert made before of the same specification is read from it
    instead of drawn again: the same specification and vl-convert draw the same SVG, so the
    page's bytes are the same either way.
    """
    specification = full_specification(chart)
    key = _cache_key(specification) if cache is not None else None
    stored = cache.get(CACHE_KIND, key) if key is not None else None
    if stored is not None:
        svg = stored.decode("utf-8")
    else:
        import vl_convert

        # The data is in the specification, so no base URL may be fetched from.
        svg = vl_convert.vegalite_to_svg(specification, vl_version=_vega_lite_version(), allowed_base_urls=[])
        if key is not None:
            cache.put(CACHE_KIND, key, svg.encode("utf-8"))
    return _scoped_ids(svg, prefix)


def _cache_key(specification: dict) -> bytes:
    from importlib import metadata

    from ..cache import content_key

    # Not sorted: the specification exactly as vl-convert reads it. A vl-convert release may bundle
    # another Vega, and with it draw other bytes, so its version is part of the key.
    version = metadata.version("vl-convert-python")
    return content_key("vl-convert-python", version, VEGA_LITE_VERSION, json.dumps(specification))


def _vega_lite_version() -> str | None:
    import vl_convert

    return VEGA_LITE_VERSION if VEGA_LITE_VERSION in vl_convert.get_vegalite_versions() else None


def _scoped_ids(svg: str, prefix: str) -> str:
    # Several charts share one page: clip and gradient ids must not collide, and
    # must not depend on how many charts this process has rendered before.
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg)))
    for number, old in enumerate(ids, 1):
        new = f"{prefix}-{number}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    return svg
