"""Shared fixtures of the games tests."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
"""Small textbook games written out in Gambit's .efg and .nfg formats."""
