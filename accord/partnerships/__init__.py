"""Partnerships, their policy versions, their calendars (bank holidays, closures) and retention."""
