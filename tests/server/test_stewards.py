"""Many stewards, each with their own token: their submissions, their provenance, theirs alone.

A real server over the ontology, the study and the examples (inferred graph materialised), with
two stewards of two authorities and the admin token; real HTTP clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.namespaces import (
    EXAMPLES_GRAPH,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    STUDY_GRAPH,
)
from pvgraph.reasoning import materialise
from pvgraph.settings import PROJECT_ROOT
from pvgraph.stewards import TokenRegistry
from tests.server.conftest import TOKEN, Live, live_server, source_quads

pytestmark = pytest.mark.live

CONFORMING = PROJECT_ROOT / "data" / "examples" / "submissions" / "conforming.ttl"
REFUSED = PROJECT_ROOT / "data" / "examples" / "submissions" / "missing-project-lead.ttl"
AUTHORITY_A = "https://w3id.org/pvgraph/id/organisation/200000172"
PROV = "http://www.w3.org/ns/prov#"


class Stewards:
    def __init__(self, live: Live, secrets: dict[str, str]) -> None:
        self.live, self.secrets = live, secrets

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN if who == 'admin' else self.secrets[who]}"}

    def submit(self, who: str, data: bytes) -> httpx.Response:
        return httpx.post(f"{self.live.url}/submissions", content=data,
                          headers={"Content-Type": "text/turtle", **self.auth(who)}, timeout=120)

    def inferred(self) -> set[str]:
        return {str(q.triple) for q in self.live.store.quads(str(INFERRED_GRAPH))
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


@pytest.fixture(scope="module")
def stewards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stewards]:
    tmp = tmp_path_factory.mktemp("stewards")
    registry = TokenRegistry(tmp / "tokens.json")
    secrets = {"commune-a": registry.add("commune-a", authority="200000172"),
               "commune-b": registry.add("commune-b", authority="https://w3id.org/pvgraph/id/organisation/217500016")}
    with live_server(tmp, quads=source_quads(), tokens_file=str(tmp / "tokens.json")) as live:
        materialise(live.store, ontology_graph=str(ONTOLOGY_GRAPH),
                    source_graphs=[str(ONTOLOGY_GRAPH), str(STUDY_GRAPH), str(EXAMPLES_GRAPH)],
                    target_graph=str(INFERRED_GRAPH))
        yield Stewards(live, secrets)


def _variant(n: int) -> bytes:
    return CONFORMING.read_bytes().replace(b"/val-de-brume/", f"/val-de-brume-st{n}/".encode())


def test_the_provenance_names_the_steward_and_the_authority(stewards: Stewards) -> None:
    r = stewards.submit("commune-a", _variant(1))
    assert r.status_code == 201, r.text
    assert r.json()["who"] == "commune-a" and r.json()["authority"] == AUTHORITY_A
    ask = stewards.live.store.query(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ <{r.json()['graph']}> <{PROV}wasAttributedTo> ?agent . "
        f"?agent a <{PROV}Agent> ; <http://xmlns.com/foaf/0.1/name> \"commune-a\" ; "
        f"<{PROV}actedOnBehalfOf> <{AUTHORITY_A}> }} }}")
    assert ask.boolean is True


def test_each_steward_lists_their_own_and_the_admin_lists_all(stewards: Stewards) -> None:
    a = stewards.submit("commune-a", _variant(2)).json()["id"]
    b = stewards.submit("commune-b", _variant(3)).json()["id"]
    url = f"{stewards.live.url}/submissions"
    mine = httpx.get(url, headers=stewards.auth("commune-a")).json()
    theirs = httpx.get(url, headers=stewards.auth("commune-b")).json()
    everyone = httpx.get(url, headers=stewards.auth("admin")).json()
    assert mine["steward"] == "commune-a" and mine["authority"] == AUTHORITY_A
    assert a in {s["id"] for s in mine["submissions"]} and b not in {s["id"] for s in mine["submissions"]}
    assert {s["who"] for s in theirs["submissions"]} == {"commune-b"}
    assert {a, b} <= {s["id"] for s in everyone["submissions"]}
    anonymous = httpx.get(url)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")


def test_a_steward_cannot_replace_or_withdraw_another_s(stewards: Stewards) -> None:
    sid = stewards.submit("commune-a", _variant(4)).json()["id"]
    url = f"{stewards.live.url}/submissions/{sid}"
    before = stewards.live.store.graphs()
    withdraw = httpx.delete(url, headers={**stewards.auth("commune-b"), "Accept-Language": "fr"})
    assert withdraw.status_code == 403
    assert withdraw.json()["error"] == "forbidden"
    assert "n’est pas la vôtre (commune-b)" in withdraw.json()["message"]
    assert "commune-a" in withdraw.json()["hint"]
    replace = httpx.put(url, content=_variant(5), headers={"Content-Type": "text/turtle", "Accept-Language": "en",
                                                        **stewards.auth("commune-b")})
    assert replace.status_code == 403 and "not yours" in replace.json()["message"]
    nobody = httpx.delete(url)
    assert nobody.status_code == 401 and nobody.headers["www-authenticate"].startswith("Bearer")
    assert stewards.live.store.graphs() == before
    assert httpx.get(url).json()["status"] == "accepted"  # public once accepted


def test_replace_then_withdraw_leaves_the_graph_as_it_was(stewards: Stewards) -> None:
    store = stewards.live.store
    graphs, inferred = store.graphs(), stewards.inferred()
    first = stewards.submit("commune-b", _variant(6)).json()
    assert stewards.inferred() > inferred  # it entailed something
    url = f"{stewards.live.url}/submissions/{first['id']}"
    refused = httpx.put(url, content=REFUSED.read_bytes(),
                        headers={"Content-Type": "text/turtle", "Accept": "application/json",
                                 **stewards.auth("commune-b")}, timeout=120)
    assert refused.status_code == 422 and httpx.get(url).json()["status"] == "accepted"
    second = httpx.put(url, content=_variant(7), headers={"Content-Type": "text/turtle", **stewards.auth("commune-b")},
                       timeout=120)
    assert second.status_code == 201, second.text
    new = second.json()
    assert new["replaces"] == first["id"] and new["who"] == "commune-b"
    assert first["graph"] not in store.graphs() and new["graph"] in store.graphs()
    revision = store.query(f"ASK {{ GRAPH <{META_GRAPH}> {{ <{new['graph']}> <{PROV}wasRevisionOf> <{first['graph']}> }} }}")
    assert revision.boolean is True
    # The old one is withdrawn: private now, to its submitter and the admins.
    old = httpx.get(url)
    assert old.status_code == 401 and old.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(url, headers=stewards.auth("commune-a")).status_code == 403
    mine = httpx.get(url, headers=stewards.auth("commune-b")).json()
    assert mine["status"] == "withdrawn" and mine["replaced_by"] == new["id"]
    assert httpx.get(url, headers=stewards.auth("admin")).status_code == 200
    assert httpx.delete(url, headers=stewards.auth("commune-b")).status_code == 409
    # Withdrawing the new one: its data, provenance and entailments leave; the rest is as before.
    gone = httpx.delete(f"{stewards.live.url}/submissions/{new['id']}", headers=stewards.auth("commune-b"), timeout=120)
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    assert store.graphs() == graphs
    assert stewards.inferred() == inferred


def test_the_original_file_is_downloadable_as_the_page_allows(stewards: Stewards) -> None:
    data = _variant(8)
    body = stewards.submit("commune-a", data).json()
    page = httpx.get(f"{stewards.live.url}/submissions/{body['id']}").json()
    got = httpx.get(page["files"][0]["url"])
    assert got.status_code == 200 and got.content == data
    assert httpx.get(f"{stewards.live.url}/submissions/{body['id']}/files/7").status_code == 404


def test_steward_tokens_only_submit(stewards: Stewards) -> None:
    update = httpx.post(f"{stewards.live.sparql}", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                        headers={"Content-Type": "application/sparql-update", **stewards.auth("commune-a")})
    assert update.status_code == 403 and "admin" in update.json()["message"]
    put = httpx.put(f"{stewards.live.url}/store", params={"graph": "urn:g"}, content=b"<urn:a> <urn:b> <urn:c> .",
                    headers={"Content-Type": "text/turtle", **stewards.auth("commune-a")})
    assert put.status_code == 403


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/submissions"), ("GET", "/submissions"), ("DELETE", "/submissions/" + "0" * 32),
    ("PUT", "/submissions/" + "0" * 32), ("PUT", "/store?graph=urn:g"), ("POST", "/store?graph=urn:g"),
    ("DELETE", "/store?graph=urn:g"), ("POST", "/sparql"),
])
def test_every_protected_route_challenges_without_a_token(stewards: Stewards, method: str, path: str) -> None:
    headers = {"Content-Type": "application/sparql-update" if path == "/sparql" else "text/turtle"}
    content = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }" if path == "/sparql" else b"<urn:a> <urn:b> <urn:c> ."
    r = httpx.request(method, f"{stewards.live.url}{path}", content=content, headers=headers)
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"] == 'Bearer realm="pvgraph"'
    assert r.json()["error"] == "unauthorized"


def test_a_revoked_token_stops_working_at_once(stewards: Stewards, tmp_path: Path) -> None:
    registry = TokenRegistry(Path(stewards.live.settings.tokens_file))
    secret = registry.add("commune-c")
    stewards.secrets["commune-c"] = secret
    assert httpx.get(f"{stewards.live.url}/submissions", headers=stewards.auth("commune-c")).status_code == 200
    registry.revoke("commune-c")
    r = httpx.get(f"{stewards.live.url}/submissions", headers=stewards.auth("commune-c"))
    assert r.status_code == 403 and "révoqué" in r.json()["message"]  # French first
    r = httpx.get(f"{stewards.live.url}/submissions", headers={**stewards.auth("commune-c"), "Accept-Language": "en"})
    assert r.status_code == 403 and "revoked" in r.json()["message"]  # English on request
