"""The catalogue of named questions, read from ``ontology/queries/*.rq``.

Each file starts with ``# key: value`` header lines (id, fr, en, param). A parameter's default is
the single value of the ``VALUES ?name { … }`` block in the body, so every file runs as it is in
any SPARQL tool; a value given by a user is checked against the parameter's type and written as
an RDF term, never pasted as raw text.

Paging: a question that enumerates the whole country (every action of every project) is read a
page at a time. pvgraph writes ``LIMIT``/``OFFSET`` after the query's own solution modifiers
(:func:`pvgraph.sparql_text.page_query`), so the file itself stays a complete, runnable query; a file that sets its own
``LIMIT`` or ``OFFSET`` is left as it is and is not paged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pvgraph.errors import NotFoundError, QueryError, UserError, error
from pvgraph.namespaces import PREFIXES
from pvgraph.sparql_text import page_query, query_form, sets_own_limit

PARAM_TYPES = ("integer", "year", "iri", "string")
DEFAULT_PAGE_SIZE = 1000  # rows per page when the caller names none (HTTP API and CLI)
_HEADER = re.compile(r"#\s*([\w-]+)\s*:\s*(.*)")
_PARAM = re.compile(r"(\w+)\s+(\w+)\s*(?:[—–-]+\s*(.*))?")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str  # as written in the query's VALUES block
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One competency question."""

    id: str
    path: Path
    text: str
    question_fr: str
    question_en: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def sparql(self, values: dict[str, str] | None = None, *, limit: int | None = None, offset: int = 0) -> str:
        """The query text with the given parameter values in place of the defaults, and, when
        ``limit`` is given, cut to the page of ``limit`` rows after the first ``offset``."""
        text = self._with_values(values)
        if limit is None and not offset:
            return text
        if not self.pageable:
            raise error(QueryError, "question.not-pageable", id=self.id)
        return page_query(text, limit, offset)

    @property
    def pageable(self) -> bool:
        """Whether pvgraph may add LIMIT/OFFSET: a SELECT, CONSTRUCT or DESCRIBE without its own."""
        return query_form(self.text) in ("select", "construct", "describe") and not sets_own_limit(self.text)

    def _with_values(self, values: dict[str, str] | None) -> str:
        values = dict(values or {})
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise (error(QueryError, "question.unknown-param", id=self.id, names=", ".join(unknown), known=", ".join(known)) if known else error(QueryError, "question.no-params", id=self.id, names=", ".join(unknown)))
        text = self.text
        for name, raw in values.items():
            term = to_sparql_term(known[name], raw)
            text = _values_block(name).sub(_replacement(term), text, count=1)
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "question": {"fr": self.question_fr, "en": self.question_en},
            "parameters": [
                {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                for p in self.parameters
            ],
            "sparql": self.text,
            "pageable": self.pageable,
        }


def load_queries(directory: Path) -> dict[str, NamedQuery]:
    """Every named question of a directory, by id, in file-name order."""
    if not directory.is_dir():
        raise error(NotFoundError, "question.no-directory", directory=directory)
    catalogue: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        query = parse_query_file(path)
        if query.id in catalogue:
            raise error(UserError, "question.duplicate-id", id=query.id, first=catalogue[query.id].path.name, second=path.name)
        catalogue[query.id] = query
    return catalogue


def get_query(directory: Path, name: str) -> NamedQuery:
    """One named question; a clear error with the list when the name is unknown."""
    catalogue = load_queries(directory)
    if name in catalogue:
        return catalogue[name]
    raise error(NotFoundError, "question.unknown", name=name, names=", ".join(catalogue))


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file and its header."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise error(UserError, "question.bad-param-line", file=path.name, line=line, types=", ".join(PARAM_TYPES))
            params.append((pm.group(1), pm.group(2), (pm.group(3) or "").strip()))
        else:
            header[key] = value
    missing = [k for k in ("id", "fr", "en") if k not in header]
    if missing:
        raise error(UserError, "question.header-lacks", file=path.name, missing=", ".join(missing))
    parameters = []
    for name, type_, description in params:
        blocks = _values_block(name).findall(text)
        if len(blocks) != 1:
            raise error(UserError, "question.values-block", file=path.name, name=name)
        parameters.append(Parameter(name, type_, blocks[0][1].strip(), description))
    return NamedQuery(
        id=header["id"], path=path, text=text, question_fr=header["fr"], question_en=header["en"],
        parameters=tuple(parameters),
    )


def to_sparql_term(param: Parameter, raw: str) -> str:
    """A user's value as a safe SPARQL term of the parameter's type."""
    value = raw.strip()
    if param.type in ("integer", "year"):
        pattern = r"-?\d{1,18}" if param.type == "integer" else r"\d{4}"
        if not re.fullmatch(pattern, value):
            raise (error(QueryError, "question.integer", name=param.name, raw=raw, default=param.default) if param.type == "integer" else error(QueryError, "question.year", name=param.name, raw=raw, default=param.default))
        return value
    if param.type == "iri":
        iri = _expand(value)
        if not re.fullmatch(r"[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]+", iri):
            raise error(QueryError, "question.iri", name=param.name, raw=raw, default=param.default)
        return f"<{iri}>"
    return json.dumps(value, ensure_ascii=False)  # a valid SPARQL string literal


def _expand(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def _replacement(term: str) -> Callable[[re.Match[str]], str]:
    """The VALUES block's default value replaced by ``term``."""
    return lambda m: f"{m.group(1)}{term}{m.group(3)}"


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{\s*)([^}]*?)(\s*\})", re.I)


# -- paging ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """Which rows of an answer to return: ``limit`` rows (None: all) after the first ``offset``."""

    limit: int | None = DEFAULT_PAGE_SIZE
    offset: int = 0


def read_page(question: NamedQuery, limit: str | int | None, offset: str | int | None, *,
              max_limit: int | None = None) -> Page:
    """The page a caller asks for (strings from a URL or numbers from the CLI), checked.

    No limit given means :data:`DEFAULT_PAGE_SIZE` rows; a question that cannot be paged (its own
    LIMIT, or an ASK) is answered whole, and refuses an explicit limit or offset."""
    if not question.pageable:
        if limit is not None or offset is not None:
            raise error(QueryError, "question.not-pageable", id=question.id)
        return Page(None, 0)
    size = _count("limit", limit, DEFAULT_PAGE_SIZE if max_limit is None else min(DEFAULT_PAGE_SIZE, max_limit))
    start = _count("offset", offset, 0)
    if size < 1 or (max_limit is not None and size > max_limit):
        if max_limit is None:
            raise error(QueryError, "question.limit-positive", size=size)
        raise error(QueryError, "question.limit-range", size=size, top=max_limit)
    return Page(size, start)


def _count(name: str, raw: str | int | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    if isinstance(raw, int):
        value = raw
    elif re.fullmatch(r"-?\d{1,12}", raw.strip()):
        value = int(raw)
    else:
        raise error(QueryError, "question.not-a-number", name=name, raw=raw)
    if value < 0:
        raise error(QueryError, "question.negative", name=name)
    return value
