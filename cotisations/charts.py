"""Horizontal bar charts as SVG, written on the server: no script, nothing inline the CSP would
refuse (colours come from classes and presentation attributes), and readable without sight:
the chart is an image with a <title> and a <desc>, every bar has its own <title>, and the
page puts the same figures in a table beside it.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 150
BAR_HEIGHT = 18
GAP = 8
MARGIN = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # in any unit: bars are drawn relative to `scale` (or the longest bar)
    text: str  # the value as people read it, e.g. "1 234,00 €" or "62,5 %"
    tone: str = "main"  # a CSS class suffix: chart-bar--main, --warn, --muted


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: list[Bar], scale: int = 0
) -> SafeString:
    """One bar per row: label on the left, bar, value on the right."""
    top = max([scale] + [bar.value for bar in bars]) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = MARGIN * 2 + max(len(bars), 1) * (BAR_HEIGHT + GAP)
    rows = []
    for index, bar in enumerate(bars):
        y = MARGIN + index * (BAR_HEIGHT + GAP)
        length = max(0, round(room * max(bar.value, 0) / top))
        rows.append(
            (
                y,
                y + BAR_HEIGHT - 5,
                LABEL_WIDTH - 6,
                _shorten(bar.label),
                LABEL_WIDTH,
                length,
                BAR_HEIGHT,
                bar.tone,
                f"{bar.label} : {bar.text}",
                LABEL_WIDTH + length + 6,
                bar.text,
            )
        )
    body = format_html_join(
        "",
        '<g><text x="{2}" y="{1}" text-anchor="end" class="chart-label">{3}</text>'
        '<rect x="{4}" y="{0}" width="{5}" height="{6}" class="chart-bar chart-bar--{7}">'
        "<title>{8}</title></rect>"
        '<text x="{9}" y="{1}" class="chart-value">{10}</text></g>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{0}" role="img" '
        'viewBox="0 0 {1} {2}" width="{1}" height="{2}" aria-labelledby="{0}-title {0}-desc">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        WIDTH,
        height,
        title,
        description,
        body,
    )


def _shorten(label: str, limit: int = 28) -> str:
    """The label as it fits its column; the bar's <title> and the table keep the full text."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
