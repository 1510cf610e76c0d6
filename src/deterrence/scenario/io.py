"""Reading and writing scenario files (YAML), with errors that name file, field and line.

Only :func:`yaml.safe_load`-level constructs are read: the file is composed with
``yaml.SafeLoader``, and anchors/aliases are refused outright so that a small
file cannot expand into a huge one ("billion laughs").
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import ScenarioError
from .checks import Loc, check_scenario
from .schema import Scenario

__all__ = [
    "MAX_FILE_BYTES",
    "builtin_ids",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario",
]

MAX_FILE_BYTES = 2_000_000
_MAX_SHOWN = 12


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and cross-check the scenario file at ``path``.

    Raises
    ------
    ScenarioError
        If the file cannot be read or is not a sound scenario; the message names the
        file, and for each problem the field path and line.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(f"{path}: the file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_scenario(text, name=str(path))


def parse_scenario(text: str, *, name: str = "<scenario>") -> Scenario:
    """Validate scenario ``text`` (YAML); ``name`` is used in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(f"{name}: the text is longer than {MAX_FILE_BYTES} characters")
    lines, data = _read_yaml(text, name)
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}: a scenario file must be a mapping of fields (id, title, ...)")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        found = [(tuple(e["loc"]), _pydantic_message(e)) for e in exc.errors()]
        raise ScenarioError(_render(name, lines, found)) from None
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError(_render(name, lines, [(p.loc, p.message) for p in problems]))
    return scenario


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text; :func:`parse_scenario` of it gives back an equal scenario."""
    return yaml.dump(
        scenario.to_data(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def builtin_ids() -> list[str]:
    """Ids of the scenarios shipped with the package."""
    folder = resources.files("deterrence.scenarios")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def resolve_scenario(target: str | Path) -> Scenario:
    """A built-in scenario by id, or a scenario file by path."""
    text_target = str(target)
    if text_target in builtin_ids():
        resource = resources.files("deterrence.scenarios") / f"{text_target}.yaml"
        return parse_scenario(resource.read_text(encoding="utf-8"), name=text_target)
    path = Path(target)
    if path.exists():
        return load_scenario(path)
    from ..formula import suggest

    raise ScenarioError(
        f"{text_target!r} is neither a built-in scenario nor a file"
        f"{suggest(text_target, builtin_ids())}. Built-in scenarios: {', '.join(builtin_ids())}."
    )


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _read_yaml(text: str, name: str) -> tuple[dict[Loc, int], Any]:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                line = mark.line + 1 if mark else "?"
                raise ScenarioError(f"{name}:{line}: YAML anchors and aliases are not supported")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(f"{where}: not valid YAML: {problem}") from None
    except RecursionError:
        raise ScenarioError(f"{name}: the YAML is nested too deeply") from None
    lines: dict[Loc, int] = {}
    if root is not None:
        _index_lines(root, (), lines)
    return lines, data


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    stack: list[tuple[yaml.Node, Loc]] = [(node, loc)]
    while stack:
        current, here = stack.pop()
        lines[here] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                child = (*here, str(key.value))
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
                lines.setdefault(child, key.start_mark.line + 1)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*here, i)) for i, item in enumerate(current.value))


def _line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    for cut in range(len(loc), -1, -1):
        line = lines.get(tuple(loc[:cut]))
        if line is not None:
            return line
    return None


def _pydantic_message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see `deterrence schema`)"
    if kind == "string_pattern_mismatch":
        return f"{error['msg']} (got {error.get('input')!r})"
    return str(error.get("msg", "invalid value"))


def _render(name: str, lines: dict[Loc, int], found: list[tuple[Loc, str]]) -> str:
    rows = []
    for loc, message in found[:_MAX_SHOWN]:
        clean = tuple(p for p in loc if p not in ("str", "float", "constrained-str"))
        line = _line_of(lines, clean)
        path = ".".join(str(p) for p in clean) or "(top level)"
        where = f"{name}:{line}" if line else name
        text = message.replace("\n", "\n    ")
        rows.append(f"{where}: {path}: {text}")
    more = len(found) - _MAX_SHOWN
    if more > 0:
        rows.append(f"... and {more} more problem(s)")
    head = f"{name}: {len(found)} problem(s) in this scenario:\n"
    return head + "\n".join("  " + r for r in rows)
