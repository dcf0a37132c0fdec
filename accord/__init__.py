"""Accord: resolving professional disagreements about a child's safety."""
