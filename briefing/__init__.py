"""briefing: offline, explainable bilateral-policy briefs from news articles.

Stages, in one direction: ingest -> nlp -> classify -> assemble -> render -> cli.
"""

from __future__ import annotations

import logging

from briefing.model import (
    Actor,
    Article,
    Block,
    BlockKind,
    Brief,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Citation,
    Section,
    Sentence,
    Source,
)

__version__ = "0.1.0"

logging.getLogger("briefing").addHandler(logging.NullHandler())

__all__ = [
    "Actor",
    "Article",
    "Block",
    "BlockKind",
    "Brief",
    "BriefItem",
    "BriefSection",
    "BriefTemplate",
    "Citation",
    "Section",
    "Sentence",
    "Source",
    "__version__",
]
