"""After-action reviews: the sections are there, and no text can inject markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import deterrence as dt
from deterrence.wargame import Ruling, Session

MakeSession = Callable[..., Session]
EVIL = "<script>alert('x')</script> | pipe"


def _played(make: MakeSession) -> Session:
    s = make(mode="semi-free", turns=3)
    ref = s.move("a", "a_gamble", note=EVIL).seq
    s.adjudicate({ref: Ruling("success", EVIL)})
    s.next()
    s.move("a", "a_up")
    s.adjudicate()
    s.next()
    return s


def test_markdown_review_has_every_section(make: MakeSession) -> None:
    text = _played(make).aar("md")
    for heading in ("# After-action review", "## Timeline", "### Turn 1 (2025-Q1)",
                    "## Key rolls and rulings", "## White Cell overrides",
                    "## Beliefs and the truth", "## State over time", "## Indicators"):
        assert heading in text, heading
    assert "| start | end of 2025-Q1 | end of 2025-Q2 | " in text
    assert "Side B: Score" in text        # B perceives s as s + 1
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\| pipe" in text


def test_html_review_is_escaped_and_complete(make: MakeSession) -> None:
    text = _played(make).aar("html")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert text.count("<table>") >= 3


def test_review_content(make: MakeSession) -> None:
    r = _played(make).review()
    assert r.overrides and r.overrides[0].reason == EVIL
    assert r.key_rolls[0].how.startswith("White Cell ruling")
    assert r.snapshots[0] == "start" and len(r.state) == 3
    assert r.beliefs[0].largest == 1.0
    assert "in progress" in r.status


def test_html_review_charts_the_state_over_turns(tmp_path: Path) -> None:
    session = Session.new(dt.resolve_scenario("tripwire-baltic"), tmp_path / "s.db", seed=4)
    for _ in range(2):
        for side in session.rules.spec.sides:
            if side != "white_cell":
                session.bot_move(side, "greedy")
        session.adjudicate([])
        session.next()
    html = session.aar("html")
    assert html.count("<svg") == 1 and 'aria-label="State of the session over turns"' in html
    assert "http://" not in html.split("<svg", 1)[1] and "https://" not in html
    assert "<svg" not in session.aar("html", charts=False)
    assert "<svg" not in session.aar("md")
