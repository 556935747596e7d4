"""Unit tier: pure code, no broker and no database (fakes only for our own ports)."""
