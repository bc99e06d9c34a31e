"""Small, careful edits and checks on SPARQL text that the engine's API does not offer.

pyoxigraph gives no parse tree to Python, so three protocol features are done on tokens (strings,
IRIs and comments are recognised and skipped, so a keyword inside a literal never counts):

- which endpoints a query calls with ``SERVICE`` (a public endpoint must not call arbitrary hosts);
- ``using-graph-uri`` / ``using-named-graph-uri``: written into each operation as ``USING``
  clauses, and refused when the update names its own dataset (``USING`` or ``WITH``);
- the service's BASE IRI for relative IRIs in an update.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pvgraph.errors import Location, QueryError

_TOKEN = re.compile(
    r'''(?P<comment>\#[^\n]*)
    |(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$]\w+)
    |(?P<word>[A-Za-z_][\w-]*(?::[\w.%-]*)?|:[\w.%-]*)
    |(?P<open>\{)|(?P<close>\})
    |(?P<other>\S)''',
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # braces open before this token


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (comments dropped), with their brace depth."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        yield Token(kind, match.group(), match.start(), depth)
        if kind == "open":
            depth += 1


def prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a text."""
    found: dict[str, str] = {}
    items = list(tokens(text))
    for i, tok in enumerate(items[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX":
            name, iri = items[i + 1], items[i + 2]
            if name.kind == "word" and name.text.endswith(":") and iri.kind == "iri":
                found[name.text[:-1]] = iri.text[1:-1]
    return found


def service_targets(text: str) -> list[str | None]:
    """The endpoints a query calls with SERVICE (``None`` for a variable or an unknown prefix)."""
    items = list(tokens(text))
    declared = prefixes(text)
    targets: list[str | None] = []
    for i, tok in enumerate(items):
        if tok.kind != "word" or tok.text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(items) and items[j].kind == "word" and items[j].text.upper() == "SILENT":
            j += 1
        if j >= len(items):
            targets.append(None)
            continue
        target = items[j]
        if target.kind == "iri":
            targets.append(target.text[1:-1])
        elif target.kind == "word" and ":" in target.text:
            prefix, _, local = target.text.partition(":")
            targets.append(declared[prefix] + local if prefix in declared else None)
        else:
            targets.append(None)
    return targets


def check_services(text: str, allowlist: Sequence[str]) -> None:
    """Refuse a query that calls an endpoint outside the allow-list (400)."""
    allowed = {a.rstrip("/") for a in allowlist}
    for target in service_targets(text):
        if target is None or target.rstrip("/") not in allowed:
            shown = f"<{target}>" if target else "an endpoint named by a variable"
            raise QueryError(
                f"SERVICE {shown} is not allowed on this endpoint "
                "(SERVICE vers ce point d'accès refusé)",
                hint="this public endpoint only calls the endpoints in the setting service_allowlist"
                     + (f": {', '.join(sorted(allowed))}" if allowed else " (empty)"),
                detail={"service": target, "allowed": sorted(allowed)},
            )


def add_using(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Write protocol ``using-graph-uri``/``using-named-graph-uri`` as USING clauses.

    SPARQL 1.1 Protocol 2.2.3: the parameters act as USING / USING NAMED on every operation with a
    WHERE clause; a request that both gives them and has its own USING or WITH is an error.
    """
    if not using and not using_named:
        return text
    items = list(tokens(text))
    for tok in items:
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() in ("USING", "WITH"):
            raise QueryError(
                f"the update has its own {tok.text.upper()} clause and the request also gives "
                "using-graph-uri/using-named-graph-uri",
                hint="give the dataset either in the update or in the request parameters, not both",
                location=_location(text, tok.start),
            )
    clause = "".join(f"USING <{g}> " for g in using) + "".join(f"USING NAMED <{g}> " for g in using_named)
    out, last = [], 0
    for i, tok in enumerate(items):
        if tok.kind != "word" or tok.depth != 0 or tok.text.upper() != "WHERE":
            continue
        before = items[i - 1] if i else None
        if before is not None and before.kind == "word" and before.text.upper() == "DELETE":
            continue  # DELETE WHERE { … } takes no USING
        out.append(text[last:tok.start])
        out.append(clause)
        last = tok.start
    out.append(text[last:])
    return "".join(out)


def with_base(text: str, base: str) -> tuple[str, int]:
    """The text with a leading ``BASE <base>`` (an own BASE later in the text still wins).

    Returns the text and the number of characters added on line 1 (to correct error columns).
    """
    prefix = f"BASE <{base}> "
    return prefix + text, len(prefix)


def _location(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location("update", line, column)
