"""Each question page of the raise journey: its title, its form, what it draws besides, and the
answers that depend on it (dropped when it changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext

from accord.accounts.levels import line_managers
from accord.accounts.models import AgencyKind
from accord.cases.models import SubjectKind
from accord.partnerships.policies import policy_of
from accord.partnerships.policy_texts import shown_text

from .forms import (
    Choice,
    ConcernForm,
    DecisionForm,
    FactsForm,
    OutcomeForm,
    PartnershipForm,
    PatternForm,
    Question,
    StartStageForm,
    SubjectKindForm,
    ThemeForm,
    YesNoForm,
    yes_no_initial,
)
from .forms_people import UNKNOWN, AgencyForm, AgencyKindForm, HolderForm, SubjectForm
from .setting import Setting, safeguarding_lead
from .steps import exception_key, higher_stages

type Data = QueryDict | None


@dataclass(frozen=True)
class Spec:
    title: Callable[[Setting, str], str]
    form: Callable[[Setting, str, Data], Question]
    heading: bool = False  # the first field is the page's heading (its label is the title)
    clears: tuple[str, ...] = ()
    context: Callable[[Setting, str], dict[str, Any]] = field(default=lambda s, p: {})


def who_is_at_risk(setting: Setting) -> str:
    """The immediate-risk question in the words of what the policy's cases are about."""
    kinds = [k for k in setting.policy.subjects if k != "theme"] or ["child"]
    if setting.answers.get("subject_kind") in {"child", "adult"}:
        kinds = [str(setting.answers["subject_kind"])]
    words = sorted({"adult" if k == "adult" else "child" for k in kinds})
    if words == ["adult"]:
        return gettext("Is the adult at immediate risk?")
    if words == ["child"]:
        return gettext("Is the child at immediate risk?")
    return gettext("Is a child or adult at immediate risk?")


def exception_of(setting: Setting, exception_id: str) -> Any:
    return next(e for e in setting.policy.exceptions if e.id == exception_id)


def stage_name(setting: Setting, number: int) -> str:
    return gettext("Stage %(number)s: %(name)s") % {
        "number": number,
        "name": setting.policy.stage(number).name,
    }


def _partnership(s: Setting, p: str, data: Data) -> Question:
    choices: list[tuple[str, str]] = [
        (str(ps.pk), Choice(ps.name, shown_text(policy_of(v).title)))
        for ps, v in s.partnership_choices
    ]
    initial = {"partnership": str(s.journey.partnership_id or "")}
    return PartnershipForm(data, choices=choices, initial=initial)


def _exception(s: Setting, p: str, data: Data) -> Question:
    key = exception_key(p)
    return YesNoForm(
        data,
        key=key,
        question=shown_text(exception_of(s, p).question),
        message=gettext("Select yes or no"),
        initial={"answer": yes_no_initial(s.answers.get(key))},
    )


def _immediate_risk(s: Setting, p: str, data: Data) -> Question:
    return YesNoForm(
        data,
        key="immediate_risk",
        question=who_is_at_risk(s),
        message=gettext("Select yes if there is an immediate risk, or no if there is not"),
        hint=gettext("If yes, the disagreement is marked urgent."),
        initial={"answer": yes_no_initial(s.answers.get("immediate_risk"))},
    )


def _starting_stage(s: Setting, p: str, data: Data) -> Question:
    stages = [(str(n), stage_name(s, n)) for n in [1, *higher_stages(s)]]
    initial = {k: s.answers.get(k) for k in ("start_stage", "start_reason")}
    initial["start_stage"] = str(initial["start_stage"] or "")
    return StartStageForm(data, stages=stages, initial=initial)


def _about(s: Setting, p: str, data: Data) -> Question:
    kinds = [(k, str(SubjectKind(k).label)) for k in s.policy.subjects]
    return SubjectKindForm(data, kinds=kinds, initial=SubjectKindForm.initial_from(s.answers))


def _person(s: Setting, p: str, data: Data) -> Question:
    return SubjectForm(
        data, kind=s.subject_kind, today=s.today, initial=SubjectForm.initial_from(s.answers)
    )


def _concern(s: Setting, p: str, data: Data) -> Question:
    hint = gettext("For example, 27 3 2026")
    if s.policy.raising_due:
        hint = gettext(
            "For example, 27 3 2026. The procedure expects a disagreement to be raised soon "
            "after it."
        )
    born = s.answers.get("subject_date_of_birth")
    return ConcernForm(
        data,
        today=s.today,
        look_back_years=s.policy.concern_look_back_years,
        born=date.fromisoformat(born) if born and s.subject_kind != "theme" else None,
        hint=hint,
        initial=ConcernForm.initial_from(s.answers),
    )


def _plain(form_class: type[Question]) -> Callable[[Setting, str, Data], Question]:
    def build(s: Setting, p: str, data: Data) -> Question:
        return form_class(data, initial=form_class.initial_from(s.answers))

    return build


def _agency_kind(s: Setting, p: str, data: Data) -> Question:
    return AgencyKindForm(
        data, kinds=s.agency_kinds, initial=AgencyKindForm.initial_from(s.answers)
    )


def _agency(s: Setting, p: str, data: Data) -> Question:
    agencies = list(s.agencies_of_kind(str(s.answers.get("agency_kind"))))
    chosen = s.answers.get("agency")
    initial = {"agency": str(chosen) if chosen is not None else None}
    return AgencyForm(data, agencies=agencies, initial=initial)


def _counterpart(s: Setting, p: str, data: Data) -> Question:
    agency = s.receiving_agency
    if agency is None:  # the agency answer no longer holds: ask it again
        return HolderForm(data, key="counterpart", label="", hint="", people=[], suggested={})
    role = s.role_for("receiving", agency.kind)
    label = s.role_label(role)
    # the ladder's people at the stage's level, never the raiser
    people = list(s.holders_allowed("receiving", agency, excluding=s.person))
    why = gettext("Suggested: the procedure’s %(role)s at stage %(stage)s") % {
        "role": label,
        "stage": s.stage,
    }
    lead = safeguarding_lead(agency)
    unknown = (
        gettext("It goes to %(agency)s’s safeguarding lead, %(lead)s, who passes it on")
        % {"agency": agency.name, "lead": lead.full_name}
        if lead
        else gettext("%(agency)s has no safeguarding lead in Accord: choose a person")
        % {"agency": agency.name}
    )
    return HolderForm(
        data,
        key="counterpart",
        label=gettext("Who at %(agency)s should receive it?") % {"agency": agency.name},
        hint=gettext(
            "At stage %(stage)s the procedure says it is held by: %(role)s. These are "
            "%(agency)s’s people at that level."
        )
        % {"stage": s.stage, "role": label, "agency": agency.name},
        people=people,
        suggested={person.pk: why for person in people},
        unknown_label=unknown,
        initial=HolderForm.initial_from({"counterpart": s.answers.get("counterpart")}),
    )


def _raising_holder(s: Setting, p: str, data: Data) -> Question:
    agency = s.own_agency
    label = s.role_label(s.role_for("raising", agency.kind))
    people = list(s.holders_allowed("raising", agency))
    chain = {manager.pk for manager in line_managers(s.person)}
    fitting = [person for person in people if person.pk in chain]
    suggested = {m.pk: gettext("Suggested: in your line management") for m in fitting[:1]}
    return HolderForm(
        data,
        key="raising_holder",
        label=gettext("Who holds it for %(agency)s at stage %(stage)s?")
        % {"agency": agency.name, "stage": s.stage},
        hint=gettext("The procedure says: %(role)s. You stay its raiser and can see it throughout.")
        % {"role": label},
        people=people,
        suggested=suggested,
        initial=HolderForm.initial_from({"raising_holder": s.answers.get("raising_holder")}),
    )


def _theme(s: Setting, p: str, data: Data) -> Question:
    return ThemeForm(data, themes=s.themes, initial=ThemeForm.initial_from(s.answers))


def _facts(s: Setting, p: str, data: Data) -> Question:
    return FactsForm(data, facts=s.policy.raising_facts, initial=FactsForm.initial_from(s.answers))


def _risk_context(s: Setting, p: str) -> dict[str, Any]:
    return {"warning": shown_text(s.policy.immediate_risk.guidance)}


SPECS: dict[str, Spec] = {
    "partnership": Spec(
        lambda s, p: gettext("Which partnership is this disagreement in?"),
        _partnership,
        heading=True,
    ),
    "exception": Spec(
        lambda s, p: shown_text(exception_of(s, p).question), _exception, heading=True
    ),
    "immediate-risk": Spec(
        lambda s, p: who_is_at_risk(s),
        _immediate_risk,
        clears=("start_stage", "start_reason", "raising_holder", "counterpart"),
        context=_risk_context,
    ),
    "starting-stage": Spec(
        lambda s, p: gettext("Which stage should it start at?"),
        _starting_stage,
        heading=True,
        clears=("raising_holder", "counterpart"),
    ),
    "about": Spec(
        lambda s, p: gettext("What is the disagreement about?"),
        _about,
        heading=True,
        clears=("subject_name", "subject_date_of_birth", "subject_address", "pattern", "theme"),
    ),
    "person": Spec(lambda s, p: gettext("Who is the disagreement about?"), _person),
    "pattern": Spec(
        lambda s, p: gettext("What pattern of practice or service is the disagreement about?"),
        _plain(PatternForm),
        heading=True,
    ),
    "concern": Spec(
        lambda s, p: gettext("When was the concern identified?"), _concern, heading=True
    ),
    "decision": Spec(lambda s, p: gettext("The decision you disagree with"), _plain(DecisionForm)),
    "outcome": Spec(
        lambda s, p: gettext("What outcome are you seeking?"), _plain(OutcomeForm), heading=True
    ),
    "agency-kind": Spec(
        lambda s, p: gettext("What kind of agency made the decision?"),
        _agency_kind,
        heading=True,
        clears=("agency", "counterpart"),
    ),
    "agency": Spec(
        lambda s, p: gettext("Which agency made the decision?"),
        _agency,
        heading=True,
        clears=("counterpart",),
    ),
    "counterpart": Spec(
        lambda s, p: gettext("Who should the disagreement go to?"), _counterpart, heading=True
    ),
    "raising-holder": Spec(
        lambda s, p: (
            gettext("Who holds it for your agency at stage %(stage)s?") % {"stage": s.stage}
        ),
        _raising_holder,
        heading=True,
    ),
    "theme": Spec(
        lambda s, p: gettext("Which theme is the disagreement about?"), _theme, heading=True
    ),
    "facts": Spec(lambda s, p: gettext("Questions from the procedure"), _facts),
}


def refused(setting: Setting, step: str, form: Question) -> bool:
    """Checks a valid form cannot make alone; adds the error and says so when one fails."""
    if step == "counterpart" and form.cleaned_data.get("counterpart") == UNKNOWN:
        agency = setting.receiving_agency
        if agency is None or safeguarding_lead(agency) is None:
            form.add_error(
                "counterpart",
                gettext(
                    "%(agency)s has no safeguarding lead in Accord to pass it on: choose the "
                    "person who should receive it"
                )
                % {"agency": agency.name}
                if agency
                else gettext(
                    "The agency has no safeguarding lead in Accord to pass it on: choose the "
                    "person who should receive it"
                ),
            )
            return True
    return False


def agency_kind_label(kind: str) -> str:
    return str(AgencyKind(kind).label) if kind in AgencyKind.values else kind
