"""Tests of accord.demo."""
