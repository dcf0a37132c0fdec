"""Placeholder until its issue lands; the import-linter contracts already name it."""
