"""Charts as inline SVG (图表), drawn on the server: no script, no CDN, printable.

Each chart is a ``<svg>`` string with a ``<title>`` per mark, so a pointer
shows the figure and a screen reader reads it.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 720, 240, 40
COLOURS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a")


def _frame(body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(label)}" class="chart">{body}</svg>'
    )


def _axis(labels: list[str], top: str, bottom: str) -> str:
    """The x labels under the plot and the y range at its left."""
    step = (WIDTH - 2 * PAD) / max(len(labels), 1)
    xs = "".join(
        f'<text x="{PAD + step * (i + 0.5):.0f}" y="{HEIGHT - 8}" text-anchor="middle" '
        f'font-size="11">{escape(label)}</text>'
        for i, label in enumerate(labels)
    )
    return (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        f'stroke="#999"/><text x="4" y="{PAD}" font-size="11">{escape(top)}</text>'
        f'<text x="4" y="{HEIGHT - PAD}" font-size="11">{escape(bottom)}</text>{xs}'
    )


def line_chart(points: list[tuple[str, float | None]], label: str) -> str:
    """A rate per month (0–1); a month with nothing decided is a gap, not a zero."""
    step = (WIDTH - 2 * PAD) / max(len(points), 1)
    span = HEIGHT - 2 * PAD
    marks, path, pen_down = [], [], False
    for i, (name, rate) in enumerate(points):
        if rate is None:
            pen_down = False
            continue
        x, y = PAD + step * (i + 0.5), HEIGHT - PAD - rate * span
        path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[0]}">'
            f"<title>{escape(name)}：{rate:.1%}</title></circle>"
        )
    line = f'<path d="{" ".join(path)}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>'
    return _frame(_axis([n[-2:] for n, _ in points], "100%", "0%") + line + "".join(marks), label)


def bar_chart(groups: list[tuple[str, list[tuple[str, int]]]], label: str) -> str:
    """Counts per group (e.g. per month), one bar per series within the group."""
    top = max((v for _, series in groups for _, v in series), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(groups), 1)
    span = HEIGHT - 2 * PAD
    bars = []
    for i, (name, series) in enumerate(groups):
        width = step * 0.8 / max(len(series), 1)
        for j, (what, value) in enumerate(series):
            height = value / top * span
            x = PAD + step * i + step * 0.1 + width * j
            bars.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{width:.1f}" '
                f'height="{height:.1f}" fill="{COLOURS[j % len(COLOURS)]}">'
                f"<title>{escape(name)} {escape(what)}：{value}</title></rect>"
            )
    axis = _axis([n[-2:] for n, _ in groups], str(top), "0")
    return _frame(axis + "".join(bars), label)


def legend(names: list[str]) -> str:
    """The series' colours, as HTML under a bar chart."""
    return " ".join(
        f'<span class="key" style="background:{COLOURS[i % len(COLOURS)]}"></span>{escape(n)}'
        for i, n in enumerate(names)
    )
