"""The names the façade and the renderers hand on, imported when first used, all exist."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from briefing import api, render


@pytest.mark.parametrize("module", [api, render])
def test_every_public_name_resolves(module: object) -> None:
    for name in module.__all__:  # type: ignore[attr-defined]
        assert getattr(module, name) is not None, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'biuld'"):
        api.biuld  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'pdf_bytez'"):
        render.pdf_bytez  # type: ignore[attr-defined]  # noqa: B018


def test_a_lazy_module_is_reachable_from_its_package() -> None:
    # A fresh interpreter: here every module is long imported.
    probe = (
        "import briefing.app.workspace, briefing.app, sys\n"
        "lazy = type(sys.modules['briefing.app.cache']).__name__\n"
        "print(lazy, briefing.app.cache.content_hash.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["_LazyModule", "content_hash"]
    assert importlib.import_module("briefing.app.cache").content_hash is not None
