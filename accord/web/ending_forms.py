"""The forms for ending a case: the outcome or decision, sign-off, referral, the panel, the
debrief and closing. Each carries `seen`; the actions make the final checks."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, Person
from accord.cases.models import DebriefOutcome
from accord.web.case_forms import CaseActionForm
from accord.web.raising.dates import DateField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LONG_TEXT = 5000


class _AmongPeople(forms.ChoiceField):
    """A choice among the people given (already loaded: no query to draw or check the choices)."""

    def __init__(self, *, people: list[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.people = people or []

    @property
    def people(self) -> list[Person]:
        return self._people

    @people.setter
    def people(self, people: list[Person]) -> None:
        self._people = list(people)
        self.by_id = {str(p.pk): p for p in self._people}
        self.choices = [(str(p.pk), describe(p)) for p in self._people]

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.by_id


class PersonField(_AmongPeople):
    """One of the people given."""

    def clean(self, value: Any) -> Person | None:
        chosen = super().clean(value)
        return self.by_id[chosen] if chosen else None


class PeopleField(_AmongPeople, forms.MultipleChoiceField):
    """Some of the people given, as checkboxes."""

    def clean(self, value: Any) -> list[Person]:
        return [self.by_id[v] for v in super().clean(value)]


def describe(person: Person) -> str:
    """A person as a choice: name, job title and agency (or the partnership)."""
    where = person.agency.name if person.agency else gettext("Partnership staff")
    title = f", {person.job_title}" if person.job_title else ""
    return f"{person.full_name}{title} ({where})"


def long_text(
    label: StrOrPromise, *, required: StrOrPromise = "", help_text: StrOrPromise = ""
) -> forms.CharField:
    """A textarea field; `required` is its error message when it must be filled in."""
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": required,
            "max_length": format_lazy(
                _("{label} must be {count} characters or fewer"), label=label, count=LONG_TEXT
            ),
        },
    )


class ResolveForm(CaseActionForm):
    """The outcome agreed at a stage, or (`decision`) the final process's decision."""

    agreed_outcome = long_text(_("What has been agreed?"), required=_("Enter the agreed outcome"))
    outstanding_issues = long_text(
        _("Outstanding issues"),
        help_text=_("Anything still not resolved. Leave this empty if nothing is outstanding."),
    )
    pursuit = long_text(
        _("How will the outstanding issues be pursued?"),
        help_text=_("Who will do what, and by when."),
    )
    consensus = forms.ChoiceField(
        label=_("Do both sides agree with this outcome?"),
        choices=[("yes", _("Yes, both sides agree")), ("no", _("No, one side does not agree"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether both sides agree with this outcome")},
    )
    without_consensus = long_text(
        _("If not, why is the outcome being recorded without both sides’ agreement?"),
        help_text=_("The reason is kept on the case’s timeline."),
    )

    def __init__(
        self,
        *args: Any,
        decision: bool = False,
        asks: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`asks`: the policy's questions asked when the outcome is recorded (`[resolution]
        ask`, its `resolution_facts`), a yes/no each."""
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.asks = asks or {}
        for fact, question in self.asks.items():
            message = gettext("Select yes or no: %(question)s") % {"question": question}
            self.fields[f"fact_{fact}"] = forms.ChoiceField(
                label=question,
                choices=[("yes", gettext("Yes")), ("no", gettext("No"))],
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        if decision:
            del self.fields["consensus"], self.fields["without_consensus"]
            self.fields["agreed_outcome"].label = gettext("What has been decided?")
            self.fields["agreed_outcome"].error_messages["required"] = gettext("Enter the decision")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outstanding_issues", "").strip() and not data.get("pursuit", "").strip():
            self.add_error("pursuit", gettext("Say how the outstanding issues will be pursued"))
        if data.get("consensus") == "no" and not data.get("without_consensus", "").strip():
            self.add_error(
                "without_consensus",
                gettext("Say why the outcome is recorded without both sides’ agreement"),
            )
        if data.get("consensus") == "yes":
            data["without_consensus"] = ""
        data["facts"] = {
            fact: data[f"fact_{fact}"] == "yes" for fact in self.asks if f"fact_{fact}" in data
        }
        return data

    @property
    def asked(self) -> list[forms.BoundField]:
        """The yes/no questions of `asks`, in the policy's order, for the page."""
        return [self[f"fact_{fact}"] for fact in self.asks]


class SignOffForm(CaseActionForm):
    """The electronic signature: one side confirms the outcome in writing."""

    confirmed = forms.BooleanField(
        label=_("I confirm this outcome is what we agreed"),
        error_messages={"required": _("Confirm that this outcome is what you agreed")},
    )


class ReferForm(CaseActionForm):
    reason = long_text(
        _("Why is the case being referred?"),
        required=_("Say why the case is being referred"),
        help_text=_("What was tried at this stage, and why it could not be resolved."),
    )


class AgencyPeople:
    """One agency's people, as a group of checkboxes (the bound field's options)."""

    def __init__(self, agency: Agency, options: list[Any], party: bool) -> None:
        self.agency = agency
        self.options = options
        self.party = party


class PanelForm(CaseActionForm):
    """The chair's yes or no to convening a resolution panel and, if yes, its members, chosen
    from active people grouped by agency."""

    convene = forms.ChoiceField(
        label=_("Has the chair decided to convene a resolution panel?"),
        choices=[("yes", _("Yes, convene a panel")), ("no", _("No, the chair decides"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the chair decided to convene a panel")},
    )
    members = PeopleField(
        label=_("Members of the panel"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the panel’s members from the list")},
    )
    reason = long_text(
        _("If not, why not?"), help_text=_("Kept on the case’s timeline and in the recording form.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("convene") == "yes"
            and not data.get("members")
            and "members" not in self.errors
        ):
            self.add_error("members", gettext("Choose the panel’s members"))
        if data.get("convene") == "no":
            data["members"] = []
        return data

    def __init__(self, *args: Any, people: list[Person], parties: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, PeopleField)
        field.people = people
        field.choices = [(str(p.pk), _named(p)) for p in people]
        self.parties = parties

    def groups(self) -> list[AgencyPeople]:
        """The checkboxes by agency, the parties' agencies first."""
        field = self.fields["members"]
        assert isinstance(field, PeopleField)
        agencies: dict[int, Agency] = {}
        options: dict[int, list[Any]] = defaultdict(list)
        for option in self["members"]:
            person = field.by_id[str(option.data["value"])]
            assert person.agency is not None
            agencies[person.agency.pk] = person.agency
            options[person.agency.pk].append(option)
        order = sorted(agencies, key=lambda a: (a not in self.parties, agencies[a].name))
        return [AgencyPeople(agencies[a], options[a], a in self.parties) for a in order]


def _named(person: Person) -> str:
    return f"{person.full_name}, {person.job_title}" if person.job_title else person.full_name


class DebriefForm(CaseActionForm):
    outcome = forms.ChoiceField(
        label=_("Was the debrief held?"),
        choices=[
            (DebriefOutcome.HELD, _("Yes, it was held")),
            (DebriefOutcome.DECLINED, _("No, it was offered and declined")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the debrief was held or declined")},
    )
    held_on = DateField(
        what=_("Date the debrief was held"), required=False, label=_("When was the debrief held?")
    )
    notes = long_text(_("Notes"), help_text=_("What was discussed and learned."))

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].not_after = today  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held = data.get("outcome") == DebriefOutcome.HELD
        if held and not data.get("held_on") and "held_on" not in self.errors:
            self.add_error("held_on", gettext("Enter the date the debrief was held"))
        return data


class CloseForm(CaseActionForm):
    """Closing needs nothing but the confirmation (the button)."""
