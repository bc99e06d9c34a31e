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
from pvgraph import __version__, messages
from pvgraph.languages import LANGUAGES, resolve
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
    other = column.title(next(code for code in LANGUAGES if code != resolve(lang)))
    parts = [f"{column.help(lang)}" if column.help(lang) else column.title(lang)]
    parts.append(messages.text("column.in-other-language", lang, name=other))
    if column.multi:
        parts.append(messages.text("column.several-values", lang))
    if column.kind == "ref":
        target = spec.sheet(column.ref or "")
        parts.append(messages.text("column.reference", lang, sheet=target.title(lang)))
    if column.choices:
        values = " ; ".join(c.fr for c in column.choices)
        parts.append(messages.text("column.possible-values", lang, values=values))
    parts.append(requirement(column, lang) + ".")
    return " ".join(parts)


def requirement(column: Column, lang: str) -> str:
    """« obligatoire », « recommandé », « obligatoire si … », « facultatif »."""
    if column.required:
        return messages.text("column.mandatory", lang)
    if column.required_in_node:
        return messages.text("column.recommended-mandatory-in-node" if column.recommended
                             else "column.optional-mandatory-in-node", lang)
    if column.recommended:
        return messages.text("column.recommended", lang)
    return messages.text("column.optional", lang)
