"""The stylesheet's colours meet WCAG AA contrast, computed from site.css itself: badge text 4.5:1 on its badge,
text 4.5:1 on the page, and the borders of form fields 3:1 against the page (non-text contrast, SC 1.4.11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "certificates" / "static" / "certificates" / "site.css").read_text()
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
VARIABLE = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}|var\(--[\w-]+\)")


def variables() -> dict[str, str]:
    """The colours ``:root`` names, ``{"ink": "#1b1f24", …}``."""
    return dict(VARIABLE.findall(CSS))


def resolve(value: str) -> str:
    """A colour as ``#rrggbb``, through ``var(--name)``."""
    match = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return variables()[match.group(1)] if match else value


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(resolve(one)), luminance(resolve(other))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rules(selector_part: str) -> list[tuple[str, dict[str, str]]]:
    """Each rule whose selector holds ``selector_part``, with its declarations."""
    found = []
    for selector, body in RULE.findall(CSS):
        if selector_part in selector:
            declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
            found.append((selector.strip(), {k.strip(): v.strip() for k, v in declarations.items()}))
    return found


def test_it_computes_contrast_as_wcag_does() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


def test_every_badge_text_has_4_5_to_1_on_its_badge() -> None:
    badges = [(s, d) for s, d in rules(".badge.") if "color" in d and "background" in d]
    assert len(badges) >= 3, badges  # pass, not tested / not applicable, fail
    for selector, declarations in badges:
        ratio = contrast(declarations["color"], declarations["background"])
        assert ratio >= 4.5, f"{selector}: {ratio:.2f}:1"


def test_field_borders_have_3_to_1_against_the_page() -> None:
    fields = [(s, d) for s, d in rules("select") + rules("input[type=search]") if "border" in d]
    assert len(fields) >= 2, fields
    for selector, declarations in fields:
        (border,) = COLOUR.findall(declarations["border"])
        ratio = contrast(border, "var(--bg)")
        assert ratio >= 3, f"{selector}: border {ratio:.2f}:1"


@pytest.mark.parametrize(
    ("text", "background"),
    [("ink", "bg"), ("muted", "bg"), ("muted", "soft"), ("accent", "bg"), ("accent", "soft"), ("ink", "diff")],
)
def test_text_colours_have_4_5_to_1(text: str, background: str) -> None:
    assert contrast(f"var(--{text})", f"var(--{background})") >= 4.5
