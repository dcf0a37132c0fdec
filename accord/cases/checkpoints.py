"""Checkpoints of the case heads (decision 16): taken by each sweep of the heads that moved,
exported to be kept outside the database, and read back for `accord verify --checkpoints`."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from accord.notifications.inserts import insert_ignoring, new_row

from .models import ChainCheckpoint, ChainHead


def read_kept(lines: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """Checkpoints as `export_checkpoints` wrote them (JSON lines), by case reference. Raises
    ValueError naming the line of the first that is not one."""
    kept: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kept[str(row["case"])].append((int(row["sequence"]), str(row["hash"])))
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{number}: not a checkpoint as exported") from None
    return dict(kept)


@transaction.atomic
def take_checkpoints(*, now: datetime) -> int:
    """Append a checkpoint of every case head that moved since its last one; how many."""
    moved = list(
        ChainHead.objects.select_for_update(of=("self",))
        .exclude(sequence=F("checkpointed"))
        .order_by("case_id")
        .values_list("case_id", "case__reference", "sequence", "hash")
    )
    insert_ignoring(  # nothing to conflict with: the plain insert, without the ORM's compiling
        ChainCheckpoint,
        [
            new_row(
                ChainCheckpoint, taken_at=now, case_reference=ref, sequence=sequence, hash=hash_
            )
            for _, ref, sequence, hash_ in moved
        ],
    )
    if moved:
        ChainHead.objects.filter(case_id__any_of=[m[0] for m in moved]).update(
            checkpointed=F("sequence")
        )
    return len(moved)


def export_checkpoints(*, after: int = 0) -> Iterator[dict[str, Any]]:
    """Every checkpoint after id `after`, oldest first, to keep outside the database."""
    rows = ChainCheckpoint.objects.filter(pk__gt=after).order_by("pk")
    for pk, taken_at, ref, sequence, hash_ in rows.values_list(
        "pk", "taken_at", "case_reference", "sequence", "hash"
    ).iterator(chunk_size=2000):
        yield {
            "id": pk,
            "taken_at": taken_at.isoformat(),
            "case": ref,
            "sequence": sequence,
            "hash": hash_,
        }
