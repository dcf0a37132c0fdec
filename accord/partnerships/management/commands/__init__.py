"""`calendar_seed`."""
