"""The PolNeAR converter and scorer (eval/attribution/polnear.py) on invented data.

No PolNeAR text is used: the annotation and the article below are written for this test
in the corpus's brat standoff format.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    path = ROOT / "eval" / "attribution" / "polnear.py"
    spec = importlib.util.spec_from_file_location("polnear_eval", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_eval"] = module
    spec.loader.exec_module(module)
    return module


pn = _load()

ARTICLE = (
    "Budget fight\n\n"
    "Sen. Jane Roe (D-Ore.) said the plan would fail. Roe added that she would vote no.\n\n"
    "Secretary of State John Doe said talks would resume, and his aide Mary Doe said so too.\n"
)


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _ann() -> str:
    lines = []
    n = 0
    for eid, (source, cue, content) in enumerate(
        [
            ("Sen. Jane Roe (D-Ore.)", "said", "the plan would fail"),
            ("Roe", "added", "that she would vote no"),
            ("Secretary of State John Doe", "said", "talks would resume"),
        ],
        1,
    ):
        ids = []
        for label, part in (("Source", source), ("Cue", cue), ("Content", content)):
            n += 1
            after = ARTICLE.index(source)
            a, b = _span(ARTICLE, part, after)
            lines.append(f"T{n}\t{label} {a} {b}\t{part}")
            ids.append(f"T{n}")
        lines.append(f"E{eid}\tAttribution:T0 Content:{ids[2]} Cue:{ids[1]} Source:{ids[0]}")
    return "\n".join(lines) + "\n"


def test_parse_ann_reads_sources_cues_and_contents() -> None:
    attrs = pn.parse_ann(_ann())
    assert [a.source_text for a in attrs] == [
        "Sen. Jane Roe (D-Ore.)",
        "Roe",
        "Secretary of State John Doe",
    ]
    a = attrs[1]
    assert ARTICLE[a.cue[0][0] : a.cue[0][1]] == "added"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sen. Jane Roe (D-Ore.)", "Jane Roe"),
        ("Roe", "Jane Roe"),
        ("Secretary of State John Doe", "John Doe"),
        ("Doe", "John Doe"),  # the fuller name written most often before
        ("his aide Mary Doe", "Mary Doe"),
        ("Smith", "Smith"),  # no fuller mention: stays as it is
        ("Chancellor Ann Vale of Ruritania", "Ann Vale"),
        ("When Roe", "Jane Roe"),  # a sentence-initial word is no first name
        ("Even Sen. Roe", "Jane Roe"),  # nor is a word before a title
        ("Justice Roe", "Jane Roe"),
        ("His Democratic rival, Sen. Jane Roe,", "Jane Roe"),
    ],
)
def test_full_name_expands_a_bare_surname(name: str, expected: str) -> None:
    assert pn.full_name(name, ARTICLE, before=len(ARTICLE) // 2) == expected


def test_same_person_needs_the_same_first_name() -> None:
    assert pn.same_person("John Doe", "John Doe")
    assert not pn.same_person("Mary Doe", "John Doe")  # a relative is not the speaker
    assert pn.same_person("Doe", "John Doe")


def test_score_article_counts_recall_and_both_accuracies() -> None:
    attrs = pn.parse_ann(_ann())
    first = ARTICLE.index("Sen.")
    second = ARTICLE.index("Roe added")
    third = ARTICLE.index("Secretary")
    predicted = [
        pn.Predicted(first, second - 1, "Jane Roe"),
        pn.Predicted(third, len(ARTICLE) - 1, "Mary Doe"),  # wrong Doe
    ]
    score = pn.Score()
    pn.score_article(attrs, predicted, ARTICLE, ["secretary of state"], score)
    assert score.overall.attributions == 3
    assert score.overall.found == 2  # "Roe added" got no speaker
    assert score.overall.lenient == 2  # "Doe" overlaps "Mary Doe"
    assert score.overall.strict == 1  # but Mary Doe is not John Doe
    assert score.government.attributions == 1  # the secretary of state
    assert score.government.figures() == {
        "recall": 1.0,
        "lenient_accuracy": 1.0,
        "strict_accuracy": 0.0,
    }


@pytest.mark.parametrize("source", ["he", "who", "They"])
def test_pronoun_sources_are_found_but_not_judged(source: str) -> None:
    attr = pn.Attribution("E1", ((0, 2),), source, ((3, 7),), ((8, 12),))
    assert pn.judge(attr, pn.Predicted(0, 20, "John Doe"), ARTICLE) == (True, False, False, False)


def test_convert_writes_texts_and_gold_and_refuses_the_test_split(tmp_path: Path) -> None:
    repo = tmp_path / "PolNeAR"
    for split in ("train", "test"):
        (repo / "data" / split / "text").mkdir(parents=True)
        (repo / "data" / split / "attributions").mkdir(parents=True)
        (repo / "data" / split / "text" / "pub_2016_story.txt").write_text(ARTICLE)
        (repo / "data" / split / "attributions" / "pub_2016_story_ab12.ann").write_text(_ann())
    reader = pn.CorpusReader(repo)
    work = tmp_path / "work"
    assert pn.convert(reader, "train", work) == ["pub_2016_story"]
    assert (work / "train" / "articles" / "pub_2016_story.txt").read_text() == ARTICLE
    gold = [json.loads(x) for x in (work / "train" / "gold.jsonl").read_text().splitlines()]
    assert next(g["source_text"] for g in gold) == "Sen. Jane Roe (D-Ore.)"
    with pytest.raises(SystemExit, match="split 'test': use one of train, dev"):
        pn.convert(reader, "test", work)
    with pytest.raises(SystemExit, match="reserved"):
        reader.read("data/test/text/pub_2016_story.txt")
    assert not (work / "test").exists()


def test_no_name_runs_across_the_end_of_a_sentence() -> None:
    article = (
        "Senator Jane Roe spoke in Ruritania. Roe said the vote was close. "
        "She met voters in Ruritania. Roe added that she would run."
    )
    assert pn.full_name("Roe", article) == "Jane Roe"
    assert pn.full_name("Sen. Jane Roe", article) == "Jane Roe"


def test_an_owner_before_a_name_is_no_part_of_it() -> None:
    article = "Jane Roe spoke. Later, Ruritania Daily's Roe said it again. Roe added more."
    assert pn.full_name("Roe", article) == "Jane Roe"
    assert pn.full_name("Ruritania Daily's Roe", article) == "Jane Roe"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("the Ruritania press secretary, Jane Roe,", "Jane Roe"),
        ("Doe's spokesman, Jane Roe", "Jane Roe"),
        ("The director of the Ruritania Centre, Jane Roe,", "Jane Roe"),
        ("Another pollster, Jane Roe of Ruritania University,", "Jane Roe"),
        ("Chancellor Jane Roe of Ruritania", "Jane Roe"),
        ("a press release from Ruritania Watch", "Ruritania Watch"),
    ],
)
def test_a_name_apposed_to_a_description_is_the_source(source: str, expected: str) -> None:
    assert pn.full_name(source, "") == expected


def test_a_title_alone_is_the_person_the_article_calls_by_it() -> None:
    article = "President Jane Roe spoke. Later the president said no. Tom Doe left."
    attr = pn.Attribution("T1", ((29, 42),), "the president", ((43, 47),), ())
    right = pn.Predicted(23, 55, "Jane Roe")
    wrong = pn.Predicted(23, 55, "Tom Doe")
    assert pn.judge(attr, right, article) == (True, True, False, True)
    assert pn.judge(attr, wrong, article) == (True, True, False, False)


def test_a_sentence_initial_determiner_makes_no_name() -> None:
    article = "President Jane Roe spoke. The president said no."
    attr = pn.Attribution("T1", ((26, 39),), "The president", ((40, 44),), ())
    assert pn.judge(attr, pn.Predicted(26, 48, "Jane Roe"), article)[3]
