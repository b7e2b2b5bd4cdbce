"""Modules imported when first used, so that a command pays only for what it runs.

``briefing --help``, a rebuild with nothing to do, ``review`` and ``override`` need no spaCy
and no renderer: the modules that reach them hold those as lazy modules (``lazy_module``)
and type-check against the real ones (``if TYPE_CHECKING: from briefing.app import cache``).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


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
    return module
