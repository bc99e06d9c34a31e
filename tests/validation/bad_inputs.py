"""Inputs that cannot be read at all, with what pvgraph must say about each, in French and English.

Shared by the command-line tests (tests/validation/test_bad_input.py) and the HTTP ones
(tests/server/test_input_errors.py): the same failure gets the same error type, the same place,
and the same text in each language, whichever way the file arrives.

``en`` is the English message as pvgraph has always worded it (whole, or, for a parser's words,
the part before them: ``en_prefix``); ``fr`` is the whole French message.
"""

from __future__ import annotations

from dataclasses import dataclass

UNRECOGNISABLE = b"Bonjour, ceci n'est pas du RDF.\n"
TURTLE_HEAD = (b"@prefix pv: <https://w3id.org/pvgraph/ontology#> .\n"
               b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&lol4;</rdfs:label></rdf:Description></rdf:RDF>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&xxe;</rdfs:label></rdf:Description></rdf:RDF>
"""


@dataclass(frozen=True)
class BadInput:
    """One unreadable file and what must be said about it."""

    filename: str
    content: bytes
    code: str  # the JSON error code (one error type per failure)
    en: str
    fr: str
    line: int | None = None
    column: int | None = None
    en_prefix: bool = False  # ``en`` is followed by the parser's own words
    http: bool = True  # False: the failure is about a file name, which an HTTP body need not have

    def english_matches(self, message: str) -> bool:
        return message.startswith(self.en) if self.en_prefix else message == self.en


ENTITIES_EN = "the RDF/XML document declares XML entities (EntitiesForbidden); they are refused, not expanded"
ENTITIES_FR = ("le document RDF/XML déclare des entités XML (EntitiesForbidden) : elles sont refusées, "
               "pas développées")

BAD_INPUTS: dict[str, BadInput] = {
    "turtle syntax error": BadInput(
        "broken.ttl", TURTLE_HEAD + b'<http://example.org/a> rdfs:label "open ;\n', "syntax-error",
        "turtle syntax error: Parser error between line 3 column 35",
        "erreur de syntaxe turtle (l'analyseur dit : « Unexpected end of file »)",
        line=3, column=35, en_prefix=True),
    "json-ld syntax error": BadInput(
        "broken.jsonld", b'{"@id": "http://example.org/a", ', "syntax-error",
        "jsonld syntax error: Parser error at line 1 column 33",
        "erreur de syntaxe jsonld (l'analyseur dit : « Object keys must be strings »)",
        line=1, column=33, en_prefix=True),
    "n-triples error": BadInput(
        "broken.nt", b"<http://example.org/a> <http://example.org/b> .\n", "syntax-error",
        "ntriples syntax error: Parser error at line 1 column 47",
        "erreur de syntaxe ntriples (l'analyseur dit : « The object of a triple must be an IRI, "
        "a blank node or a literal »)",
        line=1, column=47, en_prefix=True),
    "rdf/xml not well-formed": BadInput(
        "broken.rdf", b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><a>", "syntax-error",
        "RDF/XML is not well-formed XML: no element found: line 1, column 68",
        "le RDF/XML n'est pas du XML bien formé (l'analyseur dit : « no element found »)",
        line=1, column=69),
    "empty file": BadInput("empty.ttl", b"", "bad-input", "the document is empty", "le document est vide"),
    "blank file": BadInput("blank.ttl", b"  \n\t\n", "bad-input", "the document is empty", "le document est vide"),
    "binary file": BadInput("image.ttl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad-input",
                            "the document is binary, not RDF text",
                            "le document est un fichier binaire, pas du texte RDF"),
    "not utf-8": BadInput(
        "latin1.ttl", TURTLE_HEAD + '<http://example.org/a> rdfs:label "café" .\n'.encode("latin-1"), "bad-input",
        "the document is not UTF-8 (byte 0xe9 cannot be decoded)",
        "le document n'est pas en UTF-8 (l'octet 0xe9 ne peut pas être décodé)", line=3, column=39),
    "billion laughs": BadInput("bomb.rdf", BILLION_LAUGHS, "bad-input", ENTITIES_EN, ENTITIES_FR),
    "external entity": BadInput("xxe.rdf", EXTERNAL_ENTITY, "bad-input", ENTITIES_EN, ENTITIES_FR),
    "remote json-ld context": BadInput(
        "remote.jsonld",
        b'{"@context": "https://example.org/context.jsonld", "@id": "http://example.org/a", "name": "x"}',
        "syntax-error", "the JSON-LD document uses a remote @context, which pvgraph never fetches",
        "le document JSON-LD utilise un @context distant, que pvgraph ne va jamais chercher"),
    # Content that does not tell its format either (a file whose content is RDF is recognised).
    "unknown extension": BadInput(
        "data.txt", UNRECOGNISABLE, "unsupported-format",
        "cannot tell the RDF format of 'data.txt' from its extension '.txt'",
        "impossible de savoir le format RDF de 'data.txt' d'après son extension '.txt'", http=False),
    "no extension": BadInput(
        "data", UNRECOGNISABLE, "unsupported-format", "cannot tell the RDF format of 'data': the name has no extension",
        "impossible de savoir le format RDF de 'data' : le nom n'a pas d'extension", http=False),
}
