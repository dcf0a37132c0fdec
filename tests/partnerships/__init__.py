"""Tests of accord.partnerships."""
