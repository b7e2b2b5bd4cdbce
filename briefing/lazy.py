"""Modules imported when first used, so that a command pays only for what it runs.

``briefing --help``, a rebuild with nothing to do, ``review`` and ``override`` need no spaCy
and no renderer: the modules that reach them hold those as lazy modules (``lazy_module``)
and type-check against the real ones (``if TYPE_CHECKING: from briefing.app import cache``);
a package that re-exports names of heavier modules hands them on when first used
(``handed_on``, a module ``__getattr__``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


def lazy_module(name: str) -> ModuleType:
    """Return module ``name``, imported when one of its attributes is first used.

    An already imported module is returned as it is.

    Raises:
        ImportError: there is no module ``name``.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - the package is broken
        raise ImportError(f"cannot find {name}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:  # as an import does: ``package.module`` reaches it
        setattr(sys.modules[parent], child, module)
    return module


def handed_on(where: Mapping[str, str], owner: str) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` (PEP 562) that imports each name where it lives.

    Args:
        where: each handed-on name and the module it lives in.
        owner: the module handing them on (for the error of an unknown name).

    The returned function raises ``AttributeError`` for a name not in ``where``.
    """

    def attribute(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {owner!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return attribute
