"""Tests of accord.web."""
