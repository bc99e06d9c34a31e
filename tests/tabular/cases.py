"""Realistic filled templates: a conforming submission and the mistakes stewards make.

All of it is fictional (no real commune, no real SIREN: the SIRENs below are made up with a
valid check digit, or an invalid one on purpose), like data/examples/submissions/. Each case is
a set of rows per sheet, in the template's column order, and the findings it must give:
(sheet key, row, column, source) — the row is the sheet's physical row (the header is row 1).
"""

from __future__ import annotations

import copy

Rows = dict[str, list[list[str]]]

CONFORMING: Rows = {
    "organisations": [
        ["cc-val-de-brume", "Communauté de communes du Val-de-Brume (fictive)", "communauté de communes", "",
         "communauté de communes", "", "18 400", "2023", "oui"],
        ["brume-sur-lac", "Brume-sur-Lac (commune fictive)", "commune", "", "commune et commune nouvelle", "",
         "6 200,00", "31/12/2023", "oui"],
        ["alliance-brume", "Alliance numérique du Val-de-Brume (fictive)", "alliance territoriale", "", "", "", "",
         "", "oui"],
    ],
    "adhesions": [
        ["cc-val-de-brume", "alliance-brume", "chef de file", "2021", "", "oui"],
        ["brume-sur-lac", "alliance-brume", "ville centre", "2021-01-01", "", "oui"],
    ],
    "projets": [
        ["val-de-brume-connecte", "Val-de-Brume connecté (projet fictif)", "alliance-brume", "2022", "31/12/2027",
         "cc-val-de-brume", "territoire connecté, territoire numérique", "", "gouvernance en réseau",
         "usages-numeriques", "participation", "oui"],
    ],
    "politiques": [
        ["usages-numeriques", "Politique des usages numériques du Val-de-Brume (fictive)",
         "politique publique des usages numériques", "cc-val-de-brume", "", "oui"],
    ],
    "objectifs": [
        ["participation", "Faire participer les habitants (fictif)", "adapté au contexte", "vote-en-ligne", "oui"],
    ],
    "cas_usage": [["vote-en-ligne", "Voter en ligne pour des projets de quartier (fictif)", "oui"]],
    "outils": [["plateforme-vote", "Plateforme de vote en ligne (fictive)", "oui"]],
    "actions": [
        ["budget-participatif", "Budget participatif en ligne (fictif)", "val-de-brume-connecte",
         "déploiement des socles technologiques et des outils", "plateforme-vote", "vote-en-ligne", "oui"],
    ],
    "enonces": [
        ["valeur-politique", "Le budget participatif en ligne crée de la valeur politique (fictif)",
         "valeur politique", "budget-participatif", "val-de-brume-connecte",
         "Énoncé fictif : trois cents habitants ont voté pour des projets de quartier.", "oui"],
        ["valeur-sociale", "Le budget participatif en ligne crée aussi de la valeur sociale (fictif)",
         "valeur sociale", "budget-participatif", "val-de-brume-connecte",
         "Énoncé fictif : des associations de quartier ont porté des projets ensemble.", "oui"],
    ],
}


def _with(changes: list[tuple[str, int, int, str]]) -> Rows:
    rows = copy.deepcopy(CONFORMING)
    for sheet, row, column, value in changes:
        rows[sheet][row - 2][column] = value
    return rows


# The table checks' mistakes: (sheet, physical row, column index, bad value) and the finding's column.
TABLE_MISTAKES = _with([
    ("organisations", 3, 5, "1053"),                    # an INSEE code that lost its leading zero
    ("organisations", 2, 2, "Communauté de communes"),  # a list value with a capital
    ("organisations", 4, 0, "Alliance Brume"),          # an identifier with capitals and a space
    ("projets", 2, 2, ""),                              # no leader: a mandatory cell left empty
    ("projets", 2, 6, "territoire connecte"),           # a list value without its accent
    ("enonces", 2, 2, "valeur environnementale"),       # not one of the seven value types
    ("actions", 2, 2, "val-de-brume-conecte"),          # a reference to no row (a typo)
    ("organisations", 2, 6, "dix-huit mille"),          # a population in words
])
TABLE_FINDINGS = {
    ("organisations", 3, "code_insee"), ("organisations", 2, "type"), ("organisations", 4, "identifiant"),
    ("projets", 2, "porteur"), ("projets", 2, "appellation"), ("enonces", 2, "type_valeur"),
    ("actions", 2, "projet"), ("organisations", 2, "population"),
    # the memberships and the project name the alliance by its old identifier: references to no row
    ("adhesions", 2, "organisation"), ("adhesions", 3, "organisation"),
}

# The shapes' mistakes: every cell has the right form, the records do not hold together.
SHAPE_MISTAKES = _with([
    ("organisations", 2, 3, "213500001"),   # a SIREN whose check digit is wrong
    ("adhesions", 2, 3, "2024"),            # starts after it ends…
    ("adhesions", 2, 4, "2020"),            # …in 2020
])
SHAPE_FINDINGS = {
    ("organisations", 2, "siren"), ("adhesions", 2, "annee_fin"),
}
