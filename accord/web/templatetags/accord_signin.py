"""Small helpers for the sign-in pages.

{% load accord_signin %}
{% organisation_sign_in_available as organisations %}   is any identity provider set up?
{% after_two_factor_url as continue_url %}              where to go once the app is set up
{{ totp_svg|qr_code:"QR code to scan with your authenticator app" }}
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accord.signin.models import IdentityProvider
from accord.web.signin.middleware import after_two_factor_url as _after_two_factor_url

register = template.Library()


@register.simple_tag
def organisation_sign_in_available() -> bool:
    return IdentityProvider.objects.exists()


@register.simple_tag(takes_context=True)
def after_two_factor_url(context: template.Context) -> str:
    request = context.get("request")
    return _after_two_factor_url(request) if request is not None else "/"


@register.filter
def qr_code(svg: str, label: str) -> SafeString:
    """allauth's QR code (an SVG drawn by the `qrcode` package) inline, as an image with a
    text alternative: inline, it needs no `img-src data:` in the Content Security Policy."""
    body = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", str(svg))
    body = re.sub(r"\s(width|height)=\"[^\"]*\"", "", body, count=2)
    body = body.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(label)}" class="accord-qr-code" ', 1
    )
    return mark_safe(body)  # noqa: S308  (markup made by the qrcode package from a TOTP URL)
