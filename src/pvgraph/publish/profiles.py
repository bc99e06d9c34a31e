"""Profiles of the catalogue: one description of the data, shaped for each kind of consumer.

Why: the official DCAT-AP 3.0.1 shapes and the portals' harvesters pull apart. The shapes want
``spdx:checksumValue`` typed ``xsd:hexBinary``; data.gouv.fr's harvester (udata) turns that
literal into bytes with rdflib and its model refuses bytes, so every dataset fails. udata also
skips a data service that is the ``dcat:accessService`` of a distribution, and CKAN shows
``dcat:mediaType`` and ``dct:format`` IRIs as they are instead of a format name. The catalogue is
therefore offered in several profiles (W3C "Content Negotiation by Profile": ``Accept-Profile``
or ``?profile=``; answers carry ``Content-Profile`` and ``Link`` headers), the default being the
strict DCAT-AP 3.0.1 one. Everything else (datasets, licences, coverage, checksums' values…) is
the same in all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pvgraph.errors import NotFoundError, error
from pvgraph.namespaces import BASE


@dataclass(frozen=True)
class Profile:
    """A way of writing the catalogue, and who it is for."""

    token: str
    uri: str
    title_fr: str
    title_en: str
    typed_checksums: bool
    """``spdx:checksumValue`` as ``xsd:hexBinary`` (DCAT-AP), else a plain string (udata)."""
    service_distributions: bool
    """Each dataset has a "SPARQL endpoint" distribution whose ``dcat:accessService`` is the
    data service (DCAT-AP, CKAN); udata then skips the data service, so its profile has none."""
    literal_formats: bool
    """``dcat:mediaType`` and ``dct:format`` as plain names (CKAN shows them) instead of IRIs."""


DCAT_AP_3 = Profile(
    "dcat-ap-3", "https://semiceu.github.io/DCAT-AP/releases/3.0.1/",
    "DCAT-AP 3.0.1 (strict, par défaut)", "DCAT-AP 3.0.1 (strict, default)",
    typed_checksums=True, service_distributions=True, literal_formats=False,
)
DATAGOUV = Profile(
    "datagouv", f"{BASE}profile/datagouv",
    "data.gouv.fr (moissonneur DCAT de udata)", "data.gouv.fr (udata's DCAT harvester)",
    typed_checksums=False, service_distributions=False, literal_formats=False,
)
CKAN = Profile(
    "ckan", f"{BASE}profile/ckan",
    "CKAN (ckanext-dcat)", "CKAN (ckanext-dcat)",
    typed_checksums=True, service_distributions=True, literal_formats=True,
)
PROFILES: tuple[Profile, ...] = (DCAT_AP_3, DATAGOUV, CKAN)
DEFAULT = DCAT_AP_3


def profile_named(name: str) -> Profile:
    """The profile with this token or URI (``?profile=datagouv``); NotFoundError otherwise.

    A name given in the URL is a deliberate choice: answering the default profile instead would
    hide a typo until a portal refuses the harvest, so an unknown one is an error here.
    """
    for profile in PROFILES:
        if name in (profile.token, profile.uri, profile.uri.rstrip("/")):
            return profile
    raise error(NotFoundError, "catalogue.unknown-profile", name=name, names=", ".join(p.token for p in PROFILES), default=DEFAULT.token)


_ITEM = re.compile(r"\s*(<[^>]*>|[^,;\s]+)\s*((?:;[^,]*)?)")


def negotiate_profile(accept_profile: str | None) -> Profile:
    """The best known profile an ``Accept-Profile`` header asks for, else the default.

    The header lists ``<uri>`` (or tokens) with optional ``;q=`` weights. Unknown profiles are
    ignored, as the W3C draft says: the answer then declares the default in ``Content-Profile``.
    """
    best: tuple[float, int, Profile] | None = None
    for position, match in enumerate(_ITEM.finditer(accept_profile or "")):
        name = match.group(1).strip("<>")
        weight = 1.0
        for parameter in match.group(2).split(";"):
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        try:
            profile = profile_named(name)
        except NotFoundError:
            continue
        if weight > 0 and (best is None or (weight, -position) > (best[0], -best[1])):
            best = (weight, position, profile)
    return best[2] if best else DEFAULT
