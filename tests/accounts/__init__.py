"""Tests of accord.accounts."""
