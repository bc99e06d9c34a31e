"""Harvest a DCAT catalogue with data.gouv.fr's own code (udata's DcatBackend), print JSON.

Run by the interpreter of udata's own virtual environment (scripts/install-harvesters.sh), never
imported by pvgraph: ``python udata_driver.py URL``. udata keeps its objects in MongoDB; here an
in-memory mongomock database stands in for it, seeded with the licences data.gouv.fr knows the
Licence Ouverte by, so that the licence is matched as on the portal. The output says, item by
item, what the portal would have stored (or why it refused it), in the portal's own words.
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
from importlib.metadata import version
from typing import Any, ClassVar

# The Licence Ouverte 2.0 as data.gouv.fr's licence register knows it (id ``lov2``, its URL, the
# 2017 PDF, short names), and the portal's fallback: only what License.guess compares. Check the
# live register (/api/1/datasets/licenses/) if the portal's matching ever seems to differ.
LICENCES: tuple[dict[str, Any], ...] = (
    {"id": "lov2", "title": "Licence Ouverte / Open Licence version 2.0",
     "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
     "alternate_urls": ["https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf"],
     "alternate_titles": ["Licence Ouverte v2.0", "etalab-2.0"]},
    {"id": "notspecified", "title": "License Not Specified", "url": None,
     "alternate_urls": [], "alternate_titles": []},
)


class Settings:
    """What differs from udata's defaults: an in-memory database, loopback sources allowed."""

    TESTING = True
    MONGODB_SETTINGS: ClassVar[dict] = {}  # an in-memory mongomock client, set in main()
    URLS_ALLOW_LOCAL = True
    URLS_ALLOW_PRIVATE = True
    URLS_RESOLVE_HOSTNAME = False
    CACHE_TYPE = "flask_caching.backends.NullCache"
    CACHE_NO_NULL_WARNING = True
    SEARCH_SERVICE_API_URL = None
    HARVEST_ACTIVITY_USER_ID = None
    CELERY_TASK_ALWAYS_EAGER = True
    SERVER_NAME = "local.test"
    DEFAULT_LANGUAGE = "fr"  # as on data.gouv.fr: of a text given in several languages, French
    SECRET_KEY = API_TOKEN_SECRET = SECURITY_PASSWORD_SALT = secrets.token_hex(16)  # never used


def main(url: str) -> dict:
    logging.basicConfig(level=logging.ERROR)
    import mongomock
    from udata.app import create_app
    from udata.core.dataset.models import License

    Settings.MONGODB_SETTINGS = {"host": "mongodb://localhost:27017/udata",
                                 "mongo_client_class": mongomock.MongoClient}
    app = create_app(override=Settings, init_logging=lambda a: a)
    with app.app_context():
        from udata.core.dataservices.models import Dataservice
        from udata.core.dataset.models import Dataset
        from udata.core.organization.models import Organization
        from udata.harvest.backends.dcat import DcatBackend
        from udata.harvest.models import HarvestSource

        for licence in LICENCES:
            License.objects.create(**licence)
        # On the portal a harvester is registered by an organisation, which owns what it harvests
        # (contact points need an owner).
        owner = Organization.objects.create(name="Organisation qui moissonne pvgraph",
                                             description="Inscrit le moissonneur.")
        source = HarvestSource.objects.create(name="pvgraph", url=url, backend="dcat",
                                              organization=owner)
        job = DcatBackend(source).harvest()
        datasets, services = [], []
        for item in job.items:
            entry = {"id": item.remote_id, "accepted": item.status == "done",
                     "status": item.status, "errors": [e.message for e in item.errors]}
            if item.dataservice:
                entry.update(service_view(Dataservice.objects.get(id=item.dataservice.id)))
                services.append(entry)
            elif item.dataset:
                entry.update(dataset_view(Dataset.objects.get(id=item.dataset.id)))
                datasets.append(entry)
            else:  # refused before the portal knew what it was: told apart by its identifier
                (services if "/service/" in str(item.remote_id) else datasets).append(entry)
        return {"harvester": "udata", "version": version("udata"), "profile": "DcatBackend",
                "url": url, "status": job.status, "errors": [e.message for e in job.errors],
                "datasets": datasets, "services": services}


def _contact(points, role: str) -> dict | None:
    for point in points:
        if point.role == role:
            return {"name": point.name, "email": point.email, "url": point.contact_form}
    return None


def dataset_view(d) -> dict:
    """What the dataset's page on data.gouv.fr shows."""
    return {
        "title": d.title, "description": d.description,
        "license": d.license.id if d.license else None,
        "frequency": str(d.frequency) if d.frequency else None,
        "temporal": ({"start": str(d.temporal_coverage.start), "end": str(d.temporal_coverage.end)}
                     if d.temporal_coverage else None),
        "spatial": d.spatial.geom if d.spatial and d.spatial.geom else None,
        "keywords": sorted(d.tags),
        "publisher": (_contact(d.contact_points, "publisher") or {}).get("name"),
        "contact": _contact(d.contact_points, "contact"),
        "landing_page": d.harvest.remote_url if d.harvest else None,
        "resources": [{"title": r.title, "url": r.url, "format": r.format, "mime": r.mime,
                       "size": r.filesize, "type": r.type,
                       "checksum": ({"algorithm": r.checksum.type, "value": r.checksum.value}
                                    if r.checksum else None)}
                      for r in d.resources],
    }


def service_view(s) -> dict:
    """What the API's page on data.gouv.fr shows."""
    return {"title": s.title, "description": s.description, "endpoint": s.base_api_url,
            "license": s.license.id if s.license else None,
            "datasets": sorted(str(x.harvest.remote_id) for x in s.datasets if x.harvest)}


if __name__ == "__main__":
    json.dump([main(sys.argv[1])], sys.stdout, ensure_ascii=False, indent=1, default=str)
