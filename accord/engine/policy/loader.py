"""Loading a policy file: read it, parse it, check every rule, and build the `Policy`.

`load_policy_file` and `load_policy_text` raise `InvalidFile` listing every problem found, each as
`FILE:LINE: message`, LINE the line of the offending key (of its table's header when the key is
missing; 0 when the file cannot be read at all). A TOML syntax error is the one problem reported
on its own, at the line `tomllib` names.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from accord.engine.policy.clocks import (
    read_budgets,
    read_immediate_risk,
    read_non_response,
    read_raising,
)
from accord.engine.policy.forms import read_forms
from accord.engine.policy.header import (
    read_closures,
    read_format,
    read_header,
    read_may_skip,
    read_names,
    read_themes,
)
from accord.engine.policy.model import Policy
from accord.engine.policy.names import declared_in
from accord.engine.policy.outcomes import read_exceptions, read_resolution
from accord.engine.policy.positions import scan
from accord.engine.policy.reading import Reader, show
from accord.engine.policy.retention import read_retention
from accord.engine.policy.schema import FILE
from accord.engine.policy.stages import read_stages
from accord.engine.problems import InvalidFile, Problem
from accord.engine.speech import gettext

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def load_policy_file(path: str) -> Policy:
    """The policy in the file at `path`; problems name the file exactly as `path` is written."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        message = gettext("cannot read the file: %(reason)s") % {"reason": reason}
        raise InvalidFile([Problem(path, 0, message)]) from None
    return load_policy_text(policy_text(data, path), path)


def policy_text(data: bytes, file: str) -> str:
    """A policy file's bytes as text (an uploaded file's, say); `InvalidFile` unless UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = gettext("the file is not UTF-8 text (byte 0x%(byte)02x on line %(line)s)") % {
            "byte": byte,
            "line": line,
        }
        raise InvalidFile([Problem(file, 0, message)]) from None


def load_policy_text(text: str, file: str) -> Policy:
    """The policy written in `text`; `file` is the name problems are reported under."""
    text = text.removeprefix("\ufeff")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidFile([_syntax_problem(file, text, error)]) from None
    reader = Reader(file, scan(text), declared_in(document))
    policy = _read(reader, document)
    if reader.problems:
        raise InvalidFile(reader.problems)
    return policy


def _read(reader: Reader, document: dict[str, object]) -> Policy:
    reader.table((), document, FILE)  # unknown top-level keys
    read_format(reader, document)
    header = read_header(reader, document.get("policy"))
    if "stages" not in document:
        message = gettext("the policy has no stages: add a [[stages]] table for each stage")
        reader.report((), message)
    elif document["stages"] == []:
        reader.report(("stages",), gettext("the policy has no stages: list at least one"))
    return Policy(
        id=header.id,
        version=header.version,
        title=header.title,
        partnership=header.partnership,
        jurisdiction=header.jurisdiction,
        population=header.population,
        effective_from=header.effective_from,
        source=header.source,
        scope=header.scope,
        subjects=header.subjects,
        closures=read_closures(reader, document.get("calendar")),
        roles=read_names(reader, "roles", document.get("roles")),
        facts=read_names(reader, "facts", document.get("facts")),
        stages=read_stages(reader, document.get("stages", [])),
        budgets=read_budgets(reader, document.get("budgets")),
        immediate_risk=read_immediate_risk(reader, document.get("immediate_risk")),
        non_response=read_non_response(reader, document.get("non_response")),
        exceptions=read_exceptions(reader, document.get("exceptions")),
        resolution=read_resolution(reader, document.get("resolution")),
        forms=read_forms(reader, document.get("forms")),
        themes=read_themes(reader, document.get("categories")),
        raising_due=(raising := read_raising(reader, document.get("raising")))[0],
        concern_look_back_years=raising[1],
        may_skip=read_may_skip(reader, document.get("escalation")),
        retention=read_retention(reader, document.get("retention")),
        languages=header.languages,
    )


def _syntax_problem(file: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """The syntax error, at the line `tomllib` names in its message (whose words are tomllib's
    own, in English)."""
    message = str(error)
    line = 0
    if where := _WHERE.search(message):
        line = int(where.group(1))
        shown = {"problem": message[: where.start()], "column": where.group(2)}
        message = gettext("%(problem)s (column %(column)s)") % shown
    elif at_end := _AT_END.search(message):
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        message = gettext("%(problem)s (at the end of the file)") % {
            "problem": message[: at_end.start()]
        }
    repeated = scan(text).repeated
    if str(error).startswith("Cannot overwrite a value") and repeated:
        path, line = min(repeated.items(), key=lambda item: item[1])
        message = gettext('key "%(key)s" is set twice in the same table') % {"key": show(path)}
    return Problem(file, line, gettext("not valid TOML: %(problem)s") % {"problem": message})
