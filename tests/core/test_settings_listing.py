"""`pvgraph settings` and docs/settings.md list every setting (declared once, in settings.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.settings import PROJECT_ROOT, SECRETS, Settings, describe_settings

DOC = PROJECT_ROOT / "docs" / "settings.md"
BEGIN, END = "<!-- settings table: generated from settings.py, checked by tests/core/test_settings_listing.py -->", \
    "<!-- end of settings table -->"


def settings_table() -> str:
    """The docs' table of settings, as settings.py declares them."""
    lines = ["| setting | environment | default | what it does |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "(none)"
        elif name == "root":
            default = "the repository"
        elif field.default is None:
            default = "(none)"
        else:
            default = f"`{field.default}`"
        what = (field.description or "").replace("|", "\\|")
        lines.append(f"| `{name}` | `PVGRAPH_{name.upper()}` | {default} | {what} |")
    return "\n".join(lines)


def test_the_docs_list_every_setting_as_declared() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert table == settings_table(), "docs/settings.md is stale: paste settings_table() between the markers"


def test_each_source_is_named_and_secrets_are_masked(tmp_path: Path, monkeypatch) -> None:
    file = tmp_path / "pvgraph.toml"
    file.write_text('max_rows = 5\nlang = "en"\nupdate_token = "s3cret-token"\n', encoding="utf-8")
    monkeypatch.setenv("PVGRAPH_LANG", "fr")
    monkeypatch.setenv("PVGRAPH_STORE_PASSWORD", "hunter2")
    views = {v.name: v for v in describe_settings({"port": 9001}, settings_file=file)}
    assert set(views) == set(Settings.model_fields)
    assert (views["port"].value, views["port"].source) == ("9001", "flag")
    assert (views["lang"].value, views["lang"].source) == ("fr", "env")
    assert (views["max_rows"].value, views["max_rows"].source) == ("5", "file")
    assert (views["host"].value, views["host"].source) == ("127.0.0.1", "default")
    for name in SECRETS:
        assert views[name].value == "***"
    assert all("s3cret" not in v.value and "hunter2" not in v.value for v in views.values())


def test_the_command_lists_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PVGRAPH_SETTINGS_FILE", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("PVGRAPH_UPDATE_TOKEN", "abc-secret")
    monkeypatch.delenv("PVGRAPH_LANG", raising=False)  # the table in French, then in English
    result = CliRunner().invoke(cli, ["settings", "--store", ":memory:", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = {row["name"]: row for row in json.loads(result.output)}
    assert set(listed) == set(Settings.model_fields)
    assert listed["store"]["source"] == "flag" and listed["update_token"] == {
        **listed["update_token"], "value": "***", "source": "env"}
    assert "abc-secret" not in result.output
    table = CliRunner().invoke(cli, ["settings", "--store", ":memory:"])
    assert table.exit_code == 0 and "union_default_graph" in table.output
    lines = {line.split()[0]: line for line in table.output.splitlines()}
    assert lines["store"].endswith("option de la commande") and lines["host"].endswith("valeur par défaut")
    assert "(aucune)" in lines["store_user"] and lines["update_token"].endswith("variable d'environnement")
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    english = CliRunner().invoke(cli, ["settings"])
    lines = {line.split()[0]: line for line in english.output.splitlines()}
    assert lines["host"].endswith("default") and lines["lang"].endswith("environment")
    assert "(none)" in lines["store_user"]
