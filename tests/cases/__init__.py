"""Tests of accord.cases."""
