"""Pictures drawn at build time as inline SVG: no script, no network, each with a text alternative."""

from __future__ import annotations

from ..model import Corpus
from .labels import counted, implication_title
from .text import escape_html
from .textfit import fit

BOX_W, BOX_H, GAP_X, GAP_Y = 190, 54, 36, 12
PAD, FONT_SIZE = 8, 12  # text inset from a box's edges; label size in px
COLOURS = {"study": "#e8eaf6", "theme": "#e3f2fd", "implication": "#e8f5e9"}
STANCE_COLOURS = {"supporting": "#1b5e20", "mentioning": "#455a64", "contrasting": "#b71c1c"}


def _box(x: float, y: float, lines: list[str], size: float, kind: str, height: float) -> str:
    line_h = round(size * 1.2)
    spans = "".join(
        f'<tspan x="{x + PAD:.0f}" dy="{line_h if i else 0}">{escape_html(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    top = y + (height - line_h * (len(lines) - 1)) / 2 + size / 3
    return (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{height:.0f}" rx="6" fill="{COLOURS[kind]}" '
        f'stroke="#37474f"/><text x="{x + PAD:.0f}" y="{top:.0f}" font-size="{size:.3g}" fill="#102027">{spans}</text>'
    )


def _label(text: str) -> tuple[list[str], float]:
    """A box's lines and font size: whole words only, every line within the box (see textfit)."""
    return fit(text, BOX_W - 2 * PAD, FONT_SIZE)


def theme_map(corpus: Corpus, study_id: str) -> str:
    """Study -> themes -> subthemes -> implications, left to right."""
    study = corpus.studies[study_id]
    box_h = _box_height(corpus, study_id)
    nodes: list[tuple[int, float, str, str]] = []  # column, y, text, kind
    theme_at: dict[str, tuple[int, float]] = {}  # theme id -> (column, y)
    edges: list[tuple[int, float, int, float]] = []
    row = [0]
    implication_rows: dict[str, float] = {}
    max_depth = [1]

    def place(theme_id: str, depth: int) -> float:
        max_depth[0] = max(max_depth[0], depth)
        children = corpus.children.get(theme_id, ())
        ys = [place(child, depth + 1) for child in children]
        if ys:
            y = sum(ys) / len(ys)
        else:
            y = row[0] * (box_h + GAP_Y)
            row[0] += 1
        nodes.append((depth, y, corpus.themes[theme_id].title, "theme"))
        theme_at[theme_id] = (depth, y)
        for child_y in ys:
            edges.append((depth, y, depth + 1, child_y))
        return y

    tops = [place(t, 1) for t in corpus.study_themes.get(study_id, ())]
    if not tops:
        return ""
    study_y = sum(tops) / len(tops)
    nodes.append((0, study_y, study.title, "study"))
    edges += [(0, study_y, 1, y) for y in tops]
    last = max_depth[0] + 1
    links: list[tuple[str, str]] = []
    for theme_id in theme_at:  # the study's themes, placed above
        for implication_id in corpus.implications_of.get(theme_id, ()):
            links.append((theme_id, implication_id))
    for index, implication_id in enumerate(dict.fromkeys(i for _, i in links)):
        implication_rows[implication_id] = index * (box_h + GAP_Y)
        nodes.append(
            (
                last,
                implication_rows[implication_id],
                implication_title(corpus.implications[implication_id]),
                "implication",
            )
        )
    for theme_id, implication_id in links:
        if theme_id in theme_at:
            column, y = theme_at[theme_id]
            edges.append((column, y, last, implication_rows[implication_id]))
    height = max(y for _, y, _, _ in nodes) + box_h + 2
    width = (last + 1) * (BOX_W + GAP_X)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" class="fd-map" '
        f'role="img" aria-labelledby="map-{study_id}-title">',
        f'<title id="map-{study_id}-title">Theme map of {escape_html(study.title)}: '
        f"{counted(sum(1 for n in nodes if n[3] == 'theme'), 'theme')} and "
        f"{counted(len(implication_rows), 'implication')}; "
        "the same structure is listed as text below.</title>",
    ]
    for x1, y1, x2, y2 in edges:
        ax, ay = x1 * (BOX_W + GAP_X) + BOX_W, y1 + box_h / 2
        bx, by = x2 * (BOX_W + GAP_X), y2 + box_h / 2
        mid = (ax + bx) / 2
        parts.append(
            f'<path d="M{ax:.0f},{ay:.0f} C{mid:.0f},{ay:.0f} {mid:.0f},{by:.0f} {bx:.0f},{by:.0f}" '
            'fill="none" stroke="#78909c"/>'
        )
    for column, y, text, kind in nodes:
        lines, size = _label(text)
        parts.append(_box(column * (BOX_W + GAP_X), y, lines, size, kind, box_h))
    parts.append("</svg>")
    return "".join(parts)


def _box_height(corpus: Corpus, study_id: str) -> float:
    """One height for every box of a map, tall enough for its longest label (at least BOX_H)."""
    texts = [corpus.studies[study_id].title]
    pending = list(corpus.study_themes.get(study_id, ()))
    while pending:
        theme_id = pending.pop()
        texts.append(corpus.themes[theme_id].title)
        pending += corpus.children.get(theme_id, ())
        texts += [implication_title(corpus.implications[i]) for i in corpus.implications_of.get(theme_id, ())]
    tallest = max(len(lines) * round(size * 1.2) for lines, size in map(_label, texts))
    return max(BOX_H, tallest + 2 * PAD)


def stance_bar(counts: dict[str, int], label: str) -> str:
    """A horizontal bar of supporting / mentioning / contrasting counts, with the numbers as its title."""
    total = sum(counts.values())
    if not total:
        return ""
    summary = ", ".join(f"{n} {stance}" for stance, n in counts.items())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 12" width="200" height="12" class="fd-bar" '
        f'role="img" aria-label="{escape_html(label)}: {summary}"><title>{escape_html(label)}: {summary}</title>'
    ]
    x = 0.0
    for stance, n in counts.items():
        if n:
            width = 200 * n / total
            parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="12" fill="{STANCE_COLOURS[stance]}"/>')
            x += width
    parts.append("</svg>")
    return "".join(parts)
