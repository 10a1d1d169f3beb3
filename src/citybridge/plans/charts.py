"""Geometry of the dashboards' charts: numbers in, coordinates out.

Pure functions without Django, so they are tested and reused (PDF, e-mail) without a request.
Templates draw the SVG from the returned dictionaries; every chart is followed by a table with
the same numbers, so a chart never carries information on its own.

Layout of a horizontal bar chart, one row per item (labels sit above their bar so long and
Japanese labels are never squeezed into a narrow left column)::

    Label of the first item
    ██████████████████████  12
    Label of the second item
    ████████  4
"""

from __future__ import annotations

from collections.abc import Sequence

LABEL_HEIGHT = 18  # one line of 14px text
BAR_HEIGHT = 18
ROW_GAP = 10
VALUE_GAP = 6  # between the end of a bar and its value
VALUE_WIDTH = 64  # room kept right of the longest bar for its value ("100%", "1,234")
MAX_LABEL_CHARS = 60


def shorten(label: str, max_chars: int = MAX_LABEL_CHARS) -> str:
    """``label`` cut to ``max_chars`` characters with an ellipsis (the table has it whole)."""
    label = " ".join(str(label).split())
    if len(label) <= max_chars:
        return label
    return label[: max_chars - 1].rstrip() + "…"


def bar_chart(
    items: Sequence[tuple[str, float | int | None]],
    *,
    max_value: float | None = None,
    width: int = 480,
    track: bool = False,
    max_label_chars: int = MAX_LABEL_CHARS,
) -> dict:
    """Horizontal bars for ``items`` (label, value) in the given order.

    ``max_value`` is the value of a full-width bar; by default the largest value (so the
    longest bar fills the width). Values outside 0…``max_value`` keep their raw ``value`` for
    the text, but their bar is clamped: negative values draw no bar, larger ones a full bar
    (``clamped`` says so). ``None`` means "no data": no bar, ``value`` stays ``None``.
    ``track`` draws the full-width scale behind every bar (for percentages); the values are
    then written after the track, aligned, instead of after each bar.

    Returns ``{"width", "height", "plot_width", "max_value", "track", "bars": [...]}``; each bar has
    ``label``, ``short_label``, ``value``, ``clamped``, ``label_y`` (text baseline), ``y``,
    ``height``, ``bar_width``, ``value_x`` and ``value_y`` (where its value is written).
    """
    if width <= VALUE_WIDTH + VALUE_GAP:
        raise ValueError(f"A chart needs to be wider than {VALUE_WIDTH + VALUE_GAP} units.")
    values = [float(value) for _, value in items if value is not None]
    if max_value is None:
        max_value = max(values, default=0.0)
    max_value = float(max_value)
    if max_value < 0:
        raise ValueError("max_value cannot be negative.")
    plot_width = width - VALUE_WIDTH - VALUE_GAP
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    bars = []
    for index, (label, value) in enumerate(items):
        top = index * row_height
        y = top + LABEL_HEIGHT
        if value is None:
            bar_width, clamped = 0.0, False
        else:
            value = float(value)
            shown = min(max(value, 0.0), max_value)
            clamped = shown != value
            bar_width = round(plot_width * shown / max_value, 2) if max_value else 0.0
        bars.append(
            {
                "label": label,
                "short_label": shorten(label, max_label_chars),
                "value": value,
                "clamped": clamped,
                "label_y": top + LABEL_HEIGHT - 5,
                "y": y,
                "height": BAR_HEIGHT,
                "bar_width": bar_width,
                "value_x": (plot_width if track else round(bar_width, 2)) + VALUE_GAP,
                "value_y": y + BAR_HEIGHT - 4,
            }
        )
    height = max(len(items) * row_height - ROW_GAP, 1)
    return {
        "width": width,
        "height": height,
        "plot_width": plot_width,
        "max_value": max_value,
        "track": track,
        "bars": bars,
    }


def percent_of_way(
    baseline: float | None, latest: float | None, target: float | None, *, decrease: bool
) -> float | None:
    """How far ``latest`` has gone from ``baseline`` towards ``target``, in percent (raw:
    below 0 when it moved the wrong way, above 100 past the target).

    ``decrease`` says lower is better. ``None`` when a value is missing or when the target is
    not on the improving side of the baseline (equal to it, or behind it): then no percentage
    means anything.
    """
    if baseline is None or latest is None or target is None:
        return None
    baseline, latest, target = float(baseline), float(latest), float(target)
    needed = baseline - target if decrease else target - baseline
    if needed <= 0:
        return None
    done = baseline - latest if decrease else latest - baseline
    return done / needed * 100
