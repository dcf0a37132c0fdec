"""What a person reads in a template that is not marked for translation.

Each template is read with Django's own template Lexer. Its text nodes are what the page says;
tags (`{% ... %}`), variables (`{{ ... }}`), comments (`{# #}`, `{% comment %}`), HTML markup and
the contents of `<script>`, `<style>` and `<code>` (literal code: a CSV column's name, a
token's prefix) are not. Text between `{% blocktranslate %}` and its end is marked. Also read:
the attributes a screen reader speaks or a pointer shows (`aria-label`,
`title`, `alt`, `placeholder`), and the text a template hands a component as a literal
(`{% include ... with text="..." %}`, `|default:"..."`): each needs `_("...")` or a marked text.

What remains with a letter in it is unmarked, except the service's name and the few others no
language translates (NAMES).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
# Names that stay as they are in every language.
NAMES = re.compile(r"\b(Accord|GOV\.UK|Cymraeg|English|ACC-\d{4}-\d{5})\b")
LETTER = re.compile(r"[^\W\d_]")
HOLE = "\x00"  # where a variable or tag was: text on either side is separate
SPOKEN_ATTRIBUTE = re.compile(
    r"""\b(?:aria-label|title|alt|placeholder)\s*=\s*(?:"([^"]*)"|'([^']*)'|(_\([^)]*\)))""",
    re.IGNORECASE,
)
HIDDEN = re.compile(r"<(script|style|code)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
# `with text="..."` in an include: the words a component shows (labels, buttons, headings).
COMPONENT_WORDS = (
    "text|title|label|heading|hint|summary|caption|legend|description|action_text|"
    "visually_hidden|icon_fallback_text|tag"
)
LITERAL_ARGUMENT = re.compile(rf"""\b(?:{COMPONENT_WORDS})=(["'])(.*?)\1""")
DEFAULT_LITERAL = re.compile(rf"""\b(?:{COMPONENT_WORDS})\|default:(["'])(.*?)\1""")
# What is left of a tag split by a variable (`name="`, `"`, an id's `_error` or `-info`) and
# character references (`&nbsp;`).
MARKUP_PIECE = re.compile(r"""[\w.:-]+=["']|["']|(?<!\w)[_-][\w-]+|&#?\w+;""")


def templates() -> list[Path]:
    """Every template a person may read: the pages, e-mails and documents of Accord's apps."""
    found = [
        *sorted(ROOT.glob("accord/*/templates/**/*.html")),
        *sorted(ROOT.glob("accord/*/templates/**/*.txt")),
    ]
    return [path for path in found if path.is_file()]


def _readable(text: str) -> bool:
    return bool(LETTER.search(MARKUP_PIECE.sub("", NAMES.sub("", text))))


def unmarked(source: str) -> list[str]:
    """The pieces of text in template `source` that are read and not marked, in order."""
    skeleton: list[str] = []
    found: list[str] = []
    depth_comment = 0
    in_translate_block = False
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.COMMENT:
            continue
        if token.token_type == TokenType.BLOCK:
            name = contents.split(" ", 1)[0]
            if name == "comment":
                depth_comment += 1
            elif name == "endcomment":
                depth_comment -= 1
            elif name in {"blocktranslate", "blocktrans"}:
                in_translate_block = True
            elif name in {"endblocktranslate", "endblocktrans"}:
                in_translate_block = False
            elif not depth_comment and not in_translate_block:
                found += [m.group(2) for m in LITERAL_ARGUMENT.finditer(contents)]
            skeleton.append(HOLE)
            continue
        if depth_comment or in_translate_block:
            continue
        if token.token_type == TokenType.VAR:
            found += [m.group(2) for m in DEFAULT_LITERAL.finditer(contents)]
            skeleton.append(HOLE)
            continue
        skeleton.append(contents)
    text = HIDDEN.sub(HOLE, "".join(skeleton))
    for match in SPOKEN_ATTRIBUTE.finditer(text):
        found += (match.group(1) or match.group(2) or match.group(3) or "").split(HOLE)
    text = TAG.sub(HOLE, text)
    found += text.split(HOLE)
    return [" ".join(piece.split()) for piece in found if _readable(piece)]


def name_of(path: Path) -> str:
    """`accord/web/templates/404.html` for its file."""
    return path.relative_to(ROOT).as_posix()
