"""A build on a Dask cluster gives the briefs of a local build, byte for byte (``--executor``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import briefing.app.cluster
import briefing.nlp.pipeline
from briefing import api
from briefing.app.cluster import ClusterError
from briefing.app.executor import open_executor
from briefing.app.session import Session
from briefing.app.statedb import read_state
from briefing.cli import cli
from briefing.codec import encode
from briefing.config import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "eval" / "dev" / "articles").glob("*.txt"))[:3]
FILES = ("brief.json", "brief.md", "brief.pdf", "brief.docx")
STATE = ".briefing/state.db"


def _outputs(out: Path) -> dict[str, bytes]:
    """The reports' bytes, and the review state (SQLite) as canonical JSON."""
    files = {name: (out / name).read_bytes() for name in FILES}
    state = encode(read_state(out / STATE))
    files[STATE] = json.dumps(state, sort_keys=True, ensure_ascii=False).encode()
    return files


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _build(out: Path, *options: str, articles: list[Path] = ARTICLES) -> dict[str, bytes]:
    args = ["build", *map(str, articles), "--out", str(out), "-q", *options]
    result = CliRunner().invoke(cli, [*args, "--format", "docx,pdf,json,md"])
    assert result.exit_code == 0, result.output
    return _outputs(out)


@pytest.mark.model
def test_cluster_builds_the_briefs_of_local_builds(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(briefing.nlp.pipeline, "PARALLEL_MIN_CHARS", 0)  # two processes
    one = _build(tmp_path / "one", "--jobs", "1")
    two = _build(tmp_path / "two", "--jobs", "2")
    dask = _build(tmp_path / "dask", "--executor", "dask", "--scheduler", scheduler)
    assert dask == one
    assert dask == two


@pytest.mark.model
def test_cluster_rebuild_sends_only_new_articles(tmp_path: Path, scheduler: str) -> None:
    def builds(out: Path, settings: Settings) -> list[api.BuildResult]:
        return [
            api.build(articles, out, settings, today="2020-01-01", stem="brief")
            for articles in (ARTICLES[:2], ARTICLES)
        ]

    every = ("docx", "pdf", "json", "md")
    cluster = Settings(formats=every, executor="dask", scheduler=scheduler)
    first, again = builds(tmp_path / "dask", cluster)
    assert sorted(first.stats.parsed) == sorted(p.stem for p in ARTICLES[:2])
    assert again.stats.parsed == [ARTICLES[2].stem]  # the other two came from the cache
    builds(tmp_path / "local", Settings(formats=every, jobs=1))
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")


@pytest.mark.model
def test_cluster_unreachable_scheduler_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(briefing.app.cluster, "CONNECT_SECONDS", 1.0)
    address = "tcp://127.0.0.1:9"  # the discard port: nothing answers
    args = ["build", str(ARTICLES[0]), "--out", str(tmp_path / "out"), "-q"]
    result = CliRunner().invoke(cli, [*args, "--executor", "dask", "--scheduler", address])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: cannot reach the Dask scheduler at {address} within 1 s"
    )
    assert "`dask scheduler`" in result.stderr
    assert "Traceback" not in result.output


def test_cluster_without_dask_names_the_extra(
    blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    s: Any = blank_session
    with pytest.raises(ClusterError) as err:
        open_executor(
            Settings(executor="dask"), nlp=s.nlp, registry=s.registry, cues=s.cues, jobs=1
        )
    assert str(err.value) == (
        "--executor dask needs Dask distributed, which is not installed: "
        "pip install 'briefing[cluster]'"
    )


def test_cluster_scheduler_needs_the_dask_executor(tmp_path: Path) -> None:
    args = ["build", str(ARTICLES[0]), "--out", str(tmp_path / "out"), "--scheduler", "x:1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Error: --scheduler needs --executor dask" in result.stderr


def test_cluster_tasks_batch_articles_and_feed_every_worker() -> None:
    from briefing.app.cluster import TASKS_PER_WORKER
    from briefing.app.executor import task_chunks
    from briefing.model import Article

    def art(n: int, size: int) -> Article:
        return Article(id=f"a{n}", path="", text="x" * size, title="", blocks=())

    many = [art(n, 10_000) for n in range(20)]  # 200,000 characters
    chunks = task_chunks(many, workers=2, per_worker=TASKS_PER_WORKER)
    assert [n for c in chunks for n in c] == list(range(20))  # every article, in order
    assert all(len(c) == 4 for c in chunks)  # 40,000 characters a task
    few = [art(n, 3_000) for n in range(3)]
    # each worker gets work
    assert task_chunks(few, workers=2, per_worker=TASKS_PER_WORKER) == [[0], [1], [2]]


@pytest.mark.model
def test_cluster_worker_unlike_this_machine_stops_the_build(session: Session) -> None:
    import dataclasses

    from briefing.app.cluster import worker_session, worker_spec

    spec = worker_spec(Settings(), nlp=session.nlp, registry=session.registry, cues=session.cues)
    assert worker_session(spec) is worker_session(spec)  # loaded once per process
    other = dataclasses.replace(spec, fingerprint="0" * 64)  # as if this machine differed
    with pytest.raises(ClusterError, match=r"^a Dask worker runs another briefing, spaCy model"):
        worker_session(other)
