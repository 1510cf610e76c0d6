"""The facilitator's guide: its Python example runs, its YAML covers every field."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import yaml

from deterrence.wargame import spec as wspec

DOC = Path(__file__).resolve().parents[2] / "docs" / "wargame.md"


def test_python_example_runs() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


def test_yaml_example_has_the_right_shape_and_every_field() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block is not None
    data = yaml.safe_load(block.group(1))
    wspec.WargameSpec.model_validate(data["wargame"])
    models = (wspec.WargameSpec, wspec.WargameParameter, wspec.StateVariable, wspec.Side,
              wspec.WhiteCell, wspec.Move, wspec.OutcomeSpec, wspec.Inject, wspec.Indicator)
    missing = [f"{m.__name__}.{f}" for m in models for f in m.model_fields
               if f"{f}:" not in block.group(1)]
    assert not missing, f"docs/wargame.md's example does not show: {missing}"
