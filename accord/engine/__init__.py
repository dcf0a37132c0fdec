"""The policy engine: pure Python, no Django. Policies, calendars, deadlines, the case lifecycle."""
