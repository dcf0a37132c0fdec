"""Replays of the policy files in accord/policies against hand-worked dates: the five shipped
procedures and three written from other published procedures (docs/decisions/0011)."""
