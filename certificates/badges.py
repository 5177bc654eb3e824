"""A certificate's badge as an SVG image: OCPP version, product type and status in OCA's listing, to embed in a
vendor's page or README. Pure drawing: text escaped, the width estimated from the text."""

from __future__ import annotations

from django.utils.html import escape

from certificates.choices import ListingStatus

# How a status reads on a badge, and its colour (each with white text at WCAG AA contrast).
STATUS_WORDS = {
    ListingStatus.ACTIVE: "active",
    ListingStatus.WITHDRAWN: "withdrawn",
    ListingStatus.UNLISTED: "not listed",
}
COLOURS = {"active": "#1a7f37", "withdrawn": "#b42318", "not listed": "#5b616b", "unknown": "#5b616b"}
LABEL_COLOUR = "#333"
# Verdana 11 px averages about this many pixels a character; the padding each side of a text.
CHAR_PX = 6.6
PAD_PX = 6
# Product types as a badge shortens them.
SHORT_TYPES = {"Charging Station Management System": "CSMS", "CSMS": "CSMS", "Charging Station": "Charging Station"}


def badge_svg(label: str, value: str, colour: str) -> str:
    """Return an SVG badge reading ``label | value`` (both escaped), the value on ``colour``; its title (for
    screen readers and as a tooltip) says both."""
    left = round(len(label) * CHAR_PX) + 2 * PAD_PX
    right = round(len(value) * CHAR_PX) + 2 * PAD_PX
    width = left + right
    title = escape(f"{label}: {value}")
    label, value = escape(label), escape(value)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-labelledby="badge-title"><title id="badge-title">{title}</title>'
        f'<rect width="{left}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">'
        f'<text x="{left / 2:g}" y="14">{label}</text><text x="{left + right / 2:g}" y="14">{value}</text></g></svg>'
    )


def certificate_badge(*, number: str, ocpp_version: str, product_type: str, status: str) -> str:
    """Return the badge of a certificate: its number, then OCPP version, product type and listing status."""
    words = STATUS_WORDS.get(status, "not listed")
    parts = [f"OCPP {ocpp_version}" if ocpp_version else "", SHORT_TYPES.get(product_type, product_type), words]
    return badge_svg(f"OCA {number}", " · ".join(part for part in parts if part), COLOURS[words])


def unknown_badge(number: str) -> str:
    """Return the badge of a number the registry does not know: "unknown"."""
    return badge_svg(f"OCA {number}", "unknown", COLOURS["unknown"])
