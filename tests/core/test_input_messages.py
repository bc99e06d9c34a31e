"""Errors with a French twin: one type, one place, one JSON shape; only the words change."""

from __future__ import annotations

import re

import pytest

from pvgraph.errors import InputError, Location, PayloadTooLargeError, RdfSyntaxError, UserError
from pvgraph.input_messages import ERRORS, twin_error
from pvgraph.loading import document_from_bytes, parse_document


@pytest.mark.parametrize("key", sorted(ERRORS))
def test_every_error_has_a_message_and_a_hint_in_french_and_english(key: str) -> None:
    texts = ERRORS[key]
    assert set(texts) == {"fr", "en"}
    (fr, fr_hint), (en, en_hint) = texts["fr"], texts["en"]
    assert fr and fr_hint and en and en_hint
    assert fr != en and fr_hint != en_hint
    # French typography: a space before the two-part punctuation marks of the text itself
    without_placeholders = re.sub(r"\{\w+\}|`[^`]*`|\S+://\S+", "", fr + " " + fr_hint)
    assert not re.search(r"\S[:;?!]( |$)", without_placeholders), (fr, fr_hint)


def test_in_language_keeps_type_place_code_and_shape() -> None:
    error = twin_error(RdfSyntaxError, "syntax-error", format="turtle", detail="Parser error at line 3 column 7: x",
                       reason="x", location=Location("a.ttl", 3, 7))
    french = error.in_language("fr")
    assert type(french) is RdfSyntaxError and french.code == error.code == "syntax-error"
    assert french.http_status == error.http_status and french.exit_code == error.exit_code
    assert french.location == error.location
    assert set(french.to_dict()) == set(error.to_dict()) == {"error", "message", "hint", "location"}
    assert error.message == "turtle syntax error: Parser error at line 3 column 7: x"  # English unless told
    assert french.message == "erreur de syntaxe turtle (l'analyseur dit : « x »)"
    assert str(french).startswith("a.ttl, ligne 3, colonne 7 : erreur de syntaxe")
    assert str(error).startswith("a.ttl, line 3, column 7: turtle syntax error")
    assert french.in_language("en").to_dict() == error.to_dict()


def test_an_error_without_twins_is_told_as_it_is() -> None:
    plain = InputError("something odd", hint="do this")
    assert plain.in_language("fr") is plain
    assert twin_error(InputError, "empty").in_language("de").message == "the document is empty"


def test_loading_errors_carry_their_french_twin() -> None:
    with pytest.raises(PayloadTooLargeError) as info:
        document_from_bytes(b"x" * 200, name="big.ttl", max_bytes=100)
    assert info.value.in_language("fr").message == "le document dépasse la taille maximale (200 octets pour un maximum de 100)"
    document = document_from_bytes(b'{"@context": "http://127.0.0.1:9/ctx", "name": "x"}', name="x.jsonld")
    with pytest.raises(UserError) as remote:
        parse_document(document)
    assert remote.value.in_language("fr").message.startswith("le document JSON-LD utilise un @context distant")


def test_every_catalogue_falls_back_the_same_way() -> None:
    """One rule (languages.pick): the asked language, else French — for input notices, report
    words and constraint messages, spreadsheet findings and place words alike."""
    from pvgraph.errors import Location
    from pvgraph.input_messages import notice
    from pvgraph.languages import pick
    from pvgraph.tabular.messages import finding_text
    from pvgraph.validation.messages import default_message, ui

    assert pick({"fr": "oui", "en": "yes"}, "de") == "oui" and pick({"fr": "oui", "en": "yes"}, "en") == "yes"
    assert notice("imports-not-followed", "de", iris="x") == notice("imports-not-followed", "fr", iris="x")
    assert ui("conforms", "de") == ui("conforms", "fr") != ui("conforms", "en")
    assert default_message("MinCountConstraintComponent", "de") == default_message("MinCountConstraintComponent", "fr")
    assert finding_text("required", "de") == finding_text("required", "fr") != finding_text("required", "en")
    assert Location("f", 3, 7).describe("de") == Location("f", 3, 7).describe("fr")
