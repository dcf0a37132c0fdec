"""The management ladder, and which level fits each role key the procedures use."""

from __future__ import annotations

from .models import Level

LADDER = [
    Level.PRACTITIONER,
    Level.FIRST_LINE_MANAGER,
    Level.SERVICE_LEADER,
    Level.SENIOR_MANAGER,
    Level.DIRECTOR,
]

# The level in an agency's management chain that fits a policy's role key (the procedures'
# ladders); a role not listed has no level, and the person acting chooses.
ROLE_LEVELS = {
    "practitioner": Level.PRACTITIONER,
    "worker": Level.PRACTITIONER,
    "first_line_manager": Level.FIRST_LINE_MANAGER,
    "line_manager": Level.FIRST_LINE_MANAGER,
    "service_leader": Level.SERVICE_LEADER,
    "senior_line_manager": Level.SERVICE_LEADER,
    "senior_manager": Level.SENIOR_MANAGER,
    "head_of_service": Level.SENIOR_MANAGER,
    "director": Level.DIRECTOR,
    "highest_manager": Level.DIRECTOR,
}
