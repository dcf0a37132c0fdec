"""`/healthz`: is this web process up, and can it reach its database (for the load balancer:
a web process that can serve pages is healthy even when the worker is not). `/healthz/ready`:
is the whole service working (`accord.web.operations.checks`: the database, the worker's
heartbeat, the outbox, the sweep), for monitoring: 503 when any check fails."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accord.web.operations.checks import database_check, readiness

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    if not database_check().ok:
        logger.warning("health check: the database is unavailable")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks = readiness(timezone.now()).checks
    failing = [check.name for check in checks if not check.ok]
    if failing:
        logger.warning("readiness check: failing %s", ", ".join(failing))
    return JsonResponse(
        {
            "status": "unavailable" if failing else "ok",
            "checks": {check.name: check.as_dict() for check in checks},
        },
        status=503 if failing else 200,
    )
