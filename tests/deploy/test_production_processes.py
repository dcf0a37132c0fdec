"""A production installation started for real (issue 19 item 1): on a new, empty PostgreSQL
database, the Procfile's release step (migrations, once, by one process), then gunicorn, the task
worker and the sweep as separate processes under production settings, and a local SMTP server.
The first administrator is created with `accord partnership create`, gets the invitation by
e-mail, chooses a password, signs in and sets up an authenticator app over HTTP; a practitioner
signs in with password and code, raises a case through the pages, and its e-mail arrives.

Runs on PostgreSQL only (DATABASE_URL): several processes share the database. How long each step
takes is measured by benchmarks/deploy.py, not here.
"""

from __future__ import annotations

import http.client
import json
import re
import shlex
import signal
import sys
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.notifications.conftest import SmtpServer
from tests.signing_in import totp_code
from tests.web.raising import CHILD, STEP_OF_PATH

from .browsing import PASSWORD, Browser, body_of, first_administrator_signs_in, form_ok
from .installation import Installation, free_port, installed, server_database_url, wait_for

pytestmark = [
    pytest.mark.skipif(
        server_database_url() is None,
        reason="production runs on PostgreSQL: set DATABASE_URL to a PostgreSQL server",
    ),
    pytest.mark.xdist_group("deploy"),  # one installation for the module's tests, in order
]

# What a partnership's administrator sets up through the pages (a policy, agencies, people,
# roles, live): the demo's partnership for Blackburn with Darwen, built by one process under
# production settings, with a password and an authenticator app for its school practitioner.
PARTNERSHIP_SET_UP = """
import json, sys, django
django.setup()
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from accord.accounts.models import AgencyKind, Level
from accord.demo.people import PARTNERSHIPS, _Names, build_partnership
from accord.demo.roles import assign_roles
from accord.partnerships.seeding import seed_bank_holidays
with transaction.atomic():
    seed_bank_holidays(range(2025, 2029))
    row = next(p for p in PARTNERSHIPS if p[0] == "blackburn-with-darwen.toml")
    names = _Names()
    demo = build_partnership(*row, password_hash="!", now=timezone.now(), names=names)
    assign_roles(demo, names=names)
    school, care = demo.agencies[AgencyKind.EDUCATION], demo.agencies[AgencyKind.SOCIAL_CARE]
    raiser = school.by_level[Level.PRACTITIONER]
    raiser.password = make_password(sys.argv[1])
    raiser.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(raiser, secret)
receiving = care.by_level[Level.FIRST_LINE_MANAGER]
print(json.dumps({
    "partnership": demo.partnership.pk, "raiser": raiser.email, "secret": secret,
    "agency": care.agency.pk, "counterpart": receiving.pk, "counterpart_email": receiving.email,
    "raising_holder": school.by_level[Level.FIRST_LINE_MANAGER].pk,
}))
"""


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def installation(
    smtp: SmtpServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installation]:
    with installed(smtp.port, tmp_path_factory.mktemp("accord-var"), {}, replica=True) as site:
        yield site


@pytest.fixture(scope="module")
def administrator(installation: Installation, smtp: SmtpServer) -> Browser:
    return first_administrator_signs_in(installation, smtp)


def test_the_first_administrator_from_an_empty_database_to_a_signed_in_page(
    installation: Installation, administrator: Browser
) -> None:
    assert "__Host-accord-session" in administrator.cookies
    # Production is not weakened for the test: without the proxy's header a page is redirected
    # to HTTPS (only the health check answers plain HTTP).
    plain = http.client.HTTPConnection("127.0.0.1", installation.web_port, timeout=10)
    plain.request("GET", "/cases/", headers={"Host": "accord.test"})
    reply = plain.getresponse()
    assert (reply.status, reply.headers["Location"]) == (301, "https://accord.test/cases/")
    plain.close()
    installation.assert_running()


def test_a_practitioner_signs_in_raises_a_case_and_its_email_is_delivered(
    installation: Installation, smtp: SmtpServer
) -> None:
    script = f"{sys.executable} -c {shlex.quote(PARTNERSHIP_SET_UP)} {shlex.quote(PASSWORD)}"
    set_up = json.loads(installation.run(script).strip())
    browser = Browser(installation.web_port)
    assert browser.get("/sign-in/").status == 200  # the page first, as a browser: its CSRF cookie
    signed = browser.post("/sign-in/", {"login": set_up["raiser"], "password": PASSWORD})
    form_ok(signed, "signing in")
    assert signed.location == "/two-factor/code/"
    coded = browser.post("/two-factor/code/", {"code": totp_code(set_up["secret"])})
    form_ok(coded, "the security code")
    assert coded.location == "/cases/"

    concern = timezone.localdate() - timedelta(days=3)
    answers = {
        "partnership": {"partnership": str(set_up["partnership"])},
        "exception": {"answer": "no"},
        "immediate-risk": {"answer": "no"},
        "about": {"subject_kind": "child"},
        "person": CHILD,
        "pattern": {"pattern": "How referrals from schools are screened"},
        "concern": {
            "concern_on_day": str(concern.day),
            "concern_on_month": str(concern.month),
            "concern_on_year": str(concern.year),
        },
        "decision": {"decision": "Referral closed.", "decision_by": "Duty team manager"},
        "outcome": {"outcome": "A child and family assessment."},
        "agency-kind": {"agency_kind": "social_care"},
        "agency": {"agency": str(set_up["agency"])},
        "counterpart": {"counterpart": str(set_up["counterpart"])},
        "raising-holder": {"raising_holder": str(set_up["raising_holder"])},
        "check": {},
    }
    response = browser.post("/raise/", {})
    form_ok(response, "starting the raise journey")
    visited: list[str] = []
    while (step := STEP_OF_PATH[urlsplit(response.location).path]) != "done":
        assert step in answers, f"no answer for {step}; visited {visited}"
        assert len(visited) < 30, visited
        visited.append(step)
        response = browser.post(response.location, answers[step])
        form_ok(response, step)
    assert visited[-1] == "check", visited
    done = browser.get(response.location)
    assert done.status == 200
    reference = re.search(r"/cases/([A-Z0-9-]+)/", done.text)
    assert reference is not None, done.text[:2000]

    # The worker process delivers the receiving side's e-mail, from the outbox.
    told = wait_for(
        "the e-mail to the receiving side",
        lambda: next((m for m in smtp.messages if m["To"] == set_up["counterpart_email"]), None),
        timeout=90,
    )
    assert reference.group(1) in str(told["Subject"]) + body_of(told)
    assert "https://accord.test/" in body_of(told)  # ACCORD_BASE_URL, the public address
    assert browser.get(f"/cases/{reference.group(1)}/").status == 200
    installation.assert_running()


def test_the_figures_read_from_the_replica_and_the_case_pages_from_the_primary(
    installation: Installation, administrator: Browser
) -> None:
    """DATABASE_REPLICA_URL connects as a role that reads nothing until granted: the board's
    figures fail without it (they are read there), the case list does not (the primary), and
    the journeys above never needed it."""
    assert installation.database is not None
    assert administrator.get("/cases/").status == 200
    assert administrator.get("/partnership/").status == 500
    installation.database.grant_reads(True)
    board = administrator.get("/partnership/")
    assert board.status == 200, board.text[:2000]
    assert "North Tyneside Partnership" in board.text


def test_the_processes_stop_cleanly_on_sigterm(installation: Installation) -> None:
    installation.assert_running()
    statuses = installation.stop()
    # gunicorn lets its requests finish and the worker its task; the sweep is simply ended by the
    # signal (-15), which is safe: each batch is one transaction and every notice keyed, so the
    # next sweep does what this one had not committed. systemd counts SIGTERM as a clean stop.
    assert statuses == {"web": 0, "worker": 0, "sweep": -signal.SIGTERM}, statuses
