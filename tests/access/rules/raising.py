"""The access matrix's rules for the raising pages.

The raise journey is for every signed-in person: people of an agency raise for it, and a person
of no agency (partnership staff) gets a page saying why they cannot, never a 403. Without a
journey in the session every question page goes back to the start page.
"""

from ..rule_kinds import SIGNED_IN, Rule

RULES: dict[str, Rule] = dict.fromkeys(
    [
        "web:raise-start",
        "web:raise-partnership",
        "web:raise-exception",
        "web:raise-immediate-risk",
        "web:raise-starting-stage",
        "web:raise-about",
        "web:raise-person",
        "web:raise-pattern",
        "web:raise-concern",
        "web:raise-decision",
        "web:raise-outcome",
        "web:raise-agency-kind",
        "web:raise-agency",
        "web:raise-counterpart",
        "web:raise-raising-holder",
        "web:raise-theme",
        "web:raise-facts",
        "web:raise-route",
        "web:raise-check",
        "web:raise-done",
    ],
    SIGNED_IN,
)
