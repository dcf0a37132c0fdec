"""Every template a person reads has its words marked for translation (decision 35).

`NOT_YET_MARKED` lists the templates whose words are not marked yet: the Welsh translation is
being done directory by directory (docs/howto/translate-accord.md), and this list is its honest
record of what is left, not a pass. It may only shrink: a template not on it that has unmarked
text fails (a new template must be marked from the start), and so does a template on it that
no longer has any (take it off the list in the same change that marks it).
"""

from __future__ import annotations

import pytest

from .template_text import ROOT, name_of, templates, unmarked

NOT_YET_MARKED = frozenset(
    [
        "accord/api/templates/api/_operation.html",
        "accord/api/templates/api/client_made.html",
        "accord/api/templates/api/clients.html",
        "accord/api/templates/api/reference.html",
        "accord/api/templates/api/token_made.html",
        "accord/api/templates/api/tokens.html",
        "accord/cases/templates/admin/cases/case/recompute_deadlines.html",
        "accord/web/templates/web/manage/_error.html",
        "accord/web/templates/web/manage/_layout.html",
        "accord/web/templates/web/manage/_policy_summary.html",
        "accord/web/templates/web/manage/agency_form.html",
        "accord/web/templates/web/manage/agency_list.html",
        "accord/web/templates/web/manage/changes.html",
        "accord/web/templates/web/manage/closure_form.html",
        "accord/web/templates/web/manage/closure_list.html",
        "accord/web/templates/web/manage/closure_remove.html",
        "accord/web/templates/web/manage/import.html",
        "accord/web/templates/web/manage/import_check.html",
        "accord/web/templates/web/manage/index.html",
        "accord/web/templates/web/manage/partnership_form.html",
        "accord/web/templates/web/manage/person_access_log.html",
        "accord/web/templates/web/manage/person_active.html",
        "accord/web/templates/web/manage/person_form.html",
        "accord/web/templates/web/manage/person_list.html",
        "accord/web/templates/web/manage/policy_list.html",
        "accord/web/templates/web/manage/policy_publish.html",
        "accord/web/templates/web/manage/policy_role_form.html",
        "accord/web/templates/web/manage/policy_role_list.html",
        "accord/web/templates/web/manage/policy_role_remove.html",
        "accord/web/templates/web/manage/policy_upload.html",
        "accord/web/templates/web/manage/policy_version.html",
        "accord/web/templates/web/manage/policy_withdraw.html",
        "accord/web/templates/web/manage/retention.html",
        "accord/web/templates/web/manage/retention_hold.html",
        "accord/web/templates/web/manage/retention_lift.html",
        "accord/web/templates/web/manage/retention_rule.html",
        "accord/web/templates/web/manage/setup_alert_time.html",
        "accord/web/templates/web/manage/setup_checklist.html",
        "accord/web/templates/web/manage/setup_go_live.html",
        "accord/web/templates/web/manage/setup_index.html",
        "accord/web/templates/web/manage/setup_stop_new_cases.html",
        "accord/web/templates/web/manage/staff_form.html",
        "accord/web/templates/web/manage/staff_list.html",
        "accord/web/templates/web/manage/staff_remove.html",
        "accord/web/templates/web/manage/status.html",
        "accord/web/templates/web/manage/subject_access.html",
        "accord/web/templates/web/manage/subject_access_request.html",
        "accord/web/templates/web/manage/sweep.html",
        "accord/web/templates/web/manage/webhook_deactivate.html",
        "accord/web/templates/web/manage/webhook_deliveries.html",
        "accord/web/templates/web/manage/webhook_form.html",
        "accord/web/templates/web/manage/webhook_rotate.html",
        "accord/web/templates/web/manage/webhook_secret.html",
        "accord/web/templates/web/manage/webhook_send_again.html",
        "accord/web/templates/web/manage/webhooks.html",
    ]
)


def test_every_template_off_the_list_has_all_its_words_marked() -> None:
    problems = {
        name_of(path): found
        for path in templates()
        if name_of(path) not in NOT_YET_MARKED and (found := unmarked(path.read_text()))
    }
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_each_template_on_the_list_still_has_unmarked_words_and_exists() -> None:
    gone = sorted(name for name in NOT_YET_MARKED if not (ROOT / name).is_file())
    assert not gone, f"no longer exist, take them off NOT_YET_MARKED: {gone}"
    done = sorted(name for name in NOT_YET_MARKED if not unmarked((ROOT / name).read_text()))
    assert not done, f"all marked now, take them off NOT_YET_MARKED: {done}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Page not found</p>", ["Page not found"]),
        ('<p>{% translate "Page not found" %}</p>', []),
        ("{% blocktranslate %}Page {{ n }} of {{ m }}{% endblocktranslate %}", []),
        ("<h1>{{ case.reference }}</h1> – Accord", []),
        ("{# a note #}{% comment %}Explains{% endcomment %}<p>&nbsp;: (3)</p>", []),
        ("<script>const words = 'minutes';</script><style>p::after{content:'x'}</style>", []),
        ('<nav aria-label="Menu"></nav>', ["Menu"]),
        ('<nav aria-label="{% translate "Menu" %}"></nav>', []),
        ('<nav aria-label=_("Menu")></nav>', ['_("Menu")']),  # no such thing in HTML
        ('<a href="{{ x }}" class="govuk-link">Back</a>', ["Back"]),
        ('{% include "c.html" with text="Sign in" only %}', ["Sign in"]),
        ('{% include "c.html" with text=_("Sign in") only %}', []),
        ("{{ text|default:\"Back\" }} {{ kind|default:'submit' }}", ["Back"]),
        ('<span lang="cy">Cymraeg</span>', []),
        ("Needed by {{ day }}.", ["Needed by"]),
    ],
)
def test_the_reading_finds_unmarked_words_and_only_those(source: str, expected: list[str]) -> None:
    assert unmarked(source) == expected
