"""FastAPI dependencies: what a route may ask for (``StoreDep``, ``SettingsDep``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from pvgraph.server.state import state_of
from pvgraph.settings import Settings
from pvgraph.store import Store


def get_settings(request: Request) -> Settings:
    return state_of(request).settings


def get_store(request: Request) -> Store:
    return state_of(request).store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
