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

NOT_YET_MARKED: frozenset[str] = frozenset()

# English by decision (35), not left to do: the API's reference page is for the developers of
# agencies' systems, and is drawn from the OpenAPI schema, whose descriptions are English.
FOR_DEVELOPERS = frozenset(
    [
        "accord/api/templates/api/_operation.html",
        "accord/api/templates/api/reference.html",
    ]
)


def test_every_template_off_the_list_has_all_its_words_marked() -> None:
    problems = {
        name_of(path): found
        for path in templates()
        if name_of(path) not in NOT_YET_MARKED | FOR_DEVELOPERS
        and (found := unmarked(path.read_text()))
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
        ("<th><code>full_name</code></th><td>Required</td>", ["Required"]),
    ],
)
def test_the_reading_finds_unmarked_words_and_only_those(source: str, expected: list[str]) -> None:
    assert unmarked(source) == expected
