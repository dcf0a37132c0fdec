"""Tests of the form records, their PDFs and the exports (issue 7)."""
