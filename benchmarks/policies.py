"""Uploading a policy file: check, store, explain and compare, for the largest shipped policy.

Target (issue 15): upload-check-explain under 1 second. This puts the largest policy file of
`accord/policies/` in force for a partnership, then uploads new versions of it (only the version
changed) as the upload page and `accord policy load` do: the bytes decoded, every check of
`accord.accounts.actions.upload_policy` (the engine's, the exceptions' policies, the version not
taken), the draft and its log entry stored, then what the version page shows: `explain`'s
plain-English reading and the comparison with the version in force. Ten runs; the median and
the worst.

It runs in its own process on SQLite in a temporary directory (Django is set up once per
process; the other benchmarks set it up for their own databases).
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._policies_run")
