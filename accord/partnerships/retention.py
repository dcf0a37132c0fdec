"""A partnership's retention rule: its own years and age where it set them, else its policy's."""

from __future__ import annotations

from accord.engine.policy.model import Policy, Retention

from .models import Partnership


def retention_rule(partnership: Partnership, policy: Policy) -> Retention:
    """The rule a case of `partnership` under `policy` is kept by (`accord.engine.retention`)."""
    return overriding(partnership, policy.retention)


def overriding(partnership: Partnership, base: Retention) -> Retention:
    """`base` with the partnership's own years and age, where it set them."""
    years = partnership.retention_years_after_closure
    age = partnership.retention_until_age
    return Retention(
        years_after_closure=base.years_after_closure if years is None else years,
        until_age=base.until_age if age is None else age,
    )
