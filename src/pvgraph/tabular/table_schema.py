"""A Frictionless Table Schema per sheet, in the form schema.data.gouv.fr publishes.

Usable as is by frictionless (``frictionless validate --schema projets.json projets.csv``) and by
Validata-style tools: metadata keys of schema.data.gouv.fr (name, title, description,
countryCode, homepage, path, version, licenses, contributors, keywords), then ``fields`` with
French titles, descriptions (what to write, the English name, mandatory or not), examples and
constraints (required, unique, pattern, enum), ``missingValues`` and ``primaryKey``.

Every field is a ``string`` with a pattern, or a closed list, except the yes/no column: a
Table Schema ``integer`` refuses the French thousands (``18 400``) and a ``year`` refuses a date,
both of which pvgraph reads; the pattern accepts exactly what pvgraph accepts, so the two agree
on every cell (tests/tabular/test_frictionless.py).
"""

from __future__ import annotations

from typing import Any

import pvgraph.namespaces as ns
from pvgraph import __version__
from pvgraph.tabular.spec import FALSE_VALUES, TRUE_VALUES, Column, Sheet, WorkbookSpec

HOMEPAGE = str(ns.BASE)
LICENCE = {"title": "Licence Ouverte / Open Licence version 2.0", "name": "etalab-2.0",
           "path": "https://spdx.org/licenses/etalab-2.0.html"}


def table_schema(sheet: Sheet, spec: WorkbookSpec, base_url: str = HOMEPAGE) -> dict[str, Any]:
    """The Table Schema of one sheet; ``base_url`` is where the server publishes it."""
    schema: dict[str, Any] = {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": f"pvgraph-{sheet.key.replace('_', '-')}",
        "title": f"pvgraph — {sheet.fr}",
        "description": (f"Feuille « {sheet.fr} » ({sheet.en}) du modèle de soumission de pvgraph : une ligne par "
                        f"enregistrement. Généré depuis les formes SHACL de pvgraph"
                        f"{' (version ' + spec.shapes_version + ')' if spec.shapes_version else ''}."),
        "countryCode": "FR",
        "homepage": HOMEPAGE,
        "path": f"{base_url.rstrip('/')}/schemas/{sheet.key}.json",
        "version": __version__,
        "licenses": [LICENCE],
        "contributors": [{"title": "pvgraph", "role": "author"}],
        "keywords": ["pvgraph", "valeur publique", "territoire numérique", sheet.fr.casefold()],
        "fields": [_field(c, spec) for c in sheet.columns],
        "missingValues": [""],
    }
    if sheet.primary_key:
        schema["primaryKey"] = list(sheet.primary_key)
    elif sheet.identifier:
        schema["primaryKey"] = sheet.identifier
    return schema


def _field(column: Column, spec: WorkbookSpec) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "title": column.fr,
        "description": field_description(column, spec, "fr"),
        "example": column.example,
        "type": "boolean" if column.kind == "boolean" else "string",
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.unique and column.kind != "identifier":  # an identifier is the primary key
        constraints["unique"] = True
    if column.kind == "boolean":
        field["trueValues"] = list(TRUE_VALUES)
        field["falseValues"] = list(FALSE_VALUES)
    elif column.kind == "class" or (column.kind == "choice" and not column.multi):
        constraints["enum"] = [c.fr for c in column.choices]
    elif column.pattern:
        constraints["pattern"] = column.pattern
    if constraints:
        field["constraints"] = constraints
    return field


def field_description(column: Column, spec: WorkbookSpec, lang: str) -> str:
    """What to write in a column: the shapes' description, the English (or French) name, the
    values of its list, and whether it is mandatory."""
    other = column.en if lang == "fr" else column.fr
    parts = [f"{column.help(lang)}" if column.help(lang) else column.title(lang)]
    parts.append(f"(en anglais : {other})" if lang == "fr" else f"(in French: {other})")
    if column.multi:
        parts.append("Plusieurs valeurs : séparez-les par une virgule." if lang == "fr"
                     else "Several values: separate them with a comma.")
    if column.kind == "ref":
        target = spec.sheet(column.ref or "")
        parts.append(f"L'identifiant d'une ligne de la feuille « {target.fr} »." if lang == "fr"
                     else f"The identifier of a row of the sheet \"{target.en}\".")
    if column.choices:
        values = " ; ".join(c.fr for c in column.choices)
        parts.append(f"Valeurs possibles : {values}." if lang == "fr" else f"Possible values: {values}.")
    parts.append(requirement(column, lang) + ".")
    return " ".join(parts)


def requirement(column: Column, lang: str) -> str:
    """« obligatoire », « recommandé », « obligatoire si … », « facultatif »."""
    fr = lang == "fr"
    if column.required:
        return "Obligatoire" if fr else "Mandatory"
    if column.required_in_node:
        extra = (" dès qu'une autre colonne de la même période est remplie" if fr
                 else " as soon as another column of the same period is filled")
        lead = ("Recommandé ; obligatoire" if fr else "Recommended; mandatory") if column.recommended else \
            ("Facultatif ; obligatoire" if fr else "Optional; mandatory")
        return lead + extra
    if column.recommended:
        return "Recommandé" if fr else "Recommended"
    return "Facultatif" if fr else "Optional"
