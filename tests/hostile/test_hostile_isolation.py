"""One article that trips a stage is skipped with the reason; every other article is built.

A failure is injected into each stage in turn (reading, parsing, classification,
assembly) for one "poisoned" article among good ones. The build must report exactly
that article as skipped, with the stage and the error, print no traceback (unless -v),
and cite every good article. ``classify`` must print the other articles' sentences and
exit 1, and ``watch`` must survive what ``build`` survives. No trained model: the
``blank_session`` fixture runs every stage on a blank pipeline.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from _hostile_corpus import article, statement
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc

import briefing.app.building
import briefing.app.outputs
import briefing.app.pool
import briefing.assemble
import briefing.classify
import briefing.ingest.files
import briefing.nlp.pipeline
from briefing.app.building import build_in_workspace
from briefing.app.classifying import classify_paths
from briefing.app.pool import PoolExecutor, pool_available
from briefing.app.session import Session
from briefing.app.watch import watch
from briefing.cli import cli
from briefing.nlp.components import ACTOR_MATCHER, use_registry

MARK = "Quuxville"  # an invented place name only the poisoned article contains
STAGES = ("reading", "parsing", "classification", "assembly")
ERRORS = {
    "reading": "ValueError: injected reading failure",
    "parsing": "RuntimeError: injected parsing failure",
    "classification": "StopIteration",
    "assembly": "KeyError: 'injected assembly failure'",
}


@Language.component("test_poison_v1")
def _poison(doc: Doc) -> Doc:
    """A pipeline component that fails on the poisoned article's text."""
    if MARK in doc.text:
        raise RuntimeError("injected parsing failure")
    return doc


def reason(stage: str) -> str:
    return (
        f"{stage} failed on this article ({ERRORS[stage]}); it is left out and the other "
        "articles are built. This is a bug in briefing: run again with -v to see the "
        "traceback, and report it."
    )


def corpus(folder: Path) -> tuple[list[str], Path]:
    """Write three good articles and the poisoned one; return the good ids and its path."""
    folder.mkdir(parents=True, exist_ok=True)
    good = []
    for n, topic in enumerate(["chips", "steel", "glass"], 1):
        (folder / f"good{n}.txt").write_text(
            article(f"Export curbs, part {n}", statement(n, topic)), "utf-8"
        )
        good.append(f"good{n}")
    poisoned = folder / "poisoned.txt"
    poisoned.write_text(
        article(
            "Curbs reach the provinces",
            f"Japan's Trade Ministry said on Monday that {MARK} would get the curbs too.",
        ),
        "utf-8",
    )
    return good, poisoned


def inject(stage: str, monkeypatch: pytest.MonkeyPatch, session: Session) -> Session:
    """Make ``stage`` fail on the poisoned article; return the session to build with."""
    if stage == "reading":
        real_parse = briefing.ingest.files.parse_article

        def parse(text: str, **kwargs: Any) -> Any:
            if MARK in text:
                raise ValueError("injected reading failure")
            return real_parse(text, **kwargs)

        monkeypatch.setattr(briefing.ingest.files, "parse_article", parse)
    elif stage == "parsing":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("test_poison_v1")
        nlp.add_pipe(ACTOR_MATCHER, config={"registry_key": use_registry(session.registry)})
        nlp.meta["briefing_model"] = "blank-poison"
        return dataclasses.replace(session, nlp=nlp)
    elif stage == "classification":
        real_gather = briefing.classify.gather

        def gather(sent: Any, *args: Any, **kwargs: Any) -> Any:
            if MARK in sent.text:
                # What `next()` over a sentence without the token it looks for raises.
                raise StopIteration
            return real_gather(sent, *args, **kwargs)

        monkeypatch.setattr(briefing.classify, "gather", gather)
    else:
        real_placements = briefing.assemble._placements

        def placements(sentence: Any, *args: Any) -> Any:
            if MARK in sentence.text:
                raise KeyError("injected assembly failure")
            return real_placements(sentence, *args)

        monkeypatch.setattr(briefing.assemble, "_placements", placements)
    return session


@pytest.fixture
def use_session(monkeypatch: pytest.MonkeyPatch) -> Callable[[Session], None]:
    """Make the CLI open the given session instead of loading the trained pipeline."""

    def use(session: Session) -> None:
        monkeypatch.setattr(
            Session,
            "open",
            classmethod(lambda _cls, settings: dataclasses.replace(session, settings=settings)),
        )

    return use


@pytest.mark.parametrize("stage", STAGES)
def test_hostile_isolation_build_skips_only_the_failing_article(
    stage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session
) -> None:
    good, poisoned = corpus(tmp_path / "in")
    session = inject(stage, monkeypatch, blank_session)
    result = build_in_workspace([tmp_path / "in"], tmp_path / "out", session, today="2019-07-15")
    assert [(s.path, s.reason) for s in result.skipped] == [(str(poisoned), reason(stage))]
    assert "Traceback" in result.skipped[0].detail
    assert [s.article_id for s in result.brief.sources] == good
    brief = json.loads((tmp_path / "out" / "brief.json").read_text("utf-8"))
    assert [s["article_id"] for s in brief["sources"]] == good
    assert not any(MARK in i["text"] for s in brief["sections"] for i in s["items"])


@pytest.mark.parametrize("stage", STAGES)
def test_hostile_isolation_cli_build_lists_the_skip_without_a_traceback(
    stage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    blank_session: Session,
    use_session: Callable[[Session], None],
) -> None:
    _good, poisoned = corpus(tmp_path / "in")
    use_session(inject(stage, monkeypatch, blank_session))
    out = tmp_path / "out"
    args = ["build", str(tmp_path / "in"), "--out", str(out), "--format", "md", "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # coverage warnings (the blank pipeline resolves no speaker) come first, then the skip
    assert result.stderr.endswith(f"Skipped 1 file(s):\n  {poisoned}: {reason(stage)}\n")
    assert result.stdout == f"{out / 'brief.md'}\n"
    verbose = CliRunner().invoke(cli, [*args, "-v"])
    assert verbose.exit_code == 1
    assert f"  {poisoned}: {reason(stage)}\n    Traceback (most recent call last):" in (
        verbose.stderr
    )


@pytest.mark.parametrize("stage", ["reading", "parsing", "classification"])
def test_hostile_isolation_classify_prints_the_other_articles(
    stage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    blank_session: Session,
    use_session: Callable[[Session], None],
) -> None:
    good, poisoned = corpus(tmp_path / "in")
    use_session(inject(stage, monkeypatch, blank_session))
    files = sorted(str(p) for p in (tmp_path / "in").iterdir())
    result = CliRunner().invoke(cli, ["classify", *files, "-q"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    assert sorted(set(docs)) == good
    # coverage warnings (the blank pipeline resolves no speaker) come first, then the skip
    assert result.stderr.endswith(f"Skipped 1 file(s):\n  {poisoned}: {reason(stage)}\n")


def test_hostile_isolation_classify_paths_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session
) -> None:
    good, _poisoned = corpus(tmp_path / "in")
    session = inject("classification", monkeypatch, blank_session)
    classified = classify_paths([tmp_path / "in"], session)
    assert [a.id for a in classified.articles] == good
    assert {s.article_id for s in classified.sentences} == set(good)
    assert classified.parsed == good


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "events"])
def test_hostile_isolation_watch_survives_an_unexpected_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session, poll: bool
) -> None:
    corpus(tmp_path / "in")
    calls = {"n": 0}
    real = briefing.app.outputs.render

    def render(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise AttributeError("injected render failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(briefing.app.outputs, "render", render)
    events: list[str] = []

    def touch(*_args: object) -> None:
        later = tmp_path / "in" / "later.txt"
        if not later.exists():
            later.write_text(article("Later", statement(5, "resins")), "utf-8")

    def event(line: str) -> None:
        events.append(line)
        if not poll and line.startswith("[build 1] Error: "):
            touch()  # a file event after the failed build

    builds = watch(
        [tmp_path / "in"],
        tmp_path / "out",
        blank_session,
        today=lambda: "2019-07-15",
        max_builds=2,
        on_event=event,
        sleep=touch if poll else lambda _seconds: None,
        poll=poll,
    )
    assert builds == 2
    assert events[0] == (
        "[build 1] Error: unexpected failure (AttributeError: injected render failure). "
        "This is a bug in briefing: run again with -v to see the traceback, and report it."
    )
    assert "[build 2] added: " + str(tmp_path / "in" / "later.txt") in events
    assert f"[build 2] wrote {tmp_path / 'out' / 'brief.md'}" in events


def test_hostile_isolation_clock_times_and_addresses_never_stop_a_build(
    tmp_path: Path, blank_session: Session
) -> None:
    # Colons inside tokens (clock times, addresses) once stopped the whole batch with a
    # StopIteration in the classifier. Whether or not that is fixed, only the article
    # concerned may be affected: the others reach the brief.
    good, _poisoned = corpus(tmp_path / "in")
    clock = tmp_path / "in" / "clock.txt"
    clock.write_text(
        article(
            "Talks at dawn",
            "Japan's Trade Ministry said at 6:00 a.m. on Monday that the curbs, listed at "
            "https://example.org/curbs:list, would stay.",
        ),
        "utf-8",
    )
    result = build_in_workspace(
        [tmp_path / "in"], tmp_path / "out", blank_session, today="2019-07-15"
    )
    cited = [s.article_id for s in result.brief.sources]
    assert set(good) <= set(cited)
    if "clock" not in cited:
        assert [(s.path, s.reason) for s in result.skipped] == [
            (
                str(clock),
                reason("classification"),
            )
        ]


def test_hostile_ctrl_c_while_the_command_line_loads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    import briefing.__main__

    real_import = builtins.__import__

    def interrupted(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "briefing.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        briefing.__main__.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\nInterrupted; reports unchanged\n"


# ---------------------------------------------------------------- the process pool (--jobs)


def pooled(session: Session, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, list[str]]:
    """The session with a pool of two worker processes, used even for these few articles.

    Returns it and the list of the worker functions the pool ran (filled as it runs).
    """
    monkeypatch.setattr(briefing.nlp.pipeline, "PARALLEL_MIN_CHARS", 0)
    ran: list[str] = []
    real = PoolExecutor._in_order

    def spy(self: PoolExecutor, fn: Any, tasks: Any) -> Any:
        ran.append(fn.__name__)
        return real(self, fn, tasks)

    monkeypatch.setattr(PoolExecutor, "_in_order", spy)
    settings = dataclasses.replace(session.settings, jobs=2)
    executor = PoolExecutor(registry=session.registry, cues=session.cues)
    return dataclasses.replace(session, settings=settings, executor=executor), ran


@pytest.mark.skipif(not pool_available(), reason="the pool forks its workers")
@pytest.mark.parametrize("stage", ["parsing", "classification"])
def test_hostile_isolation_pool_worker_reports_only_the_failing_article(
    stage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session
) -> None:
    good, poisoned = corpus(tmp_path / "in")
    session, ran = pooled(inject(stage, monkeypatch, blank_session), monkeypatch)
    result = build_in_workspace([tmp_path / "in"], tmp_path / "out", session, today="2019-07-15")
    assert ran == ["parse_task", "classify_task"]  # both ran in the workers
    assert [(s.path, s.reason) for s in result.skipped] == [(str(poisoned), reason(stage))]
    assert "Traceback" in result.skipped[0].detail  # the worker's, as the error's cause
    assert [s.article_id for s in result.brief.sources] == good
    brief = json.loads((tmp_path / "out" / "brief.json").read_text("utf-8"))
    assert not any(MARK in i["text"] for s in brief["sections"] for i in s["items"])


def _dies_on_the_poisoned_article(monkeypatch: pytest.MonkeyPatch, *, seconds: float = 0) -> None:
    """Make a pool worker exit (or, with ``seconds``, stall) on the poisoned article."""
    real = briefing.app.pool.body_salience

    def salience(pa: Any) -> Any:
        if MARK in pa.article.text:
            if not seconds:
                os._exit(1)  # as the kernel's OOM killer would end it: no error, no cleanup
            time.sleep(seconds)
        return real(pa)

    monkeypatch.setattr(briefing.app.pool, "body_salience", salience)


@pytest.mark.skipif(not pool_available(), reason="the pool forks its workers")
def test_hostile_isolation_pool_worker_that_dies_fails_only_its_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session
) -> None:
    good, poisoned = corpus(tmp_path / "in")
    session, ran = pooled(blank_session, monkeypatch)
    _dies_on_the_poisoned_article(monkeypatch)
    result = build_in_workspace([tmp_path / "in"], tmp_path / "out", session, today="2019-07-15")
    assert ran == ["parse_task", "classify_task"]
    # Each article is a task of its own here: only the one that killed its worker is out.
    assert [s.path for s in result.skipped] == [str(poisoned)]
    assert "parsing failed on this article (BrokenProcessPool" in result.skipped[0].reason
    assert [s.article_id for s in result.brief.sources] == good


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        return [
            int(c)
            for t in tasks
            for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()
        ]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(
    not pool_available() or not Path("/proc/self/task").exists(), reason="forks; reads /proc"
)
def test_hostile_isolation_pool_ctrl_c_stops_the_workers_and_leaves_no_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_session: Session
) -> None:
    corpus(tmp_path / "in")
    out = tmp_path / "out"
    session, _ran = pooled(blank_session, monkeypatch)
    _dies_on_the_poisoned_article(monkeypatch, seconds=60)  # a worker busy for a minute
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads (3.12+)
        pid = os.fork()
    if pid == 0:  # the child: a build in its own process group, as a terminal runs one
        code = 1
        try:
            os.setpgid(0, 0)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            build_in_workspace([tmp_path / "in"], out, session, today="2019-07-15")
            code = 0
        except KeyboardInterrupt:
            code = 130
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while len(workers := _children(pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2, workers
    time.sleep(0.5)  # the workers are parsing (one of them stalled)
    os.killpg(pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    deadline = time.monotonic() + 20
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    if done[0] == 0:  # pragma: no cover - the failure this test is about
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the build did not end within 20 s of Ctrl-C")
    assert os.WIFEXITED(done[1])
    assert os.WEXITSTATUS(done[1]) == 130
    assert not [w for w in workers if _alive(w)]  # no worker outlives the build
    assert not (out / "brief.json").exists()
