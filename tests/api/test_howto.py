"""docs/howto/integrate-a-case-management-system.md's examples, run as written with curl and jq
against a live Accord: each `sh` block in order, as the system its first line names."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accord.api.clients import register_client
from tests.factories import PartnershipRoleFactory
from tests.signing_in import give_authenticator, totp_code
from tests.web.test_raise_journey import world

from .helpers import token_for

# The example procedure, asking for a record of the outcome agreed at stage 1 too (the how-to's
# case is resolved there).
STAGE_1 = (
    'guidance = "Talk to the person who made the decision; ask for their rationale; agree a plan."'
)
RECORD_ON_RESOLVING = (
    '\nnotify = [{ on = "resolved", to = ["business_manager"], form = "resolution-record" }]'
)
HOWTO = Path(__file__).parents[2] / "docs/howto/integrate-a-case-management-system.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def code_now(secret: str | None) -> str:
    return totp_code(secret) if secret is not None else ""


def blocks() -> list[str]:
    return BLOCK.findall(HOWTO.read_text(encoding="utf-8"))


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="needs curl and jq")
@pytest.mark.django_db(transaction=True)
def test_the_howtos_examples_work_as_written(live_server: Any, tmp_path: Path) -> None:
    w = world(**{STAGE_1: STAGE_1 + RECORD_ON_RESOLVING})
    systems = {
        "# The raising side's system": token_for(w.raiser),
        "# The receiving side's system": token_for(w.social_worker),
        "# The receiving agency's registered system": "",  # it gets its own
    }
    # Whose authenticator code each system's user types to sign (`CODE`).
    signers = {
        "# The raising side's system": give_authenticator(w.raiser),
        "# The receiving side's system": give_authenticator(w.social_worker),
    }
    admin = PartnershipRoleFactory(
        partnership=w.social_care.home_partnership, role="administrator"
    ).person
    system = register_client(
        actor=admin, agency=w.social_care, name="Case system", scope="read", now=timezone.now()
    )
    env = {
        "CLIENT_ID": system.client.client_id,
        "CLIENT_SECRET": system.secret,
        "ON_BEHALF_OF": w.social_worker.email,
        "PATH": os.environ["PATH"],
        "ACCORD": live_server.url,
        "AGENCY": str(w.social_care.pk),
        "COUNTERPART": str(w.social_worker.pk),
        "CASE": "",
    }
    found = blocks()
    assert len(found) >= 6
    for block in found:
        first = block.splitlines()[0]
        assert first in systems, f"say whose system runs this example: {first}"
        script = f"set -euo pipefail\n{block}\necho CASE=${{CASE:-}}\n"
        done = subprocess.run(  # noqa: S603 - the how-to's own examples
            ["/bin/bash", "-c", script],
            env={**env, "TOKEN": systems[first], "CODE": code_now(signers.get(first))},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"{block}\n--- out:\n{done.stdout}\n--- err:\n{done.stderr}"
        case = re.findall(r"^CASE=(\S+)$", done.stdout, re.MULTILINE)
        if case:
            env["CASE"] = case[-1]
    assert env["CASE"].startswith("ACC-")
