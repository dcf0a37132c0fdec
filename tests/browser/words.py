"""The words a browser test clicks and reads, from Accord's catalogue: `said("Continue")` is
"Continue" in an English test and "Parhau" under `translation.override("cy")`, so one journey
runs in either language (the Welsh one: test_welsh_journey.py)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

WELSH = "cy"


def said(msgid: str) -> str:
    """`msgid` in the language active in the test; in Welsh it must have a translation (so a
    missing one fails here, by name, not as a label the page never shows)."""
    text = gettext(msgid)
    if translation.get_language() == WELSH:
        assert text != msgid, f"the Welsh catalogue has no translation of {msgid!r}"
    return text


# What the people in the journeys type, in each language: a Welsh page shows what a Welsh
# speaker wrote in Welsh (an English record quoted on a Welsh page would need its own `lang`).
TYPED_IN_WELSH = {
    "10 Example Row, Demo Town": "10 Rhes Enghraifft, Tref Arddangos",
    "Referral closed with no action.": "Cafodd yr atgyfeiriad ei gau heb gamau pellach.",
    "Duty team manager": "Rheolwr y tîm dyletswydd",
    "A child and family assessment.": "Asesiad o’r plentyn a’r teulu.",
    "We stand by the decision: the risk is managed.": (
        "Rydym yn sefyll wrth y penderfyniad: mae’r risg yn cael ei rheoli."
    ),
    "Still no agreement.": "Dim cytundeb o hyd.",
    "A joint assessment within 10 days.": "Asesiad ar y cyd o fewn 10 diwrnod.",
    "A strategy discussion this week.": "Trafodaeth strategaeth yr wythnos hon.",
    "No agreement at the top.": "Dim cytundeb ar y brig.",
}


def typed(english: str) -> str:
    """What a person types, in the language of the test (`TYPED_IN_WELSH`)."""
    return TYPED_IN_WELSH[english] if translation.get_language() == WELSH else english
