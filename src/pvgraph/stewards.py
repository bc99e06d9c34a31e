"""Who writes to the graph: a steward, named by their token, speaking for an authority.

A steward (a person, or a team, of a commune, an intercommunalité, a département…) holds a
token of their own; the token's name is how pvgraph records them as the author of what they
submit, and the authority (an organisation's IRI: ``id/organisation/{SIREN}``, or another
referential IRI) is who they act on behalf of (PROV-O ``prov:actedOnBehalfOf``). An admin (the
holder of the server's ``update_token``, or of a token added with ``--admin``) may also write
with SPARQL Update and the Graph Store, and act on every submission.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pvgraph.errors import ConfigError, UserError, error
from pvgraph.settings import Settings


@dataclass(frozen=True)
class Steward:
    """The holder of a token, as the server and the submissions know them."""

    name: str
    authority: str | None = None
    admin: bool = False

    def may_act_on(self, owner: str) -> bool:
        """May this steward read a private submission of ``owner``, replace or withdraw it?"""
        return self.admin or self.name == owner


# -- the tokens file ---------------------------------------------------------------------------

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
"""scrypt's cost (RFC 7914's interactive setting: about 16 MB and tens of ms per check)."""


class TokenError(UserError):
    """A tokens command that cannot be done (a bad name, an unknown or duplicate one)."""

    code = "bad-token"


@dataclass(frozen=True)
class TokenEntry:
    """One token as the tokens file keeps it: never the secret, only its salted scrypt hash."""

    name: str
    authority: str | None
    admin: bool
    created: str
    salt: str
    hash: str
    revoked: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def steward(self) -> Steward:
        return Steward(self.name, self.authority, self.admin)


class TokenRegistry:
    """The stewards' tokens, in a JSON file (``tokens_file``): added, listed, revoked, checked.

    A secret is ``{name}.{random}``: the name finds the entry, scrypt with the entry's salt
    checks the rest, in constant time. A check that succeeded is remembered (by the secret's
    SHA-256) until the file changes, so that a steward's requests do not each pay scrypt's cost;
    a revocation, written by ``pvgraph tokens revoke`` while the server runs, takes effect at the
    next request. The file is written atomically, readable by its owner only.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: tuple[float, int] | None = None
        self._entries: dict[str, TokenEntry] = {}
        self._checked: dict[bytes, str] = {}

    def entries(self) -> list[TokenEntry]:
        """Every token, active or revoked, by name."""
        return sorted(self._load().values(), key=lambda e: e.name)

    def any_active(self) -> bool:
        return any(e.active for e in self._load().values())

    def add(self, name: str, *, authority: str | None = None, admin: bool = False) -> str:
        """Add a token; return its secret (shown once: only its hash is kept). A revoked name
        may be given a new token (that is how a token is rotated)."""
        if not NAME.fullmatch(name):
            raise error(TokenError, "token.bad-name", name=name)
        iri = authority_iri(authority) if authority else None
        with self._lock:
            entries = dict(self._load())
            if name in entries and entries[name].active:
                raise error(TokenError, "token.exists", name=name)
            secret = f"{name}.{secrets.token_urlsafe(32)}"
            salt = secrets.token_bytes(16)
            entries[name] = TokenEntry(name, iri, admin, _now(), salt.hex(), _hash(secret, salt).hex())
            self._save(entries)
        return secret

    def revoke(self, name: str) -> TokenEntry:
        with self._lock:
            entries = dict(self._load())
            entry = entries.get(name)
            if entry is None or not entry.active:
                raise error(TokenError, "token.no-such", name=name)
            entries[name] = replace(entry, revoked=_now())
            self._save(entries)
            return entries[name]

    def check(self, secret: str) -> Steward | None:
        """The steward whose token this is, or None (unknown, revoked, or wrong)."""
        name, dot, _rest = secret.partition(".")
        if not dot:
            return None
        entries = self._load()
        entry = entries.get(name)
        if entry is None or not entry.active:
            return None
        key = hashlib.sha256(secret.encode()).digest()
        if self._checked.get(key) == name:
            return entry.steward()
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(entry.salt)), bytes.fromhex(entry.hash)):
            return None
        self._checked[key] = name
        return entry.steward()

    def _load(self) -> dict[str, TokenEntry]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._entries, self._seen, self._checked = {}, None, {}
            return self._entries
        seen = (stat.st_mtime, stat.st_size)
        if seen != self._seen:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                entries = {e["name"]: TokenEntry(**e) for e in data["tokens"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise error(ConfigError, "token.file-unreadable", path=self.path, reason=exc) from None
            self._entries, self._seen, self._checked = entries, seen, {}
        return self._entries

    def _save(self, entries: dict[str, TokenEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        body = json.dumps({"tokens": [asdict(e) for e in sorted(entries.values(), key=lambda e: e.name)]},
                          ensure_ascii=False, indent=1)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self._seen = None  # read back at the next use


def authority_iri(authority: str) -> str:
    """The IRI of the authority a steward speaks for: a SIREN (checked) becomes
    ``id/organisation/{SIREN}``; an http(s) IRI is kept as it is."""
    from pvgraph.referential import organisation_iri, siren_is_valid

    text = authority.strip().replace(" ", "")
    if text.isdigit():
        if len(text) != 9 or not siren_is_valid(text):
            raise error(TokenError, "token.bad-siren", authority=authority)
        return organisation_iri(text)
    if text.startswith(("http://", "https://")) and " " not in authority.strip():
        return text
    raise error(TokenError, "token.bad-authority", authority=authority)


def tokens_path(settings: Settings) -> Path:
    path = Path(settings.tokens_file)
    return path if path.is_absolute() else settings.root / path


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
