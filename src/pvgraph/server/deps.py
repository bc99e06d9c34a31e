"""FastAPI dependencies: what a route may ask for (``StoreDep``, ``SettingsDep``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from pvgraph.server.state import state_of
from pvgraph.settings import Settings
from pvgraph.store import Store


# Async on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, a hand-over to
# another thread and back (tens of microseconds, more on a busy machine) for an attribute read.
async def get_settings(request: Request) -> Settings:
    return state_of(request).settings


async def get_store(request: Request) -> Store:
    return state_of(request).store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
