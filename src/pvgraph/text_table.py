"""A SELECT answer as a table a person can read in a terminal.

Why: the first answer a researcher meets is ``pvgraph query political-value-epci-led`` in a
terminal. Full IRIs made its lines 400 characters long and wrapped them into noise. Here IRIs are
compacted with the graph's prefixes (the vocabularies', and the short names of pvgraph's own
things: ``ex:``, ``study:``, ``project:``…), label columns come first, and the table fits the
terminal: cells too long for their column end with an ellipsis, and columns that cannot fit at all
are named under the table. Machine formats (``--format json|csv|tsv|xml``) are not touched.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from pvgraph.namespaces import ID, PREFIXES

# The short names pvgraph's data files give its own things (data/study, data/examples…), most
# specific first; `pvid:` covers the rest of the id space.
THING_PREFIXES: dict[str, str] = {
    "ex": f"{ID}example/",
    "study": f"{ID}study/",
    "project": f"{ID}project/",
    "case": f"{ID}case/",
    "src": f"{ID}source/",
    "territory": f"{ID}territory/",
    "organisation": f"{ID}organisation/",
}
DISPLAY_PREFIXES: dict[str, str] = {**PREFIXES, **THING_PREFIXES}

SEPARATOR = "  "
ELLIPSIS = "…"
MIN_WIDTH = 16  # a column cut narrower than this says too little to be worth showing
_LOCAL = re.compile(r"[\w.\-/]*")  # a readable local name (slashes allowed: pvgraph's things)
_PREFIX_LINE = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.I)
_SPACE = re.compile(r"\s+")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | None


def query_prefixes(text: str) -> dict[str, str]:
    """The prefixes a query declares (``PREFIX ex: <…>``), to compact its answer the same way."""
    return {name: iri for name, iri in _PREFIX_LINE.findall(text)}


class Compactor:
    """Turns terms into short cell text and remembers which prefixes it used (for the legend)."""

    def __init__(self, prefixes: Mapping[str, str] | None = None) -> None:
        merged = {**DISPLAY_PREFIXES, **(prefixes or {})}
        # longest namespace first, so that ex: wins over pvid: for …/id/example/…
        self._prefixes = sorted(((p, ns) for p, ns in merged.items() if ns), key=lambda item: -len(item[1]))
        self.used: dict[str, str] = {}

    def cell(self, term: Term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return _SPACE.sub(" ", term.value).strip()  # one line; the language tag is noise in a table

    def iri(self, value: str) -> str:
        for prefix, namespace in self._prefixes:
            if value.startswith(namespace) and _LOCAL.fullmatch(local := value[len(namespace):]):
                self.used[prefix] = namespace
                return f"{prefix}:{local}"
        return f"<{value}>"


def is_label_column(name: str, cells: Sequence[Term]) -> bool:
    """A column of names: named …Label/…Name and holding literals only."""
    named = name.lower().endswith("label") or name.endswith("Name")
    return named and all(t is None or isinstance(t, ox.Literal) for t in cells)


def column_order(variables: Sequence[str], rows: Sequence[Sequence[Term]]) -> list[int]:
    """Labels first; then the other columns; last the IRIs a label column already names (``?action``
    after ``?actionLabel``), the first to be left out when the terminal is narrow."""
    columns = range(len(variables))
    labels = [i for i in columns if is_label_column(variables[i], [row[i] for row in rows])]
    label_names = {variables[i] for i in labels}
    named = [i for i in columns if i not in labels
             and {variables[i] + "Label", variables[i] + "Name"} & label_names]
    return labels + [i for i in columns if i not in labels and i not in named] + named


def fit_widths(natural: Sequence[int], width: int | None) -> tuple[list[int], int]:
    """Column widths that fit ``width`` characters, and how many columns (from the left) are shown.

    Each column gets its natural width when all fit; otherwise the widest are narrowed to one cap
    (no column below its natural width or MIN_WIDTH, whichever is smaller), and when even that
    does not fit the rightmost columns are left out."""
    widths = list(natural)
    if width is None or not widths:
        return widths, len(widths)
    floors = [min(n, MIN_WIDTH, width) for n in natural]
    shown = len(widths)
    while shown > 1 and sum(floors[:shown]) + len(SEPARATOR) * (shown - 1) > width:
        shown -= 1
    room = max(width - len(SEPARATOR) * (shown - 1), 1)
    natural, floors = list(natural[:shown]), floors[:shown]
    if sum(natural) <= room:
        return natural, shown
    low, high = 0, max(natural)  # the largest cap whose widths fit
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floors, strict=True)]
    slack = room - sum(widths)
    for i, n in enumerate(natural):  # what the cap left over, to the leftmost narrowed columns
        if slack <= 0:
            break
        extra = min(n - widths[i], slack)
        widths[i] += extra
        slack -= extra
    return widths, shown


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, an ellipsis marking a cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""


def render(variables: Sequence[str], rows: Sequence[Sequence[Term]], *, width: int | None = None,
           prefixes: Mapping[str, str] | None = None, truncated: bool = False) -> str:
    """The table: labels first (:func:`column_order`), IRIs compacted, every line of it at most
    ``width`` characters (None: no limit); then the row count, the columns left out and the
    prefixes used, wrapped at spaces (a word longer than ``width`` stays whole)."""
    compactor = Compactor(prefixes)
    order = column_order(variables, rows)
    header = [variables[i] for i in order]
    cells = [[compactor.cell(row[i]) for i in order] for row in rows]
    natural = [max([len(h)] + [len(r[c]) for r in cells]) for c, h in enumerate(header)]
    widths, shown = fit_widths(natural, width)
    lines = [SEPARATOR.join(clip(h, w).ljust(w) for h, w in zip(header, widths, strict=False)).rstrip(),
             SEPARATOR.join("-" * w for w in widths)]
    lines += [SEPARATOR.join(clip(c, w).ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in cells]
    count = len(rows)
    notes = [f"({count} row{'s' if count != 1 else ''}{', cut at the row limit' if truncated else ''})"]
    if shown < len(header):
        notes.append(f"(not shown, the terminal being {width} characters wide: {', '.join(header[shown:])}; "
                     "--width 0 or --format csv gives every column in full)")
    elif any(w < n for w, n in zip(widths, natural, strict=True)):
        notes.append("(cells cut to fit the terminal end with …; --width 0 or --format csv gives them in full)")
    legend = Compactor(prefixes)  # the prefixes of the columns shown only
    for row in rows:
        for i in order[:shown]:
            legend.cell(row[i])
    used = sorted(legend.used.items())
    if used:
        notes.append("prefixes: " + ", ".join(f"{p}: <{ns}>" for p, ns in used))
    if width:  # notes are prose: wrapped at spaces, never cut
        notes = [line for note in notes for line in textwrap.wrap(note, width, subsequent_indent="  ",
                                                                   break_long_words=False)]
    return "\n".join(lines + notes)
