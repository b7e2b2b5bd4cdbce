"""The analyst's loop end to end: rebuild after new articles, see what changed, review, override.

Three invented articles on a Norway-Iceland fishing dispute (written for these tests):
two to start with, and a third that reprints a paragraph of the first (and lightly edits
one of its sentences). The builds go through the library with the shared session; review
and override go through the CLI, as an analyst would use them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner, Result

from briefing.app.building import build_in_workspace
from briefing.app.review import load_review
from briefing.app.session import Session
from briefing.app.unchanged import BuildResult
from briefing.app.watch import watch
from briefing.classify import load_cues
from briefing.cli import cli
from briefing.config import Settings
from briefing.model import Brief, BriefItem

pytestmark = pytest.mark.model

TODAY = "2024-03-08"
A, B, C = "a_norway_quota", "b_iceland_talks", "c_mackerel_reprint"
REPRINTED = (
    "Norway's Foreign Ministry said on Monday it would not accept a larger Icelandic share "
    "of the mackerel catch. Foreign Minister Ola Invented said the quota agreed last year "
    "must stand."
)
ARTICLES = {
    A: f"""\
Norway rejects Iceland's claim to a larger mackerel quota

Date: 2024-03-04

{REPRINTED}

Analysts warn that the dispute could trigger a trade war over fish exports between the two \
countries.

The mackerel stock moved north into Icelandic waters after 2007, according to the fisheries \
institute.

Source: Nordic Wire
""",
    B: """\
Iceland calls for new talks on mackerel shares

Date: 2024-03-05

Iceland's Foreign Ministry said on Tuesday it wanted a fair share of the mackerel stock for \
its fleet.

Fisheries officials from Iceland and Norway will meet in Reykjavik next week to discuss the \
quotas.

Source: Nordic Wire
""",
    C: f"""\
Mackerel row deepens as Reykjavik prepares its answer

Date: 2024-03-06

{REPRINTED}

The mackerel stock moved north into Icelandic waters after 2007, according to the fisheries \
institute in Bergen.

Iceland's Prime Minister said on Wednesday that her government would respond firmly if Oslo \
cut the Icelandic quota.

Iceland's Foreign Ministry will summon the Norwegian ambassador on Friday to protest against \
the decision.

Source: Island Herald
""",
}
DERIVED = ("key_points", "new")


# --------------------------------------------------------------------------- helpers


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="briefing")


def write(folder: Path, *stems: str) -> None:
    for stem in stems:
        (folder / f"{stem}.txt").write_text(ARTICLES[stem], encoding="utf-8")


def run(session: Session, folder: Path, out: Path, **settings: object) -> BuildResult:
    options = {"pair": ("NOR", "ISL"), "formats": ("docx", "pdf", "json"), **settings}
    local = dataclasses.replace(session, settings=Settings(**options))  # type: ignore[arg-type]
    return build_in_workspace([folder], out, local, today=TODAY)


def placed(brief: Brief) -> list[tuple[str, BriefItem]]:
    """Every item of the brief's own sections (not key points or "New since")."""
    return [(s.key, i) for s in brief.sections if s.key not in DERIVED for i in s.items]


def cited(item: BriefItem) -> set[str]:
    return {c.article_id for c in item.citations}


def sentences_of(paragraph: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", paragraph)


def norm(text: str) -> str:
    return " ".join(text.split())


def unbracket(text: str) -> str:
    """The article's own words of an item: the brief's [bracketed] insertions taken out."""
    return re.sub(r" \[[^\]]*\]", "", text)


def docx_sections(path: Path) -> dict[str, list[str]]:
    """Heading 1 text -> the texts of the paragraphs under it."""
    sections: dict[str, list[str]] = {}
    current = ""
    for p in docx.Document(str(path)).paragraphs:
        if p.style is not None and p.style.name == "Heading 1":
            current = p.text
            sections[current] = []
        elif current:
            sections[current].append(p.text)
    return sections


def pdf_text(path: Path) -> str:
    return norm(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "articles"
    path.mkdir()
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


# --------------------------------------------------------------------------- 1: new article


@pytest.fixture
def two_then_three(session: Session, folder: Path, out: Path) -> tuple[BuildResult, BuildResult]:
    write(folder, A, B)
    first = run(session, folder, out)
    write(folder, C)
    second = run(session, folder, out)
    return first, second


def test_loop_rebuild_parses_only_the_new_article(
    two_then_three: tuple[BuildResult, BuildResult],
) -> None:
    first, second = two_then_three
    assert first.stats.parsed == [A, B]
    assert second.stats.parsed == [C]
    assert second.stats.cached == [A, B]
    assert second.stats.corrupt == []
    assert second.stats.classified == [C]
    assert second.stats.reused == [A, B]


def test_loop_reprinted_paragraph_appears_once_citing_both(
    two_then_three: tuple[BuildResult, BuildResult],
) -> None:
    _first, second = two_then_three
    items = placed(second.brief)
    for sentence in sentences_of(REPRINTED):
        holding = [(key, item) for key, item in items if unbracket(item.text) == sentence]
        assert holding, f"{sentence!r} is in no section"
        keys = [key for key, _ in holding]
        assert len(keys) == len(set(keys)), f"{sentence!r} twice in a section: {keys}"
        for key, item in holding:
            assert cited(item) == {A, C}, (key, item.citations)
            assert [c.number for c in item.citations] == [1, 3]
    # "on Monday" is dated from the first article's own date (Monday 4 March 2024).
    assert any("on Monday [4 March 2024] it would not accept" in i.text for _k, i in items)
    # The lightly edited sentence of the third article merged into the first's too.
    institute = [i for _k, i in items if "fisheries institute" in i.text]
    assert institute
    assert all(cited(i) == {A, C} for i in institute)


def test_loop_new_since_lists_exactly_the_new_articles_items(
    two_then_three: tuple[BuildResult, BuildResult],
) -> None:
    first, second = two_then_three
    assert first.brief.section("new") is None
    new = second.brief.section("new")
    assert new is not None
    assert new.heading == "New since 5 March 2024"
    only_c = {i.id for _k, i in placed(second.brief) if cited(i) == {C}}
    assert only_c, "the third article brought no item of its own"
    assert [i.id for i in new.items] == list(dict.fromkeys(i.id for i in new.items))
    assert {i.id for i in new.items} == only_c
    assert {i.id for i in second.assembly.items if i.new} == only_c


def test_loop_change_list_names_the_new_items(
    two_then_three: tuple[BuildResult, BuildResult], out: Path
) -> None:
    _first, second = two_then_three
    only_c = {i.id: i.text for _k, i in placed(second.brief) if cited(i) == {C}}
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert {c["id"] for c in changes["added"]} == set(only_c)
    assert all(c["new"] for c in changes["added"])
    assert changes["removed"] == []
    assert changes["moved"] == []
    assert changes["previous"] == "2024-03-05"
    assert [s.startswith("[3] Mackerel row deepens") for s in changes["articles_added"]] == [True]
    recited = {c["id"] for c in changes["cited"]}
    assert recited, "the reprinted paragraph is now cited by the new article"
    markdown = (out / "changes.md").read_text(encoding="utf-8")
    for item_id in only_c:
        assert f"`{item_id}`" in markdown
    assert "## Added (" in markdown


def test_loop_new_since_survives_a_rebuild_without_new_articles(
    session: Session, two_then_three: tuple[BuildResult, BuildResult], folder: Path, out: Path
) -> None:
    _first, second = two_then_three
    again = run(session, folder, out)
    assert again.stats.parsed == []
    new = again.brief.section("new")
    assert new is not None
    assert [i.id for i in new.items] == [i.id for i in second.brief.section("new").items]
    assert again.changes.entries == ()


def test_loop_new_items_marked_when_the_template_says_so(
    session: Session, folder: Path, out: Path, tmp_path: Path
) -> None:
    template = tmp_path / "marks.toml"
    template.write_text('[changes]\nnew = "mark"\nmark = "NEW"\n', encoding="utf-8")
    write(folder, A, B)
    run(session, folder, out, template=str(template), formats=("docx", "md"))
    write(folder, C)
    result = run(session, folder, out, template=str(template), formats=("docx", "md"))
    assert result.brief.section("new") is None
    marked = [
        p for ps in docx_sections(out / "brief.docx").values() for p in ps if p.startswith("NEW: ")
    ]
    assert marked
    assert "**NEW:** " in (out / "brief.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- 2: overrides


def test_loop_overrides_survive_rebuilds_and_go_stale(
    session: Session, folder: Path, out: Path
) -> None:
    write(folder, A, B)
    run(session, folder, out)
    listed = invoke("review", "--out", str(out), "--format", "json")
    assert listed.exit_code == 0, listed.output
    records = json.loads(listed.stdout)
    assert {tuple(sorted(r)) for r in records} == {
        tuple(
            sorted(
                [
                    "id",
                    "section",
                    "government",
                    "text",
                    "sources",
                    "confidence",
                    "reasons",
                    "new",
                    "override",
                    "dropped",
                ]
            )
        )
    }
    own = [r for r in records if r["section"] not in DERIVED]
    # Move an item of the second article; drop one of the first that is not reprinted.
    moving = next(r for r in own if r["sources"][0]["doc"] == B)
    target = "background" if moving["section"] != "background" else "risk"
    dropping = next(
        r
        for r in own
        if r["sources"][0]["doc"] == A
        and not any(s in REPRINTED for s in [r["text"]])
        and r["id"] != moving["id"]
    )
    moved = invoke("override", moving["id"], "--out", str(out), "--section", target)
    assert moved.exit_code == 0, moved.output
    assert moved.stdout == ""
    assert moved.stderr.startswith(f"override {moving['id']}: section {target} (saved).")
    dropped = invoke("override", dropping["id"][:6], "--out", str(out), "--drop")
    assert dropped.exit_code == 0, dropped.output

    write(folder, C)
    result = run(session, folder, out)
    assert result.stats.parsed == [C]
    headings = {s.key: s.heading for s in result.brief.sections}
    sections = docx_sections(out / "brief.docx")
    target_heading = headings[target]
    assert any(p.startswith(moving["text"]) for p in sections[target_heading])
    old_heading = headings.get(moving["section"])
    if old_heading and old_heading != target_heading:
        assert not any(p.startswith(moving["text"]) for p in sections[old_heading])
    everything = [p for ps in sections.values() for p in ps]
    assert not any(dropping["text"] in p for p in everything)

    text = pdf_text(out / "brief.pdf")
    assert norm(dropping["text"]) not in text
    start = text.index(target_heading)
    later = [text.find(h, start + len(target_heading)) for h in headings.values()]
    end = min([i for i in later if i > start] + [text.find("Sources", start)])
    assert norm(moving["text"]) in text[start:end]

    review = invoke("review", "--out", str(out), "--format", "json")
    by_id = {r["id"]: r for r in json.loads(review.stdout)}
    assert by_id[moving["id"]]["override"]["section"] == target
    assert by_id[moving["id"]]["override"]["applied"] is True
    assert by_id[dropping["id"]]["dropped"] is True

    # Remove the first article: the drop override has no sentence left and is reported.
    (folder / f"{A}.txt").unlink()
    rebuilt = invoke("build", str(folder), "--out", str(out), "--pair", "NOR,ISL", "-q")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (
        f"Warning: override {dropping['id']} (drop) matches no sentence any more: "
        f"“{dropping['text']}” ({A}). Remove it with: "
        f"briefing override {dropping['id']} --out {out} --undo"
    ) in rebuilt.stderr
    state = load_review(out)
    assert [o.key for o in state.stale] == [dropping["id"]]
    assert (
        dropping["id"]
        in json.loads((out / ".briefing" / "overrides.json").read_text())["overrides"]
    )
    table = invoke("review", "--out", str(out))
    assert "Stale overrides" in table.stdout
    assert dropping["id"] in table.stdout
    assert f"`{dropping['id']}`" in (out / "changes.md").read_text(encoding="utf-8")

    undone = invoke("override", dropping["id"], "--out", str(out), "--undo")
    assert undone.exit_code == 0, undone.output
    assert load_review(out).stale == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["zzzzzz", "--drop"],
            "No item 'zzzzzz' in the last build of {out}. "
            "List the ids with: briefing review --out {out}",
        ),
        (["{id}"], "Say what to change: --section, --government, --drop, --keep or --undo."),
        (
            ["{id}", "--drop", "--keep"],
            "--drop leaves the item out; it cannot be combined with others.",
        ),
        (
            ["{id}", "--government", "USA"],
            "--government USA is not a government of this brief (NOR, ISL).",
        ),
        (["{id}", "--undo"], "{id} has no override to undo."),
    ],
    ids=["unknown", "nothing", "drop-keep", "government", "undo-none"],
)
def test_loop_override_errors(
    session: Session, folder: Path, out: Path, args: list[str], message: str
) -> None:
    write(folder, B)
    result = run(session, folder, out)
    item_id = next(i.id for _k, i in placed(result.brief))
    argv = [a.format(id=item_id) for a in args]
    done = invoke("override", *argv, "--out", str(out))
    assert done.exit_code == 1
    assert done.stderr == f"Error: {message.format(id=item_id, out=out)}\n"


def test_loop_review_before_any_build(tmp_path: Path) -> None:
    done = invoke("review", "--out", str(tmp_path))
    assert done.exit_code == 1
    assert done.stderr == (
        f"Error: {tmp_path} has no brief to review yet. Build it first: "
        f"briefing build ARTICLES --out {tmp_path}\n"
    )


# --------------------------------------------------------------------------- workspace


def test_loop_corrupt_cache_is_rebuilt_with_the_same_brief(
    session: Session, folder: Path, out: Path
) -> None:
    write(folder, A, B)
    first = run(session, folder, out)
    for entry in (out / ".briefing" / "cache").rglob("*.bin"):
        entry.write_bytes(entry.read_bytes()[:100])
    # Another format makes the build run (with nothing changed it would reuse the reports
    # and never open the cache).
    again = run(session, folder, out, formats=("docx", "pdf", "json", "md"))
    assert not again.unchanged
    assert sorted(again.stats.corrupt) == [A, B]
    assert again.brief.to_dict() == first.brief.to_dict()


def test_loop_cue_change_reclassifies_without_reparsing(
    session: Session, folder: Path, out: Path, tmp_path: Path
) -> None:
    write(folder, A, B)
    run(session, folder, out)
    cues = tmp_path / "cues.toml"
    cues.write_text('[risk]\nlemmas = ["quota"]\n', encoding="utf-8")
    changed = dataclasses.replace(session, cues=load_cues([cues]))
    result = run(changed, folder, out)
    assert result.stats.parsed == []
    assert result.stats.cached == [A, B]
    assert result.stats.classified == [A, B]  # the cues changed: classified again
    again = run(changed, folder, out)
    assert again.stats.classified == []
    assert again.stats.reused == [A, B]


def test_loop_flipped_pair_reuses_classifications_and_gives_the_cold_brief(
    session: Session, folder: Path, out: Path, tmp_path: Path
) -> None:
    from briefing.app.classifying import classify_paths

    write(folder, A, B)
    run(session, folder, out)
    local = dataclasses.replace(session, settings=Settings(pair=("NOR", "ISL")))
    sentences = classify_paths([folder], local).sentences
    both = {"position:NOR", "position:ISL"}
    joint = sorted({s.article_id for s in sentences if both <= set(s.labels)})
    flipped = run(session, folder, out, pair=("ISL", "NOR"))
    # only an article with a sentence holding both positions is classified again
    assert flipped.stats.classified == joint
    assert sorted(flipped.stats.reused + flipped.stats.classified) == [A, B]
    cold = run(session, folder, tmp_path / "cold", pair=("ISL", "NOR"))
    assert flipped.brief.pair == cold.brief.pair == ("ISL", "NOR")
    assert [(k, i.text, i.labels) for k, i in placed(flipped.brief)] == [
        (k, i.text, i.labels) for k, i in placed(cold.brief)
    ]


def test_loop_two_builds_at_once_are_serialised(session: Session, folder: Path, out: Path) -> None:
    write(folder, A, B)
    results: list[BuildResult] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            results.append(run(session, folder, out))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(results) == 2
    assert sorted(len(r.stats.parsed) for r in results) == [0, 2]
    state = load_review(out)
    assert state.brief.to_dict() == results[0].brief.to_dict()
    assert not list((out / ".briefing").rglob("*.tmp"))


def test_loop_reports_of_the_last_build_are_replaced_without_force(folder: Path, out: Path) -> None:
    write(folder, B)
    args = ["build", str(folder), "--out", str(out), "--pair", "NOR,ISL", "-q"]
    assert invoke(*args).exit_code == 0
    assert invoke(*args).exit_code == 0
    (out / "brief.pdf").write_bytes(b"edited by hand")
    refused = invoke(*args)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {out / 'brief.pdf'} already exists. "
        "Pass --force to overwrite it, or --out another folder.\n"
    )


# --------------------------------------------------------------------------- watch


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "events"])
def test_loop_watch_rebuilds_when_an_article_appears(
    session: Session, folder: Path, out: Path, poll: bool
) -> None:
    write(folder, A, B)
    events: list[str] = []
    builds: list[BuildResult] = []
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if poll and len(sleeps) == 2:  # the second look: the third article arrives
            write(folder, C)

    def built(result: BuildResult) -> None:
        builds.append(result)
        if not poll:  # a file event, after the first build
            write(folder, C)

    local = dataclasses.replace(session, settings=Settings(pair=("NOR", "ISL")))
    count = bounded(
        lambda: watch(
            [folder],
            out,
            local,
            today=lambda: TODAY,
            interval=0.5,
            debounce=0.25,
            max_builds=2,
            on_event=events.append,
            on_build=built,
            sleep=sleep,
            poll=poll,
        )
    )
    assert count == 2
    assert [b.stats.parsed for b in builds] == [[A, B], [C]]
    assert f"[build 2] added: {folder / (C + '.txt')}" in events
    assert any(e.startswith("[build 2] parsed 1 article(s), 2 from the cache; ") for e in events)
    if poll:
        assert sleeps[:3] == [0.5, 0.5, 0.25]  # look, look (C appears), settle
    else:
        assert sleeps[:1] == [0.25]  # woken by the event: settle, never a timed look


def bounded(run: Callable[[], int], timeout: float = 30.0) -> int:
    """Run a watch in a thread; fail (instead of hanging) if it has not ended in ``timeout``."""
    done: list[int] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            done.append(run())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the watch did not rebuild within {timeout} s"
    if errors:
        raise errors[0]
    return done[0]


@pytest.mark.parametrize("backend", [["--poll"], []], ids=["polling", "events"])
def test_loop_watch_cli_once_builds_and_stops(folder: Path, out: Path, backend: list[str]) -> None:
    write(folder, B)
    done = invoke(
        "watch",
        str(folder),
        "--out",
        str(out),
        "--pair",
        "NOR,ISL",
        "--max-builds",
        "1",
        "-q",
        *backend,
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0].startswith("[build 1] parsed 1 article(s), 0 from the cache")
    assert (out / "brief.docx").exists()


# --------------------------------------------------------------------------- 3: review.html

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
#: Runs in the page after load: which sections and item ids are rendered visibly.
PROBE = """
<script>
window.addEventListener('load', () => {
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && (el.checkVisibility ? el.checkVisibility({opacityProperty: true}) : true);
  };
  const out = {sections: {}, ids: {}};
  document.querySelectorAll('section[data-section]').forEach((s) => {
    const h = s.querySelector('h2');
    out.sections[s.dataset.section] = !!h && seen(h) ? h.textContent : null;
  });
  document.querySelectorAll('[data-id] .id').forEach((e) => {
    out.ids[e.textContent] = (out.ids[e.textContent] || false) || seen(e);
  });
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


@pytest.fixture
def reviewed(session: Session, folder: Path, out: Path) -> Path:
    write(folder, A, B)
    first = run(session, folder, out)
    item = next(i for _k, i in placed(first.brief))
    assert invoke("override", item.id, "--out", str(out), "--keep").exit_code == 0
    write(folder, C)
    run(session, folder, out)
    done = invoke("review", "--out", str(out))
    assert done.exit_code == 0, done.output
    return out / "review.html"


def test_loop_review_html_is_self_contained_and_escaped(reviewed: Path) -> None:
    page = reviewed.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<mark>" in page
    assert "Norway&#x27;s Foreign Ministry" in page  # escaped, not raw markup


def test_loop_review_html_in_headless_chromium(reviewed: Path, out: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI: .ci/run should have installed it")
        pytest.skip("chromium is not installed here (.ci/run installs it on CI)")
    review = load_review(out)
    probe = tmp_path / "probe.html"
    probe.write_text(
        reviewed.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
        encoding="utf-8",
    )
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stdout[-2000:]
    seen = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    expected_sections = {s.key: s.heading for s in review.brief.sections}
    assert {k: seen["sections"].get(k) for k in expected_sections} == expected_sections
    ids = {i.id for i in review.items}
    assert ids
    assert {i: seen["ids"].get(i) for i in ids} == dict.fromkeys(ids, True)


# --------------------------------------------------------------------------- caches agree

EVAL_ARTICLES = Path(__file__).resolve().parents[2] / "eval" / "dev" / "articles"


def test_loop_cached_build_equals_a_build_without_workspace(
    session: Session, tmp_path: Path
) -> None:
    from briefing.app.building import brief_from
    from briefing.app.classifying import classify_paths
    from briefing.app.pair import decide_pair, salience
    from briefing.app.workspace import Workspace
    from briefing.classify import detect_pair
    from briefing.nlp.pipeline import parse_articles

    local = dataclasses.replace(session, settings=Settings(formats=("json",)))
    plain = classify_paths([EVAL_ARTICLES], local, per_article_pair=False)
    expected = brief_from(plain, local, date=TODAY)
    out = tmp_path / "out"
    cold = build_in_workspace([EVAL_ARTICLES], out, local, today=TODAY)
    warm = build_in_workspace([EVAL_ARTICLES], out, local, today=TODAY)
    assert warm.stats.parsed == []
    assert warm.stats.classified == []
    items = Workspace(out).prepare(plain.articles, local.nlp, local.registry)
    cached = [salience(i.article, i.salience, local.registry) for i in items]
    fresh = parse_articles(plain.articles, local.nlp)
    assert decide_pair(None, cached, local.registry) == detect_pair(fresh, local.registry)
    assert cold.brief.pair == plain.pair
    for result in (cold, warm):
        assert result.brief.pair == expected.pair
        got = [(s.key, [i.text for i in s.items]) for s in result.brief.sections]
        want = [(s.key, [i.text for i in s.items]) for s in expected.sections]
        assert got == want
