"""SPARQL as text: the one tokenizer, and what pvgraph reads or writes with it.

pyoxigraph gives no parse tree to Python, so everything pvgraph needs to know or change in a
SPARQL text is done here, on tokens (strings, IRIs and comments are recognised and skipped, so a
keyword or a brace inside a literal never counts):

- the form of a query (:func:`query_form`: select, ask, construct, describe or update);
- which endpoints a query calls with ``SERVICE`` (a public endpoint must not call arbitrary hosts);
- ``using-graph-uri`` / ``using-named-graph-uri`` written into each operation as ``USING``
  clauses, refused when the update names its own dataset (``USING`` or ``WITH``);
- the service's BASE IRI for relative IRIs;
- paging: ``LIMIT``/``OFFSET`` added after a query's solution modifiers (:func:`page_query`);
- whether a query's answer can be reused while the data is unchanged (:func:`is_repeatable`);
- the updates that add triples to a graph (:func:`insert_requests`): ``INSERT DATA``, and
  ``INSERT {…} WHERE {}`` for triples with blank nodes, in requests of a store's chunk size.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from pvgraph.errors import Location, QueryError, error

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


_T = TypeVar("_T")
_MEMO_CHARS = 16_384  # longer texts are read again each time (a cache must not hold megabytes)


def _memo(function: Callable[[str], _T], *, entries: int = 1024) -> Callable[[str], _T]:
    """Remember ``function``'s answer for the last ``entries`` texts it read.

    Why: the endpoint reads each query's form, its SERVICE calls and whether it is repeatable,
    every time it is asked, and a tokenised read costs more than answering ``ASK {}`` from the
    answer cache. Only for pure functions of the text returning immutable values; an exception is
    never remembered (it is raised again next time).
    """
    remembered = functools.lru_cache(maxsize=entries)(function)

    @functools.wraps(function)
    def read(text: str) -> _T:
        return remembered(text) if len(text) <= _MEMO_CHARS else function(text)

    return read


class Token(NamedTuple):
    """One significant token. A named tuple, not a dataclass: a 2 kB question has about 90 of
    them, and a frozen dataclass took 1 µs to make each (``bench route-cost``)."""

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


def _all_tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokens(text))


# All the tokens of a text, kept for the last few texts: the endpoint reads one query's form,
# SERVICE calls, prefixes and repeatability one after the other, and a text read once costs the
# tokenizer once. Few entries: a long text's tokens weigh far more than the text.
_token_list = _memo(_all_tokens, entries=16)


def prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a text."""
    found: dict[str, str] = {}
    items = _token_list(text)
    for i, tok in enumerate(items[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX":
            name, iri = items[i + 1], items[i + 2]
            if name.kind == "word" and name.text.endswith(":") and iri.kind == "iri":
                found[name.text[:-1]] = iri.text[1:-1]
    return found


# Functions whose value changes from one evaluation to the next (SPARQL 1.1 §17.4: NOW is the time
# of the query, RAND/UUID/STRUUID/BNODE() are fresh each time), and SERVICE, whose data lies
# outside the store version: an answer using one of them is a function of more than the data.
_VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE", "SERVICE"})


@_memo
def is_repeatable(text: str) -> bool:
    """Whether the same text asked of the same data always gives the same answer, so that an
    answer cached under the store's version may be served again."""
    if not _may_hold(text, _VOLATILE):
        return True
    return not any(tok.kind == "word" and tok.text.upper() in _VOLATILE for tok in _token_list(text))


def _may_hold(text: str, words: Iterable[str]) -> bool:
    """Whether a token of ``text`` may be one of ``words`` (in upper case), without tokenizing it.

    Why: most queries call no SERVICE and no NOW() or RAND(), and a text read the first time
    costs the tokenizer about 90 µs per 2 kB (``bench route-cost``). A token is a piece of the
    text, and Python's upper case is made letter by letter, so a token's upper case is a piece of
    the text's: a word that is no piece of it is no token. (True only says "maybe": a word in a
    comment, a string or a longer name, ``know`` for ``NOW``, is found too.)
    """
    upper = text.upper()
    return any(word in upper for word in words)


def service_targets(text: str) -> list[str | None]:
    """The endpoints a query calls with SERVICE (``None`` for a variable or an unknown prefix)."""
    return list(_service_targets(text))


@_memo
def _service_targets(text: str) -> tuple[str | None, ...]:
    if not _may_hold(text, ("SERVICE",)):
        return ()
    items = _token_list(text)
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
    return tuple(targets)


def check_services(text: str, allowlist: Sequence[str]) -> None:
    """Refuse a query that calls an endpoint outside the allow-list (400)."""
    allowed = {a.rstrip("/") for a in allowlist}
    for target in service_targets(text):
        if target is None or target.rstrip("/") not in allowed:
            extra = {"service": target, "allowed": sorted(allowed)}
            if target is None:
                raise error(QueryError, "sparql.service-variable", extra=extra)
            if not allowed:
                raise error(QueryError, "sparql.service-none", service=target, extra=extra)
            raise error(QueryError, "sparql.service-refused", service=target,
                        allowed=", ".join(sorted(allowed)), extra=extra)


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
            raise error(QueryError, "sparql.using-conflict", clause=tok.text.upper(), location=_location(text, tok.start))
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


# -- the form of a text ------------------------------------------------------------------------

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@_memo
def query_form(text: str) -> str:
    """'select', 'ask', 'construct', 'describe' or 'update', read from the first keyword after
    the prologue (PREFIX and BASE declarations). Reads the tokens up to that keyword only."""
    items = tokens(text)
    first = ""
    for tok in items:
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "PREFIX":  # PREFIX name: <iri>
            next(items, None)
            next(items, None)
        elif word == "BASE":  # BASE <iri>
            next(items, None)
        else:
            first = word
            break
    if first in _QUERY_FORMS:
        return first.lower()
    if first in _UPDATE_WORDS:
        return "update"
    raise error(QueryError, "sparql.not-a-query")


# -- paging ------------------------------------------------------------------------------------


def page_query(text: str, limit: int | None, offset: int = 0) -> str:
    """``text`` with ``LIMIT limit`` (when given) and ``OFFSET offset`` (when positive) added
    after its solution modifiers: at the end, or before a trailing ``VALUES`` block, where the
    grammar puts them. Refuses a query that sets its own (pages of a page would be ambiguous)."""
    if (limit is not None and limit < 0) or offset < 0:
        raise error(QueryError, "sparql.negative-page")
    insert, own = _modifiers(text)
    if own:
        raise error(QueryError, "sparql.own-limit")
    clause = " ".join(([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else []))
    if not clause:
        return text
    if insert == len(text):
        return text + ("" if text.endswith("\n") else "\n") + clause + "\n"
    return text[:insert] + clause + "\n" + text[insert:]


def sets_own_limit(text: str) -> bool:
    """Whether the query's top level has a LIMIT or an OFFSET (comments and strings ignored)."""
    return _modifiers(text)[1]


@_memo
def top_limit(text: str) -> int | None:
    """The number in the query's top-level ``LIMIT``, None when it has none.

    Why: an answer that cannot be longer than the server's row cap needs no cutting, so it can
    be written by the engine itself (see :func:`pvgraph.query_worker.execute`)."""
    items = _token_list(text)
    start, end = _modifier_region(items)
    for tok in items[start:end]:
        if tok.kind == "word" and tok.text.upper() == "LIMIT":
            number = _NUMBER.match(text, tok.start + len(tok.text))
            return int(number.group(1)) if number else None
    return None


_NUMBER = re.compile(r"\s*(\d+)")


def _modifiers(text: str) -> tuple[int, bool]:
    """(where LIMIT/OFFSET go, whether the query already has one). The solution modifiers follow
    the last top-level ``{ … }`` group, unless that group is a trailing ``VALUES`` block: then they
    sit between the group before it and the ``VALUES`` keyword."""
    items = _token_list(text)
    insert, region = _placement(text, items)
    own = any(t.kind == "word" and t.text.upper() in ("LIMIT", "OFFSET") for t in items[region[0]:region[1]])
    return insert, own


def _modifier_region(items: Sequence[Token]) -> tuple[int, int]:
    """The token indices where the top-level solution modifiers are."""
    return _placement("", items)[1]


def _placement(text: str, items: Sequence[Token]) -> tuple[int, tuple[int, int]]:
    """(the offset in ``text`` where modifiers are written, the token region where they are)."""
    groups: list[tuple[int, int]] = []  # token indices of top-level { and its }
    start = 0
    for index, tok in enumerate(items):
        if tok.kind == "open" and tok.depth == 0:
            start = index
        elif tok.kind == "close" and tok.depth == 0:
            groups.append((start, index))
    insert, region = len(text), (groups[-1][1] + 1 if groups else 0, len(items))
    if len(groups) >= 2:
        gap = items[groups[-2][1] + 1:groups[-1][0]]
        keyword = next((i for i in range(len(gap) - 1, -1, -1)
                        if gap[i].kind == "word" and gap[i].text.upper() == "VALUES"), None)
        if keyword is not None and gap[keyword + 1:] and all(
                t.kind == "var" or t.text in "()" for t in gap[keyword + 1:]):
            insert = gap[keyword].start
            region = (groups[-2][1] + 1, groups[-2][1] + 1 + keyword)
    return insert, region


# -- adding triples --------------------------------------------------------------------------------

TripleLike = ox.Quad | ox.Triple


def insert_requests(graph: str | None, quads: Sequence[TripleLike], chunk_size: int | None) -> list[str]:
    """The SPARQL Update texts that add ``quads`` to ``graph`` (None: the default graph).

    Plain triples go in ``INSERT DATA``; triples with blank nodes in ``INSERT { … } WHERE {}``,
    whose blank nodes are fresh for each request and shared within it (SPARQL 1.1 Update, 3.1.3).
    Blank nodes in ``INSERT DATA`` are allowed by SPARQL 1.1 but refused by Virtuoso 7 (SP031),
    and the template form means the same on every store. ``chunk_size``: about that many triples
    per request, triples that share a blank node kept together (a blank node split across two
    requests would become two nodes); None: one request for them all.
    """
    size = chunk_size or max(1, len(quads))
    return [
        _insert(graph, chunk, template=any(_has_blank(q) for q in chunk))
        for chunk in chunks(list(quads), size)
    ]


def chunks(quads: list[TripleLike], chunk_size: int) -> list[list[TripleLike]]:
    """Split triples into requests of about ``chunk_size``; triples sharing blank nodes stay together."""
    plain = [q for q in quads if not _has_blank(q)]
    out = [plain[i:i + chunk_size] for i in range(0, len(plain), chunk_size)]
    chunk: list[TripleLike] = []
    for component in _blank_components([q for q in quads if _has_blank(q)]):
        if chunk and len(chunk) + len(component) > chunk_size:
            out.append(chunk)
            chunk = []
        chunk.extend(component)
    if chunk:
        out.append(chunk)
    return out


def ntriples(quads: Iterable[TripleLike]) -> bytes:
    """Triples as N-Triples bytes (also valid Turtle, which every Graph Store accepts)."""
    return "".join(_line(q) + "\n" for q in quads).encode("utf-8")


def _insert(graph: str | None, quads: list[TripleLike], *, template: bool) -> str:
    body = "\n".join(_line(q) for q in quads)
    block = f"{{\n{body}\n}}" if graph is None else f"{{ GRAPH <{graph}> {{\n{body}\n}} }}"
    return f"INSERT {block} WHERE {{}}" if template else f"INSERT DATA {block}"


def _line(quad: TripleLike) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def _has_blank(quad: TripleLike) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _blank_components(quads: list[TripleLike]) -> list[list[TripleLike]]:
    """Group triples so that all triples sharing a blank node (transitively) are together."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for quad in quads:
        ids = [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
        for other in ids[1:]:
            parent[find(ids[0])] = find(other)
    groups: dict[str, list[TripleLike]] = {}
    for quad in quads:
        node = quad.subject if isinstance(quad.subject, ox.BlankNode) else quad.object
        assert isinstance(node, ox.BlankNode)  # only triples with a blank node come here
        groups.setdefault(find(node.value), []).append(quad)
    return list(groups.values())
