"""`accord policy check` and `accord policy explain` on a policy file in accord/policies, through
the command's own entry point (the tests of each file compare what it prints)."""

from __future__ import annotations

import contextlib
import io

from accord.cli import main

from .replaying import POLICIES


def checked(policy_id: str) -> tuple[int, str]:
    """The exit status and output of `accord policy check accord/policies/<policy_id>.toml`."""
    return _run("check", policy_id)[:2]


def explained(policy_id: str) -> str:
    """What `accord policy explain` prints for the file, which must be valid, with its line
    wrapping undone (one space between words) so that a test can look for a sentence."""
    status, out, err = _run("explain", policy_id)
    assert (status, err) == (0, ""), err
    return " ".join(out.split())


def _run(command: str, policy_id: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    path = str(POLICIES / f"{policy_id}.toml")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["policy", command, path])
    return status, out.getvalue().replace(path, f"accord/policies/{policy_id}.toml"), err.getvalue()
