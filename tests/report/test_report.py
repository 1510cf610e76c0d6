"""The HTML report parses, fetches nothing, and shows the numbers `run --json` gives; the
Markdown variant and the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.cli import main
from deterrence.report import Report, build_report, render_html, render_markdown
from deterrence.textfmt import fmt, pct

SAMPLES = 1_500
SEED = 9


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deterrence", *args], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL, cwd=cwd)


def run_main(*args: str) -> int:
    """Run the command line in this process; its exit status."""
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


class _Collector(HTMLParser):
    """Collects tags, attribute values that can fetch something, and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.fetching: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster",
                        "style") and value:
                self.fetching.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def essay_report() -> Report:
    return build_report("nk-troops-russia-2024", seed=SEED, samples=SAMPLES)


@pytest.fixture(scope="module")
def essay_html(essay_report: Report) -> str:
    return render_html(essay_report)


@pytest.fixture(scope="module")
def essay_json() -> dict[str, object]:
    out = cli("run", "nk-troops-russia-2024", "--json", "--seed", str(SEED), "--samples",
              str(SAMPLES))
    assert out.returncode == 0, out.stderr
    data: dict[str, object] = json.loads(out.stdout)
    return data


def test_html_parses_and_fetches_nothing(essay_html: str) -> None:
    parser = _Collector()
    parser.feed(essay_html)
    parser.close()
    assert {"html", "head", "body", "table", "svg", "figure"} <= set(parser.tags)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "img" not in parser.tags and "iframe" not in parser.tags
    external = [v for v in parser.fetching if re.search(r"(https?:)?//", v)]
    assert external == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", essay_html)
    assert "@import" not in essay_html
    assert "http://" not in essay_html and "https://" not in essay_html


def test_html_contains_the_numbers_run_json_gives(essay_html: str,
                                                 essay_json: dict[str, object]) -> None:
    options = essay_json["options"]
    assert isinstance(options, dict)
    table = essay_html[essay_html.index('id="results"'):]
    for name, o in options.items():
        label = dt.resolve_scenario("nk-troops-russia-2024").decision.options[name].label
        row = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", table)
        assert row is not None, name
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
        assert cells[0] == fmt(o["mean"]) and cells[5] == pct(o["p_best"]), (name, cells)


def test_html_has_every_section(essay_html: str) -> None:
    for section in ("argument", "map", "equations", "parameters", "results", "thresholds",
                    "breakeven", "sensitivity", "perspectives", "games", "wargame", "try",
                    "reproduce"):
        assert f'id="{section}"' in essay_html
    assert "bayes_update(h0, LR)" in essay_html and "[precedent]" in essay_html
    assert "IISS, The Military Balance 2024" in essay_html


def test_svg_ids_are_unique_across_figures(essay_html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', essay_html)
    assert len(ids) == len(set(ids))


def test_scenario_text_is_escaped(small_text: str) -> None:
    text = small_text.replace("title: A small scenario",
                              "title: \"<script>alert(1)</script> & co\"")
    scenario = dt.parse_scenario(text)
    report = build_report(scenario, samples=200, seed=1)
    page = render_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    notes = render_markdown(report)
    assert "<script>" not in notes


def test_unknown_perspective_is_refused() -> None:
    with pytest.raises(dt.DeterrenceError, match="did you mean 'sceptic'"):
        build_report("nk-troops-russia-2024", samples=200, perspectives=["skeptic"])


def test_markdown_has_the_same_numbers_and_its_figures(
    essay_report: Report, essay_json: dict[str, object], tmp_path: Path
) -> None:
    notes = render_markdown(essay_report, figure_dir=tmp_path, link_base="figs/")
    figures = sorted(p.name for p in tmp_path.iterdir())
    assert len(figures) >= 8 and all(f"](figs/{name})" in notes for name in figures)
    options = essay_json["options"]
    assert isinstance(options, dict)
    for o in options.values():
        assert f"| {fmt(o['mean'])} |" in notes and f"| {pct(o['p_best'])} |" in notes
    assert "http://" not in notes and "https://" not in notes


def test_report_command_writes_html_and_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    status = run_main("report", "tripwire-baltic", "-n", "400", "--perspective", "sceptic",
                      "-o", str(tmp_path / "notes.md"))
    assert status == 0, capsys.readouterr().err
    notes = (tmp_path / "notes.md").read_text(encoding="utf-8")
    figures = sorted(p.name for p in (tmp_path / "notes-figures").iterdir())
    assert figures and all(f"notes-figures/{name}" in notes for name in figures)
    assert "Reiter and Poast's doubt" in notes and "Schelling's tripwire" not in notes
    monkeypatch.chdir(tmp_path)
    assert run_main("report", "tripwire-baltic", "-n", "400") == 0
    assert (tmp_path / "tripwire-baltic.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")
    assert capsys.readouterr().out.splitlines()[-1] == "tripwire-baltic.html"
    assert run_main("report", "tripwire-baltic", "-p", "skeptic", "-n", "400") == 2
    assert "did you mean 'sceptic'" in capsys.readouterr().err


def test_plot_command_default_name_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_main("plot", "tripwire-baltic", "waterfall", "-n", "500", "--option",
                    "company") == 0
    assert capsys.readouterr().out.strip() == "tripwire-baltic-waterfall.png"
    assert (tmp_path / "tripwire-baltic-waterfall.png").read_bytes()[:4] == b"\x89PNG"
    assert run_main("plot", "tripwire-baltic", "distributions", "-n", "500", "-o",
                    str(tmp_path / "d.svg")) == 0
    assert (tmp_path / "d.svg").read_bytes().startswith(b"<?xml")
    assert run_main("plot", "tripwire-baltic", "breakeven", "-n", "500", "--parameter",
                    "L_war", "-o", "b.pdf") == 0
    assert (tmp_path / "b.pdf").read_bytes()[:4] == b"%PDF"
    capsys.readouterr()
    assert run_main("plot", "tripwire-baltic", "tornadoo") == 2
    err = capsys.readouterr().err
    assert "did you mean 'tornado'" in err and "Traceback" not in err
    assert run_main("plot", "tripwire-baltic", "waterfall", "-o", "figure.jpg") == 2
    assert "end the file name in .png, .svg, .pdf" in capsys.readouterr().err
    assert run_main("plot", "--help") == 0
    listed = capsys.readouterr().out
    assert all(kind in listed for kind in ("distributions", "argument-map", "tornado",
                                           "breakeven-map", "game-tree", "wargame"))
