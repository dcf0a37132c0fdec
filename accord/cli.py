"""The `accord` command: `accord policy check|simulate|explain|compare`, `accord policy load`,
`accord cases load` (past cases from a file), and every Django command.

`accord policy ...` runs the engine alone (no database, no Django), except `accord policy load`,
which stores a policy for a partnership: it is Django's `load_policy` command. Anything else is
handed to Django's management commands, so `accord tick` is `manage.py tick` and `accord manage
migrate` is `manage.py migrate`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable
from datetime import date

# The engine's modules are imported by the `accord policy` functions that use them, not here:
# `accord tick`, run by cron every minute, should not pay for them (issue 17).
# Nor should it import these, which it has no use for (the PDF and spreadsheet libraries, the
# pages, the admin): tests/cases/test_tick_process.py and benchmarks/tick.py check it does not.
TICK_DOES_NOT_IMPORT = (
    "weasyprint",
    "openpyxl",
    "accord.config.urls",
    "accord.web.views",
    "accord.cases.admin",
    "rest_framework.fields",  # the API's framework: about 0.2 s that a tick has no use for
    "drf_spectacular.plumbing",
    "requests",  # through allauth's OpenID Connect provider: registered at the first request
    "accord.accounts.actions",  # the administrators' writes: their refusal is a module apart
    "accord.documents.data",  # the documents' dataclasses: only types to the case writes
    "accord.engine.explain",  # the policy explainer: the policy pages' and the standard forms'
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:2] == ["policy", "load"]:
        return _django(["load_policy", *args[2:]])
    if args[:2] == ["cases", "load"]:
        return _django(["load_cases", *args[2:]])
    if args[:1] == ["policy"]:
        return _policy(args[1:])
    if args[:1] == ["manage"]:
        args = args[1:]
    return _django(args)


def _policy(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="accord policy", description="Check, replay and explain policy files."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate policy files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--language",
        choices=["en", "cy"],
        default="en",
        help="the language of the problems: en (English, the default) or cy (Welsh)",
    )
    sim = commands.add_parser("simulate", help="replay a case's events through a policy")
    sim.add_argument("file", metavar="FILE")
    sim.add_argument("--events", required=True, metavar="EVENTS.json")
    sim.add_argument("--as-of", type=_date, metavar="DATE")
    sim.add_argument(
        "--actions",
        action="store_true",
        help="also list each action and why the procedure does not allow it then (null: allowed)",
    )
    plain = commands.add_parser("explain", help="print a policy's procedure in plain English")
    plain.add_argument("file", metavar="FILE")
    plain.add_argument(
        "--language",
        choices=["en", "cy"],
        default="en",
        help="the language to state it in: en (English, the default) or cy (Welsh), for a"
        ' policy that declares languages = ["en", "cy"]',
    )
    versus = commands.add_parser(
        "compare", help="what changes from one version of a policy to another"
    )
    versus.add_argument("old", metavar="OLD")
    versus.add_argument("new", metavar="NEW")
    versus.add_argument(
        "--language",
        choices=["en", "cy"],
        default="en",
        help="the language to word it in: en (English, the default) or cy (Welsh); a change"
        " made only to the other language's texts is a line of its own",
    )
    commands.add_parser(
        "load", help="check a policy file and publish it for a partnership (needs the database)"
    )
    options = parser.parse_args(args)
    if options.command == "check":
        if options.language == "en":
            return _check(options.files)
        return _in_language(options.language, lambda: _check(options.files))
    if options.command == "explain":
        return _explain(options.file, options.language)
    if options.command == "compare":
        return _compare(options.old, options.new, options.language)
    return _simulate(options.file, options.events, options.as_of, actions=options.actions)


def _check(files: list[str]) -> int:
    """Each file's problems as `FILE:LINE: message` (in the engine's language), or `ok` with
    its id, version and number of stages; exit 1 when any file has a problem."""
    from accord.engine.policy.loader import load_policy_file
    from accord.engine.problems import InvalidFile

    failed = False
    for file in files:
        try:
            policy = load_policy_file(file)
        except InvalidFile as invalid:
            failed = True
            for problem in invalid.problems:
                print(problem)
        else:
            print(f"ok  {policy.id} {policy.version}  ({len(policy.stages)} stages)")
    return 1 if failed else 0


def _simulate(file: str, events_file: str, as_of: date | None, *, actions: bool) -> int:
    from accord.engine.events_json import read_events
    from accord.engine.lifecycle import EventRejected
    from accord.engine.policy.loader import load_policy_file
    from accord.engine.problems import InvalidFile, Problem
    from accord.engine.simulate import simulate

    try:
        policy = load_policy_file(file)
        events = read_events(events_file, policy)
        result = simulate(policy, events.events, as_of=as_of, actions=actions)
    except InvalidFile as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        return 1
    except EventRejected as rejected:
        print(Problem(events_file, events.lines[rejected.index], rejected.message), file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _explain(file: str, language: str = "en") -> int:
    """The procedure in plain English (or Welsh) on stdout; an invalid file's problems on
    stderr, exit 1. In another language than English, the policy must declare it, and the
    engine's words are Django's translations (its settings are read; no database is used)."""
    from accord.engine.explain import explain
    from accord.engine.policy.loader import load_policy_file
    from accord.engine.policy.texts import ENGLISH
    from accord.engine.problems import InvalidFile, Problem

    try:
        policy = load_policy_file(file)
    except InvalidFile as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        return 1
    if language == ENGLISH:
        print(explain(policy), end="")
        return 0
    if language not in policy.languages:
        message = (
            f"the policy has no texts in {language}: it does not declare"
            f' languages = ["en", "{language}"] in [policy]'
        )
        print(Problem(file, 0, message), file=sys.stderr)
        return 1
    print(_in_language(language, lambda: explain(policy, language)), end="")
    return 0


def _in_language[T](language: str, words: Callable[[], T]) -> T:
    """What `words` says (or prints) with Django's translations of `language` lent to the
    engine."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings.local")
    import django
    from django.utils import translation

    from accord.engine.speech import speaking

    django.setup()
    with translation.override(language), speaking(translation):
        return words()


def _compare(old_file: str, new_file: str, language: str = "en") -> int:
    """The changes from OLD to NEW on stdout; either file's problems on stderr, exit 1."""
    from accord.engine.compare import compare, comparison_text
    from accord.engine.policy.loader import load_policy_file
    from accord.engine.problems import InvalidFile

    policies = []
    for file in (old_file, new_file):
        try:
            policies.append(load_policy_file(file))
        except InvalidFile as invalid:
            for problem in invalid.problems:
                print(problem, file=sys.stderr)
    if len(policies) != 2:
        return 1
    old, new = policies
    if language == "en":
        print(comparison_text(compare(old, new)), end="")
    else:
        print(_in_language(language, lambda: comparison_text(compare(old, new, language))), end="")
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _django(args: list[str]) -> int:
    """Django's `manage.py ARGS`, with the cyclic garbage collector off while Django starts.

    Starting (importing Django, the apps and their models, the command) makes some 100,000
    objects that live as long as the process, and little garbage (a few thousand objects): the
    collector would walk them some fifty times as they are made, about a tenth of a one-shot
    `accord tick`'s time (issue 17). Once the command is found they are set aside for good
    (`gc.freeze`: the collector no longer walks them, and that little garbage stays) and the
    collector runs as usual for the command's own work, so a `tick --loop` or a `runserver`
    collects its garbage as it always did. A caller that had turned the collector off (a
    script calling `main`) finds it still off.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings.local")
    collecting = gc.isenabled()
    gc.disable()
    try:
        from django.core.management import BaseCommand, ManagementUtility

        class Utility(ManagementUtility):
            def fetch_command(self, subcommand: str) -> BaseCommand:
                command = super().fetch_command(subcommand)
                if collecting:
                    gc.freeze()
                    gc.enable()
                return command

        Utility(["accord", *args]).execute()
    finally:
        if collecting:
            gc.enable()
    return 0
