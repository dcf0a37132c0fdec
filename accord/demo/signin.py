"""How to sign in as each demo person (printed by `seed_demo`, and so by `make serve`): which
procedure each demo partnership runs, and every account that has a part in it."""

from __future__ import annotations

from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import Policy
from accord.partnerships.readiness import holder_roles

from .people import (
    ADMIN_EMAIL,
    AGENCIES,
    CHAIN,
    EMAIL_DOMAIN_SUFFIX,
    PARTNERSHIPS,
    POLICY_DIR,
    STAFF,
)
from .roles import BUSINESS_TEAM, CHAIRS, PER_AGENCY
from .two_factor import DEMO_TOTP_SECRET

# DEMO ONLY: every fictional demo account shares this password. Demo data is for local runs.
DEMO_PASSWORD = "accord-demo"  # noqa: S105
WIDTH = 36


def own_staff(policy: Policy) -> list[tuple[str, str]]:
    """The policy's roles that get a member of staff of their own (`roles._staff_for`): the
    local part of each one's address, and the role's title."""
    shared = holder_roles(policy) | BUSINESS_TEAM | CHAIRS | set(PER_AGENCY)
    return [(k.replace("_", "-"), t) for k, t in policy.roles.items() if k not in shared]


def _partnerships() -> list[str]:
    lines = ["  Each demo partnership, the procedure it runs, and its addresses:"]
    for policy_file, _slug, name, sub in PARTNERSHIPS:
        policy = load_policy_file(str(POLICY_DIR / policy_file))
        domain = f"{sub}{EMAIL_DOMAIN_SUFFIX}"
        lines += [f"    {name}", f"      runs: {policy.title} ({policy_file})"]
        lines.append(f"      addresses: ...@{domain}")
        for local, title in own_staff(policy):
            lines.append(f"      also {title[:60]}: {local}@{domain}")
    return lines


def sign_in_help() -> str:
    """The sign-in help: the procedure of each demo partnership and every demo account."""
    example = f"{PARTNERSHIPS[0][3]}{EMAIL_DOMAIN_SUFFIX}"
    lines = [
        "",
        "Sign in at http://127.0.0.1:8000/sign-in/ with any address below and the password "
        f"{DEMO_PASSWORD!r}.",
        f"  Administrator (admin pages at /admin/):  {ADMIN_EMAIL}",
        *_partnerships(),
        f"  In every partnership, at its own addresses (here {example}):",
    ]
    for _kind, agency, short in AGENCIES:
        lines.append(f"    {agency}:")
        for _level, key, title in CHAIN:
            lines.append(f"      {title:<{WIDTH}} {key}.{short}@{example}")
        lines.append(
            f"      {'Named Safeguarding Lead':<{WIDTH}} safeguarding-lead.{short}@{example}"
        )
        lines.append(f"      {'Practitioner in no case':<{WIDTH}} colleague.{short}@{example}")
    lines.append("    The partnership's own staff:")
    for _role, key, title in STAFF:
        lines.append(f"      {title:<{WIDTH}} {key}@{example}")
    lines += [
        "",
        "Then enter the code from the authenticator app (everyone needs one). Every demo person",
        "shares one: get its current code with",
        "  .venv/bin/python -m accord manage demo_totp",
        f"or add the secret {DEMO_TOTP_SECRET} to an authenticator app on your phone.",
    ]
    return "\n".join(lines)
