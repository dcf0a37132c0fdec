"""Every word a person reads on a Welsh page is marked for translation, the Python's too (issue
20 item 5, decision 38).

The templates' words are read from the templates (test_templates_marked.py); words made in
Python (a form's label, a refusal, a stage's name, a check's name) can only be seen on the
pages. So the demo is seeded (cases in every status and stage, in each partnership) and the
pages a person reads are opened in pseudo-Welsh (tests/i18n/pseudo.py): a Welsh catalogue in
which every message is wrapped in marks. Whatever a page says outside the marks must be the
world's own data (names, references, free texts, the policies' texts, which are in the language
they were written in), numbers or punctuation; any other word was never translated.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings

from accord.accounts.models import Person
from accord.cases.models import Case
from accord.partnerships.models import PolicyVersion
from tests.access.helpers import server_error, signed_in
from tests.access.test_no_child_data import in_role, page_urls

from .pseudo import Data, pseudo_catalogue, unmarked, visible_texts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("seed_demo"),
    pytest.mark.sqlite_only,  # a page's words are the same on PostgreSQL
]


# Stored texts that are Accord's words, not data: shown translated, so not allowed unmarked.
NOT_DATA = {("cases", "FormRecord", "title")}
# Not pages: files to download.
DOWNLOAD = re.compile(r"(\.pdf|\.ics|/pdf/?|/download/|/export/|/spreadsheet/)$")
# The pages of a case that differ most with its status and stage (the rest are read for the
# first case of each status).
BY_STATE = {"", "refer", "close", "resolve", "escalate", "advice", "panel", "debrief", "forms"}


def _strings(value: object) -> Iterator[str]:
    """The texts in a stored value (a JSON field, a policy): its strings, and the keys a page
    shows as words when the policy gives them no title (`lscb_business_manager`)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "_" in key:
                yield key
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _world_data() -> Data:
    """Every text the world holds that is not one of Accord's own words: the stored texts
    without choices (names, references, free texts, the records' words as written) and every
    text of the policies."""
    texts: list[str] = []
    for model in apps.get_models():
        if not model.__module__.startswith("accord."):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and not field.choices
            and (model._meta.app_label, model.__name__, field.name) not in NOT_DATA
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts += _strings(list(row))
    for text in PolicyVersion.objects.values_list("text", flat=True):
        texts += _strings(tomllib.loads(text))
    # a policy version by its name, as its pages and the engine's messages give it
    texts += [f"{i} {v}" for i, v in PolicyVersion.objects.values_list("policy_id", "version")]
    return Data(texts)


def _pages(case: Case, person: Person, *, case_pages: bool, every: bool) -> list[str]:
    """The pages a person reads for `case` (`page_urls`, the no-child-data walk's): not the
    API's, nor downloads (PDFs, calendars, spreadsheets), which are not pages; of a case's pages
    only those that differ most by its state unless `every`."""
    urls = [
        url
        for url in page_urls(case, person, case_pages=case_pages)
        if not url.startswith("/api/") and not DOWNLOAD.search(url)
    ]
    if every or not case_pages:
        return urls
    return [url for url in urls if url.partition(case.reference)[2].strip("/") in BY_STATE]


def _read(client: Client, url: str, pages: dict[str, str]) -> None:
    """Opens `url` and keeps what a person reads of it (by URL)."""
    response = client.get(url)
    assert not server_error(url, response.status_code), url
    if "html" in response.get("Content-Type", ""):
        pages[url] = visible_texts(response.content.decode())


def test_every_word_on_a_welsh_page_is_marked_or_data(tmp_path: Path) -> None:
    call_command("seed_demo", today="2026-12-21", stdout=StringIO())
    Person.objects.update(language="cy")
    staff, admins = in_role("business_manager"), in_role("administrator")
    pages: dict[str, str] = {}
    clients: dict[int, Client] = {}
    statuses_seen: set[str] = set()
    kinds_seen: set[tuple[str, int]] = set()
    partnerships_seen: set[int] = set()
    with override_settings(LOCALE_PATHS=[pseudo_catalogue(tmp_path)]):
        for case in Case.objects.select_related("raised_by").order_by("pk"):
            # Every page of the first case of each status, the state's pages of the first of
            # each status and stage; each partnership's administration once.
            kind = (case.status, case.stage)
            first_of_partnership = case.partnership_id not in partnerships_seen
            if kind in kinds_seen and not first_of_partnership:
                continue
            kinds_seen.add(kind)
            every = case.status not in statuses_seen
            statuses_seen.add(case.status)
            person = staff[case.partnership_id]
            client = clients.setdefault(person.pk, signed_in(person))
            urls = _pages(case, person, case_pages=True, every=every)
            if first_of_partnership and len(partnerships_seen) < 2:
                admin = admins[case.partnership_id]
                urls += _pages(case, person, case_pages=False, every=True)
                admin_client = clients.setdefault(admin.pk, signed_in(admin))
                for url in _pages(case, admin, case_pages=False, every=True):
                    if url.startswith("/manage/"):
                        _read(admin_client, url, pages)
            partnerships_seen.add(case.partnership_id)
            for url in urls:
                _read(client, url, pages)
    data = _world_data()  # after the walk: what it wrote (the access log's records) too
    found: dict[str, set[str]] = defaultdict(set)
    for url, text in pages.items():
        for piece in unmarked(text, data):
            found[piece].add(url)
    assert len(pages) > 150  # the walk read the pages
    assert not found, "unmarked words (text: some pages it is on):\n" + "\n".join(
        f"{piece!r}: {sorted(urls)[:3]}" for piece, urls in sorted(found.items())
    )
