"""The library API end to end, without the CLI: ``build()`` on two invented articles.

The articles (Japan-South Korea, written for this test) hold one government statement
each, a risk, a scheduled meeting and a photo caption with its credit. The test checks
where each sentence lands, that each item cites the right article by number, and that
every citation's offsets point at the sentence in the file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing.app.building import build
from briefing.app.session import Session
from briefing.config import Settings
from briefing.model import Brief, BriefItem

pytestmark = pytest.mark.model

TODAY = "2019-07-15"

JAPAN = "a_japan_export_curbs"
KOREA = "b_korea_wto_talks"

ARTICLES = {
    JAPAN: """\
Japan keeps export curbs on South Korea as chip dispute deepens

Tokyo says the controls are about security, not trade.

Trade ministers
South Korean Trade Minister Sung Yun-mo speaks to reporters at the government complex in \
Sejong [John Smith/Reuters]

The Japanese Foreign Ministry said on Monday it would keep its controls on exports of \
chemicals used to make semiconductors, calling them “a matter of national security”.

Analysts warn that the dispute could disrupt global supply chains for memory chips and push \
the two economies into a wider trade war.

Source: Reuters
""",
    KOREA: """\
South Korea seeks talks with Japan over chip materials

Officials in Seoul want the curbs lifted before the end of the year.

South Korea's Foreign Ministry said on Tuesday it would ask the World Trade Organization to \
rule on the curbs unless Tokyo lifted them.

Senior trade officials from Japan and South Korea will meet next week in Seoul to discuss \
the curbs.

Source: Reuters
""",
}

#: (phrase, section key, the article it comes from, section keys it must not be in).
PLACEMENTS = [
    ("The Japanese Foreign Ministry said on Monday", "position:JPN", JAPAN, ("position:KOR",)),
    ("South Korea's Foreign Ministry said on Tuesday", "position:KOR", KOREA, ("position:JPN",)),
    ("could disrupt global supply chains", "risk", JAPAN, ()),
    ("will meet next week", "next_steps", KOREA, ()),
]
CAPTION_PHRASES = ["John Smith", "Sung Yun-mo", "government complex in Sejong", "Trade ministers"]


@dataclasses.dataclass(frozen=True)
class Built:
    """What ``build()`` returned, and the inputs."""

    brief: Brief
    written: list[Path]
    skipped: list[object]
    out: Path
    texts: dict[str, str]


def items_of(brief: Brief) -> list[tuple[str, BriefItem]]:
    """Every item of the brief with its section key."""
    return [(section.key, item) for section in brief.sections for item in section.items]


def placed(brief: Brief, phrase: str) -> list[str]:
    """The keys of the sections that hold an item containing ``phrase``."""
    return [key for key, item in items_of(brief) if phrase in item.text]


@pytest.fixture(scope="module")
def built(session: Session, tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("articles")
    for stem, text in ARTICLES.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    # The shared session holds the loaded pipeline; only the run's options differ.
    run = dataclasses.replace(session, settings=Settings(formats=("docx", "pdf", "json")))
    brief, written, skipped = build([folder], out, run, today=TODAY)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
    return Built(brief=brief, written=written, skipped=list(skipped), out=out, texts=texts)


def test_build_api_writes_the_reports(built: Built) -> None:
    assert built.skipped == []
    assert built.written == [built.out / f"brief.{f}" for f in ("docx", "pdf", "json")]
    assert all(p.stat().st_size > 0 for p in built.written)


def test_build_api_pair_and_headings(built: Built) -> None:
    brief = built.brief
    assert set(brief.pair) == {"JPN", "KOR"}
    assert brief.date == TODAY
    keys = [s.key for s in brief.sections]
    assert keys[:2] == ["key_points", "background"]
    assert sorted(keys[2:4]) == ["position:JPN", "position:KOR"]
    assert keys[4:] == ["risk", "next_steps"]
    headings = {s.key: s.heading for s in brief.sections}
    assert headings["position:JPN"] == "Position of Japan"
    assert headings["position:KOR"] == "Position of South Korea"


def test_build_api_sources_are_numbered_by_article(built: Built) -> None:
    sources = [(s.number, s.article_id, s.title, s.outlet) for s in built.brief.sources]
    assert sources == [
        (1, JAPAN, "Japan keeps export curbs on South Korea as chip dispute deepens", "Reuters"),
        (2, KOREA, "South Korea seeks talks with Japan over chip materials", "Reuters"),
    ]


@pytest.mark.parametrize(
    ("phrase", "key", "article", "forbidden"), PLACEMENTS, ids=[p[1] for p in PLACEMENTS]
)
def test_build_api_placement(
    built: Built, phrase: str, key: str, article: str, forbidden: tuple[str, ...]
) -> None:
    where = placed(built.brief, phrase)
    assert key in where, f"{phrase!r} is in {where or 'no section'}, not {key!r}"
    assert not [k for k in forbidden if k in where], f"{phrase!r} is also in {where}"
    section = built.brief.section(key)
    assert section is not None
    (item,) = [i for i in section.items if phrase in i.text]
    number = next(s.number for s in built.brief.sources if s.article_id == article)
    assert [(c.number, c.article_id) for c in item.citations] == [(number, article)]


def test_build_api_cites_both_articles(built: Built) -> None:
    numbers = {c.number for _key, item in items_of(built.brief) for c in item.citations}
    assert numbers == {1, 2}


def test_build_api_citations_point_at_the_sentences(built: Built) -> None:
    items = items_of(built.brief)
    assert items
    numbers = {s.article_id: s.number for s in built.brief.sources}
    for key, item in items:
        assert item.citations, (key, item.text)
        for citation in item.citations:
            assert citation.number == numbers[citation.article_id]
            cited = built.texts[citation.article_id][citation.start : citation.end]
            assert " ".join(cited.split()) == item.text, (key, cited)


def test_build_api_offsets_count_characters(built: Built) -> None:
    # The risk sentence follows a curly-quoted one: byte offsets would be off by 4.
    (item,) = [i for k, i in items_of(built.brief) if k == "risk" and "supply chains" in i.text]
    (citation,) = item.citations
    assert citation.start == ARTICLES[JAPAN].index("Analysts warn")


def test_build_api_leaves_out_captions(built: Built) -> None:
    for key, item in items_of(built.brief):
        found = [p for p in CAPTION_PHRASES if p in item.text]
        assert not found, (key, item.text)


@pytest.mark.parametrize("given", [None, ("KOR", "JPN")])
def test_build_api_decides_the_pair_once(
    given: tuple[str, str] | None,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import briefing.app.pair

    calls: list[object] = []
    real_given, real_ranked = briefing.app.pair.given_pair, briefing.app.pair.ranked_pair

    def counted_given(*args: object, **kwargs: object) -> object:
        calls.append(("given", args[0]))
        return real_given(*args, **kwargs)  # type: ignore[arg-type]

    def counted_ranked(*args: object, **kwargs: object) -> object:
        calls.append(("ranked", None))
        return real_ranked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefing.app.pair, "given_pair", counted_given)
    monkeypatch.setattr(briefing.app.pair, "ranked_pair", counted_ranked)
    folder = tmp_path / "articles"
    folder.mkdir()
    for stem, text in ARTICLES.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    run = dataclasses.replace(session, settings=Settings(formats=("json",), pair=given))
    brief, _written, _skipped = build([folder], tmp_path / "out", run, today=TODAY)
    assert calls == [("given", given)] + ([] if given else [("ranked", None)])
    assert brief.pair == (given or ("JPN", "KOR"))


class Recorder:
    """A meter that writes down what a build counts."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def stage(self, name: str, total: int) -> None:
        self.events.append(f"{name} {total}")

    def advance(self) -> None:
        self.events.append("+")

    def done(self) -> None:
        self.events.append("done")


def test_build_api_meter_counts_each_article_parsed_and_classified(
    session: Session, tmp_path: Path
) -> None:
    from briefing.app.building import build_in_workspace

    folder = tmp_path / "articles"
    folder.mkdir()
    for stem, text in ARTICLES.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    run = dataclasses.replace(session, settings=Settings(formats=("json",)))
    first, again = Recorder(), Recorder()
    build_in_workspace([folder], tmp_path / "out", run, today=TODAY, meter=first)
    assert first.events == ["parsing 2", "+", "+", "done", "classifying 2", "+", "+", "done"]
    build_in_workspace([folder], tmp_path / "out", run, today=TODAY, meter=again)
    assert again.events == []  # nothing changed: no stage runs, nothing to count
