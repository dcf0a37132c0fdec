"""The case summary PDF of a long case.

Target (issue 7): the case-summary PDF of a case with 200 events renders in under 2 seconds.
This builds one case through the actions (raised, escalated, then tasks added and completed and
meetings recorded until its event log has 200 events), then times what the download does: the
summary gathered from the case (`accord.cases.summaries.case_summary`) and rendered to a tagged
PDF (`accord.documents.pdf.render_pdf`), five times, and prints the median and the worst.

It runs in its own process on SQLite in a temporary directory (Django is set up once per
process; the other benchmarks set it up for their own databases).
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._documents_run")
