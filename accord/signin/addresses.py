"""Where a request comes from: the client's address behind the configured proxies.

One answer for the lock-out, allauth's rate limits and the access log, so that all three name
the same place (`ALLAUTH_TRUSTED_PROXY_COUNT` in production; the proxy's own address would say
nothing about who read a case).
"""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy);
    the connection's address when the forwarding header cannot be trusted."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR")
