"""The languages pvgraph speaks, and the one rule for choosing among them.

Human-facing text is French first, English on request. Every text of the one catalogue
(:mod:`pvgraph.messages`), every error told in a language (:meth:`pvgraph.errors.UserError.in_language`)
and every HTML page choose their language with :func:`resolve`: the asked language when pvgraph
speaks it (``en``), or its primary subtag when it does (``en-GB`` → ``en``), else French.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def resolve(lang: str | None) -> str:
    """The language pvgraph answers ``lang`` in: itself or its primary subtag when spoken, else French."""
    if lang in LANGUAGES:  # the usual case, first: every message asks
        return lang
    tag = (lang or "").strip().lower().replace("_", "-")
    if tag in LANGUAGES:
        return tag
    primary = tag.split("-", 1)[0]
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE
