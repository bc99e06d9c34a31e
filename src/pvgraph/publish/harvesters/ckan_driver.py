"""Parse a DCAT catalogue with CKAN's own code (ckanext-dcat's RDFParser), print JSON.

Run by the interpreter of CKAN's own virtual environment (scripts/install-harvesters.sh), never
imported by pvgraph: ``python ckan_driver.py URL [PROFILE…]``. It does what a CKAN site's DCAT
harvester does with a catalogue, without its database: fetch the URL (HEAD for the type, then
GET, as ckanext-dcat's harvester does), parse it with the given ckanext-dcat profiles, turn each
dataset into a CKAN dataset dictionary and validate it with CKAN's package schema. The licence
register is CKAN's own defaults plus the one entry a CKAN administrator adds for the Licence
Ouverte (docs/publishing.md); validators that only look rows up in the database (is this name
taken, does this organisation exist) are left out, there being no database.
"""

from __future__ import annotations

import json
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import requests

ETALAB = {"id": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
          "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
          "od_conformance": "approved", "osd_conformance": "not reviewed", "status": "active",
          "maintainer": "Etalab", "family": ""}
"""The licence entry a CKAN administrator adds (the same one docs/publishing.md shows)."""

MAX_BYTES = 50 * 1024 * 1024  # ckanext.dcat.max_file_size's default


def fetch(url: str) -> tuple[str, str]:
    """The catalogue's text and media type, as ckanext-dcat's harvester gets them: HEAD (a GET
    when HEAD fails), then GET; the bytes are read as UTF-8, the type is the GET's."""
    session = requests.Session()
    head = session.head(url, timeout=60)
    if not head.ok:
        head = session.get(url, timeout=60, stream=True)
    head.raise_for_status()
    response = session.get(url, timeout=60)
    response.raise_for_status()
    if len(response.content) > MAX_BYTES:
        raise ValueError(f"{url} is larger than {MAX_BYTES} bytes")
    media_type = response.headers.get("content-type", "").split(";", 1)[0]
    return response.content.decode("utf-8"), media_type


def configure(workdir: Path) -> None:
    """CKAN's configuration: the licence register with the Licence Ouverte entry."""
    from ckan.common import config
    from ckan.model.license import LicenseRegister

    defaults = [lic.license_dictize() for lic in LicenseRegister().licenses]
    register = workdir / "licenses.json"
    register.write_text(json.dumps([*defaults, ETALAB]), encoding="utf-8")
    config["licenses_group_url"] = f"file://{register}"
    config["ckan.locale_default"] = "fr"  # a French site: of a text in several languages, French


def schema() -> dict:
    """CKAN's package-creation schema, without the two validators that query the database."""
    from ckan.logic.schema import default_create_package_schema
    from ckan.plugins.toolkit import get_validator

    checked = default_create_package_schema()
    db_bound = {get_validator("package_name_validator"), get_validator("owner_org_validator"),
                get_validator("package_id_does_not_exist")}
    for key in ("name", "owner_org", "id"):
        checked[key] = [v for v in checked[key] if v not in db_bound]
    return checked


def main(url: str, profiles: list[str]) -> list[dict]:
    from ckan import model
    from ckan.lib.munge import munge_title_to_name
    from ckan.lib.navl.dictization_functions import validate
    from ckanext.dcat.processors import RDFParser

    views = []
    with tempfile.TemporaryDirectory() as tmp:
        configure(Path(tmp))
        text, media_type = fetch(url)
        for profile in profiles:
            parser = RDFParser(profiles=[profile])
            parser.parse(text, _format=media_type)
            datasets: list[Any] = []
            services: dict[str, Any] = {}
            for parsed in parser.datasets():
                parsed.setdefault("name", munge_title_to_name(parsed.get("title", "")))
                context = {"model": model, "session": model.Session, "ignore_auth": True}
                checked, errors = validate(parsed, schema(), context)
                view = dataset_view(checked if not errors else parsed)
                view.update(accepted=not errors, errors=_messages(errors))
                datasets.append(view)
                for resource in parsed.get("resources", []):
                    for service in json.loads(resource.get("access_services") or "[]"):
                        services.setdefault(service.get("uri"), service_view(service))
            views.append({"harvester": "ckanext-dcat", "version": version("ckanext-dcat"),
                          "ckan": version("ckan"), "profile": profile, "url": url,
                          "media_type": media_type, "status": "done", "errors": [],
                          "datasets": datasets, "services": list(services.values())})
    return views


def _messages(errors: dict) -> list[str]:
    return [f"{field}: {problem}" for field, problem in sorted(errors.items(), key=str)]


def _geometry(extras: dict) -> dict | None:
    """The place's shape as CKAN keeps it: its geometry, else its bounding box (GeoJSON)."""
    for key in ("spatial", "spatial_bbox"):
        if extras.get(key):
            return json.loads(extras[key])
    return None


def _extras(d: dict) -> dict:
    return {e["key"]: e["value"] for e in d.get("extras", [])}


def dataset_view(d: dict) -> dict:
    """What the dataset's page on a CKAN site shows."""
    extras = _extras(d)
    start, end = extras.get("temporal_start"), extras.get("temporal_end")
    return {
        "id": extras.get("uri") or extras.get("identifier"),
        "title": d.get("title"), "description": d.get("notes"),
        "license": d.get("license_id") or None,
        "frequency": extras.get("frequency"),
        "temporal": {"start": start, "end": end} if start or end else None,
        "spatial": _geometry(extras),
        "keywords": sorted(t["name"] for t in d.get("tags", [])),
        "publisher": extras.get("publisher_name"),
        "contact": ({"name": extras.get("contact_name"), "email": extras.get("contact_email"),
                     "url": extras.get("contact_url")} if extras.get("contact_name") else None),
        "landing_page": d.get("url"),
        "resources": [{"title": r.get("name"), "url": r.get("url"), "format": r.get("format"),
                       "mime": r.get("mimetype"), "size": r.get("size"),
                       "access_services": [s.get("uri") for s in json.loads(r.get("access_services") or "[]")],
                       "checksum": ({"algorithm": r.get("hash_algorithm"), "value": r.get("hash")}
                                    if r.get("hash") else None)}
                      for r in d.get("resources", [])],
    }


def service_view(s: dict) -> dict:
    """A data service as CKAN shows it, on the resources it is the access service of."""
    return {"id": s.get("identifier") or s.get("uri"), "accepted": bool(s.get("endpoint_url")),
            "errors": [] if s.get("endpoint_url") else ["no endpoint URL"],
            "title": s.get("title"), "description": s.get("description"),
            "endpoint": (s.get("endpoint_url") or [None])[0],
            "license": s.get("license"), "datasets": sorted(s.get("serves_dataset", []))}


if __name__ == "__main__":
    chosen = sys.argv[2:] or ["euro_dcat_ap_3", "euro_dcat_ap_2"]
    json.dump(main(sys.argv[1], chosen), sys.stdout, ensure_ascii=False, indent=1, default=str)
