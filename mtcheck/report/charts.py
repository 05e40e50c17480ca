"""The charts of report.html: Vega-Altair specifications, rendered to inline SVG.

vl-convert renders each chart with its own bundled Vega, so the page carries
the finished drawing: no charting script to inline, nothing loaded from a
network, and the same SVG for the same data on every run. Vega escapes the
labels it writes (system and check names are the user's text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FONT = "-apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif"
_SYSTEM_COLOURS = "tableau10"
_PADDING = {"left": 40, "right": 20, "top": 5, "bottom": 5}


def findings_rate_chart(rates: Sequence[dict], systems: Sequence[str]) -> str | None:
    """Bars of findings per 1,000 MT words, one group per check and one bar per system.

    `rates`: dicts with `system`, `check` ("MT101 garbled-name") and `per_1000_words`;
    `systems` all systems of the run, so each has the same colour in every chart.
    None when there is nothing to draw.
    """
    if not rates:
        return None
    import altair as alt

    checks = sorted({row["check"] for row in rates})
    chart = (
        alt.Chart(alt.Data(values=list(rates)))
        .mark_bar()
        .encode(
            y=alt.Y("check:N", title=None, sort=checks, axis=alt.Axis(labelLimit=260)),
            x=alt.X("per_1000_words:Q", title="findings per 1,000 MT words"),
            color=alt.Color("system:N", title="system", sort=list(systems), scale=_colours(systems)),
            yOffset=alt.YOffset("system:N", sort=list(systems)),
        )
        .properties(width=420, height=alt.Step(max(6, 18 // len(systems))))
    )
    return render_svg(chart, "rate")


def score_distribution_chart(scores: Sequence[dict], systems: Sequence[str]) -> str | None:
    """Box plots of segment chrF and similarity per system, side by side.

    `scores`: dicts with `system` and `chrf` and/or `similarity` (None where a
    segment has no reference). None when no segment has a score.
    """
    import altair as alt

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
            alt.Chart(alt.Data(values=values))
            .mark_boxplot(extent=1.5, size=14, outliers={"size": 8, "opacity": 0.5})
            .encode(
                x=alt.X(f"{field}:Q", title=title, scale=alt.Scale(zero=False, nice=True, domainMax=highest)),
                y=alt.Y("system:N", title=None, sort=list(systems)),
                color=alt.Color("system:N", sort=list(systems), legend=None, scale=_colours(systems)),
            )
            .properties(width=260, height=alt.Step(22))
        )
    if not panels:
        return None
    return render_svg(alt.hconcat(*panels).resolve_scale(color="shared"), "scores")


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


def _colours(systems: Sequence[str]):
    import altair as alt

    return alt.Scale(domain=list(systems), scheme=_SYSTEM_COLOURS)


def render_svg(chart, prefix: str) -> str:
    """The chart as an SVG element, ids made unique to this chart and stable across runs."""
    import vl_convert

    # vl-convert measures labels with its own font; the padding keeps a browser's wider font inside the drawing.
    chart = chart.properties(padding=_PADDING).configure(font=_FONT, background="transparent").configure_view(stroke="#ccc")
    # The specification is built here, not by a user, so Altair's schema validation is skipped (a fifth
    # of the time); the data is in the specification, so no base URL may be fetched from.
    specification = chart.to_dict(validate=False)
    svg = vl_convert.vegalite_to_svg(specification, vl_version=_vega_lite_version(), allowed_base_urls=[])
    return _scoped_ids(svg, prefix)


def _vega_lite_version() -> str | None:
    # The Vega-Lite that Altair wrote the specification for (e.g. "6.4"), when vl-convert bundles it.
    import altair as alt
    import vl_convert

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def _scoped_ids(svg: str, prefix: str) -> str:
    # Several charts share one page: clip and gradient ids must not collide, and
    # must not depend on how many charts this process has rendered before.
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg)))
    for number, old in enumerate(ids, 1):
        new = f"{prefix}-{number}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    return svg
