"""Rendering a document's HTML template to a tagged PDF (PDF/UA-1) with WeasyPrint.

The templates (`documents/*.html`) are HTML with `<html lang="en-GB">`, a `<title>`, real
headings and tables with header cells: WeasyPrint turns them into the PDF's structure tree, and
the title, author and subject into its metadata (the title shown in the reader's window).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from accord.accounts.languages import speaking

PDF_VARIANT = "pdf/ua-1"
TEMPLATES = {
    "form": "documents/form.html",
    "case_summary": "documents/case_summary.html",
    "outcome": "documents/outcome.html",
    "subject_access": "documents/subject_access.html",
}


def render_html(kind: str, document: Any, *, language: str) -> str:
    """The HTML of document `kind` (a key of TEMPLATES) for `document` (its data), in
    `language` (the reader's: accord.accounts.languages; its `<html lang>` says which)."""
    with speaking(language):
        return render_to_string(TEMPLATES[kind], {"document": document})


def render_pdf(kind: str, document: Any, *, language: str) -> bytes:
    """The tagged PDF of document `kind` for `document`, in `language`."""
    from weasyprint import HTML  # imported here: 0.9 s that only a PDF needs (not `accord tick`)

    html = HTML(string=render_html(kind, document, language=language), base_url=None)
    pdf = html.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)
