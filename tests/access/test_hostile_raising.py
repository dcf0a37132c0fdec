"""The raise journey's pages take hostile answers without a server error (as
`test_hostile_input.py` for every other page): its question pages only open inside a journey,
so this walks one (a school practitioner disagreeing with children's social care, on a shipped
policy) and, at each page, sends its form with one to three hostile answers before giving the
usual one and going on; then the check page's. Each hostile request is rolled back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.web.raising import NOW, Walk, raiser_of, shipped, usual_answers

from .helpers import signed_in
from .hostile import Form, form_body, forms_in
from .test_hostile_input import EXAMPLES, EXPLORE, Tally, _filled, _send

pytestmark = pytest.mark.django_db


def test_every_page_of_the_raise_journey_takes_hostile_answers() -> None:
    with time_machine.travel(NOW, tick=False):
        demo = shipped("generic-lscb.toml")
        client = signed_in(raiser_of(demo))
        walk = Walk(client).begin()
        answers = usual_answers(demo, theme={"theme": "Thresholds"})
        tally = Tally()
        steps: list[str] = []
        for _ in range(40):
            step = walk.step
            html = client.get(walk.location).content.decode()
            page_forms: list[Form] = [
                f for f in forms_in(html) if f.method == "post" and not f.action
            ]
            assert page_forms, f"no form on {step}"
            steps.append(step)

            @settings(
                max_examples=EXAMPLES * 4,  # ten pages: cheap
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],
                derandomize=not EXPLORE,
            )
            @given(data=st.data())
            def probe(data: st.DataObject) -> None:
                for form in page_forms:  # noqa: B023  (called at once, in this iteration)
                    _send(client, "post", walk.location, form_body(_filled(form, data)), tally)

            probe()
            if step == "check":
                break
            key = step
            if step == "exception":
                key = f"exception:{parse_qs(urlsplit(walk.location).query)['exception'][0]}"
                key = key if key in answers else "exception"
            response = walk.post(answers[key])
            assert response.status_code == 302, f"{step}: {response.status_code}"
    print(f"\nraise journey: {len(steps)} pages, {tally.requests} requests, {tally.by_status}")  # noqa: T201
    assert steps[-1] == "check"
    assert len(steps) >= 10
