"""POST /validate and POST /submissions refuse an unreadable upload in the report's language.

The language is chosen as the report's is: ``lang`` (query parameter or form field), else
``Accept-Language``, else the setting (French). One error type per failure, one JSON shape; the
place (file, line, column) is the same in both languages, and the English text is the one pvgraph
always gave. The failures and their texts are those of the command line (tests/validation/bad_inputs.py).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.server.conftest import Live, live_server
from tests.validation.bad_inputs import BAD_INPUTS, TURTLE_HEAD, BadInput

pytestmark = pytest.mark.live

HTTP_CASES = sorted(name for name, case in BAD_INPUTS.items() if case.http)
STATUS = {"bad-input": 400, "syntax-error": 400, "unsupported-format": 415, "too-large": 413,
          "user-error": 400}

# How a client asks for a language: (query params, form fields, headers) → the language meant.
ASKING: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str], str]] = {
    "query fr": ({"lang": "fr"}, {}, {"Accept-Language": "en"}, "fr"),
    "query en": ({"lang": "en"}, {}, {"Accept-Language": "fr"}, "en"),
    "form field en": ({}, {"lang": "en"}, {}, "en"),
    "accept-language en": ({}, {}, {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}, "en"),
    "accept-language fr": ({}, {}, {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}, "fr"),
    "nothing asked": ({}, {}, {}, "fr"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("input-errors"), max_body_bytes=4000) as live:
        yield live


def _upload(live: Live, path: str, case: BadInput, asking: str, **extra: Any) -> httpx.Response:
    params, fields, headers, _ = ASKING[asking]
    # a browser's upload: the file's name, and a media type that says nothing
    files = {"file": (case.filename, case.content, "application/octet-stream")}
    return httpx.post(f"{live.url}{path}", params=params, data=fields, files=files,
                      headers={"Accept": "application/json", **headers, **extra}, timeout=60)


def _check(body: dict[str, Any], case: BadInput, lang: str) -> None:
    assert body["error"] == case.code
    if lang == "fr":
        assert body["message"] == case.fr
    else:
        assert case.english_matches(body["message"]), body["message"]
    assert body["hint"]
    expected = {"file": case.filename, **({"line": case.line} if case.line else {}),
                **({"column": case.column} if case.column else {})}
    assert body["location"] == expected
    assert set(body) == {"error", "message", "hint", "location"}  # the one JSON error shape


@pytest.mark.parametrize("asking", sorted(ASKING))
@pytest.mark.parametrize("name", HTTP_CASES)
def test_validate_refuses_an_unreadable_upload_in_the_asked_language(server: Live, name: str, asking: str) -> None:
    case = BAD_INPUTS[name]
    r = _upload(server, "/validate", case, asking)
    assert r.status_code == STATUS[case.code], r.text
    _check(r.json(), case, ASKING[asking][3])


@pytest.mark.parametrize("asking", ["query en", "accept-language fr"])
@pytest.mark.parametrize("name", HTTP_CASES)
def test_submissions_refuse_an_unreadable_upload_in_the_asked_language(server: Live, name: str, asking: str) -> None:
    case = BAD_INPUTS[name]
    r = _upload(server, "/submissions", case, asking, **server.auth())
    assert r.status_code == STATUS[case.code], r.text
    _check(r.json(), case, ASKING[asking][3])


def test_the_place_is_the_same_in_both_languages_and_only_the_words_change(server: Live) -> None:
    case = BAD_INPUTS["not utf-8"]
    fr = _upload(server, "/validate", case, "query fr").json()
    en = _upload(server, "/validate", case, "query en").json()
    assert fr["location"] == en["location"] == {"file": "latin1.ttl", "line": 3, "column": 39}
    assert fr["error"] == en["error"] == "bad-input"
    assert en["message"] == "the document is not UTF-8 (byte 0xe9 cannot be decoded)"
    assert en["hint"] == "save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)"
    assert fr["hint"] == "enregistrez le fichier en UTF-8 (par exemple avec `iconv -f latin1 -t utf-8`)"


def _raw(live: Live, body: bytes, ctype: str | None, lang: str | None, path: str = "/validate",
         **headers: str) -> httpx.Response:
    sent = {"Accept": "application/json", **headers}
    if ctype is not None:
        sent["Content-Type"] = ctype
    return httpx.post(f"{live.url}{path}", content=body, params={"lang": lang} if lang else {},
                      headers=sent, timeout=60)


@pytest.mark.parametrize(("body", "ctype", "status", "code", "en", "fr"), [
    (TURTLE_HEAD, "image/png", 415, "unsupported-format", "unknown RDF format 'image/png'",
     "format RDF inconnu : 'image/png'"),
    (b"hello world, this is prose", "application/octet-stream", 415, "unsupported-format",
     "cannot tell which RDF format this document is in", "impossible de reconnaître le format RDF de ce document"),
    (TURTLE_HEAD, None, 400, "bad-input", "the body has no Content-Type", "la requête n'a pas de Content-Type"),
    (gzip.compress(b"#" * 10_000), "text/turtle", 413, "too-large",
     "once decompressed, the document is larger than the limit (more than 4000 bytes)",
     "une fois décompressé, le document dépasse la taille maximale (plus de 4000 octets)"),
], ids=["unknown media type", "unrecognisable content", "no content type", "gzip bomb"])
def test_raw_body_errors_in_both_languages(server: Live, body: bytes, ctype: str | None, status: int, code: str,
                                           en: str, fr: str) -> None:
    for lang, text in (("en", en), ("fr", fr)):
        r = _raw(server, body, ctype, lang)
        assert r.status_code == status, r.text
        assert r.json()["error"] == code and r.json()["message"] == text


def test_a_body_over_the_limit_is_refused_in_the_asked_language(server: Live) -> None:
    big = TURTLE_HEAD * 100  # over max_body_bytes: refused from its Content-Length, unread
    en = _raw(server, big, "text/turtle", None, **{"Accept-Language": "en"})
    fr = _raw(server, big, "text/turtle", "fr")
    assert en.status_code == fr.status_code == 413
    assert en.json() == {"error": "too-large", "message": f"the request body is larger than the limit ({len(big)} > 4000 bytes)",
                         "hint": "send a smaller body, or ask the operator to raise max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"}
    assert fr.json()["message"] == f"le corps de la requête dépasse la taille maximale ({len(big)} octets pour un maximum de 4000)"
    # The SPARQL endpoint's 413 is told the same way: French unless English is asked for.
    sparql = httpx.post(f"{server.url}/sparql", content=b"#" * 5000,
                        headers={"Content-Type": "application/sparql-query"})
    assert sparql.status_code == 413 and sparql.json()["message"].startswith("le corps de la requête dépasse")
    sparql = httpx.post(f"{server.url}/sparql", content=b"#" * 5000,
                        headers={"Content-Type": "application/sparql-query", "Accept-Language": "en"})
    assert sparql.status_code == 413 and sparql.json()["message"].startswith("the request body is larger")


def test_a_form_without_a_file_is_refused_in_the_form_language(server: Live) -> None:
    for lang, text in (("en", "the form holds no file"), ("fr", "le formulaire ne contient aucun fichier")):
        r = httpx.post(f"{server.url}/validate", files={"lang": (None, lang)}, headers={"Accept": "application/json"})
        assert r.status_code == 400 and r.json()["message"] == text


def test_an_unknown_language_is_refused_in_the_language_the_header_chooses(server: Live) -> None:
    case = BAD_INPUTS["empty file"]
    files = {"file": (case.filename, TURTLE_HEAD, "application/octet-stream")}
    r = httpx.post(f"{server.url}/validate", params={"lang": "de"}, files=files,
                   headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.json()["message"] == "unsupported report language 'de'"
    r = httpx.post(f"{server.url}/validate", params={"lang": "de"}, files=files)
    assert r.json()["message"] == "langue de rapport non prise en charge : 'de'"


def test_the_report_and_its_errors_speak_the_same_language(server: Live) -> None:
    """Accept-Language chooses the report's language as it chooses the errors'."""
    from tests.server.test_submissions import REFUSED

    for header, lang in (("en-US,en;q=0.8", "en"), ("fr-CA", "fr")):
        r = httpx.post(f"{server.url}/validate", content=REFUSED.read_bytes(),
                       headers={"Content-Type": "text/turtle", "Accept": "application/json",
                                "Accept-Language": header}, timeout=120)
        assert r.status_code == 200, r.text
        assert r.json()["lang"] == lang
        assert "Accept-Language" in r.headers["vary"]



def test_a_body_over_the_limit_is_refused_in_the_setting_language_by_default(tmp_path: Any) -> None:
    """The limit is checked in front of the app (before it puts itself in the request's scope):
    the ``lang`` setting still chooses the language when the request asks for none."""
    with live_server(tmp_path, lang="en", max_body_bytes=100) as server:
        sparql, body = f"{server.url}/sparql", b"#" * 500
        english = httpx.post(sparql, content=body, headers={"Content-Type": "application/sparql-query"})
        french = httpx.post(sparql, content=body,
                            headers={"Content-Type": "application/sparql-query", "Accept-Language": "fr"})
    assert english.status_code == french.status_code == 413
    assert english.json()["message"].startswith("the request body is larger than the limit")
    assert french.json()["message"].startswith("le corps de la requête dépasse la taille maximale")
