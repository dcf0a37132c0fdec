"""Replays of the five shipped policies (accord/policies/*.toml) against hand-worked dates."""
