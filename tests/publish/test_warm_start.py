"""``pvgraph serve`` starts writing the dumps before anyone asks for them."""

from __future__ import annotations

import time
from pathlib import Path

from pvgraph.server.app import create_app
from pvgraph.server.catalog import start_publication
from pvgraph.server.state import app_state
from pvgraph.settings import load_settings
from tests.publish.conftest import make_store


def test_dumps_are_written_without_a_request(tmp_path: Path) -> None:
    store = make_store()
    settings = load_settings({"store": ":memory:", "publish_dir": str(tmp_path / "publish")},
                             settings_file=tmp_path / "absent.toml")
    app = create_app(settings, store=store)
    start_publication(app)
    cache = app_state(app).publish.cache
    directory = cache.directory(store.version())
    deadline = time.monotonic() + 60
    while not list(directory.glob("*.nq.gz")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(directory.glob("*.nq.gz")), "no dump was written in the background"
    published = cache.ensure(store, wait=60)
    assert published.manifest is not None
