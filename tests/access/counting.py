"""Counting the queries the access rules make while a page is served.

Every public function of `accord.cases.access` and `accord.accounts.scope` is wrapped so that,
while one runs, the queries the database executes are counted as the access check's. The
querysets they return (the case list, a person's access log) are evaluated by the page itself,
as its content, and are not counted: the rules are folded into them as a filter.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.db import connection

from accord.accounts import scope
from accord.cases import access


@dataclass
class Tally:
    depth: int = 0
    queries: list[str] = field(default_factory=list)


def _wrap(function: Callable[..., Any], tally: Tally) -> Callable[..., Any]:
    @functools.wraps(function)
    def counted(*args: Any, **kwargs: Any) -> Any:
        tally.depth += 1
        try:
            return function(*args, **kwargs)
        finally:
            tally.depth -= 1

    return counted


@contextmanager
def access_queries() -> Iterator[Tally]:
    """Within the block, `tally.queries` collects the SQL the access rules run themselves."""
    tally = Tally()

    def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if tally.depth:
            tally.queries.append(sql)
        return execute(sql, *args)

    rules = {
        value: _wrap(value, tally)
        for module in (access, scope)
        for name, value in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and value.__module__ in {access.__name__, scope.__name__}
    }
    with ExitStack() as stack:
        # Wherever a rule was imported by name (`from .access import get_case_for`), too.
        for module_name, module in list(sys.modules.items()):
            if not module_name.startswith("accord.") or module is None:
                continue
            for name, value in list(vars(module).items()):
                if inspect.isfunction(value) and value in rules:
                    stack.enter_context(mock.patch.object(module, name, rules[value]))
        stack.enter_context(connection.execute_wrapper(record))
        yield tally
