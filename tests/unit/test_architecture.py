"""The layering of docs/architecture.md, checked against the code's own imports.

Stages run in one direction: a module imports only modules of its own layer or below.
spaCy stays in nlp and classify (and the layers that load the pipeline); the renderers
never see it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"

#: Layer of each module or package of briefing, lowest first (docs/architecture.md).
LAYERS: dict[str, int] = {
    "model": 0,
    "errors": 0,
    "config": 0,
    "schema": 0,
    "sections": 0,
    "wording": 0,
    "lexicons": 0,
    "__init__": 0,
    "ingest": 1,
    "nlp": 2,
    "classify": 3,
    "evaluate": 3,
    "coverage": 4,
    "bullets": 4,
    "assemble": 4,
    "render": 5,
    "review": 6,
    "train": 6,
    "workspace": 6,
    "build": 7,
    "cli": 8,
    "__main__": 9,
}
#: Layers that may hold spaCy objects.
SPACY_LAYERS = {"nlp", "classify", "train", "workspace", "build", "evaluate"}


def _unit(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "briefing":
                found.update(f"briefing.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_has_a_layer() -> None:
    units = {_unit(p) for p in _sources()}
    assert units <= set(LAYERS), f"add these to LAYERS and the doc: {units - set(LAYERS)}"


def test_stages_import_only_downwards() -> None:
    upward = []
    for path in _sources():
        unit = _unit(path)
        for name in _imports(path):
            if not name.startswith("briefing."):
                continue
            target = name.split(".")[1]
            if target in LAYERS and target != unit and LAYERS[target] > LAYERS[unit]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not upward, "\n".join(upward)


def test_spacy_never_reaches_the_renderers_or_the_model() -> None:
    leaks = [
        str(path.relative_to(PACKAGE))
        for path in _sources()
        if _unit(path) not in SPACY_LAYERS
        and any(n == "spacy" or n.startswith("spacy.") for n in _imports(path))
    ]
    assert not leaks, leaks
