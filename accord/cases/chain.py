"""Checking the case event logs (decision 16): every event's keyed hash and link, each case's
head, and the checkpoints the sweep took of it (taken, exported and read back: `checkpoints`).

A break names the case by reference and the event by sequence, never its content. What is caught:
an edited event (its keyed hash no longer matches, whatever plain hash was recomputed, and no
retention seal vouches for the change: `redaction`), a removed or inserted event (the sequence or
the link breaks), the last events or all of them removed (the head, and the checkpoints, point
past the log), a head moved back as well (the checkpoints), a case removed without a purge
record (its checkpoints name it). `verify` streams the events in
batches of cases, so its memory does not grow with the log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from .models import Case, CaseEvent, ChainCheckpoint, ChainHead, PurgedCase
from .models.events import GENESIS_HASH, chain_hash
from .redaction import seal_holds

BATCH = 500  # cases per batch of `verify`
ROW = (
    "sequence",
    "kind",
    "actor_id",
    "at",
    "payload",
    "summary",
    "previous_hash",
    "hash",
    "key_id",
)


@dataclass(frozen=True)
class Break:
    """Where a case's log no longer verifies: its reference, the event's sequence and what."""

    reference: str
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"{self.reference}: event {self.sequence}: {self.problem}"


class LogAltered(Exception):
    """A case's log does not verify: the sweep records it as it records a case it cannot replay."""

    def __init__(self, breaks: Sequence[Break]) -> None:
        first = breaks[0]
        more = f" (and {len(breaks) - 1} more)" if len(breaks) > 1 else ""
        self.message = (
            f"The case's event log has been altered outside Accord: event {first.sequence}: "
            f"{first.problem}{more}. Run `accord verify --case {first.reference}`"
        )
        super().__init__(self.message)


class CaseCheck:
    """One case's log, fed oldest first: every break it shows against the keys, its head and its
    checkpoints. Each altered row is named once (links are checked against the stored hashes)."""

    def __init__(
        self,
        reference: str,
        *,
        head: tuple[int, str] | None,
        checkpoints: Iterable[tuple[int, str]] = (),
    ) -> None:
        self.reference = reference
        self.head = head
        self.checkpoints: dict[int, set[str]] = defaultdict(set)
        for sequence, hash_ in checkpoints:
            self.checkpoints[sequence].add(hash_)
        self.keys: dict[str, bytes] = settings.ACCORD_CHAIN_KEYS
        self.breaks: list[Break] = []
        self.last = (0, GENESIS_HASH)

    def _break(self, sequence: int, problem: str) -> None:
        self.breaks.append(Break(self.reference, sequence, problem))

    def feed(self, row: Sequence[Any]) -> None:
        sequence, kind, actor_id, at, payload, summary, previous_hash, hash_, key_id = row
        expected, expected_previous = self.last[0] + 1, self.last[1]
        if sequence > expected:
            self._break(expected, f"events {expected} to {sequence - 1} are missing")
        elif sequence < expected:
            self._break(sequence, "this event is out of order")
        elif previous_hash != expected_previous:
            self._break(sequence, "this event does not follow the one before it")
        key = self.keys.get(key_id)
        content = {
            "sequence": sequence,
            "kind": kind,
            "actor_id": actor_id,
            "at": at,
            "payload": payload,
            "summary": summary,
        }
        if key is None:
            self._break(sequence, f"signed with an unknown key ({key_id or 'none'})")
        elif hash_ != chain_hash(
            key=key, previous_hash=previous_hash, case_reference=self.reference, **content
        ) and not seal_holds(self.keys, reference=self.reference, hash_=hash_, **content):
            self._break(sequence, "this event's content does not match its signed hash")
        seen = self.checkpoints.get(sequence)
        if seen and seen != {hash_}:
            self._break(sequence, "this event differs from the checkpoint taken of it")
        self.last = (max(sequence, self.last[0]), hash_)

    def finish(self) -> list[Break]:
        last, last_hash = self.last
        if last == 0:
            self._break(0, "the case has no events")
        if self.head is None:
            self._break(last, "the case has no recorded head")
        elif self.head[0] > last:
            self._break(last + 1, f"events {last + 1} to {self.head[0]} are missing (head)")
        elif self.head[0] < last:
            self._break(self.head[0] + 1, "events were added after the recorded head")
        elif self.head[1] != last_hash:
            self._break(last, "the last event differs from the recorded head")
        furthest = max(self.checkpoints, default=0)
        if furthest > last:
            self._break(last + 1, f"events {last + 1} to {furthest} are missing (checkpoint)")
        return self.breaks


def check_events(
    case: Case, events: Sequence[CaseEvent], *, head: tuple[int, str] | None
) -> list[Break]:
    """The breaks of one case whose events and head (None: it has none) are already loaded (the
    case page, the documents): one small query, for its checkpoints."""
    check = CaseCheck(
        case.reference, head=head, checkpoints=_checkpoints([case.reference])[case.reference]
    )
    for event in events:
        check.feed([getattr(event, name) for name in ROW])
    return check.finish()


def head_of(case: Case) -> tuple[int, str] | None:
    """The case's head as `select_related("chain_head")` loaded it (None: it has none)."""
    try:
        head = case.chain_head
    except ChainHead.DoesNotExist:
        return None
    return head.sequence, head.hash


def checked_cases(
    cases: Sequence[Case], history: dict[int, list[CaseEvent]]
) -> dict[int, list[Break]]:
    """The breaks of each of `cases` (their events loaded in `history`): two queries."""
    heads = {
        pk: (sequence, hash_)
        for pk, sequence, hash_ in ChainHead.objects.filter(
            case_id__any_of=[c.pk for c in cases]
        ).values_list("case_id", "sequence", "hash")
    }
    marks = _checkpoints([c.reference for c in cases])
    found = {}
    for case in cases:
        check = CaseCheck(
            case.reference, head=heads.get(case.pk), checkpoints=marks[case.reference]
        )
        for event in history.get(case.pk, []):
            check.feed([getattr(event, name) for name in ROW])
        found[case.pk] = check.finish()
    return found


def _checkpoints(references: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = ChainCheckpoint.objects.filter(case_reference__any_of=list(references))
    for reference, sequence, hash_ in rows.values_list("case_reference", "sequence", "hash"):
        found[reference].append((sequence, hash_))
    return found


def verify(
    reference: str | None = None, *, kept: dict[str, list[tuple[int, str]]] | None = None
) -> Iterator[Break]:
    """Every break in every case's log (or case `reference`'s), and every case that its
    checkpoints name and that is gone without a purge record. `kept` adds checkpoints exported
    earlier and kept elsewhere (by reference). Streams: a batch of cases at a time, their events
    read with a server-side cursor where the database has one."""
    kept = kept or {}
    cases = Case.objects.order_by("pk")
    if reference is not None:
        cases = cases.filter(reference=reference)
    after = 0
    while batch := list(cases.filter(pk__gt=after).values_list("pk", "reference")[:BATCH]):
        after = batch[-1][0]
        yield from _check_batch(dict(batch), kept)
    yield from _vanished(reference, kept)


def verify_in_turn(*, after: int, count: int) -> tuple[list[Break], int, int]:
    """The breaks in the logs of the next `count` cases after case id `after`, the id of the
    last one checked and how many were: the id is 0 once none is left, when the cases gone
    without a purge record are checked and the next turn starts again from the first case."""
    batch = list(
        Case.objects.filter(pk__gt=after).order_by("pk").values_list("pk", "reference")[:count]
    )
    if not batch:
        return list(_vanished(None, {})), 0, 0
    return list(_check_batch(dict(batch), {})), batch[-1][0], len(batch)


def _check_batch(
    references: dict[int, str], kept: dict[str, list[tuple[int, str]]]
) -> Iterator[Break]:
    """The breaks of the cases `references` names (by id), their events streamed."""
    heads = {
        pk: (sequence, hash_)
        for pk, sequence, hash_ in ChainHead.objects.filter(
            case_id__any_of=list(references)
        ).values_list("case_id", "sequence", "hash")
    }
    marks = _checkpoints(list(references.values()))
    checks = {
        pk: CaseCheck(ref, head=heads.get(pk), checkpoints=marks[ref] + kept.get(ref, []))
        for pk, ref in references.items()
    }
    events = CaseEvent.objects.filter(case_id__any_of=list(references)).order_by(
        "case_id", "sequence"
    )
    for row in events.values_list("case_id", *ROW).iterator(chunk_size=2000):
        checks[row[0]].feed(row[1:])
    for check in checks.values():
        yield from check.finish()


def _vanished(reference: str | None, kept: dict[str, list[tuple[int, str]]]) -> Iterator[Break]:
    """Cases the checkpoints name that no longer exist and were not purged."""
    named = ChainCheckpoint.objects.exclude(
        case_reference__in=Case.objects.values("reference")
    ).exclude(case_reference__in=PurgedCase.objects.values("case_reference"))
    refs = set(named.values_list("case_reference", flat=True).distinct())
    outside = set(kept) - refs
    if outside:
        found = set(Case.objects.filter(reference__in=outside).values_list("reference", flat=True))
        found |= set(
            PurgedCase.objects.filter(case_reference__in=outside).values_list(
                "case_reference", flat=True
            )
        )
        refs |= outside - found
    for ref in sorted(refs):
        if reference is None or ref == reference:
            yield Break(ref, 0, "the case is gone, with no record of a purge")
