"""The stewards' tokens: hashed on disk, checked in constant time, revoked at once."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from pvgraph.errors import ConfigError
from pvgraph.stewards import Steward, TokenError, TokenRegistry, authority_iri


def test_a_token_is_kept_hashed_and_names_its_steward(tmp_path: Path) -> None:
    registry = TokenRegistry(tmp_path / "tokens.json")
    secret = registry.add("commune-a", authority="200 000 172")
    text = (tmp_path / "tokens.json").read_text()
    assert secret.split(".", 1)[1] not in text and secret not in text  # only a salted hash
    assert stat.S_IMODE((tmp_path / "tokens.json").stat().st_mode) == 0o600
    assert registry.check(secret) == Steward("commune-a", "https://w3id.org/pvgraph/id/organisation/200000172")
    assert registry.check(secret) is not None  # remembered: no second scrypt
    assert registry.check(secret + "x") is None
    assert registry.check("commune-b." + secret.split(".", 1)[1]) is None
    assert registry.check("no-dot-at-all") is None
    # Another process (a server) reading the same file agrees.
    assert TokenRegistry(tmp_path / "tokens.json").check(secret) is not None


def test_two_tokens_with_the_same_secret_part_do_not_collide(tmp_path: Path) -> None:
    registry = TokenRegistry(tmp_path / "tokens.json")
    a, b = registry.add("a"), registry.add("b", admin=True)
    salts = {e.salt for e in registry.entries()}
    assert len(salts) == 2
    assert registry.check(a) == Steward("a") and registry.check(b) == Steward("b", admin=True)


def test_revoke_then_add_again_rotates_the_secret(tmp_path: Path) -> None:
    registry = TokenRegistry(tmp_path / "tokens.json")
    old = registry.add("commune-a")
    assert registry.check(old) is not None
    with pytest.raises(TokenError, match="already a token"):
        registry.add("commune-a")
    registry.revoke("commune-a")
    assert registry.check(old) is None and not registry.any_active()
    new = registry.add("commune-a")
    assert registry.check(new) is not None and registry.check(old) is None
    with pytest.raises(TokenError, match="no active token"):
        registry.revoke("nobody")


@pytest.mark.parametrize(("given", "expected"), [
    ("200000172", "https://w3id.org/pvgraph/id/organisation/200000172"),
    ("https://w3id.org/pvgraph/id/territory/commune/01053", "https://w3id.org/pvgraph/id/territory/commune/01053"),
])
def test_an_authority_is_a_siren_or_an_iri(given: str, expected: str) -> None:
    assert authority_iri(given) == expected


@pytest.mark.parametrize("given", ["200000173", "12345", "la commune", "ftp://x"])
def test_a_wrong_authority_is_refused_with_a_hint(given: str) -> None:
    with pytest.raises(TokenError) as caught:
        authority_iri(given)
    assert caught.value.hint


@pytest.mark.parametrize("name", ["Commune A", "", "-a", "a.b", "x" * 64])
def test_a_name_is_lower_case_letters_digits_and_hyphens(tmp_path: Path, name: str) -> None:
    with pytest.raises(TokenError):
        TokenRegistry(tmp_path / "tokens.json").add(name)


def test_a_damaged_tokens_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "tokens.json").write_text(json.dumps({"tokens": [{"name": "a"}]}))
    with pytest.raises(ConfigError, match="cannot be read"):
        TokenRegistry(tmp_path / "tokens.json").check("a.b")
