"""A case's PDFs leave Accord as its exports do, so they ask for a recent authenticator code
first (decision 19): without one, "Confirm it's you" and back to the download; with one (given
at sign-in or on confirming, in the last 5 minutes), the PDF at once."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.cases import actions
from accord.cases.models import AccessLog, FormRecord
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, PersonFactory, holder, later
from tests.signing_in import give_authenticator, totp_code

from .helpers import download

pytestmark = pytest.mark.django_db


def test_each_pdf_of_a_case_asks_for_a_recent_code_then_downloads() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    record = FormRecord.objects.get(case=case, form_id="notification")
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="A joint visit", now=later(case, 1)
    )
    raiser = case.raised_by
    secret = give_authenticator(raiser)
    client = signed_in(raiser)
    urls = [
        reverse("web:case-form-pdf", args=[case.reference, record.pk]),
        reverse("web:case-summary-pdf", args=[case.reference]),
        reverse("web:case-outcome-pdf", args=[case.reference]),
    ]
    for url in urls:  # signed in just now, with a code: straight through
        download(client, url)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        for url in urls:
            asked = client.get(url)
            assert asked.status_code == 302, url
            confirm = f"{reverse('mfa_reauthenticate')}?next={quote(url, safe='')}"
            assert asked.headers["Location"] == confirm
        logged = AccessLog.objects.filter(case=case, action__startswith="downloaded").count()
        assert logged == 3, "only the downloads made before the window closed"
        confirmed = client.post(confirm, {"code": totp_code(secret)})
        assert confirmed.headers["Location"] == urls[-1]
        for url in urls:  # one confirmation opens every download for the window
            pdf, _ = download(client, url)
            assert pdf.text
    stranger = signed_in(PersonFactory())
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        for url in urls:  # a case the person cannot see is a 404 before anything is asked
            assert stranger.get(url).status_code == 404, url
