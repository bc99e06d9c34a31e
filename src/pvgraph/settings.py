"""Every setting, declared once.

Precedence: defaults < settings file (``pvgraph.toml`` or ``PVGRAPH_SETTINGS_FILE``) < environment
``PVGRAPH_<NAME>`` < command-line flags (passed to :func:`load_settings` as overrides).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pvgraph.errors import ConfigError, error

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """pvgraph's settings. Frozen: a server never mutates its settings."""

    model_config = SettingsConfigDict(env_prefix="PVGRAPH_", frozen=True, extra="forbid")

    root: Path = Field(PROJECT_ROOT, description="Repository root holding ontology/, shapes/, data/.")
    store: str = Field(
        "var/store",
        description="Store: a directory (embedded pyoxigraph on disk), ':memory:', or an http(s) SPARQL endpoint URL.",
    )
    store_update_url: str | None = Field(
        None, description="Remote store: SPARQL Update endpoint (defaults to the query URL)."
    )
    store_graph_store_url: str | None = Field(
        None, description="Remote store: SPARQL 1.1 Graph Store Protocol endpoint for bulk loads (e.g. Virtuoso's …/sparql-graph-crud-auth); without it, loads go by SPARQL Update in chunks."
    )
    store_user: str | None = Field(None, description="Remote store: user name for updates.")
    store_password: str | None = Field(None, description="Remote store: password for updates.")
    store_auth: str = Field("digest", description="Remote store: 'basic' or 'digest' authentication.")
    store_engine: Literal["auto", "virtuoso", "fuseki", "oxigraph", "generic"] = Field(
        "auto", description="Remote store: the engine behind the URL, for its quirks "
        "(pvgraph.store.dialects): 'virtuoso', 'fuseki', 'oxigraph', 'generic', or 'auto' (recognised "
        "from the endpoint's answer headers).",
    )
    store_version_ttl: float = Field(
        1.0, ge=0, description="Remote store: seconds the graph's version token is trusted before it is "
        "read again (caches, ETags); writes made by this process are seen at once, 0 re-reads every time.",
    )
    store_partition_threshold: int = Field(
        50000, ge=0, description="Remote store: the most triples one reasoning update reads before it is "
        "split (stores that time out long transactions, e.g. Virtuoso's SR171); 0 never splits.",
    )
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, description="Port the server listens on.")
    public_base: str = Field(
        "https://w3id.org/pvgraph/",
        description="Public base IRI of the graph's things; mapped to the server's own address.",
    )
    query_timeout: float = Field(30.0, description="Seconds a SPARQL query may run before it is stopped.")
    max_rows: int = Field(10000, description="Most result rows returned; longer results are cut and say so.")
    max_body_bytes: int = Field(50 * 1024 * 1024, description="Largest accepted upload or request body, in bytes.")
    max_concurrent_queries: int = Field(4, description="Queries run at once; more wait, then get 503.")
    update_token: str | None = Field(None, description="The admin's bearer token: SPARQL Update, Graph Store writes, submissions, every submission's page and actions; with no token and no steward token, no writes.")
    union_default_graph: bool = Field(
        True,
        description="What a /sparql query that names no dataset sees as its default graph: the union "
        "of all graphs (true), or the store's own default graph, as SPARQL 1.1, Oxigraph and Fuseki "
        "have it by default (false; a remote store is then asked without its dialect's union "
        "parameters). pvgraph's named questions and pages always see the union.",
    )
    service_allowlist: list[str] = Field(
        default_factory=list, description="SPARQL endpoints a query may call with SERVICE (none by default)."
    )
    lang: str = Field("fr", description="Default language of messages and reports: 'fr' or 'en'.")
    submissions_dir: str = Field("var/submissions", description="Where accepted submissions' original bytes are kept.")
    update_token_label: str = Field(
        "token holder", description="Who the update token's holder is, recorded as the author of submissions."
    )
    tokens_file: str = Field(
        "var/tokens.json", description="The stewards' named tokens (hashed), managed by `pvgraph tokens`."
    )
    query_queue_timeout: float = Field(
        5.0, description="Seconds a query waits for a free query worker before the server answers 503."
    )
    query_snapshots: Literal["disk", "memory"] = Field(
        "disk",
        description="How query workers read the store: 'disk' (RocksDB checkpoints: little memory) or "
        "'memory' (a copy per worker, reloaded after each change: faster queries, more memory).",
    )
    query_mirror: bool = Field(
        True,
        description="Keep, in the server, an in-memory copy of a store on disk, kept in step with "
        "every write, and answer from it the queries seen to be cheap (two to six times faster "
        "than RocksDB; about 0.35 GB of memory per million quads, loaded in the background at start).",
    )
    query_lane_seconds: float = Field(
        1.0,
        description="A query whose last run took less than this many seconds is answered in the "
        "server's process from the in-memory copy; unseen and slower queries run in killable workers.",
    )
    query_inline_seconds: float = Field(
        0.002,
        description="A query whose last run took less than this many seconds is answered on the "
        "server's event loop itself (no thread to wake: cheaper for the shortest queries).",
    )
    publish_dir: str = Field(
        "var/publish", description="Where the server keeps the dumps it generates, one directory per store version."
    )
    base_url: str | None = Field(
        None,
        description="Public URL of the server, used in the catalogue, VoID and sitemap (download and endpoint URLs); default: the address the request came to.",
    )


def _read_settings_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise error(ConfigError, "setting.bad-toml", reason=exc, path=path) from None


def load_settings(overrides: dict[str, Any] | None = None, *, settings_file: Path | None = None) -> Settings:
    """Settings from file, environment and ``overrides`` (``None`` values are ignored)."""
    file = settings_file or Path(os.environ.get("PVGRAPH_SETTINGS_FILE", "pvgraph.toml"))
    from_file = _read_settings_file(file) if file.is_file() else {}
    # The environment must beat the file: only file keys that the environment does not set.
    values = {k: v for k, v in from_file.items() if f"PVGRAPH_{k.upper()}" not in os.environ}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise error(ConfigError, "setting.invalid", problems=problems) from None


SECRETS = frozenset({"store_password", "update_token"})
"""Settings whose value is never shown (``pvgraph settings`` says only whether one is set)."""

UNSET = "(none)"
"""The value shown for a setting without one (the JSON listing's word; the table says it in the lang setting's language)."""


@dataclass(frozen=True)
class SettingView:
    """One setting as ``pvgraph settings`` shows it: its value (secrets masked) and its source."""

    name: str
    value: str
    source: str  # default | file | env | flag
    description: str


def describe_settings(overrides: dict[str, Any] | None = None, *,
                      settings_file: Path | None = None) -> list[SettingView]:
    """Every setting, its value and where the value came from, with :func:`load_settings`'s
    precedence (default < file < environment < flag); secrets show as ``***`` when set."""
    settings = load_settings(overrides, settings_file=settings_file)
    file = settings_file or Path(os.environ.get("PVGRAPH_SETTINGS_FILE", "pvgraph.toml"))
    from_file = _read_settings_file(file) if file.is_file() else {}
    given = {k for k, v in (overrides or {}).items() if v is not None}
    views = []
    for name, field in Settings.model_fields.items():
        if name in given:
            source = "flag"
        elif f"PVGRAPH_{name.upper()}" in os.environ:
            source = "env"
        elif name in from_file:
            source = "file"
        else:
            source = "default"
        value = getattr(settings, name)
        if name in SECRETS:
            shown = "***" if value else UNSET
        elif value is None:
            shown = UNSET
        elif isinstance(value, list):
            shown = ", ".join(value) or UNSET
        else:
            shown = str(value)
        views.append(SettingView(name, shown, source, field.description or ""))
    return views
