"""The per-build limit of article text (issue 12, bounded resources).

A build holds every sentence of its articles until the brief is written, so its memory
grows with the total text; past ``max_build_chars`` the next articles are skipped with the
reason and the fix, and the earlier ones are built. The tests set the limit small.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing import api
from briefing.app.building import build_in_workspace
from briefing.app.session import Session
from briefing.cli import cli
from briefing.errors import BriefingError
from briefing.ingest import BuildLimit, build_limit, default_rules, load_articles

TOPICS = ("chip exports", "steel tariffs", "fishing rights", "visa rules", "rail links")


def _article(n: int, paragraphs: int) -> str:
    """An invented English article about topic ``n``, ``paragraphs`` paragraphs long."""
    topic = TOPICS[n % len(TOPICS)]
    body = [
        f"Japan's trade ministry said on day {n}-{k} that the talks with South Korea on "
        f"{topic} would go on for {k + 2} more weeks, and officials in Seoul agreed."
        for k in range(paragraphs)
    ]
    return f"Talks on {topic} go on\n\n" + "\n\n".join(body) + "\n"


def _folder(root: Path, sizes: dict[str, int]) -> None:
    """Write one article per name (``sizes``: its paragraphs)."""
    root.mkdir(parents=True, exist_ok=True)
    for n, (name, paragraphs) in enumerate(sizes.items()):
        (root / f"{name}.txt").write_text(_article(n, paragraphs), encoding="utf-8")


NO_LIMIT = 10**9


def test_the_default_limit_is_the_data_file_s_and_a_setting_replaces_it() -> None:
    limits = default_rules().limits
    assert build_limit() == BuildLimit(limits.max_build_chars, limits.max_build_sentences)
    assert build_limit() == BuildLimit(3_000_000, 40_000)
    assert build_limit(1234) == BuildLimit(1234, 40_000)
    assert build_limit(None, 56) == BuildLimit(3_000_000, 56)


def test_articles_past_the_limit_are_skipped_with_the_fix_and_the_others_kept(
    tmp_path: Path,
) -> None:
    _folder(tmp_path / "in", {"a_first": 3, "b_big": 12, "c_small": 2, "d_last": 3})
    articles, _ = load_articles([tmp_path / "in"])
    got = {a.id: len(a.text) for a in articles}
    limit = got["a_first"] + got["c_small"] + got["d_last"] // 2  # b_big and d_last overflow
    assert got["b_big"] > limit - got["a_first"]
    kept, skipped = load_articles([tmp_path / "in"], limit=BuildLimit(limit, NO_LIMIT))
    assert [a.id for a in kept] == ["a_first", "c_small"]  # a later, shorter one still fits
    assert [Path(s.path).name for s in skipped] == ["b_big.txt", "d_last.txt"]
    reason = skipped[0].reason
    assert f"its {got['b_big']:,} characters" in reason
    assert f"past {limit:,} characters (max_build_chars;" in reason
    assert f"the articles before it hold {got['a_first']:,})" in reason
    assert "--max-build-chars" in reason
    assert "another --out folder" in reason
    everything, none_skipped = load_articles([tmp_path / "in"], limit=None)
    assert len(everything) == 4
    assert not none_skipped


def test_articles_past_the_sentence_limit_are_skipped_too(tmp_path: Path) -> None:
    # The title and each paragraph are one sentence each: 5, 11 and 3 in all.
    _folder(tmp_path / "in", {"a_first": 4, "b_big": 10, "c_small": 2})
    kept, skipped = load_articles([tmp_path / "in"], limit=BuildLimit(NO_LIMIT, 15))
    assert [a.id for a in kept] == ["a_first", "c_small"]
    assert [Path(s.path).name for s in skipped] == ["b_big.txt"]
    reason = skipped[0].reason
    assert "its 11 sentences would take the build's articles past 15 sentences" in reason
    assert "(max_build_sentences; the articles before it hold 5)" in reason
    assert "--max-build-sentences" in reason
    fits, none_skipped = load_articles([tmp_path / "in"], limit=BuildLimit(NO_LIMIT, 19))
    assert len(fits) == 3
    assert not none_skipped


def test_a_copy_or_an_article_in_another_language_takes_no_room(tmp_path: Path) -> None:
    _folder(tmp_path / "in", {"a_first": 3, "b_second": 3})
    text = (tmp_path / "in" / "a_first.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "a_zcopy.txt").write_text(text, encoding="utf-8")  # sorted before b
    articles, _ = load_articles([tmp_path / "in"])
    total = sum(len(a.text) for a in articles)
    kept, skipped = load_articles([tmp_path / "in"], limit=BuildLimit(total, NO_LIMIT))
    assert [a.id for a in kept] == ["a_first", "b_second"]
    assert [Path(s.path).name for s in skipped] == ["a_zcopy.txt"]
    assert "same text as" in skipped[0].reason


def test_a_build_keeps_the_articles_within_the_limit_and_reports_the_rest(
    tmp_path: Path, blank_session: Session
) -> None:
    _folder(tmp_path / "in", {"a_one": 3, "b_two": 3, "c_three": 3})
    articles, _ = load_articles([tmp_path / "in"])
    limit = sum(len(a.text) for a in articles[:2])
    settings = dataclasses.replace(blank_session.settings, max_build_chars=limit)
    session = dataclasses.replace(blank_session, settings=settings)
    out = tmp_path / "out"
    result = build_in_workspace([tmp_path / "in"], out, session, today="2019-07-15")
    assert [Path(s.path).name for s in result.skipped] == ["c_three.txt"]
    assert "--max-build-chars" in result.skipped[0].reason
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert {s["article_id"] for s in brief["sources"]} == {"a_one", "b_two"}

    # Raised, the limit is another build: the third article is read and cited.
    raised = dataclasses.replace(
        session, settings=dataclasses.replace(settings, max_build_chars=None)
    )
    again = build_in_workspace([tmp_path / "in"], out, raised, today="2019-07-15")
    assert not again.unchanged
    assert not again.skipped
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert {s["article_id"] for s in brief["sources"]} == {"a_one", "b_two", "c_three"}


def test_the_build_watch_and_classify_commands_pass_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []

    def fake(_sources: Any, _out: Any, settings: Any, **_kw: Any) -> Any:
        seen.append((settings.max_build_chars, settings.max_build_sentences))
        raise BriefingError("stop here")

    monkeypatch.setattr(api, "build", fake)
    monkeypatch.setattr(api, "watch", fake)
    monkeypatch.setattr(api, "classify", lambda _paths, settings, **_kw: fake(0, 0, settings))
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    for command in ("build", "watch", "classify"):
        for extra, expected in (
            ([], (None, None)),
            (["--max-build-chars", "5000"], (5000, None)),
            (["--max-build-sentences", "70"], (None, 70)),
        ):
            out = [] if command == "classify" else ["--out", str(tmp_path / "o")]
            args = [command, str(tmp_path / "a.txt"), *out, *extra]
            result = CliRunner().invoke(cli, args, prog_name="briefing")
            assert "stop here" in result.output, result.output
            assert seen.pop() == expected
    bad = CliRunner().invoke(
        cli, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "--max-build-chars", "0"]
    )
    assert bad.exit_code == 2
    assert "--max-build-chars" in bad.output
