"""The languages pvgraph speaks, and the one rule for a text missing in the asked language.

Human-facing text is French first, English on request. Every bilingual table (input errors and
notices, report words, constraint messages, spreadsheet findings, place words, HTML pages) picks
its text with :func:`pick`: the asked language, else French.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

T = TypeVar("T")


def pick(texts: Mapping[str, T], lang: str) -> T:
    """The text in ``lang``, else the French one (the fallback rule every catalogue follows)."""
    return texts[lang] if lang in texts else texts[DEFAULT_LANGUAGE]
