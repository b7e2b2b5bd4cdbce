"""The façade of briefing: one typed function per command, over the application layer.

The command line (``briefing.cli``) only parses arguments, calls these functions and
prints what they return; a program embedding briefing calls them the same way. Each takes
plain values (paths, a ``Settings``, dates given by the caller) and returns records;
failures are ``BriefingError`` with a message that says the fix.

Example:
    ``api.build([Path("seeds")], Path("reports"), Settings(), today="2019-12-05")``
    builds the brief of ``seeds/`` into ``reports/`` and returns a ``BuildResult``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import sections
from briefing.config import DEFAULT_WAIT, Settings
from briefing.errors import BriefingError
from briefing.fsio import atomic_write, safe_stem
from briefing.ingest import display_path
from briefing.lazy import handed_on
from briefing.model import Override

if TYPE_CHECKING:
    from briefing.app.actors import ActorRow
    from briefing.app.classifying import Classified
    from briefing.app.review import Review, review_records, review_table
    from briefing.app.session import Meter, Progress, Session
    from briefing.app.unchanged import BuildResult
    from briefing.evaluate import Figures, format_figures
    from briefing.train import format_side_by_side

#: Names this module hands on from the layers below, imported when first used: a command
#: that needs no pipeline (a rebuild with nothing to do, ``review``, ``override``) does not
#: pay for importing spaCy and the renderers.
_HANDED_ON = {
    "ActorRow": "briefing.app.actors",
    "BuildResult": "briefing.app.unchanged",
    "Classified": "briefing.app.classifying",
    "Meter": "briefing.app.session",
    "Review": "briefing.app.review",
    "review_records": "briefing.app.review",
    "review_table": "briefing.app.review",
    "format_figures": "briefing.evaluate",
    "format_side_by_side": "briefing.train",
}


if not TYPE_CHECKING:  # for mypy, the names are the imports above: a typo is an error
    __getattr__ = handed_on(_HANDED_ON, __name__)


#: Sections an override may move an item to.
OVERRIDE_SECTIONS = tuple(sections.overridable())


def _say(progress: Progress | None) -> Progress:
    return progress or (lambda _msg: None)


def open_session(settings: Settings, progress: Progress | None = None) -> Session:
    """Load the registry, the cue lexicons and the language pipeline for ``settings``."""
    from briefing.app.session import Session

    _say(progress)("loading the language pipeline ...")
    return Session.open(settings)


def existing_reports(out: Path, formats: Sequence[str], stem: str) -> list[Path]:
    """Return the reports a build would replace that the folder's last build did not write."""
    from briefing.app.unchanged import foreign_reports

    return foreign_reports(out, formats, stem)


def build(
    sources: Sequence[Path],
    out: Path,
    settings: Settings,
    *,
    today: str,
    stem: str = "brief",
    progress: Progress | None = None,
    wait: float | None = DEFAULT_WAIT,
    meter: Meter | None = None,
    rehash: bool = False,
) -> BuildResult:
    """Build the brief of ``sources`` into ``out`` (``build_in_workspace``).

    ``meter`` counts the articles parsed and classified, for a progress bar. When nothing
    changed since the folder's last build (``unchanged_build``), its result is returned
    without loading the registry or the spaCy model. ``rehash``: hash every article file
    instead of trusting the stamps of unchanged ones (size, mtime, inode).
    """
    from briefing.app.unchanged import unchanged_build

    unchanged = unchanged_build(
        list(sources),
        out,
        settings,
        today=today,
        stem=stem,
        progress=progress,
        wait=wait,
        rehash=rehash,
    )
    if unchanged is not None:
        return unchanged
    from briefing.app.building import build_in_workspace

    session = open_session(settings, progress)
    try:
        return build_in_workspace(
            list(sources),
            out,
            session,
            today=today,
            stem=stem,
            progress=progress,
            wait=wait,
            meter=meter,
            rehash=rehash,
            from_settings=True,
        )
    finally:
        session.close()  # a cluster connection (--executor dask)


def watch(
    sources: Sequence[Path],
    out: Path,
    settings: Settings,
    *,
    today: Callable[[], str],
    stem: str = "brief",
    interval: float = 1.0,
    debounce: float = 1.0,
    max_builds: int | None = None,
    on_event: Callable[[str], None] = lambda _msg: None,
    on_build: Callable[[BuildResult], None] = lambda _result: None,
    progress: Progress | None = None,
    wait: float | None = DEFAULT_WAIT,
    poll: bool = False,
) -> int:
    """Build, then rebuild whenever an article changes; return the number of builds.

    Waits for the platform's file events, or looks every ``interval`` seconds with
    ``poll`` (and when file events are unavailable).
    """
    from briefing.app.watch import watch as watch_sources

    session = open_session(settings, progress)
    _say(progress)(f"watching {', '.join(str(s) for s in sources)} (Ctrl-C to stop)")
    with contextlib.closing(session):  # a cluster connection (--executor dask)
        return watch_sources(
            list(sources),
            out,
            session,
            today=today,
            stem=stem,
            interval=interval,
            debounce=debounce,
            max_builds=max_builds,
            on_event=on_event,
            on_build=on_build,
            progress=progress,
            wait=wait,
            poll=poll,
        )


def classify(
    paths: Sequence[Path], settings: Settings, *, progress: Progress | None = None
) -> Classified:
    """Read, parse and classify the articles of ``paths``, each with its own pair."""
    from briefing.app.classifying import classify_paths

    session = open_session(settings, progress)
    return classify_paths(list(paths), session, per_article_pair=True, progress=progress)


def actors(
    paths: Sequence[Path], settings: Settings, *, progress: Progress | None = None
) -> tuple[list[ActorRow], Classified]:
    """Return the resolved speakers of the articles of ``paths`` (and the classification)."""
    from briefing.app.actors import actor_table

    classified = classify(paths, settings, progress=progress)
    return actor_table(classified), classified


def review(out: Path) -> tuple[Review, Path]:
    """Return the review of the last build of ``out``, and write its page (review.html)."""
    from briefing.app.review import load_review, write_review_html

    loaded = load_review(out)
    return loaded, write_review_html(loaded)


@dataclass(frozen=True, slots=True)
class OverrideResult:
    """What ``override`` did: the override, whether it was removed, the build's sources."""

    override: Override
    removed: bool
    sources: tuple[str, ...]


def override(
    out: Path,
    item_id: str,
    *,
    section: str | None = None,
    government: str | None = None,
    drop: bool = False,
    keep: bool = False,
    undo: bool = False,
    noted: str = "",
) -> OverrideResult:
    """Record (or undo) the analyst's override of one item of the last build of ``out``."""
    from briefing.app.overrides import set_override
    from briefing.app.review import load_review

    record, removed = set_override(
        out,
        item_id,
        section=section,
        government=government,
        drop=drop,
        keep=keep,
        undo=undo,
        noted=noted,
    )
    return OverrideResult(record, removed, tuple(load_review(out).state.sources))


def evaluate(
    gold_path: Path,
    articles_dir: Path,
    settings: Settings,
    *,
    worst: int = 10,
    progress: Progress | None = None,
) -> Figures:
    """Score the classifier against gold labels for the articles of ``articles_dir``.

    Raises:
        BriefingError: the gold file is unusable, or names an article that is not there.
    """
    from briefing.evaluate import load_gold, score

    gold = load_gold(gold_path)
    files = [articles_dir / f"{doc}.txt" for doc in sorted({g.doc for g in gold})]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise BriefingError(
            f"{missing[0]} does not exist, but {gold_path} has gold sentences for it. "
            "Put the article there or remove its lines from the gold file."
        )
    result = classify(files, settings, progress=progress)
    texts = {a.id: a.text for a in result.articles}
    return score(gold, result.sentences, texts, worst=worst)


def evaluate_split(
    split_path: Path,
    settings: Settings,
    *,
    progress: Progress | None = None,
    lockbox: bool = True,
) -> dict[str, Any]:
    """Return the test-lockbox and cross-validated figures of both scorers, by column.

    ``lockbox=False`` reads no test article: validation figures replace the test columns.
    """
    from briefing.classify.learned import load_learned
    from briefing.train import load_split, split_figures

    split = load_split(split_path)
    session = open_session(settings, progress)
    model = load_learned(session.cues).model
    columns = split_figures(
        split, session.nlp, session.registry, session.cues, model, progress, lockbox=lockbox
    )
    return dict(columns)


def train(
    split_path: Path,
    settings: Settings,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Fit the learned scorer on the split's train articles; write it; return its validation.

    Raises:
        ImportError: scikit-learn (the ``train`` extra) is not installed.
        BriefingError: the split file is unusable.
    """
    from briefing.classify.learned import MODEL_PATH
    from briefing.train import load_split, train_scorer

    split = load_split(split_path)
    session = open_session(settings, progress)
    learned = train_scorer(split, session.nlp, session.registry, session.cues, progress)
    target = out or MODEL_PATH
    atomic_write(target, learned.to_json().encode("utf-8"))
    return target, dict(learned.meta.get("validation", {}))


__all__ = [
    "DEFAULT_WAIT",
    "OVERRIDE_SECTIONS",
    "ActorRow",
    "BuildResult",
    "Classified",
    "Meter",
    "OverrideResult",
    "Review",
    "actors",
    "build",
    "classify",
    "display_path",
    "evaluate",
    "evaluate_split",
    "existing_reports",
    "format_figures",
    "format_side_by_side",
    "open_session",
    "override",
    "review",
    "review_records",
    "review_table",
    "safe_stem",
    "train",
    "watch",
]
