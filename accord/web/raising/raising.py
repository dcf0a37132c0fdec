"""From a journey's checked answers to one call of `raise_case` (the action checks everything
again): the people and agencies are loaded afresh, so an answer that no longer holds is refused
with what to change rather than raised."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext

from accord.accounts.levels import active_people
from accord.accounts.models import Agency, Person
from accord.cases.actions import CaseActionRejected, raise_case
from accord.cases.models import Case
from accord.cases.plausible import DECISION_BY_PREFIX

from .forms_people import UNKNOWN
from .setting import Setting, person_id, safeguarding_lead


class AnswerNoLongerHolds(CaseActionRejected):
    """Something chosen earlier in the journey changed before the case was raised."""


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def counterpart_of(setting: Setting) -> tuple[Agency, Person, str | None]:
    """The other agency, its holder, and the policy role they stand for when the raiser did not
    know who to name (the agency's safeguarding lead receives it then)."""
    agency = setting.receiving_agency
    if agency is None:
        raise AnswerNoLongerHolds(
            gettext(
                "The agency you chose no longer works in this partnership: change the other agency"
            )
        )
    chosen = setting.answers.get("counterpart")
    if chosen == UNKNOWN:
        lead = safeguarding_lead(agency)
        if lead is None:
            raise AnswerNoLongerHolds(
                gettext(
                    "%(agency)s has no safeguarding lead in Accord: change who should receive it "
                    "and choose a person"
                )
                % {"agency": agency.name}
            )
        return agency, lead, setting.role_for("receiving", agency.kind)
    person = active_people(agency).filter(pk=person_id(chosen)).first()
    if person is None:
        raise AnswerNoLongerHolds(
            gettext(
                "The person you chose no longer works for %(agency)s in Accord: change who "
                "should receive it"
            )
            % {"agency": agency.name}
        )
    allowed = setting.holders_allowed("receiving", agency, excluding=setting.person)
    if not allowed.filter(pk=person.pk).exists():
        raise AnswerNoLongerHolds(
            gettext(
                "%(person)s is not at the level the procedure names for stage %(stage)s: change "
                "who should receive it"
            )
            % {"person": person.full_name, "stage": setting.stage}
        )
    return agency, person, None


def raising_holder_of(setting: Setting) -> Person | None:
    """Who holds the raising side (None: the raiser, who is at the level the procedure names)."""
    if not setting.needs_raising_holder:
        return None
    person = (
        setting.holders_allowed("raising", setting.own_agency)
        .filter(pk=person_id(setting.answers.get("raising_holder")))
        .first()
    )
    if person is None:
        raise AnswerNoLongerHolds(
            gettext(
                "The person you chose to hold it for %(agency)s is no longer active at the level "
                "the procedure names for stage %(stage)s: change who holds it"
            )
            % {"agency": setting.own_agency.name, "stage": setting.stage}
        )
    return person


def decision_text(answers: dict[str, Any]) -> str:
    return f"{answers['decision']}{DECISION_BY_PREFIX}{answers['decision_by']}"


def raise_from_answers(setting: Setting, *, now: datetime) -> Case:
    """Raise the case the journey describes; CaseActionRejected says why not."""
    if setting.partnership is None or setting.version is None:
        raise AnswerNoLongerHolds(
            gettext("Choose the partnership again: your answers no longer match it")
        )
    answers = setting.answers
    agency, counterpart, named_by_role = counterpart_of(setting)
    theme_subject = setting.subject_kind == "theme"
    urgent = answers.get("immediate_risk") is True
    extra: dict[str, object] | None = None
    if named_by_role:  # the raiser did not know who: the role is recorded with the case
        extra = {"counterpart_named_by_role": named_by_role}
    return raise_case(
        partnership=setting.partnership,
        policy_version=setting.version,
        raised_by=setting.person,
        raising_agency=setting.own_agency,
        receiving_agency=agency,
        receiving_holder=counterpart,
        raising_holder=raising_holder_of(setting),
        decision_summary=decision_text(answers),
        outcome_sought=str(answers["outcome"]),
        subject_kind=setting.subject_kind,
        subject_name="" if theme_subject else str(answers.get("subject_name", "")),
        subject_date_of_birth=None
        if theme_subject
        else _date(answers.get("subject_date_of_birth")),
        subject_address="" if theme_subject else str(answers.get("subject_address", "")),
        theme=str(answers.get("pattern" if theme_subject else "theme", "")),
        facts=dict(answers.get("facts") or {}),
        urgent=urgent,
        stage=setting.stage,
        reason=str(answers.get("start_reason", "")) if setting.stage > 1 else "",
        concern_on=_date(answers.get("concern_on")),
        now=now,
        extra=extra,
        raise_key=f"journey/{setting.person.pk}/{setting.journey.id}",
    )
