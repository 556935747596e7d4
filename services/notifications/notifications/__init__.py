"""Notifications service: turns domain events into inbox entries (and, later, email)."""
