"""The one bilingual catalogue (pvgraph.messages) and the one language rule (pvgraph.languages).

Every entry has both texts, with the same placeholders; every key the code names is in the
catalogue and every entry is used, so that neither a missing text nor a dead one can creep in;
errors built from it keep one type, one place, one JSON shape, only the words change.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pvgraph import messages
from pvgraph.errors import (
    InputError,
    Location,
    PayloadTooLargeError,
    RdfSyntaxError,
    UserError,
    error,
)
from pvgraph.languages import DEFAULT_LANGUAGE, LANGUAGES, resolve
from pvgraph.loading import document_from_bytes, parse_document

SRC = Path(messages.__file__).parent
CATALOGUE = Path(messages.__file__)
# The SHACL Core constraint components (SHACL § 4), whose default messages the catalogue may hold
# although no code names them: pySHACL's report does.
SHACL_CORE = {
    f"{name}ConstraintComponent" for name in (
        "Class", "Datatype", "NodeKind", "MinCount", "MaxCount", "MinExclusive", "MinInclusive",
        "MaxExclusive", "MaxInclusive", "MinLength", "MaxLength", "Pattern", "LanguageIn", "UniqueLang",
        "Equals", "Disjoint", "LessThan", "LessThanOrEquals", "Not", "And", "Or", "Xone", "Node",
        "QualifiedMinCount", "QualifiedMaxCount", "Closed", "HasValue", "In", "SPARQL",
    )
}


def _source_strings() -> set[str]:
    """Every string constant of the package's code outside the catalogue (f-string parts too),
    and every key the templates ask for with ``say('…')``."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path == CATALOGUE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    for path in (SRC / "templates").glob("*.html"):
        found |= set(re.findall(r"""\bsay\(\s*['"]([^'"]+)['"]""", path.read_text(encoding="utf-8")))
    return found


def _harvest_codes() -> set[str]:
    """The codes of the harvest check's findings: ``report.add("error" | "warning", "code", …)``."""
    tree = ast.parse((SRC / "publish" / "harvest.py").read_text(encoding="utf-8"))
    return {
        node.args[1].value for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"
        and len(node.args) >= 2 and all(isinstance(a, ast.Constant) for a in node.args[:2])
        and node.args[0].value in ("error", "warning")
    }


STRINGS = _source_strings()
KEY = re.compile(r"[a-z]+(?:\.[\w-]+)+")


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_every_entry_has_both_texts_with_the_same_placeholders(key: str) -> None:
    entry = messages.MESSAGES[key]
    assert entry.fr.strip() and entry.en.strip()
    different = messages.placeholders(entry.fr) ^ messages.placeholders(entry.en)
    assert different <= messages.PARSER_PLACEHOLDERS, (key, different)
    assert KEY.fullmatch(key), key


@pytest.mark.parametrize("key", sorted(k for k in messages.MESSAGES if not k.endswith(".hint")))
def test_every_entry_is_used_by_the_code(key: str) -> None:
    """A message no code names is dead: remove it (or the code lost a text it should show)."""
    family = next((f for f in messages.LOOKED_UP_BY_NAME if key.startswith(f)), None)
    if key in STRINGS:
        return
    assert family is not None, f"{key} is in the catalogue but no code names it"
    assert any(family in s for s in STRINGS), family  # the code looks the family up
    name = key[len(family):]
    if family == "harvest.":  # codes are given to report.add(), some through a loop
        harvest = ast.parse((SRC / "publish" / "harvest.py").read_text(encoding="utf-8"))
        codes = {n.value for n in ast.walk(harvest) if isinstance(n, ast.Constant)}
        assert name in codes, f"{key}: the harvest check reports no finding {name!r}"
    else:
        assert name in SHACL_CORE or any(s.endswith(name) for s in STRINGS), \
            f"{key}: no SHACL Core component and no component of pvgraph's is called {name}"


def test_every_error_has_a_hint_and_every_hint_an_error() -> None:
    keys = set(messages.MESSAGES)
    hints = {k.removesuffix(".hint") for k in keys if k.endswith(".hint")}
    assert hints <= keys
    error_areas = {k.split(".")[0] for k in hints}  # an area of errors holds errors only
    assert {k for k in keys if k.split(".")[0] in error_areas and not k.endswith(".hint")} == hints


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    """A key is a dotted string of an area the catalogue has (``input.…``, ``report.…``): each
    such string in the code must be an entry (a typo would otherwise raise KeyError at the worst
    moment: while telling a steward what is wrong)."""
    areas = {k.split(".")[0] for k in messages.MESSAGES}
    named = {s for s in STRINGS if KEY.fullmatch(s) and s.split(".")[0] in areas}
    families = tuple(messages.LOOKED_UP_BY_NAME)
    missing = sorted(s for s in named if s not in messages.MESSAGES and s not in families)
    assert not missing
    assert len(named) > 100  # the scan does see the code's keys
    codes = _harvest_codes()
    assert len(codes) > 20 and not sorted(c for c in codes if f"harvest.{c}" not in messages.MESSAGES)


def test_the_catalogue_is_a_leaf() -> None:
    """It imports the language rule and the standard library only, so every module may use it."""
    tree = ast.parse(CATALOGUE.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "string", "typing", "pvgraph.languages"}


@pytest.mark.parametrize(("asked", "answered"), [
    ("fr", "fr"), ("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_US", "en"), ("fr-CA", "fr"),
    ("de", "fr"), ("", "fr"), (None, "fr"), ("english", "fr"),
])
def test_the_one_language_rule(asked: str | None, answered: str) -> None:
    assert resolve(asked) == answered
    assert DEFAULT_LANGUAGE == "fr" and set(LANGUAGES) == {"fr", "en"}


def test_every_text_falls_back_the_same_way() -> None:
    """One rule: the asked language, else French — report words, constraint messages,
    spreadsheet findings, place words and errors alike."""
    for key in ("report.conforms", "constraint.MinCountConstraintComponent", "sheet.required", "page.not-found.title"):
        assert messages.template(key, "de") == messages.template(key, "fr") != messages.template(key, "en")
        assert messages.template(key, "en-GB") == messages.template(key, "en")
    assert messages.text("notice.imports-not-followed", "de", iris="x") == \
        messages.text("notice.imports-not-followed", "fr", iris="x")
    assert Location("f", 3, 7).describe("de") == Location("f", 3, 7).describe("fr") == "f, ligne 3, colonne 7"
    assert error(InputError, "input.empty").in_language("de").message == "le document est vide"
    assert error(InputError, "input.empty").in_language("en-GB").message == "the document is empty"


def test_a_missing_key_is_a_bug_not_a_text() -> None:
    with pytest.raises(KeyError):
        messages.text("report.no-such-word", "fr")


@pytest.mark.parametrize("key", sorted(k for k in messages.MESSAGES if k.endswith(".hint")))
def test_french_typography_of_errors(key: str) -> None:
    """A space before the two-part punctuation marks of the French text itself."""
    fr = messages.MESSAGES[key].fr + " " + messages.MESSAGES[key.removesuffix(".hint")].fr
    without_placeholders = re.sub(r"\{\w+(![rs])?\}|`[^`]*`|\S+://\S+", "", fr)
    assert not re.search(r"\S[:;?!]( |$)", without_placeholders), fr


def test_in_language_keeps_type_place_code_and_shape() -> None:
    told = error(RdfSyntaxError, "input.syntax-error", format="turtle", detail="Parser error at line 3 column 7: x",
                 reason="x", location=Location("a.ttl", 3, 7))
    french = told.in_language("fr")
    assert type(french) is RdfSyntaxError and french.code == told.code == "syntax-error"
    assert french.http_status == told.http_status and french.exit_code == told.exit_code
    assert french.location == told.location
    assert set(french.to_dict()) == set(told.to_dict()) == {"error", "message", "hint", "location"}
    assert told.message == "turtle syntax error: Parser error at line 3 column 7: x"  # English unless told
    assert french.message == "erreur de syntaxe turtle (l'analyseur dit : « x »)"
    assert str(french).startswith("a.ttl, ligne 3, colonne 7 : erreur de syntaxe")
    assert str(told).startswith("a.ttl, line 3, column 7: turtle syntax error")
    assert french.in_language("en").to_dict() == told.to_dict()


def test_an_error_without_texts_is_told_as_it_is() -> None:
    plain = InputError("something odd", hint="do this")
    assert plain.in_language("fr") is plain


def test_loading_errors_carry_their_french_twin() -> None:
    with pytest.raises(PayloadTooLargeError) as info:
        document_from_bytes(b"x" * 200, name="big.ttl", max_bytes=100)
    assert info.value.in_language("fr").message == "le document dépasse la taille maximale (200 octets pour un maximum de 100)"
    document = document_from_bytes(b'{"@context": "http://127.0.0.1:9/ctx", "name": "x"}', name="x.jsonld")
    with pytest.raises(UserError) as remote:
        parse_document(document)
    assert remote.value.in_language("fr").message.startswith("le document JSON-LD utilise un @context distant")


def _is_words(node: ast.expr) -> bool:
    """A literal text with words in it (not a separator such as ``;``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.IfExp):
        return _is_words(node.body) or _is_words(node.orelse)
    return isinstance(node, ast.Tuple) and any(_is_words(e) for e in node.elts)


def test_no_bilingual_text_outside_the_catalogue() -> None:
    """No new little catalogue: neither a ``{"fr": "…", "en": "…"}`` table of words nor a
    ``"…" if lang == "fr" else "…"`` in the code (data labels chosen by language are not
    literals), and no ``tr('…', '…')`` in the templates (below)."""
    found = []
    for path in SRC.rglob("*.py"):
        if path == CATALOGUE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"fr", "en"} <= keys and any(_is_words(v) for v in node.values):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare) \
                    and (_is_words(node.body) or _is_words(node.orelse)):
                compared = [node.test.left, *node.test.comparators]
                if any(isinstance(c, ast.Constant) and c.value in LANGUAGES for c in compared):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found


def _user_error_classes() -> set[str]:
    """The names of ``UserError`` and of every subclass the package defines."""
    names = {"UserError"}
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in SRC.rglob("*.py")]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        getattr(b, "id", getattr(b, "attr", None)) in names for b in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def test_every_user_error_is_told_from_the_catalogue() -> None:
    """A user error's words come from the catalogue (``errors.error(cls, "key", …)``), so that it
    can be told in French and English; an error built from a literal English text is a bug's
    message (then it is not a ``UserError``) or a text the catalogue lacks."""
    classes = _user_error_classes()
    assert {"QueryError", "ProtocolError", "TokenError", "StoreError"} <= classes
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in classes \
                    and node.args and (_is_words(node.args[0]) or isinstance(node.args[0], ast.BinOp)):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found


# ``tr(`` with a quoted text among its arguments (the templates' ``tr`` picks a data label given in
# both languages, e.g. ``tr(q.question_fr, q.question_en)``; words of the page itself are ``say``'s).
INLINE_PAIR = re.compile(r"""\btr\(\s*['"]|\btr\([^()]*?,\s*['"]|\btr\([^()]*?['"]\s*~""", re.S)


def test_no_bilingual_text_in_the_templates() -> None:
    """A page's own words are entries of the catalogue, asked for by key (``say('page.…')``)."""
    templates = sorted((SRC / "templates").glob("*.html"))
    assert len(templates) > 10
    found = [f"{path.name}: {match.group(0)!r}" for path in templates
             for match in INLINE_PAIR.finditer(path.read_text(encoding="utf-8"))]
    assert not found
    assert INLINE_PAIR.search("{{ tr('Accueil', 'Home') }}") and INLINE_PAIR.search("{{ tr(x, 'Home') }}")
    assert INLINE_PAIR.search("{{ tr('a ' ~ n, 'b ' ~ n) }}") and not INLINE_PAIR.search("{{ tr(q.fr, q.en) }}")


def test_every_page_word_is_in_both_languages_and_differs_where_it_should() -> None:
    """The pages' words are many: a few checks that they were not left in one language."""
    pages = {k: v for k, v in messages.MESSAGES.items() if k.startswith("page.")}
    assert len(pages) > 150
    different = [k for k, v in pages.items() if v.fr != v.en]
    assert len(different) > 0.8 * len(pages)
