"""The engine's tests: no database, no Django; table-driven and property-based."""
