"""Demonstration data for `make serve`: fictional partnerships, people and cases."""
