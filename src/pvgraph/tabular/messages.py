"""French and English texts of the spreadsheet path: files that cannot be read, table findings,
and the words that place a finding in a sheet (« Feuille Projets, ligne 7, colonne « porteur » »).

Same scheme as :mod:`pvgraph.input_messages` and :mod:`pvgraph.validation.messages`: a key, a
template per language with ``{placeholders}``.
"""

from __future__ import annotations

from typing import TypeVar

from pvgraph.errors import Location, UserError
from pvgraph.languages import pick

E = TypeVar("E", bound=UserError)

ERRORS: dict[str, dict[str, tuple[str, str]]] = {
    "xls": {
        "fr": ("ce classeur est au format Excel 97-2003 (.xls), que pvgraph ne lit pas",
               "enregistrez-le au format .xlsx ou .ods (Fichier > Enregistrer sous), ou partez du modèle : /template.xlsx"),
        "en": ("this workbook is in the Excel 97-2003 format (.xls), which pvgraph does not read",
               "save it as .xlsx or .ods (File > Save as), or start from the template: /template.xlsx"),
    },
    "spreadsheet-unreadable": {
        "fr": ("le classeur n'a pas pu être lu ({detail})",
               "ouvrez-le dans LibreOffice ou Excel et enregistrez-le à nouveau au format .xlsx ou .ods"),
        "en": ("the workbook could not be read ({detail})",
               "open it in LibreOffice or Excel and save it again as .xlsx or .ods"),
    },
    "csv-unreadable": {
        "fr": ("le fichier CSV n'a pas pu être lu ({detail})",
               "vérifiez les guillemets, ou exportez la feuille à nouveau depuis le tableur"),
        "en": ("the CSV file could not be read ({detail})",
               "check the quotes, or export the sheet again from the spreadsheet"),
    },
    "too-many-cells": {
        "fr": ("le classeur compte plus de {limit} cellules",
               "découpez la soumission en plusieurs fichiers"),
        "en": ("the workbook holds more than {limit} cells", "split the submission into several files"),
    },
    "unwritable": {
        "fr": ("impossible d'écrire le fichier : {reason}", "choisissez un autre --output"),
        "en": ("cannot write the file: {reason}", "choose another --output"),
    },
    "no-known-sheet": {
        "fr": ("aucune feuille du modèle n'a été trouvée (feuilles lues : {sheets})",
               "partez du modèle (/template.xlsx, /template.ods ou /template.zip) : les feuilles s'appellent {expected}"),
        "en": ("no sheet of the template was found (sheets read: {sheets})",
               "start from the template (/template.xlsx, /template.ods or /template.zip): its sheets are {expected}"),
    },
}

FINDINGS: dict[str, dict[str, str]] = {
    "fr": {
        "required": "cette colonne est obligatoire : la cellule est vide.",
        "required-in-node": "cette colonne est obligatoire dès que {node} est remplie.",
        "identifier": "un identifiant s'écrit en lettres minuscules sans accent, chiffres et tirets, en commençant par une lettre.",
        "integer": "un nombre entier est attendu, écrit en chiffres (« 18400 » ou « 18 400 »).",
        "year": "une année est attendue (« 2026 »), ou une date (« 31/12/2026 » ou « 2026-12-31 »).",
        "pattern": "la valeur n'a pas la forme attendue : {help}",
        "choice": "« {value} » n'est pas dans la liste : choisissez parmi {choices}.",
        "boolean": "écrivez « oui » ou « non ».",
        "unique": "la valeur « {value} » figure déjà ligne {first} : chaque ligne doit avoir la sienne.",
        "primary-key": "cette ligne répète la ligne {first} ({columns}).",
        "reference": "« {value} » ne désigne aucune ligne de la feuille {sheet} (colonne « identifiant »).",
        "reference-faulty": "« {value} » désigne sans doute la ligne {row} de la feuille {sheet}, dont l'identifiant est à corriger (voir cette ligne).",
        "missing-column": "la colonne obligatoire « {column} » manque dans l'en-tête (ligne 1).",
        "extra-column": "la colonne « {column} » n'est pas une colonne du modèle : elle est ignorée.",
        "duplicate-column": "la colonne « {column} » figure deux fois dans l'en-tête.",
        "unknown-sheet": "la feuille « {sheet} » n'est pas une feuille du modèle : elle est ignorée.",
        "did-you-mean": "Vouliez-vous dire « {suggestion} » ?",
        "lost-zero": "Le tableur a sans doute effacé le zéro initial : « {suggestion} » ? Mettez la colonne au format Texte avant de saisir le code.",
        "place-sheet": "Feuille {sheet}",
        "place-row": "ligne {row}",
        "place-column": "colonne « {column} »",
        "received": "valeur reçue : « {value} »",
        "sheet-row": "Feuille {sheet}, ligne {row}",
        "rows-not-shown": "{count} autre(s) ligne(s) sans problème ne sont pas montrées.",
        "marker": "à corriger",
        "sheets-heading": "Les feuilles, cellule par cellule",
        "row": "Ligne",
        "findings": "Constats",
        "sheet-ok": "Aucun problème dans cette feuille ({count} ligne(s)).",
        "separator-hint": "séparez plusieurs valeurs par une virgule",
    },
    "en": {
        "required": "this column is mandatory: the cell is empty.",
        "required-in-node": "this column is mandatory as soon as {node} is filled.",
        "identifier": "an identifier is written in lower-case letters without accents, digits and hyphens, starting with a letter.",
        "integer": "a whole number is expected, in digits (\"18400\" or \"18 400\").",
        "year": "a year is expected (\"2026\"), or a date (\"31/12/2026\" or \"2026-12-31\").",
        "pattern": "the value does not have the expected form: {help}",
        "choice": "\"{value}\" is not in the list: choose from {choices}.",
        "boolean": "write \"oui\" (yes) or \"non\" (no).",
        "unique": "the value \"{value}\" is already on row {first}: each row must have its own.",
        "primary-key": "this row repeats row {first} ({columns}).",
        "reference": "\"{value}\" names no row of the sheet {sheet} (column \"identifiant\").",
        "reference-faulty": "\"{value}\" probably names row {row} of the sheet {sheet}, whose identifier needs fixing (see that row).",
        "missing-column": "the mandatory column \"{column}\" is missing from the header (row 1).",
        "extra-column": "the column \"{column}\" is not a column of the template: it is ignored.",
        "duplicate-column": "the column \"{column}\" appears twice in the header.",
        "unknown-sheet": "the sheet \"{sheet}\" is not a sheet of the template: it is ignored.",
        "did-you-mean": "Did you mean \"{suggestion}\"?",
        "lost-zero": "The spreadsheet probably dropped the leading zero: \"{suggestion}\"? Format the column as Text before typing the code.",
        "place-sheet": "Sheet {sheet}",
        "place-row": "row {row}",
        "place-column": "column \"{column}\"",
        "received": "value received: \"{value}\"",
        "sheet-row": "Sheet {sheet}, row {row}",
        "rows-not-shown": "{count} other row(s) without problems are not shown.",
        "marker": "to fix",
        "sheets-heading": "The sheets, cell by cell",
        "row": "Row",
        "findings": "Findings",
        "sheet-ok": "No problem in this sheet ({count} row(s)).",
        "separator-hint": "separate several values with a comma",
    },
}


def finding_text(key: str, lang: str, **params: object) -> str:
    """A finding's text in ``lang`` (French when the language has none: languages.pick)."""
    return pick(FINDINGS, lang)[key].format(**params)


def place(lang: str, sheet: str, row: int | None = None, column: str | None = None) -> str:
    """« Feuille Projets, ligne 7, colonne « porteur » » — where a finding is."""
    parts = [finding_text("place-sheet", lang, sheet=sheet)]
    if row is not None:
        parts.append(finding_text("place-row", lang, row=row))
    if column is not None:
        parts.append(finding_text("place-column", lang, column=column))
    return ", ".join(parts)


def table_error(cls: type[E], key: str, *, location: Location | None = None, **params: object) -> E:
    """A ``cls`` error with its French and English texts, speaking English until told otherwise."""
    texts: dict[str, tuple[str, str | None]] = {
        lang: (message.format(**params), hint.format(**params)) for lang, (message, hint) in ERRORS[key].items()
    }
    message, hint = texts["en"]
    return cls(message, hint=hint, location=location, texts=texts)
