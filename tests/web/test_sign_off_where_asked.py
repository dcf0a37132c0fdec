"""Issue 14 item 5: sign-off appears only where the policy asks for it. Stockport, Blackburn with
Darwen and Northumberland ask for none: their resolved cases read "Resolved", their boards count
no cases awaiting sign-off, and the sign-off URL says in plain words that there is none. Bath and
North East Somerset and the generic procedure ask both parties: there it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.accounts.models import PartnershipRole
from accord.cases import actions
from accord.cases.models import Case
from accord.reports.board import board_for
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

WITHOUT = ["stockport.toml", "blackburn-with-darwen.toml", "northumberland.toml"]
WITH = ["bath-north-east-somerset.toml", "generic-lscb.toml"]


def _resolved(policy_file: str) -> Case:
    walker = Walker(partnership_for(policy_file))
    case = walker.raise_case(london("2026-03-02"))
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="Agreed", now=london("2026-03-03")
    )
    case.refresh_from_db()
    return case


def _manager(case: Case) -> object:
    return PartnershipRole.objects.get(partnership=case.partnership, role="business_manager").person


@pytest.mark.parametrize("policy_file", WITHOUT)
def test_a_policy_without_sign_off_never_mentions_it(policy_file: str) -> None:
    case = _resolved(policy_file)
    client = signed_in(holder(case, "raising"))
    page = client.get(reverse("web:case-detail", args=[case.reference])).content.decode()
    assert "Resolved" in page
    assert "sign-off" not in page.lower()
    assert "sign off" not in page.lower()
    queue = client.get(reverse("web:cases-all")).content.decode()
    assert case.reference in queue
    assert "awaiting sign-off" not in queue

    signing = client.get(reverse("web:case-sign-off", args=[case.reference, "raising"]))
    body = signing.content.decode()
    assert signing.status_code == 409
    assert "procedure has no sign-off: the outcome stands once it is recorded" in body
    assert "sign_off = none" not in body

    board = board_for(case.partnership.pk, now=london("2026-03-04"))
    assert board.awaiting_sign_off is None
    assert all("sign" not in f.label.lower() for f in board.by_status)
    resolved = next(f for f in board.by_status if f.query["status"] == "resolved")
    assert (resolved.label, resolved.count) == ("Resolved, to be closed", 1)
    shown = signed_in(_manager(case)).get(reverse("web:partnership-board")).content.decode()
    assert "sign-off" not in shown.lower()


@pytest.mark.parametrize("policy_file", WITH)
def test_a_policy_with_sign_off_shows_it_waiting(policy_file: str) -> None:
    case = _resolved(policy_file)
    client = signed_in(holder(case, "raising"))
    page = client.get(reverse("web:case-detail", args=[case.reference])).content.decode()
    assert "Resolved – awaiting sign-off" in page
    board = board_for(case.partnership.pk, now=london("2026-03-04"))
    assert board.awaiting_sign_off is not None
    assert board.awaiting_sign_off.count == 1
    signing = client.get(reverse("web:case-sign-off", args=[case.reference, "raising"]))
    assert signing.status_code == 200
