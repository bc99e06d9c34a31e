"""Every text pvgraph tells a person, in French and English: the one catalogue.

A message is one entry of :data:`MESSAGES`: a key (``area.what``), its French text, its English
text, the same ``{placeholders}`` in both. An error's hint (what to do) is the entry ``KEY.hint``
beside it (:func:`pvgraph.errors.error` builds the error from the two). The language is chosen by
the one rule of :func:`pvgraph.languages.resolve` (the asked language, else French); a key that
is not here is a bug (``KeyError``), never shown: ``tests/core/test_messages.py`` checks that every
key the code names is here, that every entry here is used, and that both texts of an entry are
filled and carry the same placeholders.

What the data says stays in the data: the names and definitions of the ontology's terms (the
value types, the classes), the shapes' own ``sh:message``, the spreadsheet's sheet and column
names (read from the shapes) and the named questions are RDF or files, in both languages there.
The HTML pages' own words are here too (``page.<page>.…``, ``page.common.…`` for the words
several pages share), asked for by key in the templates with ``say('page.…')``; a template's
``tr(fr, en)`` only picks a data label given in both languages (a dataset's title, a named
question's wording), and the test refuses a quoted text in it. Every user error is here
(``tests/core/test_messages.py`` refuses a ``UserError`` built from a literal text): the SPARQL
protocol's, the named questions', the stores', the settings', the tokens' and the framework's own
404/405/422/500; a message that reports a bug is not a ``UserError`` and stays out. A SPARQL
operation's name in a message (``{kind}``) is the entry ``operation.query`` or ``operation.update``
(:func:`pvgraph.errors.operation_word`), told in each language with the rest.

Families looked up by a name rather than named whole by the code (:data:`LOOKED_UP_BY_NAME`):
``constraint.`` + the local name of a SHACL constraint component, ``harvest.`` + the code of a
harvest check's finding.
"""

from __future__ import annotations

import string
from typing import NamedTuple

from pvgraph.languages import resolve


class T(NamedTuple):
    """One message in both languages (``T`` for short: the catalogue is mostly these)."""

    fr: str
    en: str

    def in_language(self, lang: str | None) -> str:
        """The text in ``lang``, by the one rule (:func:`pvgraph.languages.resolve`)."""
        return self.fr if resolve(lang) == "fr" else self.en


# A component's default message is looked up by the component's name in a SHACL report, a
# harvest check's finding by its code (which its JSON gives too).
LOOKED_UP_BY_NAME = ("constraint.", "harvest.")

# What a parser says about a fault is quoted whole in English ({detail}) and only its reason in
# French ({reason}, without the place the error's location already gives in French): the one
# pair of placeholders an entry's two texts may differ by.
PARSER_PLACEHOLDERS = frozenset({"detail", "reason"})

MESSAGES: dict[str, T] = {
    # Reading input (pvgraph.loading, the upload and body limits, the CLI's input): errors and their hints
    "input.file-not-found": T(
        fr="fichier introuvable : {path}",
        en="file not found: {path}"),
    "input.file-not-found.hint": T(
        fr="vérifiez le chemin",
        en="check the path"),
    "input.is-directory": T(
        fr="{path} est un dossier, pas un fichier",
        en="{path} is a directory, not a file"),
    "input.is-directory.hint": T(
        fr="donnez les fichiers qu'il contient",
        en="name the files inside it"),
    "input.too-large": T(
        fr="le document dépasse la taille maximale ({size} octets pour un maximum de {limit})",
        en="the document is larger than the limit ({size} bytes > {limit})"),
    "input.too-large.hint": T(
        fr="découpez-le en fichiers plus petits, ou relevez le réglage max_body_bytes (PVGRAPH_MAX_BODY_BYTES)",
        en="split it into smaller files, or raise the setting max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    "input.too-large-decompressed": T(
        fr="une fois décompressé, le document dépasse la taille maximale (plus de {limit} octets)",
        en="once decompressed, the document is larger than the limit (more than {limit} bytes)"),
    "input.too-large-decompressed.hint": T(
        fr="découpez-le en fichiers plus petits, ou relevez le réglage max_body_bytes (PVGRAPH_MAX_BODY_BYTES)",
        en="split it into smaller files, or raise the setting max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    "input.body-too-large": T(
        fr="le corps de la requête dépasse la taille maximale ({size} octets pour un maximum de {limit})",
        en="the request body is larger than the limit ({size} > {limit} bytes)"),
    "input.body-too-large.hint": T(
        fr="envoyez un document plus petit, ou demandez à l'exploitant de relever max_body_bytes (PVGRAPH_MAX_BODY_BYTES)",
        en="send a smaller body, or ask the operator to raise max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    "input.body-too-large-streamed": T(
        fr="le corps de la requête dépasse la taille maximale (plus de {limit} octets)",
        en="the request body is larger than the limit (more than {limit} bytes)"),
    "input.body-too-large-streamed.hint": T(
        fr="envoyez un document plus petit, ou demandez à l'exploitant de relever max_body_bytes (PVGRAPH_MAX_BODY_BYTES)",
        en="send a smaller body, or ask the operator to raise max_body_bytes (PVGRAPH_MAX_BODY_BYTES)"),
    "input.too-many-triples": T(
        fr="la contribution contient {total} triplets, plus que les {limit} qu'une validation accepte",
        en="the submission holds {total} triples, more than the {limit} a validation accepts"),
    "input.too-many-triples.hint": T(
        fr="découpez-la en plusieurs contributions (une par projet ou par territoire, par exemple)",
        en="split it into several submissions (one per project or per territory, for example)"),
    "input.empty": T(
        fr="le document est vide",
        en="the document is empty"),
    "input.empty.hint": T(
        fr="envoyez un fichier qui contient des données RDF",
        en="send a file that holds RDF data"),
    "input.stdin-empty": T(
        fr="l'entrée standard est vide",
        en="standard input is empty"),
    "input.stdin-empty.hint": T(
        fr="envoyez un fichier dans la commande : pvgraph validate - < fichier.ttl",
        en="pipe a file into the command: pvgraph validate - < file.ttl"),
    "input.binary": T(
        fr="le document est un fichier binaire, pas du texte RDF",
        en="the document is binary, not RDF text"),
    "input.binary.hint": T(
        fr="envoyez du Turtle, TriG, N-Triples, N-Quads, RDF/XML ou JSON-LD, en texte UTF-8",
        en="send Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD as UTF-8 text"),
    "input.not-utf8": T(
        fr="le document n'est pas en UTF-8 (l'octet 0x{byte} ne peut pas être décodé)",
        en="the document is not UTF-8 (byte 0x{byte} cannot be decoded)"),
    "input.not-utf8.hint": T(
        fr="enregistrez le fichier en UTF-8 (par exemple avec `iconv -f latin1 -t utf-8`)",
        en="save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)"),
    "input.gzip-corrupt": T(
        fr="les données gzip sont corrompues : {detail}",
        en="the gzip data is corrupt: {detail}"),
    "input.gzip-corrupt.hint": T(
        fr="compressez à nouveau le fichier",
        en="compress the file again"),
    "input.format-not-recognised": T(
        fr="impossible de reconnaître le format RDF de ce document",
        en="cannot tell which RDF format this document is in"),
    "input.format-not-recognised.hint": T(
        fr="nommez le fichier avec son extension (.ttl, .trig, .nt, .nq, .rdf, .jsonld) ou envoyez un Content-Type",
        en="name the file with its extension (.ttl, .trig, .nt, .nq, .rdf, .jsonld) or send a Content-Type"),
    "input.unknown-extension": T(
        fr="impossible de savoir le format RDF de {name} d'après son extension {extension}",
        en="cannot tell the RDF format of {name} from its extension {extension}"),
    "input.unknown-extension.hint": T(
        fr="nommez le fichier .ttl, .trig, .nt, .nq, .rdf ou .jsonld, ou indiquez son format (--input-format en ligne de commande, l'en-tête Content-Type par HTTP)",
        en="name the file .ttl, .trig, .nt, .nq, .rdf or .jsonld, or give the format explicitly (--input-format on the command line, the Content-Type header over HTTP)"),
    "input.no-extension": T(
        fr="impossible de savoir le format RDF de {name} : le nom n'a pas d'extension",
        en="cannot tell the RDF format of {name}: the name has no extension"),
    "input.no-extension.hint": T(
        fr="nommez le fichier .ttl, .trig, .nt, .nq, .rdf ou .jsonld, ou indiquez son format (--input-format en ligne de commande, l'en-tête Content-Type par HTTP)",
        en="name the file .ttl, .trig, .nt, .nq, .rdf or .jsonld, or give the format explicitly (--input-format on the command line, the Content-Type header over HTTP)"),
    "input.unknown-format": T(
        fr="format RDF inconnu : {name}",
        en="unknown RDF format {name}"),
    "input.unknown-format.hint": T(
        fr="utilisez l'un de ceux-ci : {formats}",
        en="use one of: {formats}"),
    "input.no-file": T(
        fr="aucun fichier à valider",
        en="no file to validate"),
    "input.no-file.hint": T(
        fr="donnez un ou plusieurs fichiers, ou - pour l'entrée standard",
        en="give one or more files, or - for standard input"),
    "input.unknown-report-format": T(
        fr="format de rapport inconnu : {name}",
        en="unknown report format {name}"),
    "input.unknown-report-format.hint": T(
        fr="utilisez l'un de ceux-ci : {formats}",
        en="use one of: {formats}"),
    "input.syntax-error": T(
        fr="erreur de syntaxe {format} (l'analyseur dit : « {reason} »)",
        en="{format} syntax error: {detail}"),
    "input.syntax-error.hint": T(
        fr="corrigez la syntaxe {format} à cet endroit, puis envoyez à nouveau le fichier",
        en="fix the {format} syntax at that place and send the file again"),
    "input.unreadable": T(
        fr="le document {format} n'a pas pu être lu : {detail}",
        en="the {format} document could not be read: {detail}"),
    "input.unreadable.hint": T(
        fr="vérifiez que le fichier est bien du {format}",
        en="check that the file really is {format}"),
    "input.remote-context": T(
        fr="le document JSON-LD utilise un @context distant, que pvgraph ne va jamais chercher",
        en="the JSON-LD document uses a remote @context, which pvgraph never fetches"),
    "input.remote-context.hint": T(
        fr="recopiez le @context dans le document (pvgraph n'appelle aucun autre serveur)",
        en="inline the @context in the document (pvgraph does not call other hosts)"),
    "input.xml-entities": T(
        fr="le document RDF/XML déclare des entités XML ({kind}) : elles sont refusées, pas développées",
        en="the RDF/XML document declares XML entities ({kind}); they are refused, not expanded"),
    "input.xml-entities.hint": T(
        fr="supprimez les déclarations <!DOCTYPE …> et <!ENTITY …> et écrivez les valeurs en toutes lettres",
        en="remove the <!DOCTYPE …> and <!ENTITY …> declarations and write the values out"),
    "input.xml-malformed": T(
        fr="le RDF/XML n'est pas du XML bien formé (l'analyseur dit : « {reason} »)",
        en="RDF/XML is not well-formed XML: {detail}"),
    "input.xml-malformed.hint": T(
        fr="corrigez le XML à cet endroit",
        en="fix the XML at that place"),
    "input.multipart-unreadable": T(
        fr="le corps multipart ne peut pas être lu : {detail}",
        en="the multipart body cannot be read: {detail}"),
    "input.multipart-unreadable.hint": T(
        fr="envoyez un corps multipart/form-data bien formé",
        en="send a well-formed multipart/form-data body"),
    "input.form-without-file": T(
        fr="le formulaire ne contient aucun fichier",
        en="the form holds no file"),
    "input.form-without-file.hint": T(
        fr="joignez le document dans un champ de fichier",
        en="attach the document as a file field"),
    "input.no-content-type": T(
        fr="la requête n'a pas de Content-Type",
        en="the body has no Content-Type"),
    "input.no-content-type.hint": T(
        fr="dites dans quel format RDF elle est (par exemple text/turtle), ou envoyez-la comme fichier d'un formulaire",
        en="say which RDF format it is (e.g. text/turtle), or upload it as a form file"),
    "input.report-unwritable": T(
        fr="impossible d'écrire le rapport : {reason}",
        en="cannot write the report: {reason}"),
    "input.report-unwritable.hint": T(
        fr="choisissez un autre --output",
        en="choose another --output"),
    "input.unsupported-language": T(
        fr="langue de rapport non prise en charge : {lang}",
        en="unsupported report language {lang}"),
    "input.unsupported-language.hint": T(
        fr="utilisez l'une de celles-ci : {langs}",
        en="use one of: {langs}"),
    "input.validation-busy": T(
        fr="une autre validation est en cours depuis plus de {seconds} s",
        en="another validation has been running for more than {seconds} s"),
    "input.validation-busy.hint": T(
        fr="envoyez à nouveau le fichier dans un moment",
        en="send the file again in a moment"),

    # What reading notices without refusing the input
    "notice.imports-not-followed": T(
        fr="owl:imports non suivis (pvgraph ne va jamais rien chercher sur le réseau) : {iris}",
        en="owl:imports not followed (pvgraph never fetches from the network): {iris}"),

    # Where an error is (pvgraph.errors.Location)
    "location.line": T(
        fr="ligne",
        en="line"),
    "location.column": T(
        fr="colonne",
        en="column"),

    # The words of a validation report (pvgraph.validation.render and the validator's notices)
    "report.title": T(
        fr="Rapport de validation",
        en="Validation report"),
    "report.conforms": T(
        fr="Les données sont conformes.",
        en="The data conforms."),
    "report.conforms-with-warnings": T(
        fr="Les données sont conformes (avec des recommandations à suivre).",
        en="The data conforms (with recommendations to follow)."),
    "report.not-conforms": T(
        fr="Les données ne sont pas conformes : corrigez les erreurs ci-dessous puis soumettez à nouveau le fichier.",
        en="The data does not conform: fix the errors below and submit the file again."),
    "report.violation": T(
        fr="Erreur",
        en="Error"),
    "report.warning": T(
        fr="Recommandation",
        en="Recommendation"),
    "report.info": T(
        fr="Information",
        en="Information"),
    "report.violations": T(
        fr="erreur(s)",
        en="error(s)"),
    "report.warnings": T(
        fr="recommandation(s)",
        en="recommendation(s)"),
    "report.infos": T(
        fr="information(s)",
        en="information message(s)"),
    "report.field": T(
        fr="Champ",
        en="Field"),
    "report.value": T(
        fr="Valeur",
        en="Value"),
    "report.message": T(
        fr="Message",
        en="Message"),
    "report.severity": T(
        fr="Gravité",
        en="Severity"),
    "report.id": T(
        fr="Identifiant",
        en="Identifier"),
    "report.no-field": T(
        fr="(l'enregistrement lui-même)",
        en="(the record itself)"),
    "report.files": T(
        fr="Fichiers validés",
        en="Files validated"),
    "report.notices": T(
        fr="Remarques",
        en="Notices"),
    "report.triples": T(
        fr="triplets",
        en="triples"),
    "report.referential-missing": T(
        fr="Les codes INSEE et SIREN n'ont pas été comparés au référentiel territorial (aucun référentiel disponible : lancez `pvgraph build`).",
        en="INSEE codes and SIRENs were not compared with the territorial referential (none available: run `pvgraph build`)."),
    "report.unnamed-record": T(
        fr="un enregistrement sans nom",
        en="an unnamed record"),
    "report.fix": T(
        fr="Écrivez : {fix}.",
        en="Write: {fix}."),
    "report.fix-guess": T(
        fr="Vouliez-vous écrire {fix} ?",
        en="Did you mean {fix}?"),
    "report.line": T(
        fr="ligne {line}",
        en="line {line}"),
    "report.links-unchecked": T(
        fr="{count} lien(s) vers le référentiel territorial ({example}…) n'ont pas été vérifiés (aucun référentiel disponible : lancez `pvgraph build`) ; leur type a été déduit de leur adresse.",
        en="{count} link(s) to the territorial referential ({example}…) were not checked (none available: run `pvgraph build`); their type was read from their address."),
    "report.referential-unavailable": T(
        fr="Le référentiel territorial n'a pas pu être ouvert ({error}) : les codes INSEE et SIREN n'ont été vérifiés que sur leur forme.",
        en="The territorial referential could not be opened ({error}): INSEE codes and SIRENs were checked for their form only."),
    "report.did-you-mean": T(
        fr="Vouliez-vous dire {suggestion} ?",
        en="Did you mean {suggestion}?"),
    "report.csv-headers": T(
        fr="identifiant|gravité|enregistrement|nom de l'enregistrement|fichier|ligne|champ|valeur|message|correction|règle SHACL (composant)|forme|origine|suggestion",
        en="id|severity|record|record name|file|line|field|value|message|fix|SHACL constraint component|shape|source|suggestion"),
    "report.produced": T(
        fr="Rapport produit le {created} par pvgraph {version}",
        en="Report produced on {created} by pvgraph {version}"),
    "report.shapes-version": T(
        fr="formes SHACL {version}",
        en="SHACL shapes {version}"),
    "report.referential-vintage": T(
        fr="référentiel territorial {vintage}",
        en="territorial referential {vintage}"),
    "report.no-referential-used": T(
        fr="sans référentiel territorial",
        en="no territorial referential"),
    "report.back-to-form": T(
        fr="Valider un autre fichier",
        en="Validate another file"),
    "report.report-nav": T(
        fr="Après le rapport",
        en="After the report"),

    # Default messages per SHACL Core constraint component and per check of pvgraph's own, when a shape gives no sh:message
    # (placeholders: {this} the record, {path} the field, {value} the value, {param} the constraint's parameter, {suggestion})
    "constraint.MinCountConstraintComponent": T(
        fr="« {this} » : le champ {path} est obligatoire (au moins {param} valeur(s)) ; ajoutez-le.",
        en="“{this}”: the field {path} is required (at least {param} value(s)); add it."),
    "constraint.MaxCountConstraintComponent": T(
        fr="« {this} » : le champ {path} a trop de valeurs (au plus {param}) ; gardez la bonne et supprimez les autres.",
        en="“{this}”: the field {path} has too many values (at most {param}); keep the right one and remove the others."),
    "constraint.DatatypeConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas écrite avec le type attendu ({param}).",
        en="“{this}”: the value {value} of {path} is not written with the expected type ({param})."),
    "constraint.ClassConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas décrite comme {param} ; donnez-lui ce type (a {param}) ou choisissez une autre valeur.",
        en="“{this}”: the value {value} of {path} is not described as a {param}; give it that type (a {param}) or choose another value."),
    "constraint.NodeKindConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas de la bonne forme ({param} : un lien comme pv:… ou <…> pour sh:IRI, un texte entre guillemets pour sh:Literal).",
        en="“{this}”: the value {value} of {path} is not of the right kind ({param}: a link such as pv:… or <…> for sh:IRI, a quoted text for sh:Literal)."),
    "constraint.PatternConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'a pas la forme attendue ({param}).",
        en="“{this}”: the value {value} of {path} does not have the expected form ({param})."),
    "constraint.InConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas dans la liste des valeurs admises ; choisissez-en une dans le schéma de concepts.",
        en="“{this}”: the value {value} of {path} is not one of the allowed values; choose one from the concept scheme."),
    "constraint.MinInclusiveConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} est trop petite (au moins {param}).",
        en="“{this}”: the value {value} of {path} is too small (at least {param})."),
    "constraint.MaxInclusiveConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} est trop grande (au plus {param}).",
        en="“{this}”: the value {value} of {path} is too large (at most {param})."),
    "constraint.MinLengthConstraintComponent": T(
        fr="« {this} » : la valeur du champ {path} est trop courte (au moins {param} caractères).",
        en="“{this}”: the value of {path} is too short (at least {param} characters)."),
    "constraint.MaxLengthConstraintComponent": T(
        fr="« {this} » : la valeur du champ {path} est trop longue (au plus {param} caractères).",
        en="“{this}”: the value of {path} is too long (at most {param} characters)."),
    "constraint.LanguageInConstraintComponent": T(
        fr="« {this} » : le texte {value} du champ {path} doit porter une balise de langue admise ({param}), par exemple \"…\"@fr.",
        en="“{this}”: the text {value} of {path} must carry an allowed language tag ({param}), e.g. \"…\"@en."),
    "constraint.UniqueLangConstraintComponent": T(
        fr="« {this} » : le champ {path} a plusieurs textes dans la même langue ; n'en gardez qu'un par langue.",
        en="“{this}”: {path} has several texts in the same language; keep one per language."),
    "constraint.HasValueConstraintComponent": T(
        fr="« {this} » : le champ {path} doit avoir la valeur {param}.",
        en="“{this}”: {path} must have the value {param}."),
    "constraint.OrConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas écrite comme attendu (elle ne correspond à aucune des formes admises).",
        en="“{this}”: the value {value} of {path} is not written as expected (it matches none of the allowed forms)."),
    "constraint.NodeConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} n'est pas décrite comme il faut.",
        en="“{this}”: the value {value} of {path} is not described as required."),
    "constraint.ClosedConstraintComponent": T(
        fr="« {this} » : le champ {path} n'est pas prévu pour ce type d'enregistrement.",
        en="“{this}”: the field {path} is not expected on this kind of record."),
    "constraint.SPARQLConstraintComponent": T(
        fr="« {this} » : la valeur {value} du champ {path} ne respecte pas une règle.",
        en="“{this}”: the value {value} of {path} breaks a rule."),
    "constraint.UndeclaredTermConstraintComponent": T(
        fr="« {this} » : le terme {value} n'existe pas dans l'ontologie pvgraph (faute de frappe ?). {suggestion}",
        en="“{this}”: the term {value} does not exist in the pvgraph ontology (a typo?). {suggestion}"),
    "constraint.DerivedRelationConstraintComponent": T(
        fr="« {this} » : {path} {value} est une relation que pvgraph calcule lui-même (dans le graphe inféré) ; une contribution ne peut pas l'affirmer. Retirez ce triplet : pvgraph l'ajoute de lui-même à partir {param}.",
        en="“{this}”: {path} {value} is a relation pvgraph computes itself (in the inferred graph); a submission cannot state it. Remove this triple: pvgraph adds it by itself from {param}."),
    "derived.basis.kind": T(
        fr="des types de l'organisation (rdf:type pv:Metropole, pv:CommunauteDeCommunes…)",
        en="the organisation's types (rdf:type pv:Metropole, pv:CommunauteDeCommunes…)"),
    "derived.basis.lead": T(
        fr="des porteurs du projet (pv:ledBy), de l'adhésion du chef de file (org:role pv:LeadMemberRole) et des périodes (pv:period, org:memberDuring)",
        en="the project's leaders (pv:ledBy), the lead member's membership (org:role pv:LeadMemberRole) and the periods (pv:period, org:memberDuring)"),
    "derived.basis.other": T(
        fr="des données que vous décrivez",
        en="the data you describe"),
    "constraint.UnknownInseeCodeConstraintComponent": T(
        fr="« {this} » : le code commune INSEE {value} n'existe pas dans le référentiel territorial ; vérifiez-le dans le Code officiel géographique de l'INSEE.",
        en="“{this}”: the INSEE commune code {value} does not exist in the territorial referential; check it in INSEE's Code officiel géographique."),
    "constraint.UnknownSirenConstraintComponent": T(
        fr="« {this} » : le SIREN {value} n'est pas dans le référentiel territorial ; vérifiez-le dans l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
        en="“{this}”: the SIREN {value} is not in the territorial referential; check it in the French business register (annuaire-entreprises.data.gouv.fr)."),
    "constraint.territory-not-organisation": T(
        fr="« {this} » : {value}, donné pour {path}, est un territoire, pas une organisation ; son organisation est {organisation} : écrivez {suggestion}.",
        en="“{this}”: {value}, given as {path}, is a territory, not an organisation; its organisation is {organisation}: write {suggestion}."),
    "constraint.territory-not-organisation-unknown": T(
        fr="« {this} » : {value}, donné pour {path}, est un territoire, pas une organisation ; nommez l'organisation qui le gouverne (celle qui a pv:governs vers ce territoire).",
        en="“{this}”: {value}, given as {path}, is a territory, not an organisation; name the organisation that governs it (the one with pv:governs to this territory)."),
    "constraint.UnknownReferentialIriConstraintComponent": T(
        fr="« {this} » : {value} (champ {path}) n'existe pas dans le référentiel territorial ; vérifiez le code à la fin de l'adresse (code INSEE d'une commune, SIREN d'une organisation ou d'un EPCI).",
        en="“{this}”: {value} ({path}) does not exist in the territorial referential; check the code at the end of the address (a commune's INSEE code, an organisation's or EPCI's SIREN)."),
    "constraint.ReferentialNameMismatchConstraintComponent": T(
        fr="« {this} » : le code {value} ({path}) est, dans le référentiel territorial, celui de « {param} », pas de « {this} » ; vérifiez le code et le nom (une ligne décalée ?).",
        en="“{this}”: the code {value} ({path}) is, in the territorial referential, that of “{param}”, not of “{this}”; check the code and the name (a row shifted by one?)."),
    "constraint.SirenCodeMismatchConstraintComponent": T(
        fr="« {this} » : le SIREN {value} est celui de {param} dans le référentiel territorial, mais le territoire gouverné a le code {suggestion} ; l'un des deux est faux (une ligne décalée ?).",
        en="“{this}”: the SIREN {value} is that of {param} in the territorial referential, but the territory governed has the code {suggestion}; one of them is wrong (a row shifted by one?)."),
    "constraint.DuplicateIdentifierConstraintComponent": T(
        fr="« {this} » : {path} {value} est déjà celui de « {param} » : la même commune ou organisation est décrite deux fois ; gardez un seul enregistrement (ou corrigez le code).",
        en="“{this}”: {path} {value} is already that of “{param}”: the same commune or organisation is described twice; keep one record (or fix the code)."),
    "constraint.fallback": T(
        fr="« {this} » : le champ {path} ne respecte pas la règle {param}.",
        en="“{this}”: the field {path} breaks the rule {param}."),

    # How an unnamed record is called through the record that links to it (pvgraph.validation.explain)
    "role.period": T(
        fr="la période",
        en="the period"),
    "role.governs": T(
        fr="le territoire",
        en="the territory"),
    "role.has-action": T(
        fr="une action",
        en="an action"),
    "role.created-by-action": T(
        fr="l'action",
        en="the action"),
    "role.covers-territory": T(
        fr="un territoire",
        en="a territory"),
    "role.of-digital-territory-project": T(
        fr="du projet",
        en="of project"),
    "role.of-membership": T(
        fr="de",
        en="of"),
    "role.of-case-study": T(
        fr="de l'étude de cas",
        en="of case study"),
    "role.of-value-creation-statement": T(
        fr="de l'énoncé",
        en="of statement"),
    "role.of-public-policy": T(
        fr="de la politique",
        en="of policy"),
    "role.of-digital-uses-policy": T(
        fr="de la politique",
        en="of policy"),
    "role.of-action": T(
        fr="de l'action",
        en="of action"),

    # Spreadsheets that cannot be read (pvgraph.tabular): errors and their hints
    "spreadsheet.xls": T(
        fr="ce classeur est au format Excel 97-2003 (.xls), que pvgraph ne lit pas",
        en="this workbook is in the Excel 97-2003 format (.xls), which pvgraph does not read"),
    "spreadsheet.xls.hint": T(
        fr="enregistrez-le au format .xlsx ou .ods (Fichier > Enregistrer sous), ou partez du modèle : /template.xlsx",
        en="save it as .xlsx or .ods (File > Save as), or start from the template: /template.xlsx"),
    "spreadsheet.unreadable": T(
        fr="le classeur n'a pas pu être lu ({detail})",
        en="the workbook could not be read ({detail})"),
    "spreadsheet.unreadable.hint": T(
        fr="ouvrez-le dans LibreOffice ou Excel et enregistrez-le à nouveau au format .xlsx ou .ods",
        en="open it in LibreOffice or Excel and save it again as .xlsx or .ods"),
    "spreadsheet.csv-unreadable": T(
        fr="le fichier CSV n'a pas pu être lu ({detail})",
        en="the CSV file could not be read ({detail})"),
    "spreadsheet.csv-unreadable.hint": T(
        fr="vérifiez les guillemets, ou exportez la feuille à nouveau depuis le tableur",
        en="check the quotes, or export the sheet again from the spreadsheet"),
    "spreadsheet.too-many-cells": T(
        fr="le classeur compte plus de {limit} cellules",
        en="the workbook holds more than {limit} cells"),
    "spreadsheet.too-many-cells.hint": T(
        fr="découpez la soumission en plusieurs fichiers",
        en="split the submission into several files"),
    "spreadsheet.unwritable": T(
        fr="impossible d'écrire le fichier : {reason}",
        en="cannot write the file: {reason}"),
    "spreadsheet.unwritable.hint": T(
        fr="choisissez un autre --output",
        en="choose another --output"),
    "spreadsheet.no-known-sheet": T(
        fr="aucune feuille du modèle n'a été trouvée (feuilles lues : {sheets})",
        en="no sheet of the template was found (sheets read: {sheets})"),
    "spreadsheet.no-known-sheet.hint": T(
        fr="partez du modèle (/template.xlsx, /template.ods ou /template.zip) : les feuilles s'appellent {expected}",
        en="start from the template (/template.xlsx, /template.ods or /template.zip): its sheets are {expected}"),

    # Spreadsheet findings, and the words that place them in a sheet
    "sheet.required": T(
        fr="cette colonne est obligatoire : la cellule est vide.",
        en="this column is mandatory: the cell is empty."),
    "sheet.identifier": T(
        fr="un identifiant s'écrit en lettres minuscules sans accent, chiffres et tirets, en commençant par une lettre.",
        en="an identifier is written in lower-case letters without accents, digits and hyphens, starting with a letter."),
    "sheet.integer": T(
        fr="un nombre entier est attendu, écrit en chiffres (« 18400 » ou « 18 400 »).",
        en="a whole number is expected, in digits (\"18400\" or \"18 400\")."),
    "sheet.year": T(
        fr="une année est attendue (« 2026 »), ou une date (« 31/12/2026 » ou « 2026-12-31 »).",
        en="a year is expected (\"2026\"), or a date (\"31/12/2026\" or \"2026-12-31\")."),
    "sheet.pattern": T(
        fr="la valeur n'a pas la forme attendue : {help}",
        en="the value does not have the expected form: {help}"),
    "sheet.choice": T(
        fr="« {value} » n'est pas dans la liste : choisissez parmi {choices}.",
        en="\"{value}\" is not in the list: choose from {choices}."),
    "sheet.boolean": T(
        fr="écrivez « oui » ou « non ».",
        en="write \"oui\" (yes) or \"non\" (no)."),
    "sheet.unique": T(
        fr="la valeur « {value} » figure déjà ligne {first} : chaque ligne doit avoir la sienne.",
        en="the value \"{value}\" is already on row {first}: each row must have its own."),
    "sheet.primary-key": T(
        fr="cette ligne répète la ligne {first} ({columns}).",
        en="this row repeats row {first} ({columns})."),
    "sheet.reference": T(
        fr="« {value} » ne désigne aucune ligne de la feuille {sheet} (colonne « identifiant »).",
        en="\"{value}\" names no row of the sheet {sheet} (column \"identifiant\")."),
    "sheet.reference-faulty": T(
        fr="« {value} » désigne sans doute la ligne {row} de la feuille {sheet}, dont l'identifiant est à corriger (voir cette ligne).",
        en="\"{value}\" probably names row {row} of the sheet {sheet}, whose identifier needs fixing (see that row)."),
    "sheet.missing-column": T(
        fr="la colonne obligatoire « {column} » manque dans l'en-tête (ligne 1).",
        en="the mandatory column \"{column}\" is missing from the header (row 1)."),
    "sheet.extra-column": T(
        fr="la colonne « {column} » n'est pas une colonne du modèle : elle est ignorée.",
        en="the column \"{column}\" is not a column of the template: it is ignored."),
    "sheet.duplicate-column": T(
        fr="la colonne « {column} » figure deux fois dans l'en-tête.",
        en="the column \"{column}\" appears twice in the header."),
    "sheet.unknown-sheet": T(
        fr="la feuille « {sheet} » n'est pas une feuille du modèle : elle est ignorée.",
        en="the sheet \"{sheet}\" is not a sheet of the template: it is ignored."),
    "sheet.did-you-mean": T(
        fr="Vouliez-vous dire « {suggestion} » ?",
        en="Did you mean \"{suggestion}\"?"),
    "sheet.lost-zero": T(
        fr="Le tableur a sans doute effacé le zéro initial : « {suggestion} » ? Mettez la colonne au format Texte avant de saisir le code.",
        en="The spreadsheet probably dropped the leading zero: \"{suggestion}\"? Format the column as Text before typing the code."),
    "sheet.place-sheet": T(
        fr="Feuille {sheet}",
        en="Sheet {sheet}"),
    "sheet.place-row": T(
        fr="ligne {row}",
        en="row {row}"),
    "sheet.place-column": T(
        fr="colonne « {column} »",
        en="column \"{column}\""),
    "sheet.received": T(
        fr="valeur reçue : « {value} »",
        en="value received: \"{value}\""),
    "sheet.sheet-row": T(
        fr="Feuille {sheet}, ligne {row}",
        en="Sheet {sheet}, row {row}"),
    "sheet.rows-not-shown": T(
        fr="{count} autre(s) ligne(s) sans problème ne sont pas montrées.",
        en="{count} other row(s) without problems are not shown."),
    "sheet.marker": T(
        fr="à corriger",
        en="to fix"),
    "sheet.sheets-heading": T(
        fr="Les feuilles, cellule par cellule",
        en="The sheets, cell by cell"),
    "sheet.row": T(
        fr="Ligne",
        en="Row"),
    "sheet.sheet-ok": T(
        fr="Aucun problème dans cette feuille ({count} ligne(s)).",
        en="No problem in this sheet ({count} row(s))."),

    # Submissions (pvgraph.submissions): errors and their hints
    "submission.not-found": T(
        fr="il n’y a pas de soumission {id!r}",
        en="there is no submission {id!r}"),
    "submission.not-found.hint": T(
        fr="vérifiez l’identifiant qui vous a été donné (une soumission refusée n’est pas conservée)",
        en="check the id you were given (a refused submission is not kept)"),
    "submission.private-read": T(
        fr="la soumission {id} n’est pas acceptée : seule la personne qui l’a envoyée peut la voir",
        en="submission {id} is not accepted: only its submitter can see it"),
    "submission.private-read.hint": T(
        fr="envoyez votre jeton : `Authorization: Bearer <jeton>`",
        en="send your token: `Authorization: Bearer <token>`"),
    "submission.private-replace": T(
        fr="remplacer la soumission {id} demande le jeton de la personne qui l’a envoyée",
        en="replacing submission {id} needs its submitter's token"),
    "submission.private-replace.hint": T(
        fr="envoyez votre jeton : `Authorization: Bearer <jeton>`",
        en="send your token: `Authorization: Bearer <token>`"),
    "submission.private-withdraw": T(
        fr="retirer la soumission {id} demande le jeton de la personne qui l’a envoyée",
        en="withdrawing submission {id} needs its submitter's token"),
    "submission.private-withdraw.hint": T(
        fr="envoyez votre jeton : `Authorization: Bearer <jeton>`",
        en="send your token: `Authorization: Bearer <token>`"),
    "submission.not-yours-read": T(
        fr="la soumission {id} n’est pas la vôtre ({you}) : elle n’est pas encore publique",
        en="submission {id} is not yours ({you}) and is not public"),
    "submission.not-yours-read.hint": T(
        fr="seuls « {owner} », qui l’a envoyée, et les administrateurs peuvent la voir",
        en="only {owner!r}, who sent it, and the admins can see it"),
    "submission.not-yours-replace": T(
        fr="la soumission {id} n’est pas la vôtre ({you}) : vous ne pouvez pas la remplacer",
        en="submission {id} is not yours ({you}): you cannot replace it"),
    "submission.not-yours-replace.hint": T(
        fr="seuls « {owner} », qui l’a envoyée, et les administrateurs le peuvent ; envoyez vos données comme une nouvelle soumission",
        en="only {owner!r}, who sent it, and the admins can; send your data as a new submission"),
    "submission.not-yours-withdraw": T(
        fr="la soumission {id} n’est pas la vôtre ({you}) : vous ne pouvez pas la retirer",
        en="submission {id} is not yours ({you}): you cannot withdraw it"),
    "submission.not-yours-withdraw.hint": T(
        fr="seuls « {owner} », qui l’a envoyée, et les administrateurs le peuvent",
        en="only {owner!r}, who sent it, and the admins can"),
    "submission.not-accepted-replace": T(
        fr="la soumission {id} est « {phase} » : seule une soumission acceptée peut être remplacée",
        en="submission {id} is {phase!r}: only an accepted submission can be replaced"),
    "submission.not-accepted-replace.hint": T(
        fr="envoyez vos données comme une nouvelle soumission",
        en="send your data as a new submission"),
    "submission.not-accepted-withdraw": T(
        fr="la soumission {id} est « {phase} » : seule une soumission acceptée peut être retirée",
        en="submission {id} is {phase!r}: only an accepted submission can be withdrawn"),
    "submission.not-accepted-withdraw.hint": T(
        fr="rien n’a été changé",
        en="nothing was changed"),
    "submission.worker-stopped": T(
        fr="le processus qui valide les soumissions et raisonne sur elles s’est arrêté avant de répondre : "
           "rien n’a été conservé",
        en="the process that validates and reasons over submissions stopped before it answered: "
           "nothing was kept"),
    "submission.worker-stopped.hint": T(
        fr="renvoyez la soumission dans un moment",
        en="send the submission again in a moment"),

    # Tokens (pvgraph.server.auth): refusals and their hints
    "auth.admin-only": T(
        fr="cette opération est réservée aux administrateurs : {name} est un jeton de contributeur, qui ne fait que soumettre",
        en="this operation needs an admin token; {name} is a steward's token, which only submits"),
    "auth.admin-only.hint": T(
        fr="envoyez vos données par POST /submissions, ou adressez-vous aux exploitants du service",
        en="send your data with POST /submissions, or ask the service's operators"),
    "auth.writes-disabled": T(
        fr="l'écriture est désactivée sur ce serveur : aucun jeton n'est configuré",
        en="writing is off on this server: no token is configured"),
    "auth.writes-disabled.hint": T(
        fr="l'exploitant définit PVGRAPH_UPDATE_TOKEN, ou ajoute des contributeurs avec `pvgraph tokens add`",
        en="the operator sets PVGRAPH_UPDATE_TOKEN, or adds stewards with `pvgraph tokens add`"),
    "auth.token-needed": T(
        fr="cette opération demande un jeton",
        en="this operation needs a bearer token"),
    "auth.token-needed.hint": T(
        fr="envoyez l'en-tête `Authorization: Bearer <jeton>`",
        en="send the header `Authorization: Bearer <token>`"),
    "auth.token-refused": T(
        fr="le jeton n'est pas valide, ou a été révoqué",
        en="the token is not valid, or was revoked"),
    "auth.token-refused.hint": T(
        fr="vérifiez le jeton auprès de l'exploitant du serveur",
        en="check the token with the server's operator"),

    # The server's HTML pages for an address that does not exist (404) or a method a route does not take (405)
    "page.not-found.title": T(
        fr="Page introuvable",
        en="Page not found"),
    "page.not-found.message": T(
        fr="Il n’y a rien à cette adresse.",
        en="There is nothing at this address."),
    "page.method-not-allowed.title": T(
        fr="Méthode non permise",
        en="Method not allowed"),
    "page.method-not-allowed.message": T(
        fr="Cette adresse n’accepte pas cette méthode HTTP.",
        en="This address does not accept this HTTP method."),

    # Typography: French puts a (narrow) space before the colon and the semicolon, and quotes « like this »
    "typography.colon": T(
        fr=" :",
        en=":"),
    "typography.list-separator": T(
        fr=" ; ",
        en="; "),
    "typography.quoted": T(
        fr="« {text} »",
        en="“{text}”"),

    # The command line
    "cli.interrupted": T(
        fr="interrompu",
        en="interrupted"),
    "cli.internal-error": T(
        fr="erreur interne : c'est un défaut de pvgraph, merci de le signaler (relancez avec --debug pour voir la trace)",
        en="internal error: this is a bug in pvgraph, please report it (run again with --debug for the traceback)"),
    "cli.token-added": T(
        fr="jeton {name!r} ajouté dans {path} : {role}, collectivité {authority}",
        en="token {name!r} added in {path}: {role}, authority {authority}"),
    "cli.token-secret": T(
        fr="son secret, montré cette seule fois (envoyez-le en `Authorization: Bearer <secret>`) :",
        en="its secret, shown only now (send it as `Authorization: Bearer <secret>`):"),
    "cli.no-token": T(
        fr="aucun jeton (ajoutez-en un avec `pvgraph tokens add NOM --authority SIREN`)",
        en="no token (add one with `pvgraph tokens add NAME --authority SIREN`)"),
    "cli.token-admin": T(
        fr="administrateur",
        en="admin"),
    "cli.token-steward": T(
        fr="contributeur",
        en="steward"),
    "cli.token-since": T(
        fr="depuis le {date}",
        en="since {date}"),
    "cli.token-revoked-on": T(
        fr="révoqué le {date}",
        en="revoked {date}"),
    "cli.token-revoked": T(
        fr="jeton {name!r} révoqué le {date}",
        en="token {name!r} revoked at {date}"),
    "cli.error": T(
        fr="erreur :",
        en="error:"),
    "cli.submission-accepted": T(
        fr="{name} : acceptée, {triples} triplets → {graph} (id {id})",
        en="{name}: accepted, {triples} triples → {graph} (id {id})"),
    "cli.submission-refused": T(
        fr="{name} : refusée (non conforme)",
        en="{name}: refused (does not conform)"),
    "cli.reconciled": T(
        fr="restes d'un arrêt brutal remis en ordre : {summary}",
        en="crash leftovers reconciled: {summary}"),
    "cli.build-next": T(
        fr="base : {store}\nensuite : `pvgraph queries`, `pvgraph query NOM`, `pvgraph serve`",
        en="store: {store}\nnext: `pvgraph queries`, `pvgraph query NAME`, `pvgraph serve`"),
    "cli.publish-next": T(
        fr="ensuite : servez {outdir} à l'adresse {url} (fichiers texte en UTF-8), puis "
           "`pvgraph harvest-check {catalogue}`",
        en="next: serve {outdir} at {url} (text files as UTF-8), then `pvgraph harvest-check {catalogue}`"),
    "cli.check-summary": T(
        fr="{files} fichiers vérifiés : {errors} erreur(s), {warnings} avertissement(s)",
        en="{files} files checked: {errors} error(s), {warnings} warning(s)"),
    "cli.setting-unset": T(
        fr="(aucune)",
        en="(none)"),
    "cli.setting-from-default": T(
        fr="valeur par défaut",
        en="default"),
    "cli.setting-from-file": T(
        fr="fichier de réglages",
        en="settings file"),
    "cli.setting-from-env": T(
        fr="variable d'environnement",
        en="environment"),
    "cli.setting-from-flag": T(
        fr="option de la commande",
        en="command-line flag"),
    "cli.next-page": T(
        fr="(page de {limit} lignes à partir de la ligne {first} ; page suivante : --offset {next}, "
           "réponse entière : --all)",
        en="(page of {limit} rows from row {first}; next page: --offset {next}, whole answer: --all)"),

    # What `pvgraph check` finds wrong with the shapes (pvgraph.validation.lint)
    "lint.severity-error": T(
        fr="erreur",
        en="error"),
    "lint.severity-warning": T(
        fr="avertissement",
        en="warning"),
    "lint.shacl-shacl": T(
        fr="les formes ne sont pas conformes aux formes SHACL de SHACL :\n{report}",
        en="the shapes do not conform to the SHACL shapes for SHACL:\n{report}"),
    "lint.not-shacl": T(
        fr="pas un terme de SHACL : le moteur l'ignorerait sans rien dire (une faute de frappe ?)",
        en="not a SHACL term: the engine would ignore it silently (a typo?)"),
    "lint.undeclared-class": T(
        fr="{predicate} {term} n'est pas déclaré dans l'ontologie",
        en="{predicate} {term} is not declared in the ontology"),
    "lint.undeclared-path": T(
        fr="sh:path {term} n'est pas déclaré dans l'ontologie",
        en="sh:path {term} is not declared in the ontology"),
    "lint.submittable-undeclared": T(
        fr="listée comme soumissible mais pas déclarée dans l'ontologie",
        en="listed as submittable but not declared in the ontology"),
    "lint.submittable-untargeted": T(
        fr="un contributeur peut soumettre cette classe mais aucune forme ne la cible",
        en="a steward can submit this class but no shape targets it"),
    "lint.no-message": T(
        fr="une contrainte sans sh:message en @fr et en @en",
        en="a constraint without sh:message in @fr and @en"),
    "lint.not-bilingual": T(
        fr="pas de {predicate} en @fr et en @en",
        en="no {predicate} in @fr and @en"),
    "lint.missing": T(
        fr="pas de {predicate}",
        en="no {predicate}"),
    "lint.sparql-no-message": T(
        fr="une contrainte SPARQL sans sh:message en @fr et en @en",
        en="a SPARQL constraint without sh:message in @fr and @en"),
    "lint.sparql-no-query": T(
        fr="une contrainte ou une cible SPARQL sans sh:select ni sh:ask",
        en="a SPARQL constraint or target with no sh:select or sh:ask"),
    "lint.sparql-syntax": T(
        fr="une requête SPARQL ne s'analyse pas : {error}",
        en="a SPARQL query does not parse: {error}"),
    "lint.in-undeclared": T(
        fr="sh:in nomme {term}, qui n'est pas déclaré dans l'ontologie",
        en="sh:in names {term}, not declared in the ontology"),
    "lint.in-lacks": T(
        fr="sh:in omet {term}, un concept de {scheme}",
        en="sh:in lacks {term}, a concept of {scheme}"),
    "lint.in-extra": T(
        fr="sh:in contient {term}, qui n'est pas dans {scheme}",
        en="sh:in holds {term}, which is not in {scheme}"),
    "lint.unreachable": T(
        fr="ne cible rien et aucune forme ne l'utilise : elle ne s'exécute jamais",
        en="targets nothing and no shape uses it: it never runs"),

    # A clash the build's consistency check finds (pvgraph.reasoning.consistency)
    "clash.ontology": T(
        fr="owlrl : {error}",
        en="owlrl: {error}"),
    "clash.disjoint-classes": T(
        fr="{x} appartient aux classes disjointes {a} et {b}",
        en="{x} is a member of the disjoint classes {a} and {b}"),
    "clash.empty-class": T(
        fr="{x} appartient à la classe vide {c}",
        en="{x} is a member of the empty class {c}"),
    "clash.same-and-different": T(
        fr="{x} est déclaré à la fois identique à {y} et différent de lui",
        en="{x} is declared both the same as and different from {y}"),
    "clash.irreflexive": T(
        fr="{x} est lié à lui-même par la propriété irréflexive {p}",
        en="{x} is linked to itself by the irreflexive property {p}"),
    "clash.asymmetric": T(
        fr="{x} et {y} sont liés dans les deux sens par la propriété asymétrique {p}",
        en="{x} and {y} are linked both ways by the asymmetric property {p}"),
    "clash.disjoint-properties": T(
        fr="{x} est lié à {y} par les propriétés disjointes {p} et {q}",
        en="{x} is linked to {y} by the disjoint properties {p} and {q}"),

    # What a build says as it goes (pvgraph.build), and its closing summary
    "building.read": T(
        fr="{directory}/ lu : {files} fichiers, {triples} triplets",
        en="read {directory}/: {files} files, {triples} triples"),
    "building.read-streamed": T(
        fr="{directory}/ lu : {files} fichiers, analysés au chargement",
        en="read {directory}/: {files} files, parsed when loaded"),
    "building.no-shapes": T(
        fr="pas encore de formes : sources non validées",
        en="no shapes yet: sources not validated"),
    "building.validated": T(
        fr="{directory}/ validé contre les formes : conforme",
        en="validated {directory}/ against the shapes: conforms"),
    "building.reconciled": T(
        fr="soumissions qu'un arrêt brutal avait interrompues : {summary}",
        en="submissions a crash had cut: {summary}"),
    "building.loaded": T(
        fr="graphe {graph} chargé : {triples} triplets",
        en="loaded graph {graph}: {triples} triples"),
    "building.loaded-streamed": T(
        fr="graphe {graph} chargé : {files} fichiers analysés dedans",
        en="loaded graph {graph}: {files} files parsed into it"),
    "building.inferred": T(
        fr="{triples} triplets inférés en {rounds} tours ({seconds:.1f} s, dont {derived:.1f} s pour "
           "les relations dérivées de pvgraph)",
        en="inferred {triples} triples in {rounds} rounds ({seconds:.1f} s, of which {derived:.1f} s "
           "for pvgraph's derived relations)"),
    "building.consistent": T(
        fr="cohérence : aucun conflit (classes disjointes, owl:Nothing, owl:differentFrom, …)",
        en="consistency: no clash (disjoint classes, owl:Nothing, owl:differentFrom, …)"),
    "building.written": T(
        fr="{quads} quadruplets écrits dans la base",
        en="wrote {quads} quads to the store"),
    "building.store-empty": T(
        fr="la base est vide : construction du graphe d'abord",
        en="the store is empty: building the graph first"),
    "building.summary": T(
        fr="{triples} triplets construits dans {graphs} graphes en {seconds:.1f} s",
        en="built {triples} triples in {graphs} graphs in {seconds:.1f} s"),
    "building.summary-graph": T(
        fr="  {graph:<14} {triples:>9} triplets",
        en="  {graph:<14} {triples:>9} triples"),
    "building.summary-note": T(
        fr="  remarque : {notice}",
        en="  note: {notice}"),

    # What `pvgraph serve` says when it starts (pvgraph.server.run)
    "serving.started": T(
        fr="pvgraph sert sur http://{host}:{port}/ (SPARQL : /sparql, {workers} processus de requêtes, "
           "délai {timeout:g} s, mises à jour {updates})",
        en="pvgraph serving on http://{host}:{port}/ (SPARQL: /sparql, {workers} query workers, "
           "timeout {timeout:g} s, updates {updates})"),
    "serving.updates-on": T(
        fr="activées (jeton)",
        en="on (token)"),
    "serving.updates-off": T(
        fr="désactivées",
        en="off"),

    # What reconciling the submissions after a crash did (pvgraph.submissions.transaction)
    "reconciled.undone": T(
        fr="annulées : {ids}",
        en="undone: {ids}"),
    "reconciled.withdrawn": T(
        fr="retraits achevés : {ids}",
        en="withdrawal finished: {ids}"),
    "reconciled.dropped": T(
        fr="supprimés : {ids}",
        en="dropped: {ids}"),

    # What publishing says as it goes (pvgraph.publish), and its closing summary
    "publishing.dump": T(
        fr="{name} écrit ({size} octets)",
        en="wrote {name} ({size} bytes)"),
    "publishing.catalogue": T(
        fr="catalogue écrit, profil {profile} ({triples} triplets)",
        en="wrote the catalogue, profile {profile} ({triples} triples)"),
    "publishing.pages": T(
        fr="pages des jeux de données écrites",
        en="wrote the datasets' pages"),
    "publishing.void": T(
        fr="description VoID écrite ({triples} triplets)",
        en="wrote the VoID description ({triples} triples)"),
    "publishing.sitemap": T(
        fr="plan du site écrit ({pages} pages)",
        en="wrote the sitemap ({pages} pages)"),
    "publishing.summary": T(
        fr="{dumps} exports et {descriptions} descriptions publiés dans {outdir}",
        en="published {dumps} dumps and {descriptions} descriptions into {outdir}"),
    "publishing.summary-file": T(
        fr="  {name:<52} {size:>12} octets  {triples:>9} triplets",
        en="  {name:<52} {size:>12} bytes  {triples:>9} triples"),

    # What the harvest check says as it goes (pvgraph.publish.harvest)
    "harvesting.harvester": T(
        fr="{harvester} : moissonnage de {url}",
        en="{harvester}: harvest {url}"),
    "harvesting.catalogue": T(
        fr="catalogue : Accept {accept}",
        en="catalogue: Accept {accept}"),
    "harvesting.download": T(
        fr="téléchargement de {url}",
        en="download {url}"),

    # The server's pages: the navigation, the graphs' names, a refused upload
    "nav.home": T(
        fr="Accueil",
        en="Home"),
    "nav.editor": T(
        fr="Éditeur de requêtes",
        en="Query editor"),
    "nav.queries": T(
        fr="Questions",
        en="Questions"),
    "nav.ontology": T(
        fr="Ontologie",
        en="Ontology"),
    "nav.validate": T(
        fr="Valider",
        en="Validate"),
    "nav.catalog": T(
        fr="Catalogue",
        en="Catalogue"),
    "nav.dumps": T(
        fr="Données",
        en="Data dumps"),
    "graph.ontology": T(
        fr="Ontologie",
        en="Ontology"),
    "graph.shapes": T(
        fr="Formes SHACL",
        en="SHACL shapes"),
    "graph.study": T(
        fr="Étude (cas A à D)",
        en="Study (cases A to D)"),
    "graph.referential": T(
        fr="Référentiel territorial",
        en="Territorial referential"),
    "graph.examples": T(
        fr="Exemples fictifs",
        en="Fictional examples"),
    "graph.inferred": T(
        fr="Triplets inférés",
        en="Inferred triples"),
    "graph.catalog": T(
        fr="Catalogue DCAT",
        en="DCAT catalogue"),
    "graph.meta": T(
        fr="Provenance",
        en="Provenance"),
    "graph.submission": T(
        fr="Contribution {id}",
        en="Submission {id}"),
    "page.not-validated.title": T(
        fr="Le document n’a pas pu être validé",
        en="The document could not be validated"),

    # The spreadsheet template's column descriptions (pvgraph.tabular.table_schema) and sheet captions
    "sheet.rows": T(
        fr="{count} ligne(s)",
        en="{count} row(s)"),
    "sheet.quoted": T(
        fr="« {text} »",
        en="\"{text}\""),
    "column.in-other-language": T(
        fr="(en anglais : {name})",
        en="(in French: {name})"),
    "column.several-values": T(
        fr="Plusieurs valeurs : séparez-les par une virgule.",
        en="Several values: separate them with a comma."),
    "column.reference": T(
        fr="L'identifiant d'une ligne de la feuille « {sheet} ».",
        en="The identifier of a row of the sheet \"{sheet}\"."),
    "column.possible-values": T(
        fr="Valeurs possibles : {values}.",
        en="Possible values: {values}."),
    "column.mandatory": T(
        fr="Obligatoire",
        en="Mandatory"),
    "column.recommended": T(
        fr="Recommandé",
        en="Recommended"),
    "column.optional": T(
        fr="Facultatif",
        en="Optional"),
    "column.recommended-mandatory-in-node": T(
        fr="Recommandé ; obligatoire dès qu'une autre colonne de la même période est remplie",
        en="Recommended; mandatory as soon as another column of the same period is filled"),
    "column.optional-mandatory-in-node": T(
        fr="Facultatif ; obligatoire dès qu'une autre colonne de la même période est remplie",
        en="Optional; mandatory as soon as another column of the same period is filled"),

    # How an unnamed record is called (continued)
    "role.membership": T(
        fr="l'adhésion de {member} à {organisation}",
        en="the membership of {member} in {organisation}"),
    "role.of": T(
        fr="de",
        en="of"),

    # The harvest check (pvgraph.publish.harvest): each finding by its code (the JSON's "code"), and the summary
    "harvest.unreachable": T(
        fr="{url} ne répond pas ({detail})",
        en="{url} does not answer ({detail})"),
    "harvest.catalog-status": T(
        fr="le catalogue demandé en {accept} répond HTTP {status}",
        en="the catalogue asked for as {accept} answers HTTP {status}"),
    "harvest.catalog-media-type": T(
        fr="le catalogue demandé en {accept} arrive en {got} : un moissonneur choisit son analyseur d'après ce type",
        en="the catalogue asked for as {accept} comes as {got}: a harvester picks its parser from that type"),
    "harvest.catalog-too-large": T(
        fr="le catalogue en {accept} pèse {size} octets, plus que les {limit} qu'accepte un moissonneur CKAN : paginez-le (Hydra)",
        en="the catalogue as {accept} is {size} bytes, more than the {limit} a CKAN harvester accepts: page it (Hydra)"),
    "harvest.catalog-parse": T(
        fr="le catalogue en {accept} ne se lit pas : {detail}",
        en="the catalogue as {accept} cannot be read: {detail}"),
    "harvest.catalog-formats-differ": T(
        fr="le catalogue en {accept} ne dit pas la même chose qu'en {reference}",
        en="the catalogue as {accept} does not say the same as in {reference}"),
    "harvest.no-catalog": T(
        fr="aucun dcat:Catalog dans la réponse de {url}",
        en="no dcat:Catalog in the answer of {url}"),
    "harvest.no-dataset": T(
        fr="le catalogue ne contient aucun dcat:Dataset",
        en="the catalogue holds no dcat:Dataset"),
    "harvest.dataset-no-title": T(
        fr="le jeu de données {subject} n'a pas de dct:title : il serait refusé",
        en="dataset {subject} has no dct:title: it would be refused"),
    "harvest.dataset-no-description": T(
        fr="le jeu de données {subject} n'a pas de dct:description",
        en="dataset {subject} has no dct:description"),
    "harvest.dataset-no-distribution": T(
        fr="le jeu de données {subject} n'a aucune distribution",
        en="dataset {subject} has no distribution"),
    "harvest.catalog-no-charset": T(
        fr="le catalogue en {accept} arrive en {got} sans charset : un moissonneur le lit en ISO-8859-1 et les accents deviennent illisibles ; servez-le avec « ; charset=utf-8 »",
        en="the catalogue as {accept} comes as {got} without a charset: a harvester reads it as ISO-8859-1 and accents come out garbled; serve it with \"; charset=utf-8\""),
    "harvest.harvester-refused": T(
        fr="{harvester} refuse {kind} {subject} : {reason}",
        en="{harvester} refuses {kind} {subject}: {reason}"),
    "harvest.harvester-failed": T(
        fr="{harvester} n'a pas pu moissonner {url} : {reason}",
        en="{harvester} could not harvest {url}: {reason}"),
    "harvest.harvester-hexbinary": T(
        fr="{harvester} refuse les sommes de contrôle typées xsd:hexBinary (exigées par DCAT-AP 3) : inscrivez sur data.gouv.fr le profil datagouv du catalogue ({hint})",
        en="{harvester} refuses checksums typed xsd:hexBinary (required by DCAT-AP 3): register the catalogue's datagouv profile on data.gouv.fr ({hint})"),
    "harvest.distribution-no-download-url": T(
        fr="la distribution {subject} n'a pas de dcat:downloadURL : le portail ne saurait pas quoi télécharger",
        en="distribution {subject} has no dcat:downloadURL: the portal would not know what to download"),
    "harvest.distribution-no-access-url": T(
        fr="la distribution {subject} n'a pas de dcat:accessURL (obligatoire en DCAT-AP)",
        en="distribution {subject} has no dcat:accessURL (mandatory in DCAT-AP)"),
    "harvest.distribution-no-licence": T(
        fr="la distribution {subject} n'a pas de dct:license : data.gouv.fr lit la licence sur les distributions",
        en="distribution {subject} has no dct:license: data.gouv.fr reads the licence on distributions"),
    "harvest.distribution-no-media-type": T(
        fr="la distribution {subject} n'a pas de dcat:mediaType",
        en="distribution {subject} has no dcat:mediaType"),
    "harvest.distribution-no-checksum": T(
        fr="la distribution {subject} n'a pas de spdx:checksum",
        en="distribution {subject} has no spdx:checksum"),
    "harvest.distribution-no-size": T(
        fr="la distribution {subject} n'a pas de dcat:byteSize",
        en="distribution {subject} has no dcat:byteSize"),
    "harvest.download-status": T(
        fr="le téléchargement de {url} répond HTTP {status}",
        en="downloading {url} answers HTTP {status}"),
    "harvest.size-mismatch": T(
        fr="{url} fait {got} octets, le catalogue annonce {expected}",
        en="{url} is {got} bytes, the catalogue says {expected}"),
    "harvest.checksum-mismatch": T(
        fr="la somme {algorithm} de {url} est {got}, le catalogue annonce {expected}",
        en="the {algorithm} checksum of {url} is {got}, the catalogue says {expected}"),
    "harvest.checksum-algorithm": T(
        fr="algorithme de somme de contrôle inconnu pour {url} : {algorithm}",
        en="unknown checksum algorithm for {url}: {algorithm}"),
    "harvest.media-type-mismatch": T(
        fr="{url} arrive en {got}, le catalogue annonce {expected}",
        en="{url} comes as {got}, the catalogue says {expected}"),
    "harvest.download-parse": T(
        fr="{url} ne se lit pas comme {format} : {detail}",
        en="{url} cannot be read as {format}: {detail}"),
    "harvest.level-error": T(
        fr="ERREUR",
        en="ERROR"),
    "harvest.level-warning": T(
        fr="AVERTISSEMENT",
        en="WARNING"),
    "harvest.no-harvester": T(
        fr="aucun moissonneur de portail installé (scripts/install-harvesters.sh) : vérifications de pvgraph seulement",
        en="no portal harvester installed (scripts/install-harvesters.sh): pvgraph's own checks only"),
    "harvest.summary": T(
        fr="{url} : {datasets} jeux de données, {distributions} distributions, {downloads} téléchargements vérifiés ; catalogue lu en {formats} ; {errors} erreur(s), {warnings} avertissement(s) — {verdict}",
        en="{url}: {datasets} datasets, {distributions} distributions, {downloads} downloads checked; catalogue read as {formats}; {errors} errors, {warnings} warnings — {verdict}"),
    "harvest.no-format": T(
        fr="aucun format",
        en="nothing"),
    "harvest.would-harvest": T(
        fr="un portail le moissonnerait.",
        en="a portal would harvest it."),
    "harvest.would-reject": T(
        fr="un portail en refuserait une partie.",
        en="a portal would reject part of it."),
    "harvest.run": T(
        fr="{harvester} : accepte {datasets_accepted}/{datasets} jeux de données, {services_accepted}/{services} services de données",
        en="{harvester}: accepts {datasets_accepted}/{datasets} datasets, {services_accepted}/{services} data services"),
    # The words of a message about a SPARQL operation ({kind}: "la requête", "the update"; both feminine in French)
    "operation.query": T(
        fr="requête",
        en="query"),
    "operation.update": T(
        fr="mise à jour",
        en="update"),
    # The SPARQL 1.1 Protocol (pvgraph.protocol, /sparql, /update): errors and their hints
    "protocol.update-with-get": T(
        fr="une mise à jour SPARQL ne peut pas être envoyée par GET",
        en="a SPARQL Update cannot be sent with GET"),
    "protocol.update-with-get.hint": T(
        fr="envoyez-la par POST, en application/sparql-update ou dans un champ de formulaire update=",
        en="send it with POST, as application/sparql-update or a form field update="),
    "protocol.method": T(
        fr="le point d'accès SPARQL n'accepte pas la méthode {method}",
        en="the SPARQL endpoint does not accept {method}"),
    "protocol.method.hint": T(
        fr="utilisez GET ou POST (protocole SPARQL 1.1)",
        en="use GET or POST (SPARQL 1.1 Protocol)"),
    "protocol.field-in-url": T(
        fr="pour un POST de formulaire, {name}= doit être dans le corps, pas dans l'URL",
        en="{name}= must be in the form body, not in the URL, for a form POST"),
    "protocol.field-in-url.hint": T(
        fr="mettez tous les champs dans le corps",
        en="put every field in the body"),
    "protocol.query-and-update": T(
        fr="la demande contient à la fois une requête et une mise à jour",
        en="the request holds both a query and an update"),
    "protocol.query-and-update.hint": T(
        fr="envoyez une seule opération par demande",
        en="send one operation per request"),
    "protocol.form-empty": T(
        fr="le formulaire ne contient ni query= ni update=",
        en="the form holds neither query= nor update="),
    "protocol.form-empty.hint": T(
        fr="envoyez query=… ou update=… (encodé pour une URL)",
        en="send query=… or update=… (URL-encoded)"),
    "protocol.charset": T(
        fr="le corps est déclaré en {charset} ; une demande SPARQL doit être en UTF-8",
        en="the body is declared as {charset}; SPARQL requests must be UTF-8"),
    "protocol.charset.hint": T(
        fr="envoyez le texte encodé en UTF-8 (charset=utf-8)",
        en="send the text encoded as UTF-8 (charset=utf-8)"),
    "protocol.text-in-body-and-url": T(
        fr="la {operation} est dans le corps : l'URL ne doit porter ni query= ni update=",
        en="the {operation} is in the body; the URL must not carry query= or update="),
    "protocol.text-in-body-and-url.hint": T(
        fr="envoyez une seule opération par demande",
        en="send one operation per request"),
    "protocol.no-content-type": T(
        fr="un POST au point d'accès SPARQL doit déclarer son Content-Type",
        en="a POST to the SPARQL endpoint needs a Content-Type"),
    "protocol.no-content-type.hint": T(
        fr="utilisez l'un de {types}",
        en="use one of {types}"),
    "protocol.body-type": T(
        fr="le point d'accès SPARQL n'accepte pas un corps de type {kind}",
        en="the SPARQL endpoint does not accept a body of type {kind}"),
    "protocol.body-type.hint": T(
        fr="utilisez l'un de {types}",
        en="use one of {types}"),
    "protocol.several-texts": T(
        fr="la demande contient {count} champs {field}= ; un seul est permis",
        en="the request holds {count} {field} strings; one is allowed"),
    "protocol.several-texts.hint": T(
        fr="envoyez un seul champ {field}=",
        en="send a single {field}= field"),
    "protocol.empty-text": T(
        fr="la {operation} est vide",
        en="the {operation} is empty"),
    "protocol.empty-text.hint": T(
        fr="envoyez le texte SPARQL de la {operation}",
        en="send a SPARQL {operation}"),
    "protocol.using-for-updates": T(
        fr="using-graph-uri et using-named-graph-uri sont réservés aux mises à jour",
        en="using-graph-uri and using-named-graph-uri are for updates"),
    "protocol.using-for-updates.hint": T(
        fr="pour une requête, utilisez default-graph-uri et named-graph-uri",
        en="for a query use default-graph-uri and named-graph-uri"),
    "protocol.dataset-for-queries": T(
        fr="default-graph-uri et named-graph-uri sont réservés aux requêtes",
        en="default-graph-uri and named-graph-uri are for queries"),
    "protocol.dataset-for-queries.hint": T(
        fr="pour une mise à jour, utilisez using-graph-uri et using-named-graph-uri",
        en="for an update use using-graph-uri and using-named-graph-uri"),
    "protocol.not-an-iri": T(
        fr="{name}={value!r} n'est pas une IRI : {reason}",
        en="{name}={value!r} is not an IRI: {reason}"),
    "protocol.not-an-iri.hint": T(
        fr="donnez des IRI absolues, encodées pour une URL",
        en="give absolute IRIs, URL-encoded"),
    "protocol.form-unreadable": T(
        fr="le corps du formulaire ne se lit pas : {reason}",
        en="the form body cannot be read: {reason}"),
    "protocol.form-unreadable.hint": T(
        fr="encodez les champs pour une URL, en UTF-8",
        en="URL-encode the fields as UTF-8"),
    "protocol.not-utf8": T(
        fr="le corps n'est pas en UTF-8 (octet {position})",
        en="the body is not UTF-8 (byte {position})"),
    "protocol.not-utf8.hint": T(
        fr="une demande SPARQL doit être encodée en UTF-8",
        en="SPARQL requests must be encoded as UTF-8"),
    # Running SPARQL (pvgraph.sparql, sparql_text, the query pool, the endpoint, the editor): errors and their hints
    "sparql.update-not-query": T(
        fr="c'est une mise à jour SPARQL, pas une requête",
        en="this is a SPARQL Update, not a query"),
    "sparql.update-not-query.hint": T(
        fr="envoyez les mises à jour en application/sparql-update ou dans update=, avec un jeton",
        en="send updates as application/sparql-update or update=, with a token"),
    "sparql.editor-update": T(
        fr="l'éditeur n'exécute que des requêtes, pas des mises à jour",
        en="the editor only runs queries, not updates"),
    "sparql.editor-update.hint": T(
        fr="envoyez les mises à jour à /update, avec un jeton",
        en="send updates to /update with a token"),
    "sparql.graph-format": T(
        fr="un résultat en graphe ne peut pas s'écrire en {format}",
        en="a graph result cannot be written as {format}"),
    "sparql.graph-format.hint": T(
        fr="demandez un format RDF comme Turtle ou JSON-LD",
        en="ask for an RDF format such as Turtle or JSON-LD"),
    "sparql.result-format": T(
        fr="un résultat {kind} ne peut pas s'écrire en {format}",
        en="a {kind} result cannot be written as {format}"),
    "sparql.result-format.hint": T(
        fr="demandez json, xml, csv ou tsv",
        en="ask for json, xml, csv or tsv"),
    "sparql.no-format": T(
        fr="un résultat {kind} ne peut pas s'écrire dans le format demandé",
        en="a {kind} result cannot be written in the requested format"),
    "sparql.no-format.hint": T(
        fr="demandez un format de résultat qui convient à la forme de la requête",
        en="ask for a result format that fits the query form"),
    "sparql.not-a-query": T(
        fr="ce n'est pas une requête SPARQL : elle ne commence pas par SELECT, ASK, CONSTRUCT ni DESCRIBE",
        en="this is not a SPARQL query: it does not start with SELECT, ASK, CONSTRUCT or DESCRIBE"),
    "sparql.not-a-query.hint": T(
        fr="écrivez une requête SPARQL 1.1 (après les éventuelles lignes PREFIX)",
        en="write a SPARQL 1.1 query (after any PREFIX lines)"),
    "sparql.syntax": T(
        fr="la {kind} SPARQL ne se lit pas : {detail}",
        en="the SPARQL {kind} does not parse: {detail}"),
    "sparql.syntax.hint": T(
        fr="corrigez la {kind} à cet endroit (syntaxe SPARQL 1.1)",
        en="fix the {kind} at that place (SPARQL 1.1 syntax)"),
    "sparql.negative-page": T(
        fr="limit et offset ne peuvent pas être négatifs",
        en="limit and offset cannot be negative"),
    "sparql.negative-page.hint": T(
        fr="par exemple limit=100&offset=200",
        en="for example limit=100&offset=200"),
    "sparql.own-limit": T(
        fr="cette requête fixe elle-même LIMIT ou OFFSET : elle ne peut pas être lue par pages",
        en="this query sets its own LIMIT or OFFSET: it cannot be read by pages"),
    "sparql.own-limit.hint": T(
        fr="retirez-les de la requête, ou posez-la sans limit ni offset",
        en="remove them from the query, or ask it without limit and offset"),
    "sparql.service-refused": T(
        fr="SERVICE <{service}> n'est pas permis sur ce point d'accès",
        en="SERVICE <{service}> is not allowed on this endpoint"),
    "sparql.service-refused.hint": T(
        fr="ce point d'accès public n'appelle que les points d'accès du réglage service_allowlist : {allowed}",
        en="this public endpoint only calls the endpoints in the setting service_allowlist: {allowed}"),
    "sparql.service-none": T(
        fr="SERVICE <{service}> n'est pas permis sur ce point d'accès",
        en="SERVICE <{service}> is not allowed on this endpoint"),
    "sparql.service-none.hint": T(
        fr="ce point d'accès public n'en appelle aucun autre (le réglage service_allowlist est vide)",
        en="this public endpoint calls no other endpoint (the setting service_allowlist is empty)"),
    "sparql.service-variable": T(
        fr="un SERVICE désigné par une variable n'est pas permis sur ce point d'accès",
        en="a SERVICE named by a variable is not allowed on this endpoint"),
    "sparql.service-variable.hint": T(
        fr="ce point d'accès public n'appelle que les points d'accès du réglage service_allowlist, nommés par leur IRI",
        en="this public endpoint only calls the endpoints in the setting service_allowlist, named by their IRI"),
    "sparql.using-conflict": T(
        fr="la mise à jour a sa propre clause {clause} et la demande donne aussi using-graph-uri/using-named-graph-uri",
        en="the update has its own {clause} clause and the request also gives using-graph-uri/using-named-graph-uri"),
    "sparql.using-conflict.hint": T(
        fr="donnez les graphes soit dans la mise à jour, soit dans les paramètres de la demande, pas les deux",
        en="give the dataset either in the update or in the request parameters, not both"),
    "sparql.timeout": T(
        fr="la requête a dépassé {seconds} s et a été arrêtée",
        en="the query ran for more than {seconds} s and was stopped"),
    "sparql.timeout.hint": T(
        fr="restreignez la requête (un LIMIT, moins d'OPTIONAL, un motif plus sélectif), ou posez-la sur un export des données",
        en="narrow the query (a LIMIT, fewer OPTIONALs, a more selective pattern), or run it on a dump of the data"),
    "sparql.busy": T(
        fr="le serveur exécute déjà {size} requêtes et aucune ne s'est terminée en {seconds} s",
        en="the server is running {size} queries already and none finished within {seconds} s"),
    "sparql.busy.hint": T(
        fr="réessayez dans un instant ; une longue requête se pose mieux sur un export des données",
        en="try again in a moment; long queries are better run on a dump of the data"),
    # The named questions (pvgraph.queries, pvgraph query, /questions): errors and their hints
    "question.no-directory": T(
        fr="pas de questions nommées : {directory} n'est pas un dossier",
        en="no named questions: {directory} is not a directory"),
    "question.no-directory.hint": T(
        fr="lancez pvgraph depuis le dépôt, ou réglez PVGRAPH_ROOT",
        en="run pvgraph from the repository, or set PVGRAPH_ROOT"),
    "question.duplicate-id": T(
        fr="deux questions nommées ont l'identifiant {id!r}",
        en="two named questions have the id {id!r}"),
    "question.duplicate-id.hint": T(
        fr="renommez {first} ou {second}",
        en="rename one of {first} and {second}"),
    "question.unknown": T(
        fr="il n'y a pas de question nommée {name!r}",
        en="there is no named question {name!r}"),
    "question.unknown.hint": T(
        fr="`pvgraph queries` les énumère : {names}",
        en="`pvgraph queries` lists them: {names}"),
    "question.unknown-here": T(
        fr="il n'y a pas de question nommée {name!r}",
        en="there is no named question {name!r}"),
    "question.unknown-here.hint": T(
        fr="choisissez-en une dans la liste ci-dessous",
        en="pick one of the list below"),
    "question.bad-param-line": T(
        fr="{file} : ligne de paramètre incorrecte {line!r}",
        en="{file}: bad parameter line {line!r}"),
    "question.bad-param-line.hint": T(
        fr="écrivez `# param: NOM TYPE — description`, le TYPE parmi {types}",
        en="write `# param: NAME TYPE — description`, TYPE one of {types}"),
    "question.header-lacks": T(
        fr="{file} : il manque à l'en-tête {missing}",
        en="{file}: the header lacks {missing}"),
    "question.header-lacks.hint": T(
        fr="commencez le fichier par les lignes `# id: …`, `# fr: …` et `# en: …`",
        en="start the file with `# id: …`, `# fr: …` and `# en: …` lines"),
    "question.values-block": T(
        fr="{file} : le paramètre {name!r} demande exactement un bloc `VALUES ?{name} {{ défaut }}`",
        en="{file}: parameter {name!r} needs exactly one `VALUES ?{name} {{ default }}` block"),
    "question.values-block.hint": T(
        fr="mettez sa valeur par défaut dans un bloc VALUES du corps de la requête",
        en="put its default value in a VALUES block in the query body"),
    "question.not-pageable": T(
        fr="la question {id!r} ne peut pas être lue par pages",
        en="the question {id!r} cannot be read by pages"),
    "question.not-pageable.hint": T(
        fr="elle fixe elle-même LIMIT/OFFSET ou c'est un ASK : posez-la sans limit ni offset",
        en="it sets its own LIMIT/OFFSET or is an ASK: ask it without limit and offset"),
    "question.unknown-param": T(
        fr="la question {id!r} n'a pas de paramètre {names}",
        en="the question {id!r} has no parameter {names}"),
    "question.unknown-param.hint": T(
        fr="ses paramètres sont : {known}",
        en="its parameters are: {known}"),
    "question.no-params": T(
        fr="la question {id!r} n'a pas de paramètre {names}",
        en="the question {id!r} has no parameter {names}"),
    "question.no-params.hint": T(
        fr="elle ne prend aucun paramètre",
        en="it takes no parameter"),
    "question.integer": T(
        fr="le paramètre {name!r} doit être un entier, pas {raw!r}",
        en="parameter {name!r} must be an integer, not {raw!r}"),
    "question.integer.hint": T(
        fr="par exemple --param {name}={default}",
        en="for example --param {name}={default}"),
    "question.year": T(
        fr="le paramètre {name!r} doit être une année à quatre chiffres, pas {raw!r}",
        en="parameter {name!r} must be a four-digit year, not {raw!r}"),
    "question.year.hint": T(
        fr="par exemple --param {name}={default}",
        en="for example --param {name}={default}"),
    "question.iri": T(
        fr="le paramètre {name!r} doit être une IRI, pas {raw!r}",
        en="parameter {name!r} must be an IRI, not {raw!r}"),
    "question.iri.hint": T(
        fr="par exemple --param {name}={default}",
        en="for example --param {name}={default}"),
    "question.limit-range": T(
        fr="limit doit être entre 1 et {top}, pas {size}",
        en="limit must be between 1 and {top}, not {size}"),
    "question.limit-range.hint": T(
        fr="lisez une longue réponse page par page, en suivant les liens vers la page suivante",
        en="read a long answer page by page, following the next-page links"),
    "question.limit-positive": T(
        fr="limit doit valoir au moins 1, pas {size}",
        en="limit must be at least 1, not {size}"),
    "question.limit-positive.hint": T(
        fr="lisez une longue réponse page par page, en suivant les liens vers la page suivante",
        en="read a long answer page by page, following the next-page links"),
    "question.not-a-number": T(
        fr="{name} doit être un nombre entier, pas {raw!r}",
        en="{name} must be a whole number, not {raw!r}"),
    "question.not-a-number.hint": T(
        fr="par exemple {name}=100",
        en="for example {name}=100"),
    "question.negative": T(
        fr="{name} ne peut pas être négatif",
        en="{name} cannot be negative"),
    "question.negative.hint": T(
        fr="par exemple {name}=100",
        en="for example {name}=100"),
    # The command line's own checks (pvgraph query, harvest, submit): errors and their hints
    "command.query-one-source": T(
        fr="donnez exactement un de NOM, --file ou --sparql",
        en="give exactly one of NAME, --file or --sparql"),
    "command.query-one-source.hint": T(
        fr="`pvgraph queries` énumère les questions nommées",
        en="`pvgraph queries` lists the named questions"),
    "command.all-with-limit": T(
        fr="--all lit toute la réponse : donnez-le sans --limit ni --offset",
        en="--all reads the whole answer: give it without --limit and --offset"),
    "command.all-with-limit.hint": T(
        fr="par exemple pvgraph query {name} --all",
        en="for example pvgraph query {name} --all"),
    "command.named-only": T(
        fr="--param, --limit, --offset et --all ne valent que pour les questions nommées",
        en="--param, --limit, --offset and --all only apply to named questions"),
    "command.named-only.hint": T(
        fr="écrivez les valeurs et l'éventuel LIMIT/OFFSET dans la requête",
        en="write the values and any LIMIT/OFFSET in the query"),
    "command.bad-param": T(
        fr="--param {item!r} n'est pas de la forme NOM=VALEUR",
        en="--param {item!r} is not NAME=VALUE"),
    "command.bad-param.hint": T(
        fr="par exemple --param year=2030",
        en="for example --param year=2030"),
    "command.harvest-url": T(
        fr="{url!r} n'est pas une URL http(s)",
        en="{url!r} is not an http(s) URL"),
    "command.harvest-url.hint": T(
        fr="donnez l'URL du catalogue, par exemple http://127.0.0.1:8000/catalog",
        en="give the catalogue's URL, e.g. http://127.0.0.1:8000/catalog"),
    "command.submit-locked": T(
        fr="un autre processus pvgraph (pid {pid}) écrit les contributions dans {directory}",
        en="another pvgraph process (pid {pid}) is writing the submissions in {directory}"),
    "command.submit-locked.hint": T(
        fr="un serveur tourne sans doute : contribuez par lui (POST /submissions), ou arrêtez-le d'abord",
        en="a server is probably running: submit through it (POST /submissions), or stop it first"),
    # The stewards' tokens (pvgraph.stewards, pvgraph tokens, pvgraph submit): errors and their hints
    "token.bad-name": T(
        fr="{name!r} n'est pas un nom de jeton",
        en="{name!r} is not a token name"),
    "token.bad-name.hint": T(
        fr="des minuscules, des chiffres et des tirets, par exemple `commune-val-de-brume`",
        en="lower-case letters, digits and hyphens, e.g. `commune-val-de-brume`"),
    "token.exists": T(
        fr="il y a déjà un jeton nommé {name!r}",
        en="there is already a token named {name!r}"),
    "token.exists.hint": T(
        fr="révoquez-le d'abord (`pvgraph tokens revoke {name}`) pour en donner un nouveau",
        en="revoke it first (`pvgraph tokens revoke {name}`) to give it a new one"),
    "token.no-such": T(
        fr="il n'y a pas de jeton actif nommé {name!r}",
        en="there is no active token named {name!r}"),
    "token.no-such.hint": T(
        fr="`pvgraph tokens list` montre les jetons ; `pvgraph tokens add` en ajoute un",
        en="`pvgraph tokens list` shows the tokens; `pvgraph tokens add` adds one"),
    "token.file-unreadable": T(
        fr="le fichier des jetons {path} ne se lit pas : {reason}",
        en="the tokens file {path} cannot be read: {reason}"),
    "token.file-unreadable.hint": T(
        fr="restaurez-le depuis une sauvegarde, ou supprimez-le et ajoutez de nouveau les jetons",
        en="restore it from a backup, or remove it and add the tokens again"),
    "token.bad-siren": T(
        fr="{authority!r} n'est pas un SIREN valide (neuf chiffres, le dernier étant une clé de contrôle)",
        en="{authority!r} is not a valid SIREN (nine digits, the last one a check digit)"),
    "token.bad-siren.hint": T(
        fr="copiez-le depuis l'annuaire Sirene (annuaire-entreprises.data.gouv.fr)",
        en="copy it from the Sirene directory (annuaire-entreprises.data.gouv.fr)"),
    "token.bad-authority": T(
        fr="{authority!r} n'est ni un SIREN ni une IRI",
        en="{authority!r} is neither a SIREN nor an IRI"),
    "token.bad-authority.hint": T(
        fr="donnez le SIREN de la collectivité (par exemple 200000172) ou son IRI dans le référentiel",
        en="give the authority's SIREN (e.g. 200000172) or its referential IRI"),
    # Settings and the files pvgraph reads at start (pvgraph.settings, the shapes): errors and their hints
    "setting.bad-toml": T(
        fr="le fichier de réglages n'est pas du TOML valide : {reason}",
        en="the settings file is not valid TOML: {reason}"),
    "setting.bad-toml.hint": T(
        fr="corrigez {path} ou faites pointer PVGRAPH_SETTINGS_FILE ailleurs",
        en="fix {path} or point PVGRAPH_SETTINGS_FILE elsewhere"),
    "setting.invalid": T(
        fr="réglage invalide : {problems}",
        en="invalid setting: {problems}"),
    "setting.invalid.hint": T(
        fr="voyez `pvgraph settings` et docs/settings.md pour les réglages et leurs types",
        en="see `pvgraph settings` and docs/settings.md for the settings and their types"),
    "setting.no-shapes": T(
        fr="aucune forme SHACL dans {directory}",
        en="no shapes found in {directory}"),
    "setting.no-shapes.hint": T(
        fr="lancez pvgraph depuis le dépôt, ou réglez PVGRAPH_ROOT",
        en="run pvgraph from the repository, or set PVGRAPH_ROOT"),
    # Stores, embedded and remote (pvgraph.store): errors and their hints
    "store.not-found": T(
        fr="il n'y a pas de base à {path}",
        en="there is no store at {path}"),
    "store.not-found.hint": T(
        fr="construisez-la d'abord avec `pvgraph build` (ou `make build`)",
        en="build it first with `pvgraph build` (or `make build`)"),
    "store.unknown-engine": T(
        fr="store_engine inconnu : {name!r}",
        en="unknown store_engine {name!r}"),
    "store.unknown-engine.hint": T(
        fr="utilisez l'un de {choices}",
        en="use one of {choices}"),
    "store.unknown-auth": T(
        fr="store_auth inconnu : {auth!r}",
        en="unknown store_auth {auth!r}"),
    "store.unknown-auth.hint": T(
        fr="utilisez 'basic' ou 'digest'",
        en="use 'basic' or 'digest'"),
    "store.cannot-open": T(
        fr="impossible d'ouvrir la base {path} : {reason}",
        en="cannot open the store at {path}: {reason}"),
    "store.cannot-open.hint": T(
        fr="un autre processus pvgraph la tient peut-être ouverte (arrêtez-le), ou elle est abîmée (reconstruisez-la avec `pvgraph build --store DIR`, ou prenez une autre --store)",
        en="another pvgraph process may hold it open (stop it), or it is damaged (rebuild it with `pvgraph build --store DIR`, or use another --store)"),
    "store.query-failed": T(
        fr="la requête n'a pas pu être évaluée : {reason}",
        en="the query could not be evaluated: {reason}"),
    "store.query-failed.hint": T(
        fr="vérifiez les fonctions de la requête, ses appels SERVICE et les noms de graphes",
        en="check the query's functions, SERVICE calls and graph names"),
    "store.update-failed": T(
        fr="la mise à jour n'a pas pu être appliquée : {reason}",
        en="the update could not be applied: {reason}"),
    "store.update-failed.hint": T(
        fr="vérifiez la mise à jour",
        en="check the update"),
    "store.cannot-write-new": T(
        fr="impossible d'écrire la nouvelle base à côté de {path} : {reason}",
        en="cannot write the new store beside {path}: {reason}"),
    "store.cannot-write-new.hint": T(
        fr="vérifiez l'espace libre sur le disque et les droits du dossier",
        en="check the free disk space and the directory's permissions"),
    "store.cannot-retire": T(
        fr="impossible de mettre de côté l'ancienne base {path} : {reason}",
        en="cannot move the old store at {path} aside: {reason}"),
    "store.cannot-retire.hint": T(
        fr="l'ancienne base est intacte ; vérifiez les droits du dossier",
        en="the old store is unchanged; check the directory's permissions"),
    "store.cannot-swap": T(
        fr="impossible de mettre la nouvelle base à la place de {path} : {reason}",
        en="cannot put the new store in place of {path}: {reason}"),
    "store.cannot-swap.hint": T(
        fr="l'ancienne base est intacte ; vérifiez les droits du dossier",
        en="the old store is unchanged; check the directory's permissions"),
    "store.cannot-swap-nor-restore": T(
        fr="impossible de mettre la nouvelle base à la place de {path} ({reason}), ni de remettre l'ancienne ({again})",
        en="cannot put the new store in place of {path} ({reason}), nor the old one back ({again})"),
    "store.cannot-swap-nor-restore.hint": T(
        fr="rien n'est perdu : l'ancienne base est dans {retired} et la prochaine commande pvgraph qui ouvre la base la remet en place ; vérifiez les droits du dossier",
        en="nothing is lost: the old store is in {retired} and the next pvgraph command that opens the store puts it back; check the directory's permissions"),
    "store.gsp-timeout": T(
        fr="le Graph Store {url} n'a pas répondu à temps",
        en="the Graph Store {url} did not answer in time"),
    "store.gsp-timeout.hint": T(
        fr="réduisez la taille des paquets ou relevez query_timeout",
        en="lower the chunk size or raise query_timeout"),
    "store.gsp-unreachable": T(
        fr="impossible de joindre le Graph Store {url} : {reason}",
        en="cannot reach the Graph Store {url}: {reason}"),
    "store.gsp-unreachable.hint": T(
        fr="démarrez la base, ou vérifiez store_graph_store_url",
        en="start the store, or check store_graph_store_url"),
    "store.gsp-credentials": T(
        fr="le Graph Store {url} a refusé les identifiants (HTTP {status})",
        en="the Graph Store {url} refused the credentials (HTTP {status})"),
    "store.gsp-credentials.hint": T(
        fr="réglez store_user, store_password et store_auth",
        en="set store_user, store_password and store_auth"),
    "store.gsp-failed": T(
        fr="le Graph Store {url} a répondu HTTP {status} : {said}",
        en="the Graph Store {url} answered HTTP {status}: {said}"),
    "store.gsp-failed.hint": T(
        fr="vérifiez store_graph_store_url ({engine_hint})",
        en="check store_graph_store_url ({engine_hint})"),
    "store.partial": T(
        fr="le point d'accès SPARQL {url} a arrêté la {kind} à sa limite de temps et envoyé une réponse incomplète",
        en="the SPARQL endpoint {url} stopped the {kind} at its time limit and sent an incomplete answer"),
    "store.partial.hint": T(
        fr="restreignez la requête, ou relevez la limite de la base (Virtuoso : [SPARQL] MaxQueryExecutionTime, ou timeout= dans l'URL de la base)",
        en="narrow the query, or raise the store's limit (Virtuoso: [SPARQL] MaxQueryExecutionTime, or timeout= in the store URL)"),
    "store.refused": T(
        fr="le point d'accès SPARQL {url} a refusé la {kind} : {said}",
        en="the SPARQL endpoint {url} refused the {kind}: {said}"),
    "store.refused.hint": T(
        fr="corrigez la {kind} (le message du point d'accès est ci-dessus)",
        en="fix the {kind} (the endpoint's message is above)"),
    "store.credentials": T(
        fr="le point d'accès SPARQL {url} a refusé les identifiants pour la {kind} (HTTP 401)",
        en="the SPARQL endpoint {url} refused the credentials for the {kind} (HTTP 401)"),
    "store.credentials.hint": T(
        fr="réglez store_user et store_password (PVGRAPH_STORE_USER, PVGRAPH_STORE_PASSWORD) et store_auth ('digest' pour /sparql-auth de Virtuoso)",
        en="set store_user and store_password (PVGRAPH_STORE_USER, PVGRAPH_STORE_PASSWORD) and store_auth ('digest' for Virtuoso's /sparql-auth)"),
    "store.no-endpoint": T(
        fr="il n'y a pas de point d'accès SPARQL à {url} (HTTP 404)",
        en="there is no SPARQL endpoint at {url} (HTTP 404)"),
    "store.no-endpoint.hint": T(
        fr="vérifiez l'URL de --store ({engine_hint})",
        en="check the --store URL ({engine_hint})"),
    "store.time-limit": T(
        fr="le point d'accès SPARQL {url} a arrêté la {kind} à sa limite de temps : {said}",
        en="the SPARQL endpoint {url} stopped the {kind} at its time limit: {said}"),
    "store.time-limit.hint": T(
        fr="relevez la limite propre de la base (Virtuoso : [SPARQL] MaxQueryExecutionTime), ou abaissez le partition_threshold du raisonnement (docs/remote-stores.md)",
        en="raise the store's own limit (Virtuoso: [SPARQL] MaxQueryExecutionTime), or lower the reasoning's partition_threshold (docs/remote-stores.md)"),
    "store.update-failed-500": T(
        fr="le point d'accès SPARQL {url} a échoué sur la mise à jour (HTTP 500) : {said}",
        en="the SPARQL endpoint {url} failed on the update (HTTP 500): {said}"),
    "store.update-failed-500.hint": T(
        fr="si ce point d'accès est en lecture seule, réglez store_update_url sur le point d'accès de mise à jour de la base ({engine_hint})",
        en="if this endpoint is read-only, set store_update_url to the store's update endpoint ({engine_hint})"),
    "store.query-failed-500": T(
        fr="le point d'accès SPARQL {url} a échoué sur la requête (HTTP 500) : {said}",
        en="the SPARQL endpoint {url} failed on the query (HTTP 500): {said}"),
    "store.query-failed-500.hint": T(
        fr="lisez le journal de la base ; la requête est peut-être aussi trop coûteuse pour ses limites",
        en="read the store's log; the query may also be too costly for the store's limits"),
    "store.forbidden": T(
        fr="le point d'accès SPARQL {url} interdit cette {kind} (HTTP 403)",
        en="the SPARQL endpoint {url} forbids this {kind} (HTTP 403)"),
    "store.forbidden.hint": T(
        fr="envoyez les mises à jour à l'URL de mise à jour authentifiée de la base, store_update_url ({engine_hint})",
        en="send updates to the store's authenticated update URL, store_update_url ({engine_hint})"),
    "store.http-status": T(
        fr="le point d'accès SPARQL {url} a répondu HTTP {status} à la {kind}",
        en="the SPARQL endpoint {url} answered HTTP {status} to the {kind}"),
    "store.http-status.hint": T(
        fr="vérifiez que l'URL est bien celle d'un point d'accès SPARQL 1.1 et qu'il est en marche",
        en="check that the URL is a SPARQL 1.1 endpoint and that it is up"),
    "store.timeout": T(
        fr="le point d'accès SPARQL {url} n'a pas répondu à la {kind} en {seconds} s",
        en="the SPARQL endpoint {url} did not answer the {kind} within {seconds} s"),
    "store.timeout.hint": T(
        fr="simplifiez la requête ou relevez query_timeout",
        en="simplify the query or raise query_timeout"),
    "store.unreachable": T(
        fr="impossible de joindre le point d'accès SPARQL {url} : {reason}",
        en="cannot reach the SPARQL endpoint {url}: {reason}"),
    "store.unreachable.hint": T(
        fr="démarrez la base, ou vérifiez l'URL de --store et le réseau",
        en="start the store, or check the --store URL and the network"),
    "store.failed": T(
        fr="le point d'accès SPARQL {url} a échoué sur la {kind} : {reason}",
        en="the SPARQL endpoint {url} failed on the {kind}: {reason}"),
    "store.failed.hint": T(
        fr="vérifiez la base et son journal",
        en="check the store and its log"),
    "store.not-json": T(
        fr="le point d'accès SPARQL {url} a envoyé des résultats qui ne sont pas du JSON SPARQL ({reason})",
        en="the SPARQL endpoint {url} sent results that are not SPARQL JSON ({reason})"),
    "store.not-json.hint": T(
        fr="vérifiez que l'URL est bien celle d'un point d'accès de requêtes SPARQL 1.1",
        en="check that the URL is a SPARQL 1.1 query endpoint"),
    "store.not-turtle": T(
        fr="le point d'accès SPARQL {url} a envoyé un graphe qui n'est pas du Turtle ({reason})",
        en="the SPARQL endpoint {url} sent a graph that is not Turtle ({reason})"),
    "store.not-turtle.hint": T(
        fr="vérifiez que l'URL est bien celle d'un point d'accès de requêtes SPARQL 1.1",
        en="check that the URL is a SPARQL 1.1 query endpoint"),
    # RDF and result formats (pvgraph.formats, negotiation, links): errors and their hints
    "format.unknown-rdf": T(
        fr="format RDF inconnu : {name!r}",
        en="unknown RDF format {name!r}"),
    "format.unknown-rdf.hint": T(
        fr="utilisez l'un de : {names}",
        en="use one of: {names}"),
    "format.unknown-result": T(
        fr="format de résultat inconnu : {name!r}",
        en="unknown result format {name!r}"),
    "format.unknown-result.hint": T(
        fr="utilisez l'un de : {names}",
        en="use one of: {names}"),
    "format.not-acceptable": T(
        fr="aucun des types de média demandés ({accept}) ne peut être produit ici",
        en="none of the requested media types ({accept}) can be produced here"),
    "format.not-acceptable.hint": T(
        fr="demandez l'un de : {offered}",
        en="ask for one of: {offered}"),
    "format.not-for-form": T(
        fr="format={value!r} ne peut pas être produit pour ce genre de requête",
        en="format={value!r} cannot be produced for this kind of query"),
    "format.not-for-form.hint": T(
        fr="utilisez l'un de : {names}",
        en="use one of: {names}"),
    "format.not-offered": T(
        fr="le format {asked!r} n'est pas proposé ici",
        en="the format {asked!r} is not offered here"),
    "format.not-offered.hint": T(
        fr="utilisez ?format= avec l'un de : html, ttl, jsonld, rdf, nt",
        en="use ?format= with one of: html, ttl, jsonld, rdf, nt"),
    # Dumps, the catalogue, the sitemap (pvgraph.publish, /catalog, /dumps/): errors and their hints
    "dump.not-ready": T(
        fr="les exports de cette version du graphe sont en cours d'écriture",
        en="the dumps of this version of the graph are being written"),
    "dump.not-ready.hint": T(
        fr="réessayez dans une minute (la première demande après un changement lance leur écriture)",
        en="try again in a minute (the first request after a change starts the generation)"),
    "dump.unknown": T(
        fr="il n'y a pas d'export nommé {name!r}",
        en="there is no dump named {name!r}"),
    "dump.unknown.hint": T(
        fr="GET /dumps/ énumère les exports de la version actuelle",
        en="GET /dumps/ lists the dumps of the current version"),
    "catalogue.unknown-profile": T(
        fr="il n'y a pas de profil de catalogue nommé {name!r}",
        en="there is no catalogue profile named {name!r}"),
    "catalogue.unknown-profile.hint": T(
        fr="utilisez l'un de : {names} (par défaut : {default})",
        en="use one of: {names} (default: {default})"),
    "catalogue.unknown-dataset": T(
        fr="il n'y a pas de jeu de données nommé {name!r}",
        en="there is no dataset named {name!r}"),
    "catalogue.unknown-dataset.hint": T(
        fr="GET /catalog énumère les jeux de données",
        en="GET /catalog lists the datasets"),
    "catalogue.unknown-format": T(
        fr="pas de catalogue au format {ext!r}",
        en="no catalogue in format {ext!r}"),
    "catalogue.unknown-format.hint": T(
        fr="utilisez l'un de : {urls}",
        en="use one of: {urls}"),
    "catalogue.no-file": T(
        fr="il n'y a pas de {name}",
        en="there is no {name}"),
    "catalogue.no-file.hint": T(
        fr="voyez GET /sitemap.xml",
        en="see GET /sitemap.xml"),
    # Building the graph (pvgraph build): errors and their hints
    "build.nonconformant": T(
        fr="{directory}/ n'est pas conforme aux formes ; rien n'a été construit",
        en="{directory}/ does not conform to the shapes; nothing was built"),
    "build.nonconformant.hint": T(
        fr="corrigez les données (détails ci-dessous), ou lancez `pvgraph validate` sur les fichiers\n{report}",
        en="fix the data (details below), or run `pvgraph validate` on the files\n{report}"),
    "build.inconsistent": T(
        fr="le graphe est incohérent ({count} problème(s)) ; rien n'a été construit",
        en="the graph is inconsistent ({count} problem(s)); nothing was built"),
    "build.inconsistent.hint": T(
        fr="corrigez les données ou l'ontologie :\n{listing}",
        en="fix the data or the ontology:\n{listing}"),
    # The referential package (pvgraph.referential): errors and their hints
    "referential.missing-file": T(
        fr="le paquet du référentiel n'a pas de {name} dans {directory}",
        en="the referential package has no {name} in {directory}"),
    "referential.missing-file.hint": T(
        fr="indiquez le dossier data/ de `npm pack {package}@{version}`",
        en="point to the data/ folder of `npm pack {package}@{version}`"),
    "referential.bad-json": T(
        fr="{name} n'est pas du JSON valide : {reason}",
        en="{name} is not valid JSON: {reason}"),
    "referential.bad-json.hint": T(
        fr="extrayez de nouveau le paquet",
        en="re-extract the package"),
    # Resources by IRI (pvgraph.resources, the linked-data pages): errors and their hints
    "iri.bad-iri": T(
        fr="{iri!r} n'est pas une IRI valide : {reason}",
        en="{iri!r} is not a valid IRI: {reason}"),
    "iri.bad-iri.hint": T(
        fr="donnez une IRI absolue sans espaces, guillemets ni chevrons",
        en="give an absolute IRI without spaces, quotes or angle brackets"),
    "iri.unknown": T(
        fr="le graphe ne dit rien de <{iri}>",
        en="the graph says nothing about <{iri}>"),
    "iri.unknown.hint": T(
        fr="vérifiez l'IRI, ou cherchez dans le graphe avec le point d'accès SPARQL /sparql",
        en="check the IRI, or search the graph with the SPARQL endpoint at /sparql"),
    # The SPARQL 1.1 Graph Store protocol (/store): errors and their hints
    "gsp.both": T(
        fr="donnez ?default ou ?graph=, pas les deux",
        en="give either ?default or ?graph=, not both"),
    "gsp.both.hint": T(
        fr="désignez un seul graphe",
        en="name one graph"),
    "gsp.several": T(
        fr="donnez un seul ?graph=",
        en="give one ?graph= only"),
    "gsp.several.hint": T(
        fr="désignez un graphe par demande",
        en="name one graph per request"),
    "gsp.no-graph": T(
        fr="le Graph Store demande ?graph=IRI ou ?default",
        en="the Graph Store needs ?graph=IRI or ?default"),
    "gsp.no-graph.hint": T(
        fr="par exemple /store?graph=https://w3id.org/pvgraph/graph/study",
        en="for example /store?graph=https://w3id.org/pvgraph/graph/study"),
    "gsp.method": T(
        fr="le Graph Store n'accepte pas la méthode {method}",
        en="the Graph Store does not accept {method}"),
    "gsp.method.hint": T(
        fr="utilisez {methods}",
        en="use {methods}"),
    "gsp.no-such-graph": T(
        fr="il n'y a pas de graphe <{graph}> dans la base",
        en="there is no graph <{graph}> in the store"),
    "gsp.no-such-graph.hint": T(
        fr="GET /sparql énumère les graphes dans sa description du service",
        en="GET /sparql lists the graphs in its service description"),
    "gsp.nothing-to-delete": T(
        fr="il n'y a pas de graphe <{graph}> à supprimer",
        en="there is no graph <{graph}> to delete"),
    "gsp.nothing-to-delete.hint": T(
        fr="vérifiez l'IRI du graphe",
        en="check the graph's IRI"),
    "gsp.not-an-iri": T(
        fr="{value!r} n'est pas une IRI : {reason}",
        en="{value!r} is not an IRI: {reason}"),
    "gsp.not-an-iri.hint": T(
        fr="donnez une IRI absolue, encodée pour une URL",
        en="give an absolute IRI, URL-encoded"),
    "gsp.not-absolute": T(
        fr="{value!r} n'est pas une IRI absolue",
        en="{value!r} is not an absolute IRI"),
    "gsp.not-absolute.hint": T(
        fr="donnez une IRI absolue, encodée pour une URL",
        en="give an absolute IRI, URL-encoded"),
    # The framework's own answers (an unknown address, a method, a parameter; a bug): errors and their hints
    "framework.not-found": T(
        fr="il n'y a rien à l'adresse {path}",
        en="there is nothing at {path}"),
    "framework.not-found.hint": T(
        fr="voyez la page d'accueil (/) ou l'API (/-/docs)",
        en="see the home page (/) or the API (/-/docs)"),
    "framework.method-not-allowed": T(
        fr="{path} n'accepte pas la méthode {method}",
        en="{path} does not accept {method}"),
    "framework.method-not-allowed.hint": T(
        fr="utilisez {allowed}",
        en="use {allowed}"),
    "framework.method-not-listed": T(
        fr="{path} n'accepte pas la méthode {method}",
        en="{path} does not accept {method}"),
    "framework.method-not-listed.hint": T(
        fr="voyez l'API (/-/docs)",
        en="see the API (/-/docs)"),
    "framework.invalid-request": T(
        fr="les paramètres de la demande ne conviennent pas : {problems}",
        en="the request's parameters are not right: {problems}"),
    "framework.invalid-request.hint": T(
        fr="voyez dans l'API (/-/docs) les paramètres de chaque route",
        en="see the API (/-/docs) for each route's parameters"),
    "framework.internal-error": T(
        fr="erreur interne : c'est un défaut de pvgraph ; il a été consigné dans le journal",
        en="internal error: this is a bug in pvgraph; it has been logged"),
    "framework.internal-error.hint": T(
        fr="réessayez plus tard, ou signalez-le aux exploitants du service",
        en="try again later, or report it to the service's operators"),
    "submission.store-refused": T(
        fr="la base a refusé d'enregistrer la contribution : {said}",
        en="the store refused to record the submission: {said}"),
    "submission.store-refused.hint": T(
        fr="rien n'a été gardé ; signalez-le aux exploitants du service (le message de la base est ci-dessus)",
        en="nothing was kept; report this to the service's operators (the store's message is above)"),
    # The spreadsheet route's own addresses (/template.*, /schemas/, a submission's files): errors and their hints
    "spreadsheet.no-template": T(
        fr="pas de modèle /template.{extension}",
        en="no template /template.{extension}"),
    "spreadsheet.no-template.hint": T(
        fr="le modèle est à /template.xlsx, /template.ods et /template.zip",
        en="the template is at /template.xlsx, /template.ods and /template.zip"),
    "spreadsheet.no-template-format": T(
        fr="pas de modèle au format {extension!r}",
        en="no template format {extension!r}"),
    "spreadsheet.no-template-format.hint": T(
        fr="utilisez .xlsx, .ods ou .zip",
        en="use .xlsx, .ods or .zip"),
    "spreadsheet.no-schema": T(
        fr="pas de Table Schema nommé {name!r}",
        en="no Table Schema named {name!r}"),
    "spreadsheet.no-schema.hint": T(
        fr="les schémas sont énumérés à /schemas/ : {names}",
        en="the schemas are listed at /schemas/: {names}"),
    "spreadsheet.no-file": T(
        fr="la contribution {id} n'a pas de fichier {index}",
        en="submission {id} has no file {index}"),
    "spreadsheet.no-file.hint": T(
        fr="ses fichiers sont numérotés de 0 à {last}",
        en="its files are numbered 0 to {last}"),
    "spreadsheet.file-gone": T(
        fr="le fichier {index} de la contribution {id} n'est plus gardé",
        en="the file {index} of submission {id} is no longer kept"),
    "spreadsheet.file-gone.hint": T(
        fr="une contribution retirée ou remplacée garde sa fiche, pas ses fichiers",
        en="a withdrawn or replaced submission keeps its record, not its files"),
    "spreadsheet.files-gone": T(
        fr="les fichiers de la contribution {id} ne sont plus gardés",
        en="the files of submission {id} are no longer kept"),
    "spreadsheet.files-gone.hint": T(
        fr="une contribution retirée ou remplacée garde sa fiche, pas ses fichiers",
        en="a withdrawn or replaced submission keeps its record, not its files"),
    # The HTML pages' interface words, by page (page.common.*: the words several pages share); a
    # template asks for one with say('page.…')
    # base
    "page.base.code-under-the-mit-licence": T(
        fr="code sous licence MIT, données sous Licence Ouverte 2.0.",
        en="code under the MIT licence, data under the Licence Ouverte 2.0."),
    "page.base.main-navigation": T(
        fr="Navigation principale",
        en="Main navigation"),
    "page.base.open-knowledge-graph-how-french": T(
        fr="Graphe de connaissances ouvert : comment les territoires français créent de la valeur publique avec leurs politiques numériques.",
        en="Open knowledge graph: how French territories create public value with their digital policies."),
    "page.base.public-value-of-local-digital": T(
        fr="Valeur publique du numérique territorial",
        en="Public value of local digital policies"),
    "page.base.skip-to-content": T(
        fr="Aller au contenu",
        en="Skip to content"),
    "page.base.sparql-endpoint": T(
        fr="Point d’accès SPARQL",
        en="SPARQL endpoint"),
    # catalog
    "page.catalog.catalogue-profiles-give-the-harvesting": T(
        fr="Profils du catalogue (à donner au portail qui le moissonne) :",
        en="Catalogue profiles (give the harvesting portal its own):"),
    "page.catalog.data-catalogue": T(
        fr="Catalogue des données",
        en="Data catalogue"),
    "page.catalog.dcat-ap-catalogue": T(
        fr="Catalogue DCAT-AP",
        en="DCAT-AP catalogue"),
    "page.catalog.open-licence-2-0": T(
        fr="Licence Ouverte 2.0",
        en="Open Licence 2.0"),
    "page.catalog.the-whole-graph-as-downloadable": T(
        fr="Tout le graphe, en fichiers à télécharger : chaque fichier a sa licence, sa taille et sa somme de contrôle SHA-256. Les portails (data.gouv.fr, data.europa.eu, CKAN) moissonnent ce catalogue au format DCAT-AP 3.",
        en="The whole graph as downloadable files: each file has its licence, size and SHA-256 checksum. Portals (data.gouv.fr, data.europa.eu, CKAN) harvest this catalogue as DCAT-AP 3."),
    # common
    "page.common.answer": T(
        fr="Réponse",
        en="Answer"),
    "page.common.answer-cut-at-the-row": T(
        fr="réponse coupée à la limite de lignes",
        en="answer cut at the row limit"),
    "page.common.bytes": T(
        fr="octets",
        en="bytes"),
    "page.common.file": T(
        fr="fichier",
        en="file"),
    "page.common.format": T(
        fr="format",
        en="format"),
    "page.common.graph": T(
        fr="Graphe",
        en="Graph"),
    "page.common.identifier": T(
        fr="Identifiant",
        en="Identifier"),
    "page.common.licence": T(
        fr="Licence",
        en="Licence"),
    "page.common.named-graphs": T(
        fr="Graphes nommés",
        en="Named graphs"),
    "page.common.named-questions": T(
        fr="Questions nommées",
        en="Named questions"),
    "page.common.no": T(
        fr="non",
        en="no"),
    "page.common.ontology": T(
        fr="Ontologie",
        en="Ontology"),
    "page.common.open-in-the-editor": T(
        fr="ouvrir dans l’éditeur",
        en="open in the editor"),
    "page.common.query-editor": T(
        fr="Éditeur de requêtes",
        en="Query editor"),
    "page.common.results": T(
        fr="Résultats",
        en="Results"),
    "page.common.row-s": T(
        fr="ligne(s)",
        en="row(s)"),
    "page.common.triples": T(
        fr="triplets",
        en="triples"),
    "page.common.validate-a-file": T(
        fr="Valider un fichier",
        en="Validate a file"),
    "page.common.yes": T(
        fr="oui",
        en="yes"),
    # dataset-body
    "page.dataset-body.files": T(
        fr="Fichiers",
        en="Files"),
    "page.dataset-body.france-metropolitan-and-overseas": T(
        fr="France (métropole et outre-mer)",
        en="France (metropolitan and overseas)"),
    "page.dataset-body.keywords": T(
        fr="Mots-clés",
        en="Keywords"),
    "page.dataset-body.named-graph-s": T(
        fr="Graphe(s) nommé(s)",
        en="Named graph(s)"),
    "page.dataset-body.named-questions-over-the-whole": T(
        fr="Questions nommées (sur tout le graphe)",
        en="Named questions (over the whole graph)"),
    "page.dataset-body.open-licence-2-0-etalab": T(
        fr="Licence Ouverte 2.0 (Etalab)",
        en="Open Licence 2.0 (Etalab)"),
    "page.dataset-body.query-with-sparql": T(
        fr="Interroger en SPARQL",
        en="Query with SPARQL"),
    "page.dataset-body.run-it-in-the-editor": T(
        fr="Lancer dans l’éditeur",
        en="Run it in the editor"),
    "page.dataset-body.sparql-1-1-endpoint": T(
        fr="Point d’accès SPARQL 1.1 :",
        en="SPARQL 1.1 endpoint:"),
    "page.dataset-body.spatial-coverage": T(
        fr="Couverture géographique",
        en="Spatial coverage"),
    "page.dataset-body.time-covered": T(
        fr="Période couverte",
        en="Time covered"),
    "page.dataset-body.updated": T(
        fr="Mise à jour",
        en="Updated"),
    "page.dataset-body.version": T(
        fr="Version",
        en="Version"),
    # dataset-static
    "page.dataset-static.the-dcat-ap-catalogue": T(
        fr="Le catalogue DCAT-AP",
        en="The DCAT-AP catalogue"),
    # dataset
    "page.dataset.the-whole-catalogue": T(
        fr="Tout le catalogue",
        en="The whole catalogue"),
    # editor
    "page.editor.keyboard-in-the-editor-tab": T(
        fr="Au clavier : dans l’éditeur, Tab indente la requête ; pour en sortir, appuyez sur Échap puis Tab (ou Maj+Tab pour revenir en arrière). Ctrl+Entrée exécute la requête.",
        en="Keyboard: in the editor, Tab indents the query; to leave it, press Escape then Tab (or Shift+Tab to go back). Ctrl+Enter runs the query."),
    "page.editor.one-click-asks-the-question": T(
        fr="Un clic pose la question : elle s’ouvre dans un nouvel onglet de l’éditeur, avec ses résultats.",
        en="One click asks the question: it opens in a new tab of the editor, with its results."),
    "page.editor.pick-a-named-question-to": T(
        fr="Choisissez une question nommée pour la poser telle quelle, ou écrivez votre requête. Les requêtes sont envoyées au point d’accès",
        en="Pick a named question to ask it as it is, or write your own query. Queries go to the endpoint"),
    "page.editor.run": T(
        fr="Exécuter",
        en="Run"),
    "page.editor.select-ask-construct-or-describe": T(
        fr="SELECT, ASK, CONSTRUCT ou DESCRIBE ; les préfixes usuels doivent être déclarés.",
        en="SELECT, ASK, CONSTRUCT or DESCRIBE; declare the prefixes you use."),
    "page.editor.sparql-query": T(
        fr="Requête SPARQL",
        en="SPARQL query"),
    "page.editor.sparql-query-editor": T(
        fr="Éditeur de requêtes SPARQL",
        en="SPARQL query editor"),
    "page.editor.the-query-failed": T(
        fr="La requête n’a pas abouti.",
        en="The query failed."),
    "page.editor.your-query": T(
        fr="Votre requête",
        en="Your query"),
    # error
    "page.error.back-to-the-home-page": T(
        fr="Retour à l’accueil",
        en="Back to the home page"),
    # home
    "page.home.a-few-questions": T(
        fr="Quelques questions",
        en="A few questions"),
    "page.home.all-the-questions": T(
        fr="Toutes les questions",
        en="All the questions"),
    "page.home.ask-the-named-questions-in": T(
        fr="Posez les questions nommées en un clic, ou écrivez votre requête SPARQL.",
        en="Ask the named questions in one click, or write your own SPARQL query."),
    "page.home.catalogue": T(
        fr="Catalogue",
        en="Catalogue"),
    "page.home.check-your-data-spreadsheet-or": T(
        fr="Vérifiez vos données (tableur ou RDF) contre les formes SHACL du projet.",
        en="Check your data (spreadsheet or RDF) against the project’s SHACL shapes."),
    "page.home.class": T(
        fr="Classe",
        en="Class"),
    "page.home.classes-properties-and-vocabularies-in": T(
        fr="Classes, propriétés et vocabulaires, en français et en anglais.",
        en="Classes, properties and vocabularies, in French and English."),
    "page.home.count": T(
        fr="Nombre",
        en="Count"),
    "page.home.data-downloads": T(
        fr="Données à télécharger",
        en="Data downloads"),
    "page.home.home": T(
        fr="Accueil",
        en="Home"),
    "page.home.schemas": T(
        fr="schémas",
        en="schemas"),
    "page.home.spreadsheet-template": T(
        fr="Modèle de tableur",
        en="Spreadsheet template"),
    "page.home.the-dcat-ap-catalogue-of": T(
        fr="Le catalogue DCAT-AP des jeux de données.",
        en="The DCAT-AP catalogue of the datasets."),
    "page.home.the-graph-is-empty-run": T(
        fr="Le graphe est vide : lancez « make build » (ou « pvgraph build »).",
        en="The graph is empty: run \"make build\" (or \"pvgraph build\")."),
    "page.home.the-public-value-of-local": T(
        fr="La valeur publique du numérique territorial, en données ouvertes",
        en="The public value of local digital policies, as open data"),
    "page.home.the-studys-competency-questions-with": T(
        fr="Les questions de compétence de l’étude, avec leurs paramètres.",
        en="The study’s competency questions, with their parameters."),
    "page.home.the-template-to-fill-to": T(
        fr="Le modèle à remplir pour contribuer : ",
        en="The template to fill to contribute: "),
    "page.home.the-whole-graph-as-n": T(
        fr="Le graphe entier en N-Quads, TriG, Turtle ou JSON-LD.",
        en="The whole graph as N-Quads, TriG, Turtle or JSON-LD."),
    "page.home.triples": T(
        fr="Triplets",
        en="Triples"),
    "page.home.triples-per-named-graph": T(
        fr="Triplets par graphe nommé",
        en="Triples per named graph"),
    "page.home.what-the-graph-holds": T(
        fr="Ce que contient le graphe",
        en="What the graph holds"),
    "page.home.where-to-start": T(
        fr="Par où commencer",
        en="Where to start"),
    # macros
    "page.macros.deduced-by-the-reasoner-from": T(
        fr="Déduit par le raisonneur à partir de l’ontologie, non affirmé par les sources",
        en="Deduced by the reasoner from the ontology, not stated by the sources"),
    "page.macros.inferred": T(
        fr="inféré",
        en="inferred"),
    "page.macros.other-formats": T(
        fr="Autres formats",
        en="Other formats"),
    # not-found
    "page.not-found.check-the-address-or-search": T(
        fr="Vérifiez l’adresse, ou cherchez dans le graphe :",
        en="Check the address, or search the graph:"),
    "page.not-found.home-page": T(
        fr="page d’accueil",
        en="home page"),
    "page.not-found.ontology-documentation": T(
        fr="documentation de l’ontologie",
        en="ontology documentation"),
    "page.not-found.sparql-query-editor": T(
        fr="éditeur de requêtes SPARQL",
        en="SPARQL query editor"),
    "page.not-found.the-graph-says-nothing-about": T(
        fr="Le graphe ne dit rien de cette IRI :",
        en="The graph says nothing about this IRI:"),
    "page.not-found.unknown-resource": T(
        fr="Ressource inconnue",
        en="Unknown resource"),
    # ontology
    "page.ontology.broader-concept": T(
        fr="Concept plus large",
        en="Broader concept"),
    "page.ontology.characteristics": T(
        fr="Caractéristiques",
        en="Characteristics"),
    "page.ontology.class-hierarchy": T(
        fr="Hiérarchie des classes",
        en="Class hierarchy"),
    "page.ontology.classes": T(
        fr="classes",
        en="classes"),
    "page.ontology.concept-schemes": T(
        fr="Schémas de concepts",
        en="Concept schemes"),
    "page.ontology.concept-schemes-2": T(
        fr="schémas de concepts",
        en="concept schemes"),
    "page.ontology.concepts": T(
        fr="concepts",
        en="concepts"),
    "page.ontology.concepts-of-the-scheme": T(
        fr="Concepts du schéma",
        en="Concepts of the scheme"),
    "page.ontology.content": T(
        fr="Contenu",
        en="Content"),
    "page.ontology.contents": T(
        fr="Sommaire",
        en="Contents"),
    "page.ontology.definition": T(
        fr="Définition",
        en="Definition"),
    "page.ontology.definition-french": T(
        fr="Définition (anglais)",
        en="Definition (French)"),
    "page.ontology.domain": T(
        fr="Domaine",
        en="Domain"),
    "page.ontology.equivalent-to": T(
        fr="Équivalent à",
        en="Equivalent to"),
    "page.ontology.in-the-graph": T(
        fr="Dans le graphe",
        en="In the graph"),
    "page.ontology.inverse": T(
        fr="Inverse",
        en="Inverse"),
    "page.ontology.labels": T(
        fr="Libellés",
        en="Labels"),
    "page.ontology.modified": T(
        fr="Modifiée le",
        en="Modified"),
    "page.ontology.namespace": T(
        fr="Espace de noms",
        en="Namespace"),
    "page.ontology.narrower-concepts": T(
        fr="Concepts plus précis",
        en="Narrower concepts"),
    "page.ontology.notation": T(
        fr="Notation",
        en="Notation"),
    "page.ontology.properties": T(
        fr="propriétés",
        en="properties"),
    "page.ontology.range": T(
        fr="Portée",
        en="Range"),
    "page.ontology.scheme": T(
        fr="Schéma",
        en="Scheme"),
    "page.ontology.subclass-of": T(
        fr="Sous-classe de",
        en="Subclass of"),
    "page.ontology.subclasses": T(
        fr="Sous-classes",
        en="Subclasses"),
    "page.ontology.subproperties": T(
        fr="Sous-propriétés",
        en="Subproperties"),
    "page.ontology.subproperty-of": T(
        fr="Sous-propriété de",
        en="Subproperty of"),
    "page.ontology.the-things-of-this-class": T(
        fr="les choses de cette classe",
        en="the things of this class"),
    "page.ontology.what-refers-to-it": T(
        fr="ce qui y renvoie",
        en="what refers to it"),
    "page.ontology.what-the-graph-says-of": T(
        fr="ce que le graphe en dit",
        en="what the graph says of it"),
    # queries
    "page.queries.ask-it": T(
        fr="poser la question",
        en="ask it"),
    "page.queries.default": T(
        fr="par défaut",
        en="default"),
    "page.queries.each-question-is-a-ready": T(
        fr="Chaque question est une requête SPARQL prête à l’emploi. Posez-la, ouvrez-la dans l’éditeur, ou téléchargez ses résultats (JSON, CSV, TSV, XML) ; les paramètres se donnent dans l’adresse, par exemple ?year=2022.",
        en="Each question is a ready-made SPARQL query. Ask it, open it in the editor, or download its results (JSON, CSV, TSV, XML); parameters go in the address, for example ?year=2022."),
    "page.queries.parameters": T(
        fr="Paramètres",
        en="Parameters"),
    "page.queries.questions": T(
        fr="Questions",
        en="Questions"),
    "page.queries.results": T(
        fr="résultats",
        en="results"),
    # query
    "page.query.all-questions": T(
        fr="toutes les questions",
        en="all questions"),
    "page.query.ask": T(
        fr="Poser la question",
        en="Ask"),
    "page.query.download-this-page": T(
        fr="télécharger cette page",
        en="download this page"),
    "page.query.first-page": T(
        fr="première page",
        en="first page"),
    "page.query.next-page": T(
        fr="page suivante",
        en="next page"),
    "page.query.previous-page": T(
        fr="page précédente",
        en="previous page"),
    "page.query.result-pages": T(
        fr="Pages de résultats",
        en="Result pages"),
    "page.query.rows": T(
        fr="Lignes",
        en="Rows"),
    "page.query.rows-per-page": T(
        fr="Lignes par page",
        en="Rows per page"),
    "page.query.the-sparql-query-asked": T(
        fr="La requête SPARQL posée",
        en="The SPARQL query asked"),
    # resource
    "page.resource.illustrative-data-this-example-is": T(
        fr="Donnée illustrative : cet exemple est fictif, il ne décrit aucun territoire réel.",
        en="Illustrative data: this example is fictional and describes no real territory."),
    "page.resource.incoming-links": T(
        fr="Liens entrants",
        en="Incoming links"),
    "page.resource.no-property": T(
        fr="Aucune propriété.",
        en="No property."),
    "page.resource.only-the-first-ones-are": T(
        fr="les premières seulement sont montrées.",
        en="only the first ones are shown."),
    "page.resource.properties": T(
        fr="Propriétés",
        en="Properties"),
    "page.resource.there-are": T(
        fr="Il y en a",
        en="There are"),
    "page.resource.these-resources-point-to-this": T(
        fr="Ces ressources pointent vers celle-ci par la propriété indiquée.",
        en="These resources point to this one through the property shown."),
    "page.resource.this-resource-has-more-links": T(
        fr="Cette ressource a plus de liens que cette page n’en montre ; le point d’accès SPARQL les donne tous.",
        en="This resource has more links than this page shows; the SPARQL endpoint gives them all."),
    "page.resource.types": T(
        fr="Types",
        en="Types"),
    # submitted
    "page.submitted.by": T(
        fr="Par",
        en="By"),
    "page.submitted.file-sent": T(
        fr="fichier envoyé",
        en="file sent"),
    "page.submitted.files-kept": T(
        fr="Fichiers conservés",
        en="Files kept"),
    "page.submitted.on": T(
        fr="Le",
        en="On"),
    "page.submitted.query-the-graph-named-questions": T(
        fr="Interroger le graphe : questions nommées",
        en="Query the graph: named questions"),
    "page.submitted.rdf-made-from-the-spreadsheet": T(
        fr="RDF produit à partir du tableur",
        en="RDF made from the spreadsheet"),
    "page.submitted.submission-accepted": T(
        fr="Soumission acceptée",
        en="Submission accepted"),
    "page.submitted.submission-status-json": T(
        fr="État de la soumission (JSON)",
        en="Submission status (JSON)"),
    "page.submitted.the-data-conforms-and-has": T(
        fr="Les données sont conformes et ont été ajoutées au graphe",
        en="The data conforms and has been added to the graph"),
    "page.submitted.the-submissions-data-in-the": T(
        fr="Les données de la soumission dans le modèle (.xlsx)",
        en="The submission’s data in the template (.xlsx)"),
    "page.submitted.validate-another-file": T(
        fr="Valider un autre fichier",
        en="Validate another file"),
    # validate
    "page.validate.1-download-the-template": T(
        fr="1. Téléchargez le modèle",
        en="1. Download the template"),
    "page.validate.2-send-the-filled-file": T(
        fr="2. Envoyez le fichier rempli",
        en="2. Send the filled file"),
    "page.validate.csv-files-zip-with-the": T(
        fr="Fichiers CSV (.zip, avec les schémas)",
        en="CSV files (.zip, with the schemas)"),
    "page.validate.excel-template-xlsx": T(
        fr="Modèle Excel (.xlsx)",
        en="Excel template (.xlsx)"),
    "page.validate.file-to-validate": T(
        fr="Fichier à valider",
        en="File to validate"),
    "page.validate.libreoffice-template-ods": T(
        fr="Modèle LibreOffice (.ods)",
        en="LibreOffice template (.ods)"),
    "page.validate.one-sheet-per-kind-of": T(
        fr="Une feuille par genre d’enregistrement (organisations, adhésions, projets, politiques, objectifs, actions, énoncés de valeur…), une aide par colonne et des listes déroulantes :",
        en="One sheet per kind of record (organisations, memberships, projects, policies, objectives, actions, value statements…), help for every column and drop-down lists:"),
    "page.validate.send-a-spreadsheet-filled-from": T(
        fr="Envoyez un tableur rempli à partir du modèle, ou un fichier RDF : il est vérifié contre les formes SHACL de pvgraph, et le rapport dit, en français, ce qui manque ou ne va pas — feuille, ligne et colonne pour un tableur. Une simple validation ne conserve rien.",
        en="Send a spreadsheet filled from the template, or an RDF file: it is checked against pvgraph’s SHACL shapes, and the report says what is missing or wrong — sheet, row and column for a spreadsheet. Validating alone keeps nothing."),
    "page.validate.spreadsheet-xlsx-ods-csv-or": T(
        fr="Tableur (.xlsx, .ods, .csv ou .zip de CSV) ou RDF : Turtle (.ttl), TriG (.trig), N-Triples (.nt), N-Quads (.nq), RDF/XML (.rdf) ou JSON-LD (.jsonld) ; le format est reconnu au contenu.",
        en="Spreadsheet (.xlsx, .ods, .csv or a .zip of CSV files) or RDF: Turtle (.ttl), TriG (.trig), N-Triples (.nt), N-Quads (.nq), RDF/XML (.rdf) or JSON-LD (.jsonld); the format is recognised by its content."),
    "page.validate.submission-token-to-submit": T(
        fr="Jeton de soumission (pour soumettre)",
        en="Submission token (to submit)"),
    "page.validate.submit": T(
        fr="Soumettre",
        en="Submit"),
    "page.validate.table-schemas-of-the-sheets": T(
        fr="Schémas Table Schema des feuilles (Validata, frictionless)",
        en="Table Schemas of the sheets (Validata, frictionless)"),
    "page.validate.the-token-the-services-operator": T(
        fr="Le jeton que l’exploitant du service vous a remis. Une fois le rapport sans erreur, « Soumettre » enregistre les données dans le graphe.",
        en="The token the service’s operator gave you. Once the report has no error, “Submit” stores the data in the graph."),
    "page.validate.validate": T(
        fr="Valider",
        en="Validate"),
    "page.queries.answers-come-in-pages": T(
        fr="Les réponses viennent par pages de {size} lignes : ?limit= fixe la taille de la page, ?offset= le nombre de lignes sautées ; l’en-tête HTTP Link (rel=\"next\") donne la page suivante.",
        en="Answers come in pages of {size} rows: ?limit= sets the page size, ?offset= the number of rows skipped; the HTTP Link header (rel=\"next\") gives the next page."),
    "page.ontology.section-classes": T(
        fr="Classes",
        en="Classes"),
    "page.ontology.section-object-properties": T(
        fr="Propriétés d’objet",
        en="Object properties"),
    "page.ontology.section-datatype-properties": T(
        fr="Propriétés de données",
        en="Datatype properties"),
    "page.ontology.section-annotation-properties": T(
        fr="Propriétés d’annotation",
        en="Annotation properties"),
    "page.ontology.section-concepts": T(
        fr="Concepts",
        en="Concepts"),
    "page.ontology.transitive": T(
        fr="transitive",
        en="transitive"),
    "page.ontology.symmetric": T(
        fr="symétrique",
        en="symmetric"),
    "page.ontology.functional": T(
        fr="fonctionnelle",
        en="functional"),
    "page.ontology.inverse-functional": T(
        fr="fonctionnelle inverse",
        en="inverse functional"),
    "page.ontology.asymmetric": T(
        fr="asymétrique",
        en="asymmetric"),
    "page.ontology.irreflexive": T(
        fr="irréflexive",
        en="irreflexive"),
    "page.ontology.reflexive": T(
        fr="réflexive",
        en="reflexive"),
}


def template(key: str, lang: str | None, /) -> str:
    """The text of ``key`` in ``lang``, its placeholders not filled (for callers that fill them
    their own way, as the SHACL messages are)."""
    return MESSAGES[key].in_language(lang)


def text(key: str, lang: str | None, /, **params: object) -> str:
    """The text of ``key`` in ``lang`` with its placeholders filled."""
    return template(key, lang).format(**params)


class Keyed:
    """A record whose text is a catalogue entry and its parameters (a clash, a shape problem):
    kept as the key, not as words, so that whoever shows it chooses the language."""

    key: str
    params: tuple[tuple[str, str], ...]

    @property
    def message(self) -> str:
        """English, for logs and ``str()``."""
        return self.message_in("en")

    def message_in(self, lang: str | None) -> str:
        return text(self.key, lang, **dict(self.params))


def placeholders(text: str) -> set[str]:
    """The names of a text's ``{placeholders}``."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
