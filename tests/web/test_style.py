"""The stylesheet's colour pairs meet WCAG 2.1 AA contrast (4.5:1 for text), and it loads nothing
from another host."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

CSS = files("pvgraph").joinpath("static/pvgraph.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour(name: str) -> str:
    return "#ffffff" if name == "white" else VARIABLES[name]


@pytest.mark.parametrize(("text", "background"), [
    ("ink", "paper"), ("ink", "soft"), ("muted", "paper"), ("muted", "soft"),
    ("link", "paper"), ("link", "soft"), ("visited", "paper"), ("accent", "paper"),
    ("accent", "accent-soft"), ("error", "paper"), ("white", "accent"),
])
def test_text_colours_meet_aa_contrast(text, background):
    assert contrast(colour(text), colour(background)) >= 4.5


def test_the_focus_ring_stands_out():
    """WCAG 1.4.11: the focus indicator is an orange outline ringed in ink, ≥ 3:1 on any of our
    backgrounds (the orange alone is not, on white)."""
    rule = re.search(r":focus-visible[^{]*\{([^}]*)\}", CSS).group(1)
    assert "outline: 3px solid var(--focus)" in rule and "var(--ink)" in rule
    for background in ("paper", "soft", "accent-soft"):
        assert contrast(VARIABLES["ink"], VARIABLES[background]) >= 3
    assert contrast(VARIABLES["focus"], VARIABLES["accent"]) >= 3  # on the blue buttons


def test_no_font_or_image_from_another_host():
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", CSS)
    assert "@import" not in CSS
