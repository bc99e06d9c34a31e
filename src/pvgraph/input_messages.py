"""French and English texts of the errors a data steward meets before any report: a file or an
upload that cannot be read at all (syntax, format, size, encoding, refused XML entities or remote
JSON-LD contexts), and the few refusals around it.

The same scheme as the validation messages (:mod:`pvgraph.validation.messages`): one table, a key
per failure, a template per language with ``{placeholders}``. It lives outside the validation
package because :mod:`pvgraph.loading`, which validation itself uses, raises most of these errors.

An error is raised with its texts in every language (:func:`twin_error`), speaking English; the
command line and the HTTP server tell it in the report's language with
:meth:`pvgraph.errors.UserError.in_language`. What a parser says about the exact fault comes from
the parser and stays in English: the English text quotes it whole (``{detail}``), the French one
quotes only its ``{reason}``, without the place that the error's location gives in French.
"""

from __future__ import annotations

from typing import TypeVar

from pvgraph.errors import Location, UserError
from pvgraph.languages import pick

E = TypeVar("E", bound=UserError)

# key → language → (message, hint)
ERRORS: dict[str, dict[str, tuple[str, str]]] = {
    "file-not-found": {
        "fr": ("fichier introuvable : {path}", "vérifiez le chemin"),
        "en": ("file not found: {path}", "check the path"),
    },
    "is-directory": {
        "fr": ("{path} est un dossier, pas un fichier", "donnez les fichiers qu'il contient"),
        "en": ("{path} is a directory, not a file", "name the files inside it"),
    },
    "too-large": {
        "fr": ("le document dépasse la taille maximale ({size} octets pour un maximum de {limit})",
               "découpez-le en fichiers plus petits, ou relevez le réglage max_body_bytes "
               "(PVGRAPH_MAX_BODY_BYTES)"),
        "en": ("the document is larger than the limit ({size} bytes > {limit})",
               "split it into smaller files, or raise the setting max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    },
    "too-large-decompressed": {
        "fr": ("une fois décompressé, le document dépasse la taille maximale (plus de {limit} octets)",
               "découpez-le en fichiers plus petits, ou relevez le réglage max_body_bytes "
               "(PVGRAPH_MAX_BODY_BYTES)"),
        "en": ("once decompressed, the document is larger than the limit (more than {limit} bytes)",
               "split it into smaller files, or raise the setting max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    },
    "body-too-large": {
        "fr": ("le corps de la requête dépasse la taille maximale ({size} octets pour un maximum de {limit})",
               "envoyez un document plus petit, ou demandez à l'exploitant de relever max_body_bytes "
               "(PVGRAPH_MAX_BODY_BYTES)"),
        "en": ("the request body is larger than the limit ({size} > {limit} bytes)",
               "send a smaller body, or ask the operator to raise max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    },
    "body-too-large-streamed": {
        "fr": ("le corps de la requête dépasse la taille maximale (plus de {limit} octets)",
               "envoyez un document plus petit, ou demandez à l'exploitant de relever max_body_bytes "
               "(PVGRAPH_MAX_BODY_BYTES)"),
        "en": ("the request body is larger than the limit (more than {limit} bytes)",
               "send a smaller body, or ask the operator to raise max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    },
    "too-many-triples": {
        "fr": ("la contribution contient {total} triplets, plus que les {limit} qu'une validation accepte",
               "découpez-la en plusieurs contributions (une par projet ou par territoire, par exemple)"),
        "en": ("the submission holds {total} triples, more than the {limit} a validation accepts",
               "split it into several submissions (one per project or per territory, for example)"),
    },
    "empty": {
        "fr": ("le document est vide", "envoyez un fichier qui contient des données RDF"),
        "en": ("the document is empty", "send a file that holds RDF data"),
    },
    "stdin-empty": {
        "fr": ("l'entrée standard est vide",
               "envoyez un fichier dans la commande : pvgraph validate - < fichier.ttl"),
        "en": ("standard input is empty", "pipe a file into the command: pvgraph validate - < file.ttl"),
    },
    "binary": {
        "fr": ("le document est un fichier binaire, pas du texte RDF",
               "envoyez du Turtle, TriG, N-Triples, N-Quads, RDF/XML ou JSON-LD, en texte UTF-8"),
        "en": ("the document is binary, not RDF text",
               "send Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD as UTF-8 text"),
    },
    "not-utf8": {
        "fr": ("le document n'est pas en UTF-8 (l'octet 0x{byte} ne peut pas être décodé)",
               "enregistrez le fichier en UTF-8 (par exemple avec `iconv -f latin1 -t utf-8`)"),
        "en": ("the document is not UTF-8 (byte 0x{byte} cannot be decoded)",
               "save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)"),
    },
    "gzip-corrupt": {
        "fr": ("les données gzip sont corrompues : {detail}", "compressez à nouveau le fichier"),
        "en": ("the gzip data is corrupt: {detail}", "compress the file again"),
    },
    "format-not-recognised": {
        "fr": ("impossible de reconnaître le format RDF de ce document",
               "nommez le fichier avec son extension (.ttl, .trig, .nt, .nq, .rdf, .jsonld) "
               "ou envoyez un Content-Type"),
        "en": ("cannot tell which RDF format this document is in",
               "name the file with its extension (.ttl, .trig, .nt, .nq, .rdf, .jsonld) or send a Content-Type"),
    },
    "unknown-extension": {
        "fr": ("impossible de savoir le format RDF de {name} d'après son extension {extension}",
               "nommez le fichier .ttl, .trig, .nt, .nq, .rdf ou .jsonld, ou indiquez son format "
               "(--input-format en ligne de commande, l'en-tête Content-Type par HTTP)"),
        "en": ("cannot tell the RDF format of {name} from its extension {extension}",
               "name the file .ttl, .trig, .nt, .nq, .rdf or .jsonld, or give the format explicitly "
               "(--input-format on the command line, the Content-Type header over HTTP)"),
    },
    "no-extension": {
        "fr": ("impossible de savoir le format RDF de {name} : le nom n'a pas d'extension",
               "nommez le fichier .ttl, .trig, .nt, .nq, .rdf ou .jsonld, ou indiquez son format "
               "(--input-format en ligne de commande, l'en-tête Content-Type par HTTP)"),
        "en": ("cannot tell the RDF format of {name}: the name has no extension",
               "name the file .ttl, .trig, .nt, .nq, .rdf or .jsonld, or give the format explicitly "
               "(--input-format on the command line, the Content-Type header over HTTP)"),
    },
    "unknown-format": {
        "fr": ("format RDF inconnu : {name}", "utilisez l'un de ceux-ci : {formats}"),
        "en": ("unknown RDF format {name}", "use one of: {formats}"),
    },
    "syntax-error": {
        "fr": ("erreur de syntaxe {format} (l'analyseur dit : « {reason} »)",
               "corrigez la syntaxe {format} à cet endroit, puis envoyez à nouveau le fichier"),
        "en": ("{format} syntax error: {detail}",
               "fix the {format} syntax at that place and send the file again"),
    },
    "unreadable": {
        "fr": ("le document {format} n'a pas pu être lu : {detail}",
               "vérifiez que le fichier est bien du {format}"),
        "en": ("the {format} document could not be read: {detail}",
               "check that the file really is {format}"),
    },
    "remote-context": {
        "fr": ("le document JSON-LD utilise un @context distant, que pvgraph ne va jamais chercher",
               "recopiez le @context dans le document (pvgraph n'appelle aucun autre serveur)"),
        "en": ("the JSON-LD document uses a remote @context, which pvgraph never fetches",
               "inline the @context in the document (pvgraph does not call other hosts)"),
    },
    "xml-entities": {
        "fr": ("le document RDF/XML déclare des entités XML ({kind}) : elles sont refusées, pas développées",
               "supprimez les déclarations <!DOCTYPE …> et <!ENTITY …> et écrivez les valeurs en toutes lettres"),
        "en": ("the RDF/XML document declares XML entities ({kind}); they are refused, not expanded",
               "remove the <!DOCTYPE …> and <!ENTITY …> declarations and write the values out"),
    },
    "xml-malformed": {
        "fr": ("le RDF/XML n'est pas du XML bien formé (l'analyseur dit : « {reason} »)",
               "corrigez le XML à cet endroit"),
        "en": ("RDF/XML is not well-formed XML: {detail}", "fix the XML at that place"),
    },
    "multipart-unreadable": {
        "fr": ("le corps multipart ne peut pas être lu : {detail}",
               "envoyez un corps multipart/form-data bien formé"),
        "en": ("the multipart body cannot be read: {detail}", "send a well-formed multipart/form-data body"),
    },
    "form-without-file": {
        "fr": ("le formulaire ne contient aucun fichier", "joignez le document dans un champ de fichier"),
        "en": ("the form holds no file", "attach the document as a file field"),
    },
    "no-content-type": {
        "fr": ("la requête n'a pas de Content-Type",
               "dites dans quel format RDF elle est (par exemple text/turtle), ou envoyez-la comme "
               "fichier d'un formulaire"),
        "en": ("the body has no Content-Type",
               "say which RDF format it is (e.g. text/turtle), or upload it as a form file"),
    },
    "report-unwritable": {
        "fr": ("impossible d'écrire le rapport : {reason}", "choisissez un autre --output"),
        "en": ("cannot write the report: {reason}", "choose another --output"),
    },
    "unsupported-language": {
        "fr": ("langue de rapport non prise en charge : {lang}", "utilisez l'une de celles-ci : {langs}"),
        "en": ("unsupported report language {lang}", "use one of: {langs}"),
    },
    "validation-busy": {
        "fr": ("une autre validation est en cours depuis plus de {seconds} s",
               "envoyez à nouveau le fichier dans un moment"),
        "en": ("another validation has been running for more than {seconds} s",
               "send the file again in a moment"),
    },
}


# key → language → text: what the reader notices without refusing the input
NOTICES: dict[str, dict[str, str]] = {
    "imports-not-followed": {
        "fr": "owl:imports non suivis (pvgraph ne va jamais rien chercher sur le réseau) : {iris}",
        "en": "owl:imports not followed (pvgraph never fetches from the network): {iris}",
    },
}


def notice(key: str, lang: str, **params: object) -> str:
    """A notice in ``lang`` (French when the language has no text: languages.pick)."""
    texts = NOTICES[key]
    return pick(texts, lang).format(**params)


def twin_error(cls: type[E], key: str, *, location: Location | None = None, **params: object) -> E:
    """A ``cls`` error with its message and hint in every language of ``ERRORS[key]``, speaking
    English until told otherwise (what callers that choose no language have always read)."""
    texts: dict[str, tuple[str, str | None]] = {
        lang: (message.format(**params), hint.format(**params)) for lang, (message, hint) in ERRORS[key].items()
    }
    message, hint = texts["en"]
    return cls(message, hint=hint, location=location, texts=texts)
