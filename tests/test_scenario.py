"""Scenario files: loading, round trips, the JSON Schema, and errors that say where."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import deterrence as dt
from deterrence.errors import ScenarioError
from deterrence.scenario import builtin_ids, dump_scenario, parse_scenario


def _error(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, name="s.yaml")
    return str(info.value)


def test_builtins_are_listed_and_load() -> None:
    assert {"nk-troops-russia-2024", "tripwire-baltic"} <= set(builtin_ids())
    for sid in builtin_ids():
        assert dt.resolve_scenario(sid).id == sid


@pytest.mark.parametrize("sid", ["nk-troops-russia-2024", "tripwire-baltic"])
def test_load_dump_load_is_the_identity(sid: str) -> None:
    first = dt.resolve_scenario(sid)
    again = parse_scenario(dump_scenario(first))
    assert again == first
    assert again.content_hash() == first.content_hash()
    assert dump_scenario(again) == dump_scenario(first)


def test_small_scenario_round_trips(small_text: str) -> None:
    s = parse_scenario(small_text)
    assert parse_scenario(dump_scenario(s)) == s


def test_content_hash_changes_with_content(small_text: str) -> None:
    a = parse_scenario(small_text)
    b = parse_scenario(small_text.replace("to(1, 4)", "to(1, 5)"))
    assert a.content_hash() != b.content_hash()


def test_json_schema_accepts_the_builtins() -> None:
    schema = dt.Scenario.model_json_schema()
    for sid in builtin_ids():
        folder = Path(dt.__file__).parent / "scenarios"
        data = yaml.safe_load((folder / f"{sid}.yaml").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    json.dumps(schema)


def test_misspelt_name_in_formula_names_field_line_and_suggestion(small_text: str) -> None:
    msg = _error(small_text.replace("formula: x * y", "formula: x * yy"))
    assert "s.yaml:18: derived.z.formula: unknown name 'yy' (did you mean 'y'?)" in msg


def test_hostile_formula_in_a_file_is_refused(small_text: str, tmp_path: Path) -> None:
    marker = tmp_path / "x"
    bad = small_text.replace("formula: x * y",
                             f"formula: \"__import__('os').system('touch {marker}')\"")
    msg = _error(bad)
    assert "derived.z.formula" in msg and "not allowed" in msg
    assert not marker.exists()


def test_unknown_field_is_named_with_its_line(small_text: str) -> None:
    msg = _error(small_text.replace("    label: Y\n", "    label: Y\n    distrbution: 3\n"))
    assert "s.yaml:15: parameters.y.distrbution: unknown field" in msg


def test_missing_field_is_named(small_text: str) -> None:
    msg = _error(small_text.replace("title: A small scenario\n", ""))
    assert "title: this field is required" in msg


def test_bad_distribution_is_named(small_text: str) -> None:
    msg = _error(small_text.replace("to(1, 4)", "to(4, 1)"))
    assert "s.yaml:11: parameters.x.distribution:" in msg and "lo must be below hi" in msg


def test_unknown_claim_and_actor_references(small_text: str) -> None:
    msg = _error(small_text.replace("claims: [cheap]\n  y", "claims: [chep]\n  y"))
    assert "parameters.x.claims.0: unknown claim 'chep' (did you mean 'cheap'?)" in msg
    actors = small_text.replace("claims:\n", "actors:\n  - id: other\n    name: Other\nclaims:\n")
    assert "decision.actor: unknown actor 'someone'" in _error(actors)


def test_cycles_are_reported_with_their_path(small_text: str) -> None:
    text = small_text.replace("    formula: x * y\n",
                              "    formula: x * w\n  w:\n    formula: z + 1\n")
    msg = _error(text)
    assert "cycle" in msg and ("z -> w -> z" in msg or "w -> z -> w" in msg)


def test_yaml_syntax_error_gives_line_and_column() -> None:
    msg = _error("id: a\ntitle: [unclosed\nparameters: {}\n")
    assert msg.startswith("s.yaml:3:") and "not valid YAML" in msg


def test_anchors_and_aliases_are_refused() -> None:
    bomb = "a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "anchors and aliases are not supported" in _error(bomb)


def test_non_mapping_and_python_tags_are_refused() -> None:
    assert "must be a mapping" in _error("- 1\n- 2\n")
    assert "not valid YAML" in _error("id: !!python/object/apply:os.system ['true']\n")


def test_perspective_overrides_are_checked(small_text: str) -> None:
    text = small_text + "perspectives:\n  bold:\n    set:\n      xx: 3\n"
    assert "perspectives.bold.set.xx: unknown parameter 'xx' (did you mean 'x'?)" in _error(text)


def test_name_clashes_and_duplicates(small_text: str) -> None:
    clash = small_text.replace("  y:\n", "  exp:\n").replace("x * y", "x")
    assert "name of a function" in _error(clash.replace("formula: y", "formula: x"))
    dup = small_text.replace("        - id: loss", "        - id: gain")
    assert "term id 'gain' is used twice" in _error(dup)


def test_load_scenario_reports_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        dt.load_scenario(tmp_path / "missing.yaml")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        dt.load_scenario(binary)


def test_unknown_builtin_gets_a_suggestion() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'tripwire-baltic'"):
        dt.resolve_scenario("tripwire-baltik")


def test_deeply_nested_yaml_is_refused_not_crashed() -> None:
    msg = _error("id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in msg or "not valid YAML" in msg or "problem" in msg


def test_oversized_text_is_refused() -> None:
    assert "longer than" in _error("# " + "x" * 2_100_000 + "\n")
