"""`accord policy explain --language cy`: a bilingual policy stated in Welsh, its own texts and
the explain's words (marked for gettext in the engine, translated through Django's catalogue in
accord/locale/cy) (decision 34)."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest

import accord
from accord.cli import main

ROOT = Path(accord.__file__).parent
WALES = str(ROOT / "policies" / "wales.toml")
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# The modules whose words `explain` prints.
EXPLAINING = ("explain.py", "explain_told.py", "explain_forms.py", "wording.py", "retention.py")
MARKS = {"_": 1, "gettext": 1, "gettext_noop": 1, "N_": 1, "ngettext": 2}


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["policy", "explain", *args])
    return status, " ".join(out.getvalue().split()), err.getvalue()


def test_explain_states_the_wales_policy_in_welsh() -> None:
    status, text, err = run("--language", "cy", WALES)
    assert (status, err) == (0, "")
    for words in (
        "Gweithdrefnau Diogelu Cymru: anghytuno â’r penderfyniad",  # the policy's title
        "Partneriaeth: Byrddau Diogelu Rhanbarthol Cymru",
        "Fersiwn: 2019-11, mewn grym o 11 Tachwedd 2019 ymlaen",  # Django's month, our words
        "Cam 1: O fewn asiantaeth yr ymarferydd ei hun",
        "Pwy sy’n ei ddal ar yr ochr sy’n codi: Yr ymarferydd a wnaeth yr adroddiad",
        "Amserlen: heb oedi: atgoffir y deiliaid bob 2 ddiwrnod gwaith, 3 gwaith",
        "Rhestr wirio: - Cofnodwch ganlyniad eich trafodaeth",
        "Cam 2: Uwch reolwr yn y gwasanaethau cymdeithasol",
        "Os nad ydynt yn cytuno: mae’r achos yn symud i fyny i gam 2.",
        "Diwrnodau gwaith yw dydd Llun i ddydd Gwener, ac eithrio gwyliau banc yng Nghymru.",
        "Cedwir manylion personol achos sydd wedi’i gau am 6 blynedd ar ôl iddo gau",
    ):
        assert words in text, words
    for english in ("Stage 1", "Who holds it", "Working days", "Timescale", "Practitioner"):
        assert english not in text, english


def test_explain_stays_english_by_default_and_with_en() -> None:
    default = run(WALES)
    assert default == run("--language", "en", WALES)
    status, text, _ = default
    assert status == 0
    assert "Stage 1: Within the practitioner’s own agency" in text
    assert "Working days are Monday to Friday, except bank holidays in Wales." in text
    assert "Cam 1" not in text


def test_explain_in_welsh_refuses_a_policy_without_welsh() -> None:
    sefton = str(ROOT / "policies" / "sefton.toml")
    status, out, err = run("--language", "cy", sefton)
    assert (status, out) == (1, "")
    assert err == (
        f'{sefton}:0: the policy has no texts in cy: it does not declare languages = ["en", "cy"]'
        " in [policy]\n"
    )


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(SystemExit) as exit_, contextlib.redirect_stderr(io.StringIO()):
        main(["policy", "explain", "--language", "fr", WALES])
    assert exit_.value.code == 2


def _marked() -> set[tuple[str, ...]]:
    """Every message the explaining modules mark, singular (and plural) as written; a
    translation of a variable (`_(TABLE[key])`) is of a message marked in its table."""
    found: set[tuple[str, ...]] = set()
    for name in EXPLAINING:
        tree = ast.parse((ROOT / "engine" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                count = MARKS.get(node.func.id)
                if count:
                    args = node.args[:count]
                    # `_(TABLE[key])` translates a message marked where the table is written
                    if all(isinstance(a, ast.Constant) for a in args):
                        found.add(tuple(a.value for a in args))  # type: ignore[attr-defined]
    return found


def _catalogue() -> dict[tuple[str, ...], list[str]]:
    """The Welsh catalogue's messages: (msgid[, msgid_plural]) -> its translations."""
    entries: dict[tuple[str, ...], list[str]] = {}
    text = CATALOGUE.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        fields = re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block, re.M)
        values = {
            key: "".join(ast.literal_eval(part) for part in body.split("\n") if part)
            for key, body in fields
        }
        if values.get("msgid"):
            key = tuple(v for k, v in values.items() if k in ("msgid", "msgid_plural"))
            entries[key] = [v for k, v in values.items() if k.startswith("msgstr")]
    return entries


def test_every_word_explain_writes_has_a_welsh_translation() -> None:
    catalogue = _catalogue()
    marked = _marked()
    assert len(marked) > 200
    missing = sorted(m for m in marked if m not in catalogue)
    assert missing == []
    untranslated = sorted(m for m in marked if not all(t.strip() for t in catalogue[m]))
    assert untranslated == []
    placeholders = re.compile(r"%\(\w+\)s")
    for message in marked:
        for translation in catalogue[message]:
            wanted = set(placeholders.findall(message[-1])) | set(placeholders.findall(message[0]))
            assert set(placeholders.findall(translation)) <= wanted, (message, translation)
