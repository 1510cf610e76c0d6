"""Lazy public names for a package: import a submodule only when one of its names is used.

The games and wargame packages export many names, but reading a scenario file needs only
their ``spec`` modules; loading the rest on first use keeps start-up fast and avoids
import cycles (scenario -> games.spec -> ... -> scenario).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str], names: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` for ``package``.

    ``where`` maps each public name to the submodule (relative to ``package``) that
    defines it; a name is imported on first access and then cached in the package.
    """

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return getattr_, dir_
