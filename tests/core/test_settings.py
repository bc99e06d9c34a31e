"""Settings: declared once; file < environment < flags; bad values are user errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvgraph.errors import ConfigError
from pvgraph.settings import load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PVGRAPH_QUERY_TIMEOUT", "PVGRAPH_PORT", "PVGRAPH_SETTINGS_FILE", "PVGRAPH_MAX_ROWS"):
        monkeypatch.delenv(name, raising=False)


def test_file_then_environment_then_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "pvgraph.toml"
    file.write_text("query_timeout = 5\nport = 9000\nmax_rows = 7\n", encoding="utf-8")
    monkeypatch.setenv("PVGRAPH_PORT", "9100")
    monkeypatch.setenv("PVGRAPH_MAX_ROWS", "8")
    s = load_settings({"max_rows": 9}, settings_file=file)
    assert (s.query_timeout, s.port, s.max_rows) == (5, 9100, 9)


def test_defaults_without_file(tmp_path: Path) -> None:
    s = load_settings(settings_file=tmp_path / "absent.toml")
    assert s.query_timeout == 30 and s.update_token is None and s.service_allowlist == []


def test_bad_value_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"port": "eighty"}, settings_file=tmp_path / "absent.toml")
    assert "port" in str(info.value)


def test_unknown_key_in_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "pvgraph.toml"
    file.write_text("qeury_timeout = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(settings_file=file)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    file = tmp_path / "pvgraph.toml"
    file.write_text("query_timeout = = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(settings_file=file)
