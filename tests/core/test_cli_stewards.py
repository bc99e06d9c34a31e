"""``pvgraph tokens add|list|revoke`` and ``pvgraph submit``: a batch import, each file whole."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.namespaces import META_GRAPH
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import records
from pvgraph.validation.derived import DERIVED
from tests.validation.conftest import STATED, stating

EXAMPLES = PROJECT_ROOT / "data" / "examples" / "submissions"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PVGRAPH_TOKENS_FILE", str(tmp_path / "tokens.json"))
    monkeypatch.setenv("PVGRAPH_SUBMISSIONS_DIR", str(tmp_path / "subs"))
    monkeypatch.setenv("PVGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("PVGRAPH_SETTINGS_FILE", str(tmp_path / "absent.toml"))
    return tmp_path


def test_tokens_add_list_revoke(env: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["tokens", "add", "commune-a", "--authority", "200000172"])
    assert added.exit_code == 0, added.output
    secret = added.stdout.strip()
    assert secret.startswith("commune-a.") and secret not in (env / "tokens.json").read_text()
    assert "jeton 'commune-a' ajouté" in added.stderr and "contributeur" in added.stderr  # French first
    again = runner.invoke(cli, ["tokens", "add", "commune-a"])
    assert again.exit_code == 2 and "il y a déjà un jeton nommé" in again.stderr
    bad = runner.invoke(cli, ["tokens", "add", "commune-b", "--authority", "123456789"])
    assert bad.exit_code == 2 and "SIREN" in bad.stderr
    listed = json.loads(runner.invoke(cli, ["tokens", "list", "--format", "json"]).stdout)
    assert listed == [{"name": "commune-a", "authority": "https://w3id.org/pvgraph/id/organisation/200000172",
                       "admin": False, "created": listed[0]["created"], "revoked": None}]
    assert runner.invoke(cli, ["tokens", "revoke", "commune-a"]).exit_code == 0
    assert runner.invoke(cli, ["tokens", "list"]).stdout == ""
    assert "révoqué le" in runner.invoke(cli, ["tokens", "list", "--all"]).stdout
    assert runner.invoke(cli, ["tokens", "revoke", "commune-a"]).exit_code == 2


def test_tokens_speak_english_on_request(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    runner = CliRunner()
    added = runner.invoke(cli, ["tokens", "add", "commune-a", "--admin"])
    assert added.exit_code == 0 and "token 'commune-a' added" in added.stderr and "admin" in added.stderr
    assert "\tadmin\t-\tsince " in runner.invoke(cli, ["tokens", "list"]).stdout
    assert runner.invoke(cli, ["tokens", "add", "commune-a"]).stderr.startswith("error: there is already a token")


def test_submit_accepts_what_conforms_and_reports_the_rest(env: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["tokens", "add", "commune-a", "--authority", "200000172"])
    result = runner.invoke(cli, ["submit", "--as", "commune-a", "--format", "json",
                                 str(EXAMPLES / "conforming.ttl"), str(EXAMPLES / "missing-project-lead.ttl")])
    assert result.exit_code == 1, result.output
    outcomes = json.loads(result.stdout)
    assert [o["status"] for o in outcomes] == ["accepted", "refused"]
    assert outcomes[1]["report"]["conforms"] is False and outcomes[1]["id"] is None
    accepted = outcomes[0]
    state = records.read_state(env / "subs", accepted["id"])
    record = records.read_record(env / "subs", accepted["id"])
    assert state is not None and state.phase == "accepted"
    assert record is not None and record.who == "commune-a" and record.files[0]["name"] == "conforming.ttl"
    assert list(records.submission_ids(env / "subs")) == [accepted["id"]]
    gc.collect()  # the command's store, closed, is released when collected (RocksDB's lock)
    store = EmbeddedStore(env / "store")
    try:
        assert store.graphs()[accepted["graph"]] == accepted["triples"]
        who = store.query(f"SELECT ?name WHERE {{ GRAPH <{META_GRAPH}> {{ <{accepted['graph']}> "
                          "<http://www.w3.org/ns/prov#wasAttributedTo>/<http://xmlns.com/foaf/0.1/name> ?name } }")
        assert who.values("name") == ["commune-a"]
    finally:
        store.close()


def test_submit_as_an_unknown_steward_changes_nothing(env: Path) -> None:
    result = CliRunner().invoke(cli, ["submit", "--as", "nobody", str(EXAMPLES / "conforming.ttl")])
    assert result.exit_code == 2 and "nobody" in result.stderr
    assert not (env / "subs").exists()


def test_submit_text_report_in_french(env: Path) -> None:
    result = CliRunner().invoke(cli, ["submit", str(EXAMPLES / "conforming.ttl")])
    assert result.exit_code == 0, result.output
    assert "conforming.ttl : acceptée" in result.stdout


@pytest.mark.parametrize("prop", sorted(STATED))
def test_validate_and_submit_refuse_a_stated_derived_relation(env: Path, prop: str) -> None:
    """pvgraph's own derived relations: ``validate`` says no (exit 1), ``submit`` refuses the file
    and stores nothing."""
    case = env / "case.ttl"
    case.write_bytes(stating(prop))
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", "--no-referential", str(case)])
    assert checked.exit_code == 1 and "calcule lui-même" in checked.stdout, checked.output
    english = runner.invoke(cli, ["validate", "--no-referential", "--lang", "en", "--format", "json", str(case)])
    assert [r["path"] for r in json.loads(english.stdout)["results"] if r["component"] == DERIVED] == [prop]
    submitted = runner.invoke(cli, ["submit", "--format", "json", str(case)])
    assert submitted.exit_code == 1, submitted.output
    [outcome] = json.loads(submitted.stdout)
    assert outcome["status"] == "refused" and outcome["id"] is None
    assert list(records.submission_ids(env / "subs")) == []
    gc.collect()  # the command's store, closed, is released when collected (RocksDB's lock)
    store = EmbeddedStore(env / "store")
    try:
        assert not [g for g in store.graphs() if "/graph/submission/" in g]
    finally:
        store.close()
