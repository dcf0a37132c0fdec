"""The service's status page, for site administrators (the people who run Accord, not one
partnership's): is everything working (`accord.web.operations`), and sending the given-up
e-mails again once the mail server is back."""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from accord.accounts.actions import is_site_administrator
from accord.notifications.models import OutboxMessage, OutboxStatus
from accord.notifications.outbox import send_again
from accord.web.operations.status import service_status

from .common import View, person_of

log = logging.getLogger(__name__)


def site_administrator_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_site_administrator(person_of(request)):
            raise PermissionDenied("Only the service's site administrators can open this page")
        return view(request, *args, **kwargs)

    return wrapper


@site_administrator_required
def service_status_page(request: HttpRequest) -> HttpResponse:
    """GET: the status. POST: send every given-up e-mail again (a new retry window)."""
    now = timezone.now()
    if request.method == "POST":
        count = send_again(OutboxMessage.objects.filter(status=OutboxStatus.DEAD), now=now)
        log.info("status page: %d given-up e-mails queued again", count)
        messages.success(
            request,
            ngettext(
                "%(count)d given-up e-mail queued again",
                "%(count)d given-up e-mails queued again",
                count,
            )
            % {"count": count},
        )
        return redirect("web:manage-status")
    return render(request, "web/manage/status.html", {"status": service_status(now)})
