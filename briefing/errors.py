"""The exceptions briefing raises. Each message names the file and says the fix."""

from __future__ import annotations

import traceback


class BriefingError(Exception):
    """Base class of every error briefing reports to a user."""


class IngestError(BriefingError):
    """An article could not be read; the message names the file and the fix."""


class TemplateError(BriefingError):
    """A brief template is missing, malformed or names styles that do not exist."""


class PipelineError(BriefingError):
    """The NLP pipeline (the spaCy model) could not be loaded or used."""


class RegistryError(BriefingError):
    """An actor registry or cue lexicon file is malformed."""


class OutputError(BriefingError):
    """A report, the workspace or the cache cannot be written (full disk, read-only place)."""


def describe_exception(exc: BaseException) -> str:
    """Return an exception as "Type: message" (just "Type" when it has no message)."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def internal_reason(stage: str, exc: BaseException) -> str:
    """Return the skip reason of an article that an unexpected error stopped in ``stage``.

    The error is a defect in briefing, not in the article: the reason says so, names the
    error, and tells how to see the traceback (``-v``).
    """
    return (
        f"{stage} failed on this article ({describe_exception(exc)}); it is left out and "
        "the other articles are built. This is a bug in briefing: run again with -v to "
        "see the traceback, and report it."
    )


def unexpected(exc: BaseException) -> str:
    """Return the message of an error briefing did not expect (a bug), without a traceback."""
    return (
        f"unexpected failure ({describe_exception(exc)}). This is a bug in briefing: run "
        "again with -v to see the traceback, and report it."
    )


def traceback_of(exc: BaseException) -> str:
    """Return the traceback of an exception as text (what ``-v`` prints)."""
    return "".join(traceback.format_exception(exc)).rstrip()
