"""Wargames: turn-based play on a scenario, with adjudication, a durable log and reviews."""
