"""The exceptions briefing raises. Each message names the file and says the fix."""

from __future__ import annotations


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
