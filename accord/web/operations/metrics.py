"""Prometheus metrics at `/metrics` (for the machine that scrapes them, with the bearer token in
ACCORD_METRICS_TOKEN; without one set there is no such page).

- `accord_http_request_duration_seconds` (histogram): each request's time, by method, the route's
  name (never its path: paths carry case references) and status class. Each web process counts
  its own; with several (gunicorn), set PROMETHEUS_MULTIPROC_DIR to a folder they share and the
  page adds them up.
- Read from the database at each scrape, so they hold whichever process did the work (the sweep
  and the worker have no web page): the outbox's depth, given-up and failing e-mails, the oldest
  waiting e-mail's age, the last sweep's age and length, the worker's heartbeat's age, and each
  health check as 1 (passing) or 0 (`accord.web.operations.checks`).
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from accord.cases.models import SweepRun

from .checks import readiness

REQUEST_SECONDS = Histogram(
    "accord_http_request_duration_seconds",
    "Time to answer a request, by method, route name and status class.",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def timed(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Middleware: each request's time in REQUEST_SECONDS."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        match = request.resolver_match
        REQUEST_SECONDS.labels(
            request.method or "-",
            match.view_name if match else "unmatched",
            f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response

    return middleware


class ServiceCollector(Collector):
    """The figures kept in the database, read at each scrape."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        health = readiness(now)
        checks = health.checks
        up = GaugeMetricFamily("accord_check_ok", "Each health check: 1 passing, 0 failing.",
                               labels=["check"])  # fmt: skip
        for check in checks:
            up.add_metric([check.name], 1.0 if check.ok else 0.0)
        yield up
        ages = GaugeMetricFamily(
            "accord_check_age_seconds",
            "Since what each check watches last happened (the sweep, the worker's heartbeat, "
            "the oldest waiting e-mail).",
            labels=["check"],
        )
        for check in checks:
            if check.age_seconds is not None:
                ages.add_metric([check.name], check.age_seconds)
        yield ages
        counts = health.emails
        if counts is None:
            return  # no database: nothing more to read
        yield GaugeMetricFamily(
            "accord_outbox_pending", "E-mails waiting to be sent.", value=counts["pending"]
        )
        yield GaugeMetricFamily(
            "accord_outbox_failing",
            "E-mails waiting after a failed attempt (delivery failures not yet given up).",
            value=counts["failing"],
        )
        yield GaugeMetricFamily(
            "accord_outbox_dead", "E-mails given up after the retry window.", value=counts["dead"]
        )
        last = SweepRun.objects.order_by("-now").values_list("report", flat=True).first()
        if last is not None:
            yield GaugeMetricFamily(
                "accord_sweep_last_duration_seconds",
                "How long the last sweep took.",
                value=float(last.get("took_seconds", 0.0)),
            )


def registry() -> CollectorRegistry:
    """The page's registry: this process's request times (or every process's, with
    PROMETHEUS_MULTIPROC_DIR), and the database's figures."""
    found = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(found)  # type: ignore[no-untyped-call]
    else:
        found.register(REQUEST_SECONDS)
    found.register(ServiceCollector())
    return found


def _authorised(request: HttpRequest) -> bool:
    token = settings.ACCORD_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        raise Http404("No such page")  # not a page for people, and no hint that it exists
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
