"""Accord's tests: engine/ (no database) and the apps, mirrored."""
