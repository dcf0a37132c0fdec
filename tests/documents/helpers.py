"""Driving the form pages as a browser would (read the form's fields off the page, change some,
send them), and reading a PDF back: its structure tree, title, language, text and page images."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdfium2
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accord.cases.models import FormRecord

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf-pages"


class _Fields(HTMLParser):
    """The values a browser would send for the page's first POST form (inputs, textareas and
    checked radios and checkboxes; no button)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and found.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input":
            kind = found.get("type", "text")
            if kind in {"radio", "checkbox"} and "checked" not in found:
                return
            if kind in {"submit", "button"} or "name" not in found:
                return
            self.values[found["name"]] = found.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self.textarea = found["name"]
            self.values[self.textarea] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.values[self.textarea] = self.values[self.textarea].removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def form_on(html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(html)
    return parser.values


def form_url(record: FormRecord) -> str:
    return reverse("web:case-form", args=[record.case.reference, record.pk])


def pdf_url(record: FormRecord) -> str:
    return reverse("web:case-form-pdf", args=[record.case.reference, record.pk])


def answer_fields(record: FormRecord, answers: dict[str, Any]) -> dict[str, str]:
    """The POST fields for `answers` by the record's field ids (a date as a `date`, yes/no as
    "yes"/"no", a list as a list)."""
    types = {spec["id"]: spec["type"] for spec in record.definition}
    data: dict[str, str] = {}
    for field_id, value in answers.items():
        name = f"answer_{field_id}"
        if types[field_id] == "date":
            data.update(
                {f"{name}_day": str(value.day), f"{name}_month": str(value.month)}
                | {f"{name}_year": str(value.year)}
            )
        elif isinstance(value, list):
            data[name] = "\n".join(value)
        else:
            data[name] = str(value)
    return data


def complete_and_submit(client: Client, record: FormRecord, answers: dict[str, Any]) -> None:
    """Open the record's page, save the answers as a draft, then submit with the declaration,
    as a person would (the pre-filled answers are sent back as the page shows them)."""
    page = client.get(form_url(record))
    assert page.status_code == 200, page.status_code
    data = form_on(page.content.decode()) | answer_fields(record, answers)
    saved = client.post(form_url(record), data | {"action": "save"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    again = client.get(form_url(record))
    data = form_on(again.content.decode()) | {"confirm": "on", "action": "submit"}
    sent = client.post(form_url(record), data)
    assert sent.status_code == 302, sent.content.decode()[:2000]


@dataclass
class Pdf:
    body: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.body))

    @property
    def catalog(self) -> Any:
        return self.reader.trailer["/Root"]

    @property
    def title(self) -> str:
        metadata = self.reader.metadata
        return str(metadata.title) if metadata and metadata.title else ""

    @property
    def text(self) -> str:
        """All the pages' text with whitespace runs as single spaces."""
        raw = " ".join(page.extract_text() or "" for page in self.reader.pages)
        return re.sub(r"\s+", " ", raw)

    def check_accessible(self) -> None:
        """A tagged PDF: a structure tree, marked content, a language and a title shown."""
        catalog = self.catalog
        assert "/StructTreeRoot" in catalog, "no structure tree"
        assert bool(catalog["/MarkInfo"]["/Marked"]), "not marked as tagged"
        assert catalog.get("/Lang") == "en-GB", catalog.get("/Lang")
        assert self.title, "no title"
        assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), "the title is not shown"

    def headings(self) -> list[str]:
        """The structure tree's element types (H1, H2, Table, ...), in order."""
        found: list[str] = []

        def walk(node: Any) -> None:
            node = node.get_object() if hasattr(node, "get_object") else node
            if isinstance(node, dict):
                if "/S" in node:
                    found.append(str(node["/S"]).lstrip("/"))
                kids = node.get("/K")
                if kids is not None:
                    walk(kids)
            elif isinstance(node, list):
                for kid in node:
                    walk(kid)

        walk(self.catalog["/StructTreeRoot"])
        return found

    def save_pages(self, name: str) -> list[Path]:
        """Each page as a PNG under test-artifacts/pdf-pages/, for a person to look at."""
        PAGES.mkdir(parents=True, exist_ok=True)
        document = pypdfium2.PdfDocument(self.body)
        paths = []
        for number in range(len(document)):
            path = PAGES / f"{name}-page-{number + 1}.png"
            document[number].render(scale=1.5).to_pil().save(path)
            paths.append(path)
        document.close()
        return paths


def download(client: Client, url: str) -> tuple[Pdf, str]:
    """The PDF at `url` and the file name it is sent as."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    return Pdf(response.content), disposition.split('filename="')[1].rstrip('"')
