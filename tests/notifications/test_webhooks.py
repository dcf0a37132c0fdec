"""Webhooks to agencies' systems (issue 18 item 3, decision 32), against a real HTTP server on
127.0.0.1: each event a party's system may see is posted once, signed as Standard Webhooks
says (checked here by an independent implementation of the spec), with nothing about who the
case is about; a system not party to the case hears nothing; a 500 is retried with the outbox's
back-off until a 2xx, and given up after its retry window; "send again" posts it again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from accord.accounts.actions import AdminActionRejected
from accord.accounts.models import AdminEvent, AgencyKind, Person
from accord.cases import actions
from accord.cases.sweep import tick
from accord.cases.webhooks import (
    check_url,
    deactivate_endpoint,
    register_endpoint,
    rotate_secret,
    send_delivery_again,
)
from accord.notifications.models import (
    OutboxStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from accord.notifications.tasks import send_webhooks
from accord.notifications.webhooks import deliver_webhooks, signature
from accord.partnerships.policies import policy_of
from tests.factories import holder

from .conftest import leaks
from .walking import TICK, Walker, london, partnership_for
from .webhook_receiver import Post, receiving

pytestmark = pytest.mark.django_db

ALL = list(WebhookEvent.values)


def verify(secret: str, post: Post) -> dict[str, object]:
    """Standard Webhooks' verification, written from the spec: the secret's base64 after
    `whsec_` is the key; the signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the
    header holds space-separated `v1,<base64 HMAC-SHA256>` signatures. The body, parsed."""
    key = base64.b64decode(secret.split("_", 1)[1])
    content = (
        post.headers["webhook-id"].encode()
        + b"."
        + post.headers["webhook-timestamp"].encode()
        + b"."
        + post.body
    )
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    given = [s.split(",", 1)[1] for s in post.headers["webhook-signature"].split(" ")]
    assert any(hmac.compare_digest(expected, s) for s in given), "signature does not verify"
    return json.loads(post.body)  # type: ignore[no-any-return]


def test_the_standard_webhooks_example_signs_alike() -> None:
    """The example of the Standard Webhooks specification, signed by Accord."""
    assert (
        signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body='{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def administrator(walker: Walker) -> Person:
    return walker.demo.staff["administrator"]


def deliver_all(now: datetime) -> None:
    ids = list(
        WebhookDelivery.objects.filter(status=OutboxStatus.PENDING).values_list("pk", flat=True)
    )
    deliver_webhooks(delivery_ids=ids, now=now)


def test_each_party_hears_each_event_signed_and_nobody_else_hears(
    caplog: pytest.LogCaptureFixture,
) -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    admin = administrator(walker)
    agencies = walker.demo.agencies
    with receiving() as receiver:
        secrets: dict[str, str] = {}
        for kind in (AgencyKind.EDUCATION, AgencyKind.SOCIAL_CARE, AgencyKind.POLICE):
            registered = register_endpoint(
                actor=admin,
                partnership=walker.demo.partnership,
                agency=agencies[kind].agency,
                name=f"{kind} system",
                url=receiver.url(f"/{kind}"),
                events=ALL,
                now=london("2027-01-04"),
            )
            secrets[f"/{kind}"] = registered.secret
        case = walker.raise_case(london("2027-01-11"))
        tick(now=london("2027-01-15", TICK))  # stage 1 due soon (due Mon 18 Jan)
        tick(now=london("2027-01-19", TICK))  # and passed
        actions.record_response(
            case=case, actor=holder(case), position="propose", now=london("2027-01-19")
        )
        case = walker.escalate(case, london("2027-01-20"))
        actions.resolve_case(
            case=case,
            actor=holder(case),
            agreed_outcome="Assessment agreed.",
            now=london("2027-01-21"),
        )
        case.refresh_from_db()
        if policy_of(case.policy_version).resolution.sign_off != "none":
            for side in ("raising", "receiving"):
                actions.sign_off(
                    case=case, actor=holder(case, side), side=side, now=london("2027-01-22")
                )
                case.refresh_from_db()
        actions.close_case(case=case, actor=case.raised_by, now=london("2027-01-25"))
        deliver_all(london("2027-01-25", time(11)))
        deliver_all(london("2027-01-25", time(12)))  # nothing left

    by_path: dict[str, list[dict[str, object]]] = {}
    for post in receiver.posts:
        assert not leaks(post.body.decode()), post.body
        by_path.setdefault(post.path, []).append(verify(secrets[post.path], post))
    assert set(by_path) == {"/education", "/social_care"}  # the police are not party to it
    for bodies in by_path.values():
        assert {b["type"] for b in bodies} == set(ALL)
        assert len([b for b in bodies if b["type"] == "case.raised"]) == 1
        assert len([b for b in bodies if b["type"] == "case.resolved"]) == 1
        for body in bodies:
            assert set(body) == {"type", "timestamp", "data"}
            data = body["data"]
            assert isinstance(data, dict)
            assert set(data) - {"deadline"} == {"reference", "stage", "status", "url"}
            assert data["reference"] == case.reference
            assert data["url"].endswith(f"/api/v1/cases/{case.reference}/")
        where = {b["type"]: (b["data"]["stage"], b["data"]["status"]) for b in bodies}  # type: ignore[index]
        assert where["case.raised"] == (1, "open")
        assert where["case.escalated"] == (2, "open")
        assert where["case.closed"][1] == "closed"
    ids = [p.headers["webhook-id"] for p in receiver.posts]
    assert len(ids) == len(set(ids))  # each event once, with its own id
    assert WebhookAttempt.objects.count() == len(receiver.posts)
    assert not leaks(caplog.text)


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day_then_alone() -> None:
    """Standard Webhooks' several signatures: for ROTATION_GRACE after a rotation each post
    carries a signature with the new secret and one with the replaced secret, then only the
    new one; the rotation is in the administration log."""
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    admin = administrator(walker)
    with receiving() as receiver:
        registered = register_endpoint(
            actor=admin,
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url=receiver.url(),
            events=[WebhookEvent.RAISED],
            now=london("2027-01-04"),
        )
        rotated_at = london("2027-01-11", time(9))
        new = rotate_secret(actor=admin, endpoint=registered.endpoint, now=rotated_at).secret
        walker.raise_case(london("2027-01-11"))
        deliver_all(rotated_at + timedelta(hours=23))
        walker.raise_case(london("2027-01-12"))
        deliver_all(london("2027-01-12", time(11)))  # the day's grace over at 09:00
    within, after = receiver.posts
    assert new != registered.secret
    assert len(within.headers["webhook-signature"].split(" ")) == 2
    verify(new, within)
    verify(registered.secret, within)  # a system not yet changed over still accepts it
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    verify(new, after)
    with pytest.raises(AssertionError, match="does not verify"):
        verify(registered.secret, after)
    event = AdminEvent.objects.get(kind="webhook_secret_rotated")
    assert event.actor == admin
    assert event.details == {
        "endpoint": registered.endpoint.pk,
        "previous_secret_until": (rotated_at + timedelta(hours=24)).isoformat(),
    }
    assert registered.secret not in str(event.details) + event.summary
    assert new not in str(event.details) + event.summary


def test_only_the_administrators_rotate_an_active_endpoints_secret() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    admin = administrator(walker)
    endpoint = register_endpoint(
        actor=admin,
        partnership=walker.demo.partnership,
        agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
        name="Case system",
        url="https://cms.example.org/",
        events=ALL,
        now=london("2027-01-04"),
    ).endpoint
    someone = walker.demo.agencies[AgencyKind.SOCIAL_CARE].by_level["practitioner"]
    with pytest.raises(AdminActionRejected, match="administrators"):
        rotate_secret(actor=someone, endpoint=endpoint, now=london("2027-01-05"))
    deactivate_endpoint(actor=admin, endpoint=endpoint, now=london("2027-01-05"))
    with pytest.raises(AdminActionRejected, match="deactivated"):
        rotate_secret(actor=admin, endpoint=endpoint, now=london("2027-01-06"))
    secret = WebhookEndpoint.objects.get().secret
    assert secret == endpoint.secret
    assert not AdminEvent.objects.filter(kind="webhook_secret_rotated").exists()


def test_a_500_is_retried_with_the_outbox_back_off_then_given_up_then_sent_again() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    admin = administrator(walker)
    with receiving() as receiver:
        registered = register_endpoint(
            actor=admin,
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url=receiver.url(),
            events=[WebhookEvent.RAISED],
            now=london("2027-01-04"),
        )
        walker.raise_case(london("2027-01-11"))
        delivery = WebhookDelivery.objects.get()
        start = london("2027-01-11", TICK) + timedelta(hours=1)
        receiver.answers = [500, 503]
        deliver_webhooks(delivery_ids=[delivery.pk], now=start)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert delivery.next_attempt_at == start + timedelta(seconds=60)
        deliver_webhooks(delivery_ids=[delivery.pk], now=start + timedelta(seconds=30))
        assert len(receiver.posts) == 1  # not due yet
        deliver_webhooks(delivery_ids=[delivery.pk], now=start + timedelta(seconds=60))
        deliver_webhooks(delivery_ids=[delivery.pk], now=start + timedelta(seconds=180))
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        tries = list(WebhookAttempt.objects.filter(delivery=delivery).order_by("at"))
        assert [t.status_code for t in tries] == [500, 503, 204]
        assert tries[0].error == "The system answered 500"
        assert len({p.headers["webhook-id"] for p in receiver.posts}) == 1  # the same id
        assert len({p.headers["webhook-timestamp"] for p in receiver.posts}) == 3
        for post in receiver.posts:
            verify(registered.secret, post)

        # A second event that fails for the whole retry window is given up...
        second = walker.raise_case(london("2027-01-12"))
        delivery = WebhookDelivery.objects.get(reference=second.reference)
        at = london("2027-01-12", TICK) + timedelta(hours=1)
        receiver.answers = [500] * 200
        first = at
        while True:
            deliver_webhooks(delivery_ids=[delivery.pk], now=at)
            delivery.refresh_from_db()
            if delivery.status != "pending":
                break
            at = delivery.next_attempt_at
        assert delivery.status == "dead"
        assert timedelta(hours=72) <= at - first < timedelta(hours=73)
        # ...until an administrator sends it again.
        receiver.answers = []
        sent = WebhookDelivery.objects.get(status="sent")
        with pytest.raises(AdminActionRejected, match="nothing to send again"):
            send_delivery_again(actor=admin, delivery=sent, now=at)
        assert send_delivery_again(actor=admin, delivery=delivery, now=at) == 1
        deliver_webhooks(delivery_ids=[delivery.pk], now=at)
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        assert AdminEvent.objects.filter(kind="webhook_sent_again").count() == 1


def test_nothing_is_posted_to_a_deactivated_endpoint() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    admin = administrator(walker)
    with receiving() as receiver:
        registered = register_endpoint(
            actor=admin,
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url=receiver.url(),
            events=ALL,
            now=london("2027-01-04"),
        )
        walker.raise_case(london("2027-01-11"))
        deactivate_endpoint(actor=admin, endpoint=registered.endpoint, now=london("2027-01-11"))
        walker.raise_case(london("2027-01-12"))
        deliver_all(london("2027-01-12", TICK))
    assert receiver.posts == []
    assert WebhookDelivery.objects.get().status == "dead"  # written before, given up when tried
    assert WebhookAttempt.objects.get().error == "The endpoint was deactivated"


def test_an_unreachable_system_is_a_failed_attempt_in_words() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    with receiving() as receiver:
        url = receiver.url()
    register_endpoint(
        actor=administrator(walker),
        partnership=walker.demo.partnership,
        agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
        name="Case system",
        url=url,  # its server is gone
        events=ALL,
        now=london("2027-01-04"),
    )
    walker.raise_case(london("2027-01-11"))
    deliver_all(london("2027-01-11", time(11)))
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("Could not connect")
    assert WebhookDelivery.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://cms.example.org/accord", True),
        ("http://cms.example.org/accord", False),
        ("http://127.0.0.1:8080/hook", True),
        ("http://localhost/hook", True),
        ("https://10.0.0.5/hook", False),
        ("https://user:pass@cms.example.org/", False),
        ("ftp://cms.example.org/", False),
        ("cms.example.org", False),
    ],
)
def test_addresses(url: str, allowed: bool) -> None:
    if allowed:
        assert check_url(url) == url
    else:
        with pytest.raises(AdminActionRejected):
            check_url(url)


@override_settings(ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP=False)
def test_plain_http_to_this_machine_only_where_allowed() -> None:
    with pytest.raises(AdminActionRejected, match="https"):
        check_url("http://127.0.0.1:8080/hook")


def test_only_the_partnerships_administrators_register(db: None) -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    someone = walker.demo.agencies[AgencyKind.SOCIAL_CARE].by_level["practitioner"]
    with pytest.raises(AdminActionRejected):
        register_endpoint(
            actor=someone,
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url="https://cms.example.org/",
            events=ALL,
            now=london("2027-01-04"),
        )
    assert not WebhookEndpoint.objects.exists()


def test_a_delivery_whose_task_was_lost_is_queued_again_by_the_tick_once() -> None:
    """As for e-mails (decision 18): a pending delivery overdue with no live task (its task
    lost, a worker that was down) is queued again by the tick, and only once."""
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    register_endpoint(
        actor=administrator(walker),
        partnership=walker.demo.partnership,
        agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
        name="Case system",
        url="https://cms.example.org/accord",
        events=ALL,
        now=london("2027-01-04"),
    )
    walker.raise_case(london("2027-01-11"))
    delivery = WebhookDelivery.objects.get()
    tasks = DBTaskResult.objects.filter(task_path=send_webhooks.module_path)
    # Its task is written in the action's transaction, with the delivery; then lost.
    assert [t.args_kwargs["args"][0] for t in tasks] == [[delivery.pk]]
    tasks.delete()
    assert tick(now=london("2027-01-11", time(11)))["webhooks_requeued"] == 1
    assert [t.args_kwargs["args"][0] for t in tasks] == [[delivery.pk]]
    assert tick(now=london("2027-01-11", time(12)))["webhooks_requeued"] == 0
    assert tasks.count() == 1


HOWTO = Path(__file__).parents[2] / "docs/howto/integrate-a-case-management-system.md"


def test_the_howtos_verification_accepts_accords_posts_and_refuses_others() -> None:
    """The guide's `verify`, run as written, on real posts received from Accord."""
    source = re.search(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.DOTALL)
    assert source is not None
    scope: dict[str, Any] = {}
    exec(source.group(1), scope)  # noqa: S102 - the guide's own example
    verify_as_the_guide_says = scope["verify"]
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    with receiving() as receiver:
        secret = register_endpoint(
            actor=administrator(walker),
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url=receiver.url(),
            events=ALL,
            now=london("2027-01-04"),
        ).secret
        case = walker.raise_case(london("2027-01-11"))
        deliver_all(london("2027-01-11", time(11)))
    (post,) = receiver.posts
    sent_at = int(post.headers["webhook-timestamp"])
    event = verify_as_the_guide_says(secret, post.headers, post.body, now=sent_at + 60)
    assert event["data"]["reference"] == case.reference
    with pytest.raises(ValueError, match="too far"):
        verify_as_the_guide_says(secret, post.headers, post.body, now=sent_at + 301)
    with pytest.raises(ValueError, match="no valid signature"):
        verify_as_the_guide_says(secret, post.headers, post.body + b" ", now=sent_at)
    other = register_endpoint(
        actor=administrator(walker),
        partnership=walker.demo.partnership,
        agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
        name="Another",
        url="https://cms.example.org/",
        events=ALL,
        now=london("2027-01-04"),
    ).secret
    with pytest.raises(ValueError, match="no valid signature"):
        verify_as_the_guide_says(other, post.headers, post.body, now=sent_at)
