"""Every figure kind for every built-in scenario (a smoke test, as Mesa does for its
examples), saving in each format, determinism, and the pieces behind the figures."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import deterrence as dt
from deterrence.games import CLASSIC_GAMES
from deterrence.report import (
    FIGURES,
    argument_graph,
    classic_game_figure,
    figure_bytes,
    plot,
    save_figure,
)
from deterrence.report.figures_escalation import sweep
from deterrence.report.style import FORMATS

SAMPLES = 400
CASES = list(itertools.product(dt.builtin_ids(), FIGURES))


@pytest.mark.parametrize(("scenario_id", "kind"), CASES)
def test_every_kind_builds_for_every_builtin_scenario(
    scenario_id: str, kind: str, tmp_path: Path
) -> None:
    scenario = dt.resolve_scenario(scenario_id)
    spec = FIGURES[kind]
    if not spec.applies(scenario):
        with pytest.raises(dt.DeterrenceError, match="cannot draw"):
            plot(scenario, kind, samples=SAMPLES, seed=3)
        return
    fig = plot(scenario, kind, samples=SAMPLES, seed=3)
    assert isinstance(fig, Figure) and fig.get_axes()
    fmt = FORMATS[CASES.index((scenario_id, kind)) % len(FORMATS)]
    path = save_figure(fig, tmp_path / f"{scenario_id}-{kind}.{fmt}")
    assert path.stat().st_size > 1_000


def test_every_kind_applies_to_the_essay() -> None:
    essay = dt.resolve_scenario("nk-troops-russia-2024")
    assert [k for k, spec in FIGURES.items() if not spec.applies(essay)] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_saving_is_deterministic(fmt: str) -> None:
    first = figure_bytes(plot("tripwire-baltic", "waterfall", samples=SAMPLES, seed=5), fmt)
    second = figure_bytes(plot("tripwire-baltic", "waterfall", samples=SAMPLES, seed=5), fmt)
    assert first == second
    if fmt == "svg":
        assert b"<dc:date>" not in first


@pytest.mark.parametrize("kind", ["sobol", "wargame", "breakeven-map", "game-tree"])
def test_seeded_analyses_draw_the_same_svg_twice(kind: str) -> None:
    first = figure_bytes(plot("nk-troops-russia-2024", kind, samples=SAMPLES, seed=5))
    second = figure_bytes(plot("nk-troops-russia-2024", kind, samples=SAMPLES, seed=5))
    assert first == second


@pytest.mark.parametrize("game_id", sorted(CLASSIC_GAMES))
def test_classic_games_draw_as_trees(game_id: str) -> None:
    fig = classic_game_figure(game_id)
    texts = [t.get_text() for t in fig.texts]
    assert any(CLASSIC_GAMES[game_id].game.title in t for t in texts)


def test_game_tree_marks_the_equilibrium_path() -> None:
    fig = classic_game_figure("tripwire")
    widths = sorted({round(line.get_linewidth(), 1) for line in fig.axes[0].lines})
    assert 3.2 in widths and 1.1 in widths  # path edges thick, unchosen edges thin


def test_caption_names_units_source_and_seed() -> None:
    fig = plot("nk-troops-russia-2024", "distributions", samples=SAMPLES, seed=11)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "seed 11" in texts and f"{SAMPLES:,} Monte Carlo draws" in texts
    assert "US$100M-equivalent" in texts and "Source:" in texts


def test_unknown_kind_gets_a_suggestion() -> None:
    with pytest.raises(dt.DeterrenceError, match="did you mean 'waterfall'"):
        plot("tripwire-baltic", "waterfal")


def test_unknown_figure_option_and_option_id_are_refused() -> None:
    with pytest.raises(dt.DeterrenceError, match="takes no option"):
        plot("tripwire-baltic", "distributions", colour="red")
    with pytest.raises(dt.DeterrenceError, match="unknown option 'brigad'"):
        plot("tripwire-baltic", "waterfall", option="brigad", samples=SAMPLES)


def test_bad_suffix_is_refused(tmp_path: Path) -> None:
    fig = plot("tripwire-baltic", "waterfall", samples=SAMPLES)
    with pytest.raises(dt.DeterrenceError, match=r"\.png, \.svg, \.pdf"):
        save_figure(fig, tmp_path / "figure.jpg")


def test_escalation_is_refused_without_its_quantities() -> None:
    with pytest.raises(dt.DeterrenceError, match="lacks q_without"):
        plot("tripwire-baltic", "escalation")


def test_sweep_at_the_point_value_reproduces_the_point_result() -> None:
    model = dt.Model.compile(dt.resolve_scenario("nk-troops-russia-2024"))
    point = dt.run_point(model)
    env = {**point.parameters, **point.quantities}
    q = point.quantities["q_without"]
    out = sweep(model, env, "q_without", np.array([q, 0.5]))
    assert out["p_esc_without"][0] == pytest.approx(point.quantities["p_esc_without"])
    assert out["p_esc_without"][1] < out["p_esc_without"][0]
    assert out["q_with"] == pytest.approx(point.quantities["q_with"])  # upstream-independent


def test_argument_graph_links_claims_through_parameters() -> None:
    graph = argument_graph(dt.resolve_scenario("nk-troops-russia-2024"))
    links = {(k.claim, k.term): k.direct for k in graph.links}
    assert links[("precedent", ("send_troops", "precedent"))] is True
    assert links[("credibility-was-missing", ("send_troops", "precedent"))] is False
    assert "sensible-choice" in graph.unlinked()
    precedent = next(t for t in graph.terms if t.id == "precedent")
    assert {"h0", "LR", "w", "kappa", "K", "sigma_z"} <= set(precedent.parameters)


def test_package_docstring_example_runs() -> None:
    import doctest

    import deterrence.report

    result = doctest.testmod(deterrence.report)
    assert result.attempted >= 3 and result.failed == 0


def test_clip_paths_do_not_leak_memory_addresses_into_svg() -> None:
    # matplotlib names a clip *path* after the path object's address; two separately built
    # but identical figures must still give the same SVG bytes.
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Circle

    def build() -> MplFigure:
        fig = MplFigure(figsize=(2, 2))
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [0, 1])
        line.set_clip_path(Circle((0.5, 0.5), 0.3, transform=ax.transData))
        return fig

    first, second = figure_bytes(build()), figure_bytes(build())
    assert b"clip1" in first
    assert first == second
