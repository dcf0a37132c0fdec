"""How to sign in as each kind of demo person (printed by `seed_demo`)."""

from __future__ import annotations

from .people import ADMIN_EMAIL, AGENCIES, CHAIN, EMAIL_DOMAIN_SUFFIX, PARTNERSHIPS, STAFF
from .two_factor import DEMO_TOTP_SECRET

# DEMO ONLY: every fictional demo account shares this password. Demo data is for local runs.
DEMO_PASSWORD = "accord-demo"  # noqa: S105


def sign_in_help() -> str:
    """The sign-in table: one address per kind of person, and the pattern for the rest."""
    first = f"{PARTNERSHIPS[0][3]}{EMAIL_DOMAIN_SUFFIX}"
    social, police = AGENCIES[0][2], AGENCIES[1][2]
    lines = [
        "",
        "Sign in at http://127.0.0.1:8000/sign-in/ with any address below and the password "
        f"{DEMO_PASSWORD!r}.",
        f"  Administrator (admin pages at /admin/):  {ADMIN_EMAIL}",
        f"  In {PARTNERSHIPS[0][2]}:",
    ]
    for _level, key, title in reversed(CHAIN):
        lines.append(f"    {title + ' (police)':<34} {key}.{police}@{first}")
    lines.append(f"    {'Safeguarding lead (social care)':<34} safeguarding-lead.{social}@{first}")
    lines.append(f"    {'Practitioner in no case':<34} colleague.{social}@{first}")
    for _role, key, title in STAFF:
        lines.append(f"    {title:<34} {key}@{first}")
    domains = ", ".join(f"{sub}{EMAIL_DOMAIN_SUFFIX}" for *_, sub in PARTNERSHIPS[1:])
    agencies = ", ".join(short for *_, short in AGENCIES)
    lines += [
        f"  The other partnerships use the same names at {domains}.",
        f"  Agencies in every partnership: {agencies}.",
        "",
        "Then enter the code from the authenticator app (everyone needs one). Every demo person",
        "shares one: get its current code with",
        "  .venv/bin/python -m accord manage demo_totp",
        f"or add the secret {DEMO_TOTP_SECRET} to an authenticator app on your phone.",
    ]
    return "\n".join(lines)
