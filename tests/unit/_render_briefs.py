"""Small hand-built briefs for the renderer tests (no NLP, no files)."""

from __future__ import annotations

from briefing.model import Brief, BriefItem, BriefSection, Citation, Source

GOVERNMENTS = {"MEX": "Mexico", "USA": "the United States"}
TITLE = "Mexico\u2013the United States relations"  # en dash, as the template writes it


def item(text: str, section: str, *numbers: int, government: str | None = None) -> BriefItem:
    """Return a brief item citing the given source numbers."""
    citations = tuple(Citation(number=n, article_id=f"a{n}", start=0, end=10) for n in numbers)
    return BriefItem(
        text=text, section=section, citations=citations, government=government, confidence=0.9
    )


def sample_brief(**overrides: object) -> Brief:
    """Return a two-government brief with accents, markup-like text and multi-citations."""
    sections = (
        BriefSection(
            key="key_points",
            heading="Key points",
            items=(
                item("López Obrador rejected any foreign intervention in Mexico.", "key_points", 1),
                item("Both sides said the talks would focus on cooperation.", "key_points", 2, 1),
            ),
        ),
        BriefSection(
            key="background",
            heading="Background",
            items=(
                item(
                    "Talks on <b>security</b> & trade resumed after AT&T's report > 3 weeks.",
                    "background",
                    2,
                ),
                item("Москва внимательно следит за переговорами.", "background", 3),
            ),
        ),
        BriefSection(
            key="position:MEX",
            heading="Position of Mexico",
            government="MEX",
            items=(
                item(
                    "Andrés Manuel López Obrador said Mexico can tackle the cartels itself.",
                    "position:MEX",
                    1,
                    3,
                    government="MEX",
                ),
            ),
        ),
        BriefSection(
            key="position:USA",
            heading="Position of the United States",
            government="USA",
            items=(
                item(
                    "The State Department said it was identifying the appropriate tools.",
                    "position:USA",
                    2,
                    government="USA",
                ),
            ),
        ),
        BriefSection(key="risk", heading="Risks", items=()),
        BriefSection(
            key="next_steps",
            heading="Next steps",
            items=(
                item("Barr is due to meet officials in Mexico City on Thursday.", "next_steps", 3),
            ),
        ),
    )
    sources = (
        Source(
            number=1,
            article_id="a1",
            title="Mexico, US eye cooperation",
            outlet="Al Jazeera",
            date="2019-12-05",
            path="seeds/a1.txt",
        ),
        Source(
            number=2,
            article_id="a2",
            title="Cartels & <terror> labels",
            outlet="Reuters & AP",
            date="2019-12-04",
            path="seeds/a2.txt",
        ),
        Source(
            number=3,
            article_id="a3",
            title="Barr llega a México",
            outlet="El País",
            date=None,
            url="https://example.org/barr",
        ),
    )
    fields: dict[str, object] = {
        "title": TITLE,
        "date": "2019-12-05",
        "pair": ("MEX", "USA"),
        "governments": GOVERNMENTS,
        "sections": sections,
        "sources": sources,
        "marking": "UNCLASSIFIED",
        "subtitle": "Security cooperation after the cartel designation threat",
    }
    fields.update(overrides)
    return Brief(**fields)  # type: ignore[arg-type]
