"""The Welsh catalogue is complete and the compiled one is it (decision 35): every message has
its Welsh (each of the six plural forms), none is fuzzy, `scripts/messages` would add nothing
new, and the committed django.mo is what django.po compiles to.

These read the catalogue with GNU gettext's own tools (`msgfmt`, and `xgettext` through
`makemessages`), as the one who edits it does; `make test` installs them (`make gettext`).
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .po import messages, read
from .template_text import ROOT

PO = ROOT / "accord/locale/cy/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
WELSH_PLURALS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)


def _gettext_tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"GNU gettext's {name} is missing: `make gettext` installs it"
    return found


def test_every_message_has_its_welsh_and_none_is_fuzzy() -> None:
    entries = messages(PO)
    assert len(entries) > 50
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert not untranslated, f"no Welsh yet: {untranslated}"
    fuzzy = [e.msgid for e in read(PO) if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy (check the Welsh, then remove the flag): {fuzzy}"
    plural = [e for e in entries if e.msgid_plural is not None]
    assert plural, "the catalogue has plural messages (working days, cases)"
    short = [e.msgid for e in plural if sorted(e.msgstr) != list(range(6))]
    assert not short, f"a Welsh plural has six forms: {short}"


def test_welsh_has_the_six_plural_forms_of_its_grammar() -> None:
    (header,) = [e for e in read(PO) if e.msgid == ""]
    assert f"Plural-Forms: {WELSH_PLURALS}\n" in header.msgstr[0]
    assert "Language: cy\n" in header.msgstr[0]
    welsh = gettext.GNUTranslations(MO.open("rb"))
    forms = {n: welsh.plural(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 100)}  # type: ignore[attr-defined]
    assert forms == {0: 0, 1: 1, 2: 2, 3: 3, 4: 5, 5: 5, 6: 4, 7: 5, 8: 5, 11: 5, 100: 5}


def test_the_committed_mo_is_the_po_compiled(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 (gettext's own tool, on the committed catalogue)
        [_gettext_tool("msgfmt"), "--check", "-o", str(compiled), str(PO)],
        check=True,
        capture_output=True,
    )
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        actual = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    assert actual == expected, "django.mo is stale: run scripts/messages and commit django.mo"


@pytest.mark.skipif(sys.platform == "win32", reason="scripts/messages is a shell script")
def test_gathering_the_marked_texts_again_finds_none_missing(tmp_path: Path) -> None:
    _gettext_tool("xgettext")
    copy = tmp_path / "accord-copy"
    shutil.copytree(
        ROOT / "accord",
        copy / "accord",
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.toml"),
    )
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    subprocess.run(  # noqa: S603 (the repository's own script, in a copy of it)
        [str(copy / "scripts/messages"), str(copy)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "HOME": str(tmp_path)},
    )
    gathered = {e.key for e in messages(copy / PO.relative_to(ROOT))}
    committed = {e.key for e in messages(PO)}
    assert not gathered - committed, f"not in the catalogue yet: {sorted(gathered - committed)}"
    assert not committed - gathered, f"no longer used: {sorted(committed - gathered)}"
