"""The reads every case action makes of a fixed shape (the case locked with its related rows,
its events, stored deadlines and holdings), their SQL built once per database connection
(`accord.prepared_reads`, issue 17)."""

from __future__ import annotations

from accord.prepared_reads import PreparedRead

from ..models import Case, CaseEvent, Deadline, Holding

# No row has this id: where a prepared read's case goes (`prepared_reads`).
A_CASE = -7_310_592_648

# The case locked for the action (its row only, not the partnership's: cases run in parallel),
# with the rows actions read from it: the agencies (escalating and taking over check the new
# holders against them), the raiser and their agency (notices and forms pre-filled from the
# case name them).
LOCKED_CASE = PreparedRead(
    lambda pk: (
        Case.objects.select_for_update(of=("self",))
        .select_related(
            "partnership",
            "policy_version",
            "raising_agency",
            "receiving_agency",
            "raised_by__agency",
        )
        .filter(pk=pk)
    ),
    A_CASE,
)
# Its events and stored deadlines, read whole (`read_whole`).
HISTORY = PreparedRead(lambda pk: CaseEvent.objects.filter(case_id=pk).order_by("sequence"), A_CASE)
DEADLINES = PreparedRead(lambda pk: Deadline.objects.filter(case_id=pk), A_CASE)
# Every holding of the case, with its person (their line manager and agency), in
# `CaseReading.holdings`' order.
HOLDINGS = PreparedRead(
    lambda pk: (
        Holding.objects.filter(case_id=pk)
        .select_related("person__line_manager", "person__agency")
        .order_by("stage", "side", "started_at", "pk")
    ),
    A_CASE,
)
