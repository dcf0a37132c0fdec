"""The side-by-side workload of `benchmarks/peer.py`, built in Accord: django-helpdesk's tickets
(the shared harness's `driver.py`: `make_specs`, `NOW`, `STAGES`, `SEED`, imported from its file
so the two cannot drift) as cases under the harness's policy (`accord-peer-bench.toml`, five
stages timed like helpdesk's five queues), as its README describes.

Each ticket becomes a line of a history file, loaded by `accord.cases.loading` (every case raised
and taken through its events by the actions, so its event log, chain head, holders, deadlines,
alert instants and notifications are what the pages would have written). Queue q is stage q + 1;
raised at `created`; a case above stage 1 entered the lower stages at `created` and its own at
`last_escalation` (or `created`); Resolved is resolved an hour after its stage's clock started,
Closed is resolved then closed an hour later. Ten agencies, each a management chain (director,
senior manager, service leader, two first line managers, ten practitioners); one oversight person
per stage (`stage_<k>_oversight`) and a business manager.
"""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ACCORD_PEER_HARNESS", ROOT.parent / "shared/bench/helpdesk"))
AGENCIES = 10
PRACTITIONERS = 10  # per agency: five under each of two first line managers
LEVELS = ["practitioner", "first_line_manager", "service_leader", "senior_manager", "director"]


def harness() -> ModuleType | None:
    """The shared harness's `driver.py`, imported from its file; None when it is not there."""
    path = SHARED / "driver.py"
    if not path.is_file() or not (SHARED / "accord-peer-bench.toml").is_file():
        return None
    spec = importlib.util.spec_from_file_location("peer_driver", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _email(name: str) -> str:
    return f"{name}@bench.example"


def build_world(peer: ModuleType) -> None:
    """Bank holidays, the partnership and its policy, the agencies and their people."""
    from django.contrib.auth.hashers import make_password

    from accord.accounts.models import Agency, AgencyKind, PartnershipRole, Person
    from accord.partnerships.models import Partnership, RoleAssignment
    from accord.partnerships.policies import load_policy_version
    from accord.partnerships.seeding import seed_bank_holidays

    seed_bank_holidays(range(2025, 2028))
    home = Partnership.objects.create(
        slug="peer-bench", name="Peer Benchmark Partnership", jurisdiction="ENG", live=True
    )
    text = (SHARED / "accord-peer-bench.toml").read_text(encoding="utf-8")
    load_policy_version(
        partnership=home,
        text=text,
        file_name="accord-peer-bench.toml",
        now=peer.NOW - timedelta(days=700),
    )
    unusable = make_password(None)
    kinds = list(AgencyKind.values)

    def person(name: str, full: str, **extra: Any) -> Person:
        return Person.objects.create(email=_email(name), full_name=full, password=unusable, **extra)

    for a in range(AGENCIES):
        agency = Agency.objects.create(
            name=f"Agency {a:02d}", kind=kinds[a % len(kinds)], home_partnership=home
        )
        agency.serves.add(home)
        top = person(f"director.a{a:02d}", f"Director {a:02d}", agency=agency, level=LEVELS[4])
        senior = person(f"senior.a{a:02d}", f"Senior Manager {a:02d}", agency=agency,
                        level=LEVELS[3], line_manager=top)  # fmt: skip
        leader = person(f"leader.a{a:02d}", f"Service Leader {a:02d}", agency=agency,
                        level=LEVELS[2], line_manager=senior)  # fmt: skip
        flms = [
            person(
                f"flm{f}.a{a:02d}",
                f"Team Manager {a:02d}.{f}",
                agency=agency,
                level=LEVELS[1],
                line_manager=leader,
            )
            for f in range(2)
        ]
        for p in range(PRACTITIONERS):
            person(f"p{p}.a{a:02d}", f"Practitioner {a:02d}.{p}", agency=agency,
                   level=LEVELS[0], line_manager=flms[p // 5])  # fmt: skip
    viewer = person("viewer", "Viewer (business manager)")
    PartnershipRole.objects.create(person=viewer, partnership=home, role="business_manager")
    for k in range(1, 6):
        RoleAssignment.objects.create(
            partnership=home,
            role_key=f"stage_{k}_oversight",
            person=person(f"stage-{k}-oversight", f"Stage {k} Oversight"),
        )


def chain(agency: int, practitioner: int) -> list[str]:
    """The e-mails of who holds stages 1..5 on a side whose practitioner is `practitioner`."""
    a = f"a{agency:02d}"
    names = [f"p{practitioner}.{a}", f"flm{practitioner // 5}.{a}", f"leader.{a}"]
    return [_email(n) for n in [*names, f"senior.{a}", f"director.{a}"]]


def history_line(s: dict[str, Any]) -> dict[str, Any]:
    """One ticket of `make_specs` as a line of a history file (the README's mapping)."""
    i, stage = s["i"], s["queue"] + 1
    created, last = s["created"], s["last_escalation"]
    clock = last if (stage > 1 and last is not None) else created
    receiving = s["assigned"] if s["assigned"] is not None else i % AGENCIES
    raising = (receiving + 1 + i % (AGENCIES - 1)) % AGENCIES
    raiser = chain(raising, int(s["submitter"][8:12]) % PRACTITIONERS)
    receiver = chain(receiving, i % PRACTITIONERS)
    events: list[dict[str, Any]] = []
    for j, at in enumerate([created] * max(0, stage - 2) + ([clock] if stage > 1 else []), 2):
        events.append({
            "action": "escalate", "at": at.isoformat(), "by": raiser[j - 2],
            "raising_holder": raiser[j - 1], "receiving_holder": receiver[j - 1],
            "reason": f"No agreement at stage {j - 1}",
        })  # fmt: skip
    holder = raiser[stage - 1]
    if s["status"] in (3, 4):  # Resolved, Closed
        at = (clock + timedelta(hours=1)).isoformat()
        events.append({"action": "resolve", "at": at, "by": holder,
                       "agreed_outcome": "Assessment agreed"})  # fmt: skip
    if s["status"] == 4:
        events.append({"action": "close", "at": (clock + timedelta(hours=2)).isoformat(),
                       "by": holder})  # fmt: skip
    return {
        "partnership": "peer-bench",
        "raised_at": created.isoformat(),
        "raised_by": raiser[0],
        "raising_agency": f"Agency {raising:02d}",
        "receiving_agency": f"Agency {receiving:02d}",
        "receiving_holder": receiver[0],
        "decision_summary": s["description"],
        "outcome_sought": s["title"],
        "subject_name": f"Bench Child {i:05d}",
        "events": events,
    }


def write_history(peer: ModuleType, cases: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for s in peer.make_specs(cases, peer.SEED):
            out.write(json.dumps(history_line(s)) + "\n")
