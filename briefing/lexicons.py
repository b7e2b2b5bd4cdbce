"""Where the language knowledge lives, and the tables every stage shares.

English word lists are data under ``briefing/data/en/`` (cue words, wording rules,
display-text lexicons, contextual aliases); world knowledge (governments, people, places)
and fitted models stay in ``briefing/data/``. The calendar (``data/en/calendar.toml``:
month and weekday names and their abbreviations) and the abbreviations whose full stop
ends no sentence (``data/en/abbreviations.toml``) exist once, here: ingest, nlp, classify
and the brief's wording read them through this module.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Shipped data: world knowledge (governments, people, places) and fitted models."""

EN_DIR = DATA_DIR / "en"
"""Shipped English word lists."""
