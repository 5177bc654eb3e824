"""The snippet that embeds a certificate's badge, in Markdown and HTML, with absolute links on the site's root."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from certificates.models import Certificate
from certificates.siteurl import absolute_url

register = template.Library()


@register.inclusion_tag("certificates/_badge_snippet.html", takes_context=True)
def badge_snippet(context: dict[str, Any], certificate: Certificate) -> dict[str, str]:
    """The badge's image and the certificate's page as absolute URLs (``SITE_URL``, else the request's host),
    and the snippets that embed them."""
    request = context.get("request")
    number = certificate.number
    image = absolute_url(request, reverse("certificates:badge", args=[number]))
    page = absolute_url(request, reverse("certificates:detail", args=[number]))
    alt = f"OCA certificate {number}"
    return {
        "image": image,
        "markdown": f"[![{alt}]({image})]({page})",
        "html": f'<a href="{page}"><img src="{image}" alt="{alt}"></a>',
    }
