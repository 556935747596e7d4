"""Helpers the test tiers share (importable as ``support`` through pytest's pythonpath)."""
