"""French and English texts of validation reports.

Two kinds of text live here: the words of the report itself (headings, severities, counts), and a
default message for every SHACL Core constraint component, used when a shape gives no
``sh:message`` of its own. Stewards do not know what ``sh:minCount`` means (peers' most common
complaint), so the defaults say what is wrong and what to do in plain words.

Placeholders: ``{this}`` the record, ``{path}`` the field, ``{value}`` the offending value,
``{param}`` the constraint's parameter (a count, a class, a pattern…), ``{suggestion}``.
"""

from __future__ import annotations

from pvgraph.errors import UserError
from pvgraph.input_messages import twin_error
from pvgraph.languages import DEFAULT_LANGUAGE, LANGUAGES, pick

LANGS = LANGUAGES

UI: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Rapport de validation",
        "conforms": "Les données sont conformes.",
        "conforms_with_warnings": "Les données sont conformes (avec des recommandations à suivre).",
        "not_conforms": "Les données ne sont pas conformes : corrigez les erreurs ci-dessous puis soumettez à nouveau le fichier.",
        "Violation": "Erreur",
        "Warning": "Recommandation",
        "Info": "Information",
        "violations": "erreur(s)",
        "warnings": "recommandation(s)",
        "infos": "information(s)",
        "record": "Enregistrement",
        "field": "Champ",
        "value": "Valeur",
        "message": "Message",
        "severity": "Gravité",
        "id": "Identifiant",
        "no_field": "(l'enregistrement lui-même)",
        "files": "Fichiers validés",
        "notices": "Remarques",
        "summary": "Résumé",
        "triples": "triplets",
        "shape": "Règle",
        "records": "enregistrement(s) concerné(s)",
        "referential_missing": "Les codes INSEE et SIREN n'ont pas été comparés au référentiel territorial (aucun référentiel disponible : lancez `pvgraph build`).",
        "unnamed_record": "un enregistrement sans nom",
        "fix": "Écrivez : {fix}.",
        "fix_guess": "Vouliez-vous écrire {fix} ?",
        "line": "ligne {line}",
        "links_unchecked": "{count} lien(s) vers le référentiel territorial ({example}…) n'ont pas été vérifiés (aucun référentiel disponible : lancez `pvgraph build`) ; leur type a été déduit de leur adresse.",
        "referential_unavailable": "Le référentiel territorial n'a pas pu être ouvert ({error}) : les codes INSEE et SIREN n'ont été vérifiés que sur leur forme.",
        "did_you_mean": "Vouliez-vous dire {suggestion} ?",
        "csv_headers": "identifiant|gravité|enregistrement|nom de l'enregistrement|fichier|ligne|champ|valeur"
                       "|message|correction|règle SHACL (composant)|forme|origine|suggestion",
        "produced": "Rapport produit le {created} par pvgraph {version}",
        "shapes_version": "formes SHACL {version}",
        "referential_vintage": "référentiel territorial {vintage}",
        "no_referential_used": "sans référentiel territorial",
        "back_to_form": "Valider un autre fichier",
        "report_nav": "Après le rapport",
    },
    "en": {
        "title": "Validation report",
        "conforms": "The data conforms.",
        "conforms_with_warnings": "The data conforms (with recommendations to follow).",
        "not_conforms": "The data does not conform: fix the errors below and submit the file again.",
        "Violation": "Error",
        "Warning": "Recommendation",
        "Info": "Information",
        "violations": "error(s)",
        "warnings": "recommendation(s)",
        "infos": "information message(s)",
        "record": "Record",
        "field": "Field",
        "value": "Value",
        "message": "Message",
        "severity": "Severity",
        "id": "Identifier",
        "no_field": "(the record itself)",
        "files": "Files validated",
        "notices": "Notices",
        "summary": "Summary",
        "triples": "triples",
        "shape": "Rule",
        "records": "record(s) concerned",
        "referential_missing": "INSEE codes and SIRENs were not compared with the territorial referential (none available: run `pvgraph build`).",
        "unnamed_record": "an unnamed record",
        "fix": "Write: {fix}.",
        "fix_guess": "Did you mean {fix}?",
        "line": "line {line}",
        "links_unchecked": "{count} link(s) to the territorial referential ({example}…) were not checked (none available: run `pvgraph build`); their type was read from their address.",
        "referential_unavailable": "The territorial referential could not be opened ({error}): INSEE codes and SIRENs were checked for their form only.",
        "did_you_mean": "Did you mean {suggestion}?",
        "csv_headers": "id|severity|record|record name|file|line|field|value|message|fix"
                       "|SHACL constraint component|shape|source|suggestion",
        "produced": "Report produced on {created} by pvgraph {version}",
        "shapes_version": "SHACL shapes {version}",
        "referential_vintage": "territorial referential {vintage}",
        "no_referential_used": "no territorial referential",
        "back_to_form": "Validate another file",
        "report_nav": "After the report",
    },
}

# How an unnamed record is called through the record it belongs to: the role a link gives it
# ("la période" of pv:period) and, under "of:" + class, how the owner is introduced ("du projet").
ROLES: dict[str, dict[str, str]] = {
    "https://w3id.org/pvgraph/ontology#period": {"fr": "la période", "en": "the period"},
    "https://w3id.org/pvgraph/ontology#governs": {"fr": "le territoire", "en": "the territory"},
    "https://w3id.org/pvgraph/ontology#hasAction": {"fr": "une action", "en": "an action"},
    "https://w3id.org/pvgraph/ontology#createdByAction": {"fr": "l'action", "en": "the action"},
    "https://w3id.org/pvgraph/ontology#coversTerritory": {"fr": "un territoire", "en": "a territory"},
    "of:https://w3id.org/pvgraph/ontology#DigitalTerritoryProject": {"fr": "du projet", "en": "of project"},
    "of:http://www.w3.org/ns/org#Membership": {"fr": "de", "en": "of"},
    "of:https://w3id.org/pvgraph/ontology#CaseStudy": {"fr": "de l'étude de cas", "en": "of case study"},
    "of:https://w3id.org/pvgraph/ontology#ValueCreationStatement": {"fr": "de l'énoncé", "en": "of statement"},
    "of:https://w3id.org/pvgraph/ontology#PublicPolicy": {"fr": "de la politique", "en": "of policy"},
    "of:https://w3id.org/pvgraph/ontology#DigitalUsesPolicy": {"fr": "de la politique", "en": "of policy"},
    "of:https://w3id.org/pvgraph/ontology#Action": {"fr": "de l'action", "en": "of action"},
}

# Default messages per SHACL Core constraint component (local name after sh:).
DEFAULTS: dict[str, dict[str, str]] = {
    "MinCountConstraintComponent": {
        "fr": "« {this} » : le champ {path} est obligatoire (au moins {param} valeur(s)) ; ajoutez-le.",
        "en": "“{this}”: the field {path} is required (at least {param} value(s)); add it.",
    },
    "MaxCountConstraintComponent": {
        "fr": "« {this} » : le champ {path} a trop de valeurs (au plus {param}) ; gardez la bonne et supprimez les autres.",
        "en": "“{this}”: the field {path} has too many values (at most {param}); keep the right one and remove the others.",
    },
    "DatatypeConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas écrite avec le type attendu ({param}).",
        "en": "“{this}”: the value {value} of {path} is not written with the expected type ({param}).",
    },
    "ClassConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas décrite comme {param} ; donnez-lui ce type (a {param}) ou choisissez une autre valeur.",
        "en": "“{this}”: the value {value} of {path} is not described as a {param}; give it that type (a {param}) or choose another value.",
    },
    "NodeKindConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas de la bonne forme ({param} : un lien comme pv:… ou <…> pour sh:IRI, un texte entre guillemets pour sh:Literal).",
        "en": "“{this}”: the value {value} of {path} is not of the right kind ({param}: a link such as pv:… or <…> for sh:IRI, a quoted text for sh:Literal).",
    },
    "PatternConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'a pas la forme attendue ({param}).",
        "en": "“{this}”: the value {value} of {path} does not have the expected form ({param}).",
    },
    "InConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas dans la liste des valeurs admises ; choisissez-en une dans le schéma de concepts.",
        "en": "“{this}”: the value {value} of {path} is not one of the allowed values; choose one from the concept scheme.",
    },
    "MinInclusiveConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} est trop petite (au moins {param}).",
        "en": "“{this}”: the value {value} of {path} is too small (at least {param}).",
    },
    "MaxInclusiveConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} est trop grande (au plus {param}).",
        "en": "“{this}”: the value {value} of {path} is too large (at most {param}).",
    },
    "MinLengthConstraintComponent": {
        "fr": "« {this} » : la valeur du champ {path} est trop courte (au moins {param} caractères).",
        "en": "“{this}”: the value of {path} is too short (at least {param} characters).",
    },
    "MaxLengthConstraintComponent": {
        "fr": "« {this} » : la valeur du champ {path} est trop longue (au plus {param} caractères).",
        "en": "“{this}”: the value of {path} is too long (at most {param} characters).",
    },
    "LanguageInConstraintComponent": {
        "fr": "« {this} » : le texte {value} du champ {path} doit porter une balise de langue admise ({param}), par exemple \"…\"@fr.",
        "en": "“{this}”: the text {value} of {path} must carry an allowed language tag ({param}), e.g. \"…\"@en.",
    },
    "UniqueLangConstraintComponent": {
        "fr": "« {this} » : le champ {path} a plusieurs textes dans la même langue ; n'en gardez qu'un par langue.",
        "en": "“{this}”: {path} has several texts in the same language; keep one per language.",
    },
    "HasValueConstraintComponent": {
        "fr": "« {this} » : le champ {path} doit avoir la valeur {param}.",
        "en": "“{this}”: {path} must have the value {param}.",
    },
    "OrConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas écrite comme attendu (elle ne correspond à aucune des formes admises).",
        "en": "“{this}”: the value {value} of {path} is not written as expected (it matches none of the allowed forms).",
    },
    "NodeConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} n'est pas décrite comme il faut.",
        "en": "“{this}”: the value {value} of {path} is not described as required.",
    },
    "ClosedConstraintComponent": {
        "fr": "« {this} » : le champ {path} n'est pas prévu pour ce type d'enregistrement.",
        "en": "“{this}”: the field {path} is not expected on this kind of record.",
    },
    "SPARQLConstraintComponent": {
        "fr": "« {this} » : la valeur {value} du champ {path} ne respecte pas une règle.",
        "en": "“{this}”: the value {value} of {path} breaks a rule.",
    },
    # pvgraph's own checks (not SHACL components; see pvgraph.validation.terms and .referential)
    "UndeclaredTermConstraintComponent": {
        "fr": "« {this} » : le terme {value} n'existe pas dans l'ontologie pvgraph (faute de frappe ?). {suggestion}",
        "en": "“{this}”: the term {value} does not exist in the pvgraph ontology (a typo?). {suggestion}",
    },
    "UnknownInseeCodeConstraintComponent": {
        "fr": "« {this} » : le code commune INSEE {value} n'existe pas dans le référentiel territorial ; vérifiez-le dans le Code officiel géographique de l'INSEE.",
        "en": "“{this}”: the INSEE commune code {value} does not exist in the territorial referential; check it in INSEE's Code officiel géographique.",
    },
    "UnknownSirenConstraintComponent": {
        "fr": "« {this} » : le SIREN {value} n'est pas dans le référentiel territorial ; vérifiez-le dans l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
        "en": "“{this}”: the SIREN {value} is not in the territorial referential; check it in the French business register (annuaire-entreprises.data.gouv.fr).",
    },
    "territory_not_organisation": {
        "fr": "« {this} » : {value}, donné pour {path}, est un territoire, pas une organisation ; son organisation est {organisation} : écrivez {suggestion}.",
        "en": "“{this}”: {value}, given as {path}, is a territory, not an organisation; its organisation is {organisation}: write {suggestion}.",
    },
    "territory_not_organisation_unknown": {
        "fr": "« {this} » : {value}, donné pour {path}, est un territoire, pas une organisation ; nommez l'organisation qui le gouverne (celle qui a pv:governs vers ce territoire).",
        "en": "“{this}”: {value}, given as {path}, is a territory, not an organisation; name the organisation that governs it (the one with pv:governs to this territory).",
    },
    "UnknownReferentialIriConstraintComponent": {
        "fr": "« {this} » : {value} (champ {path}) n'existe pas dans le référentiel territorial ; vérifiez le code à la fin de l'adresse (code INSEE d'une commune, SIREN d'une organisation ou d'un EPCI).",
        "en": "“{this}”: {value} ({path}) does not exist in the territorial referential; check the code at the end of the address (a commune's INSEE code, an organisation's or EPCI's SIREN).",
    },
    "ReferentialNameMismatchConstraintComponent": {
        "fr": "« {this} » : le code {value} ({path}) est, dans le référentiel territorial, celui de « {param} », pas de « {this} » ; vérifiez le code et le nom (une ligne décalée ?).",
        "en": "“{this}”: the code {value} ({path}) is, in the territorial referential, that of “{param}”, not of “{this}”; check the code and the name (a row shifted by one?).",
    },
    "SirenCodeMismatchConstraintComponent": {
        "fr": "« {this} » : le SIREN {value} est celui de {param} dans le référentiel territorial, mais le territoire gouverné a le code {suggestion} ; l'un des deux est faux (une ligne décalée ?).",
        "en": "“{this}”: the SIREN {value} is that of {param} in the territorial referential, but the territory governed has the code {suggestion}; one of them is wrong (a row shifted by one?).",
    },
    "DuplicateIdentifierConstraintComponent": {
        "fr": "« {this} » : {path} {value} est déjà celui de « {param} » : la même commune ou organisation est décrite deux fois ; gardez un seul enregistrement (ou corrigez le code).",
        "en": "“{this}”: {path} {value} is already that of “{param}”: the same commune or organisation is described twice; keep one record (or fix the code).",
    },
}

FALLBACK = {
    "fr": "« {this} » : le champ {path} ne respecte pas la règle {param}.",
    "en": "“{this}”: the field {path} breaks the rule {param}.",
}


def ui(key: str, lang: str) -> str:
    """A word of the report in ``lang`` (French when the language is unknown)."""
    words = pick(UI, lang)
    return words[key] if key in words else UI[DEFAULT_LANGUAGE][key]


def default_message(component: str, lang: str) -> str:
    """The default template for a constraint component's local name."""
    return pick(DEFAULTS.get(component, FALLBACK), lang)


def check_lang(lang: str) -> str:
    """``lang`` if pvgraph speaks it, else a UserError naming the languages it does speak."""
    if lang not in LANGS:
        raise twin_error(UserError, "unsupported-language", lang=repr(lang), langs=", ".join(LANGS))
    return lang
