"""schema.org ``Dataset`` markup (JSON-LD) for the home page, for dataset search engines.

Why: Google Dataset Search and similar crawlers read schema.org ``Dataset`` in landing pages,
not DCAT. The web engineer embeds :func:`dataset_jsonld` in ``<script type="application/ld+json">``.
It says the same as the catalogue (same titles, licence, dumps) and needs no dump to be written:
the download URLs point to the dumps listing and the catalogue.
"""

from __future__ import annotations

from typing import Any

from pvgraph.namespaces import BASE
from pvgraph.publish.parts import DATA_THEME, LICENCE_OUVERTE, PARTS, WHOLE
from pvgraph.publish.provenance import read_provenance
from pvgraph.store import Store


def dataset_jsonld(store: Store, base_url: str, *, public_base: str = BASE) -> dict[str, Any]:
    """The home page's schema.org ``Dataset`` (``base_url`` ends with ``/``)."""
    provenance = read_provenance(store)
    times = sorted(p.generated for p in provenance.values() if p.generated)
    present = store.graphs()
    parts = [p for p in PARTS if any(present.get(g) for g in p.graphs)]
    body: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"{public_base}id/dataset/{WHOLE.key}",
        "name": WHOLE.title_fr,
        "alternateName": WHOLE.title_en,
        "description": f"{WHOLE.description_fr} / {WHOLE.description_en}",
        "url": base_url,
        "inLanguage": ["fr", "en"],
        "isAccessibleForFree": True,
        "license": LICENCE_OUVERTE,
        "creditText": WHOLE.rights_fr,
        "keywords": list(WHOLE.keywords_fr),
        "about": [f"{DATA_THEME}{code}" for code in WHOLE.themes],
        "spatialCoverage": {"@type": "Place", "name": "France"},
        "publisher": {"@type": "Organization", "name": "Projet pvgraph", "url": base_url},
        "creator": {"@type": "Organization", "name": "Projet pvgraph", "url": base_url},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": "pvgraph",
                                  "url": f"{base_url}catalog"},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/turtle",
             "contentUrl": f"{base_url}catalog", "name": "Catalogue DCAT-AP"},
            {"@type": "DataDownload", "encodingFormat": "text/html",
             "contentUrl": f"{base_url}dumps/", "name": "Fichiers de données / data dumps"},
        ],
        "hasPart": [
            {"@type": "Dataset", "@id": f"{public_base}id/dataset/{p.key}", "name": p.title_fr,
             "description": p.description_fr, "license": p.licence, "creditText": p.rights_fr}
            for p in parts
        ],
    }
    if times:
        body["dateModified"] = times[-1]
        body["datePublished"] = times[0]
    return body
