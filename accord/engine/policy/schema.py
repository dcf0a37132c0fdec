"""The keys each table of a policy file may have, and the words its values may use.

One `Shape` per kind of table: which keys it requires, which it allows, and a note for keys that
people put in the wrong place. The readers check every table against its shape, so an unknown key
(a typo) or a missing one is always reported, with the table's header line when the key is absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.engine.policy.model import Jurisdiction, Unit
from accord.engine.policy.texts import TRANSLATED, suffixed
from accord.engine.speech import gettext_noop


@dataclass(frozen=True, slots=True)
class Shape:
    """The keys of one kind of table; `name` is how messages call it (`[[stages]]`)."""

    name: str  # a table's own header as written, or words marked for translation
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)  # unknown key -> what to do instead
    # keys whose values a person reads: each may have its translations beside it (`name_cy`)
    texts: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        translated = tuple(suffixed(key, code) for key in self.texts for code in TRANSLATED)
        return self.required + self.optional + translated


_IN_THE_DUE = gettext_noop("put it in the stage's due: due = { within = N, unit = U }")
_NO_FROM = {
    "from": gettext_noop("remove it: a budget always runs from entering its first listed stage")
}

# `format`, `policy` and `stages` are required too; the loader says so in its own words.
FILE = Shape(
    gettext_noop("the file"),
    optional=(
        "format",
        "policy",
        "calendar",
        "roles",
        "facts",
        "stages",
        "budgets",
        "immediate_risk",
        "non_response",
        "exceptions",
        "resolution",
        "forms",
        "categories",
        "raising",
        "escalation",
        "retention",
    ),
)
POLICY = Shape(
    "[policy]",
    required=("id", "version", "title", "partnership", "jurisdiction"),
    optional=("population", "effective_from", "source", "scope", "subjects", "languages"),
    texts=("title", "partnership", "source"),
)
CALENDAR = Shape("[calendar]", optional=("extra_closures",))
CLOSURE_RANGE = Shape(gettext_noop("a closure range"), required=("from", "to"))
STAGE = Shape(
    "[[stages]]",
    required=("number", "name", "raising", "receiving", "due"),
    optional=(
        "guidance",
        "checklist",
        "steps",
        "chair",
        "chair_independent",
        "meeting",
        "notify",
        "advisers",
    ),
    notes={
        "within": _IN_THE_DUE,
        "unit": _IN_THE_DUE,
    },
    texts=("name", "guidance", "checklist"),
)
STEP = Shape("[[stages.steps]]", required=("id", "name", "due"), texts=("name",))
DURATION = Shape(
    gettext_noop("a duration"),
    required=("unit",),
    optional=("if", "within", "from", "nudge_every", "nudge_limit"),
)
NUDGE = Shape(
    "nudge_every",
    required=("within", "unit"),
    notes={"from": gettext_noop("remove it: reminders repeat from the deadline's own start")},
)
URGENT_DUE = Shape(
    "urgent_due",
    required=("within", "unit"),
    notes={
        "from": gettext_noop(
            "remove it: an urgent case's stage deadlines always run from the stage's start"
        )
    },
)
GRACE = Shape(
    "grace",
    required=("within", "unit"),
    notes={"from": gettext_noop("remove it: the grace period runs from the missed deadline")},
)
COUNTERPART = Shape(gettext_noop("a counterpart entry"), required=("role",), optional=("agency",))
CHAIR = Shape(gettext_noop("a chair entry"), required=("role",), optional=("if",))
NOTIFY = Shape(gettext_noop("a notify entry"), required=("on", "to"), optional=("form", "if"))
BUDGET = Shape(
    "[[budgets]]",
    required=("id", "name", "stages", "within", "unit"),
    notes=_NO_FROM,
    texts=("name",),
)
IMMEDIATE_RISK = Shape(
    "[immediate_risk]",
    optional=("guidance", "may_start_at", "urgent_due", "inform"),
    texts=("guidance",),
)
NON_RESPONSE = Shape("[non_response]", required=("grace",), optional=("action",))
EXCEPTION = Shape(
    "[[exceptions]]",
    required=("id", "question", "route"),
    optional=("policy",),
    texts=("question", "route"),
)
RESOLUTION = Shape(
    "[resolution]",
    optional=("final", "panel", "report_to", "record", "sign_off", "debrief", "ask"),
)
PANEL = Shape("panel", optional=("agencies", "include_parties", "convened_by"))
FORM = Shape("[[forms]]", required=("id", "title", "fields"), texts=("title",))
FORM_FIELD = Shape(
    gettext_noop("a form field"),
    required=("id", "label", "type"),
    optional=("from", "choices", "required"),
    texts=("label", "choices"),
)
CATEGORIES = Shape("[categories]", optional=("themes",), texts=("themes",))
RAISING = Shape("[raising]", optional=("due", "concern_look_back_years"))
ESCALATION = Shape("[escalation]", optional=("may_skip",))
RETENTION = Shape("[retention]", optional=("years_after_closure", "until_age"))

# The words values may use, in the order messages list them.
FORMAT = 1
JURISDICTIONS = tuple(j.value for j in Jurisdiction)
POPULATIONS = ("children", "adults", "children_and_adults")
SCOPES = ("between_agencies", "within_and_between_agencies")
SUBJECTS = ("child", "adult", "family", "theme")
UNITS = tuple(u.value for u in Unit)
FINALS = ("panel", "mediation", "chair_decision", "senior_decision")
SIGN_OFFS = ("both_parties", "raising_party", "none")
DEBRIEFS = ("none", "offered", "required")
NON_RESPONSE_ACTIONS = ("alert_next_level",)
RECORD_ITEMS = ("agreed_outcome", "outstanding_issues", "tasks", "learning")
FIELD_TYPES = ("text", "longtext", "date", "list", "yesno", "choice")
CASE_SOURCES = (
    "case.raised_on",
    "case.raised_by.name",
    "case.agencies",
    "case.summary",
    "case.stage_history",
    "case.outcome",
    "case.outstanding_issues",
    "case.tasks",
    "case.child.name",
    "case.child.date_of_birth",
    "case.child.address",
    "case.workers",
    # Accord's additions (docs/policy-format.md): what the case knows of its end and meetings.
    "case.referred_on",
    "case.panel_convened",
    "case.decision",
    "case.meeting.held_on",
    "case.meeting.chair",
    "case.stage_holders",
)
LARGEST_WITHIN = 9999  # a guard against typos and date overflow, far beyond any real timescale
