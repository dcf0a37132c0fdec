"""The event log is keyed, chained, headed and checkpointed, so that each way of altering it is
found by `accord verify`, even by someone who first drops the triggers that refuse it (as anyone
with DDL rights on the database could; tests/cases/test_log_triggers.py shows they refuse)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from accord.cases.chain import Break, check_events, verify
from accord.cases.checkpoints import read_kept, take_checkpoints
from accord.cases.models import CaseEvent, ChainCheckpoint, ChainHead
from accord.cases.models.events import chain_hash
from tests.factories import EscalatedCaseFactory, OpenCaseFactory

from .tampering import EVENTS, json_value, raw, rehash

pytestmark = pytest.mark.django_db


def breaks(reference: str | None = None) -> list[tuple[str, int]]:
    return [(b.reference, b.sequence) for b in verify(reference)]


def test_fresh_chains_verify_and_each_event_names_the_key_that_signed_it() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    OpenCaseFactory()
    assert case.events.count() == 3
    assert set(case.events.values_list("key_id", flat=True)) == {"test"}
    assert ChainHead.objects.get(case=case).sequence == 3
    assert list(verify()) == []


def test_an_edited_payload_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    second = case.events.get(sequence=2)
    payload = json.dumps({**second.payload, "reason": "Nothing to see here"})
    raw(f"UPDATE {EVENTS} SET payload = {json_value()} WHERE id = %s", [payload, second.pk])  # noqa: S608
    assert breaks() == [(case.reference, 2)]
    assert "content does not match" in next(verify()).problem


def test_an_edit_rehashed_without_the_key_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    second = case.events.get(sequence=2)
    raw(f"UPDATE {EVENTS} SET summary = %s WHERE id = %s", ["Nothing to see here", second.pk])  # noqa: S608
    rehash(case, key=None)  # every later hash, and the head, recomputed with plain SHA-256
    assert breaks() == [(case.reference, 1), (case.reference, 2), (case.reference, 3)]


def test_an_edit_rehashed_with_a_guessed_key_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    raw(f"UPDATE {EVENTS} SET summary = %s WHERE case_id = %s", ["x", case.pk])  # noqa: S608
    rehash(case, key=b"not-the-key-but-long-enough")
    assert len(breaks()) == 3


def test_deleting_the_last_events_is_found_by_the_head() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    raw(f"DELETE FROM {EVENTS} WHERE case_id = %s AND sequence >= 2", [case.pk])  # noqa: S608
    found = list(verify())
    assert [(b.reference, b.sequence) for b in found] == [(case.reference, 2)]
    assert found[0].problem == "events 2 to 3 are missing (head)"


def test_deleting_the_last_events_and_moving_the_head_back_is_found_by_the_checkpoints() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    assert take_checkpoints(now=timezone.now()) == 1
    first = case.events.get(sequence=1)
    raw(f"DELETE FROM {EVENTS} WHERE case_id = %s AND sequence >= 2", [case.pk])  # noqa: S608
    raw(
        "UPDATE cases_chainhead SET sequence = 1, hash = %s WHERE case_id = %s",
        [first.hash, case.pk],
    )
    found = list(verify())
    assert [(b.sequence, b.problem) for b in found] == [
        (2, "events 2 to 3 are missing (checkpoint)")
    ]


def test_deleting_every_event_of_a_case_is_found() -> None:
    case, other = EscalatedCaseFactory(to_stage=2), OpenCaseFactory()
    raw(f"DELETE FROM {EVENTS} WHERE case_id = %s", [case.pk])  # noqa: S608
    assert breaks() == [(case.reference, 0), (case.reference, 1)]
    raw("DELETE FROM cases_chainhead WHERE case_id = %s", [case.pk])  # and its head
    assert (case.reference, 0) in breaks()
    assert breaks(other.reference) == []


def test_an_inserted_event_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    last = case.events.get(sequence=2)
    forged = chain_hash(
        key=None,
        previous_hash=last.hash,
        case_reference=case.reference,
        sequence=3,
        kind="note",
        actor_id=None,
        at=last.at,
        payload={"type": "note"},
        summary="Agreed to close",
    )
    raw(
        f"INSERT INTO {EVENTS} (case_id, sequence, kind, at, payload, summary, previous_hash,"  # noqa: S608
        f" hash, key_id) VALUES (%s, 3, 'note', %s, {json_value()}, 'Agreed to close', %s, %s,"
        " 'test')",
        [case.pk, last.at, '{"type":"note"}', last.hash, forged],
    )
    found = list(verify())
    assert [(b.sequence, b.problem) for b in found] == [
        (3, "this event's content does not match its signed hash"),
        (3, "events were added after the recorded head"),
    ]


def test_an_event_inserted_in_the_middle_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    raw(
        f"UPDATE {EVENTS} SET sequence = sequence + 10 WHERE case_id = %s AND sequence >= 2",  # noqa: S608
        [case.pk],
    )
    raw(
        f"UPDATE {EVENTS} SET sequence = sequence - 9 WHERE case_id = %s AND sequence >= 12",  # noqa: S608
        [case.pk],
    )
    first = case.events.get(sequence=1)
    raw(
        f"INSERT INTO {EVENTS} (case_id, sequence, kind, at, payload, summary, previous_hash,"  # noqa: S608
        f" hash, key_id) VALUES (%s, 2, 'note', %s, {json_value()}, 'x', %s, %s, 'test')",
        [case.pk, first.at, '{"type":"note"}', first.hash, "0" * 64],
    )
    assert {b.sequence for b in verify()} >= {2, 3, 4}


def test_only_the_altered_case_breaks() -> None:
    tampered, untouched = OpenCaseFactory(), OpenCaseFactory()
    raw(f"UPDATE {EVENTS} SET kind = 'x' WHERE case_id = %s", [tampered.pk])  # noqa: S608
    assert breaks() == [(tampered.reference, 1)]
    assert breaks(untouched.reference) == []
    events = list(CaseEvent.objects.filter(case=untouched))
    assert check_events(untouched, events, head=(1, events[0].hash)) == []


def test_keys_rotate_and_a_retired_key_still_verifies_what_it_signed(settings) -> None:  # type: ignore[no-untyped-def]
    old = EscalatedCaseFactory(to_stage=2)
    settings.ACCORD_CHAIN_KEYS = {
        "2027": b"the-next-key-long-enough",
        **settings.ACCORD_CHAIN_KEYS,
    }
    new = OpenCaseFactory()
    assert set(new.events.values_list("key_id", flat=True)) == {"2027"}
    assert list(verify()) == []
    settings.ACCORD_CHAIN_KEYS = {"2027": b"the-next-key-long-enough"}  # the old key lost
    assert breaks() == [(old.reference, 1), (old.reference, 2)]
    assert "unknown key (test)" in next(verify()).problem


def test_exported_checkpoints_kept_elsewhere_catch_what_the_database_no_longer_shows() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    take_checkpoints(now=timezone.now())
    out = StringIO()
    call_command("checkpoints", "export", stdout=out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["case"] for line in lines] == [case.reference]
    kept = read_kept(lines)
    # Someone drops every trigger, deletes the last events, moves the head back and removes the
    # checkpoints in the database too: only the exported copy still knows.
    first = case.events.get(sequence=1)
    raw(f"DELETE FROM {EVENTS} WHERE case_id = %s AND sequence >= 2", [case.pk])  # noqa: S608
    raw(
        "UPDATE cases_chainhead SET sequence = 1, hash = %s WHERE case_id = %s",
        [first.hash, case.pk],
    )
    raw("DELETE FROM cases_chaincheckpoint", [])
    assert list(verify()) == []
    assert list(verify(kept=kept)) == [
        Break(case.reference, 2, "events 2 to 3 are missing (checkpoint)")
    ]
    # A case the kept checkpoints name that is gone without a purge record.
    kept["ACC-2020-00001"] = [(1, "0" * 64)]
    assert Break("ACC-2020-00001", 0, "the case is gone, with no record of a purge") in list(
        verify(kept=kept)
    )


def test_accord_verify_prints_each_break_and_exits_non_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    case, other = EscalatedCaseFactory(to_stage=3), OpenCaseFactory()
    out = StringIO()
    call_command("verify", stdout=out)
    assert "verifies" in out.getvalue()
    raw(f"UPDATE {EVENTS} SET summary = 'x' WHERE case_id = %s AND sequence = 2", [case.pk])  # noqa: S608
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify", stdout=out)
    assert failed.value.returncode == 1
    assert out.getvalue().splitlines() == [
        f"{case.reference}: event 2: this event's content does not match its signed hash"
    ]
    call_command("verify", "--case", other.reference, stdout=StringIO())
    with pytest.raises(CommandError, match="No case ACC-1999-00001"):
        call_command("verify", "--case", "ACC-1999-00001")
    bad = tmp_path / "kept.jsonl"
    bad.write_text('{"case": "ACC-2026-00001", "sequence": 1, "hash": "x"}\nnot json\n')
    with pytest.raises(CommandError, match=r"kept.jsonl:2: not a checkpoint"):
        call_command("verify", "--checkpoints", str(bad))


def test_checkpoints_are_taken_only_of_heads_that_moved() -> None:
    case = OpenCaseFactory()
    now = timezone.now()
    assert take_checkpoints(now=now) == 1
    assert take_checkpoints(now=now) == 0
    EscalatedCaseFactory(to_stage=2)
    assert take_checkpoints(now=now) == 1
    assert ChainCheckpoint.objects.filter(case_reference=case.reference).count() == 1


def test_a_chain_re_signed_with_the_key_after_a_checkpoint_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    take_checkpoints(now=timezone.now())
    raw(f"UPDATE {EVENTS} SET summary = 'x' WHERE case_id = %s AND sequence = 3", [case.pk])  # noqa: S608
    rehash(case, key=settings.ACCORD_CHAIN_KEYS["test"], key_id="test")  # an insider with the key
    assert [(b.sequence, b.problem) for b in verify()] == [
        (3, "this event differs from the checkpoint taken of it")
    ]
