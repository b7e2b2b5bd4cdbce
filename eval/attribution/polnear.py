"""Rebuild PolNeAR's train or dev split from its public repository, and score briefing on it.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates attributions in US political news:
each has a source span (who), a cue span (the verb or frame) and a content span (what).
This module reads the corpus from a clone of ``networkdynamics/PolNeAR`` (a checkout, or a
bare git directory: files are read with ``git show``), writes each article of a split as a
``.txt`` file plus a ``gold.jsonl`` of its attributions into a working folder outside the
repository, runs briefing's attribution on every article and prints:

- recall: the share of gold attributions whose cue sentence gets a speaker;
- lenient speaker accuracy: a content word of the predicted speaker's name appears in the
  gold source span (the head-name overlap);
- strict speaker accuracy: the same person, after expanding a bare surname in the gold source
  (and in the prediction) to the fullest name the article gives that surname;

overall and for government sources (a source whose span, or the title before its full name,
carries one of the registry's government titles or institutions).

The test split is reserved evaluation material: this module refuses to read it.

Usage::

    .venv/bin/python eval/attribution/polnear.py --polnear /path/to/PolNeAR --split train
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ALLOWED_SPLITS = ("train", "dev")


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (word lists stay readable)."""
    return frozenset(text.split())


_STOP = _words(
    """
    a an the of for and in at to on his her their its our my your mr mrs ms dr sir former
    said says told also who which that this these those some many one two jr sr when as
    although though but while if after before so then meanwhile still yet now here there
    since because according like unlike during another other both neither either each every
    even
    """
)
_PRONOUNS = _words(
    """
    i me we us you he him she her they them it its his their our my your one who whom
    which that
    """
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")
#: A name: up to three capitalised words or abbreviations ("Sen.", "D.") before a last word.
#: Only short abbreviations end in a full stop, so no name runs across the end of a
#: sentence ("... in Mexico. Trump said" holds the name "Trump", not "Mexico Trump").
_NAME = re.compile(
    r"(?:(?:[A-Z][a-zA-Z'’\-]+|[A-Z][a-z]{0,2}\.|(?:Sens|Reps|Govs|Capt|Sgt)\.)[ \u00a0]+){0,3}"
    r"[A-Z][a-zA-Z'’\-]+"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One gold attribution: its spans as (start, end) character offsets and texts."""

    id: str
    source: tuple[tuple[int, int], ...]
    source_text: str
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """One sentence briefing attributed: its span and the speaker's name."""

    start: int
    end: int
    speaker: str
    government: str | None = None


@dataclass(slots=True)
class Tally:
    """Counts for one group of attributions (all, or government sources)."""

    attributions: int = 0
    found: int = 0
    judged: int = 0  # found, with a gold source that names someone (not a bare pronoun)
    lenient: int = 0
    strict: int = 0

    def add(self, *, found: bool, judged: bool, lenient: bool, strict: bool) -> None:
        """Count one attribution."""
        self.attributions += 1
        self.found += found
        self.judged += judged
        self.lenient += lenient
        self.strict += strict

    def figures(self) -> dict[str, float]:
        """Recall and speaker accuracies, as fractions (0.0 when there is nothing to count)."""

        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "recall": ratio(self.found, self.attributions),
            "lenient_accuracy": ratio(self.lenient, self.judged),
            "strict_accuracy": ratio(self.strict, self.judged),
        }


@dataclass(slots=True)
class Score:
    """The tallies of a split."""

    overall: Tally = field(default_factory=Tally)
    government: Tally = field(default_factory=Tally)
    articles: int = 0
    pronoun_sources: int = 0


# -- reading the corpus ----------------------------------------------------------------------


class CorpusReader:
    """Read files of a PolNeAR clone: a checkout (``data/`` on disk) or a bare git directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checkout = (root / "data").is_dir()
        if not self.checkout and not (root / "HEAD").is_file():
            raise SystemExit(
                f"Error: {root}: not a PolNeAR checkout (no data/) nor a git directory; "
                "clone networkdynamics/PolNeAR and pass its folder with --polnear"
            )

    def list(self, folder: str) -> list[str]:
        """Paths (relative to the repository) of the files in a folder, sorted."""
        _refuse_test(folder)
        if self.checkout:
            return sorted(
                str(p.relative_to(self.root)) for p in (self.root / folder).iterdir() if p.is_file()
            )
        out = self._git("ls-tree", "--name-only", "HEAD", folder.rstrip("/") + "/")
        return sorted(line for line in out.splitlines() if line)

    def read(self, path: str) -> str:
        """The text of one file (UTF-8)."""
        _refuse_test(path)
        if self.checkout:
            return (self.root / path).read_text(encoding="utf-8")
        return self._git("show", f"HEAD:{path}")

    def _git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "--git-dir", str(self.root), *args],
            check=True,
            capture_output=True,
        )
        return done.stdout.decode("utf-8")


def _refuse_test(path: str) -> None:
    parts = Path(path).parts
    if "test" in parts:
        raise SystemExit("Error: PolNeAR's test split is reserved evaluation material; not read")


def parse_ann(text: str) -> list[Attribution]:
    """Parse a brat standoff ``.ann`` file into attributions (events E with their spans)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if re.match(r"T\d+\t", line):
            tid, meta, *rest = line.split("\t")
            label, _, offsets = meta.partition(" ")
            ranges = tuple(
                (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
            )
            spans[tid] = (label, ranges, rest[0] if rest else "")
        elif re.match(r"E\d+\t", line):
            eid, args = line.split("\t")[:2]
            roles: dict[str, str] = {}
            for arg in args.split():
                role, _, target = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)] = target
            events.append((eid, roles))
    out: list[Attribution] = []
    for eid, roles in events:
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        content = spans.get(roles.get("Content", ""))
        out.append(
            Attribution(
                id=eid,
                source=source[1] if source else (),
                source_text=source[2] if source else "",
                cue=cue[1] if cue else (),
                content=content[1] if content else (),
            )
        )
    return out


def convert(reader: CorpusReader, split: str, work: Path) -> list[str]:
    """Write the split's articles and gold attributions under ``work/split``; return the ids.

    Articles annotated by several annotators keep the first annotation file (sorted by name),
    so the conversion is deterministic.
    """
    if split not in ALLOWED_SPLITS:
        raise SystemExit(f"Error: split {split!r}: use one of {', '.join(ALLOWED_SPLITS)}")
    out = work / split
    (out / "articles").mkdir(parents=True, exist_ok=True)
    texts = [p for p in reader.list(f"data/{split}/text") if p.endswith(".txt")]
    anns = [p for p in reader.list(f"data/{split}/attributions") if p.endswith(".ann")]
    by_article: dict[str, str] = {}
    for path in anns:
        stem = Path(path).stem.rsplit("_", 1)[0]
        by_article.setdefault(stem, path)
    ids: list[str] = []
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for path in texts:
            stem = Path(path).stem
            ann = by_article.get(stem)
            if ann is None:
                continue
            text = reader.read(path)
            (out / "articles" / f"{stem}.txt").write_text(text, encoding="utf-8")
            for a in parse_ann(reader.read(ann)):
                gold.write(json.dumps({"doc": stem, **asdict(a)}, ensure_ascii=False) + "\n")
            ids.append(stem)
    return ids


def read_gold(path: Path) -> dict[str, list[Attribution]]:
    """Read a converted ``gold.jsonl``: doc -> attributions."""
    out: dict[str, list[Attribution]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = rec.pop("doc")
        out.setdefault(doc, []).append(
            Attribution(
                id=rec["id"],
                source=tuple(tuple(r) for r in rec["source"]),
                source_text=rec["source_text"],
                cue=tuple(tuple(r) for r in rec["cue"]),
                content=tuple(tuple(r) for r in rec["content"]),
            )
        )
    return out


# -- scoring -----------------------------------------------------------------------------------


def _bare(word: str) -> str:
    """A word without its possessive ending and outer punctuation ("Clinton’s" -> "Clinton")."""
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return word.strip(".’'-")


def content_words(text: str) -> set[str]:
    """Lower-cased words of a name or phrase without function words and pronouns."""
    words = {_bare(w).lower() for w in _WORD.findall(text)}
    return {w for w in words if w and w not in _STOP and w not in _PRONOUNS}


def is_pronoun_source(text: str) -> bool:
    """True when the gold source is only a pronoun ("he", "they")."""
    words = [w.lower() for w in _WORD.findall(text)]
    return bool(words) and all(w in _PRONOUNS for w in words)


_TITLES = _words(
    """
    rep sen gov president vice secretary senator representative governor mayor judge gen lt
    col adm chairman chairwoman speaker leader minister ambassador attorney general
    democrat democrats republican republicans former first lady nominee candidate mr mrs ms
    dr sir the chief police sens reps govs state monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december chancellor prime premier king queen prince foreign press justice
    democratic
    """
)


def _after_title(words: Sequence[str]) -> list[str]:
    """The words of a run after its last title ("Even Mr. Roe" is Roe).

    A word before a title is no first name: "Ruritania Senator Roe" is Roe too.
    """
    for i in range(len(words) - 2, -1, -1):  # a title as the last word names no one
        if _bare(words[i]).lower().rstrip(".") in _TITLES:
            return list(words[i + 1 :])
    return list(words)


def _own_words(run: str) -> list[str]:
    """The words of a run of capitalised words after its last possessive.

    "Media Research Center's Jane Roe" names Jane Roe: the owner is no part of the name.
    """
    words = run.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i].endswith(("'s", "’s")):
            return words[i + 1 :]
    return words


def _runs(segment: str) -> list[list[str]]:
    """The runs of capitalised words of a segment, without titles, owners and stop words."""
    runs = []
    for m in _NAME.finditer(segment):
        words = [_bare(w) for w in _after_title(_own_words(m.group(0)))]
        words = [w for w in words if w and w.lower() not in _STOP | _TITLES]
        if words:
            runs.append(words)
    return runs


def _apposed_name(text: str) -> list[str]:
    """A name apposed to a description: "the press secretary, Jane Roe," is Jane Roe.

    The first comma part whose head (its words before "of", "from", "at", "for") ends in
    a run of capitalised words names the source; a part whose capitalised words only
    qualify a common noun ("the Ruritania press secretary", "Doe's spokesman") does not.
    """
    for part in re.split(r"[,(]", text):
        head = re.split(r" of | from | at | for ", part)[0].strip(" .;:'’\"“”")
        last = head.split()[-1] if head.split() else ""
        if not last[:1].isupper() or _bare(last).lower().rstrip(".") in _STOP | _TITLES:
            continue
        runs = _runs(head)
        if runs:
            return runs[-1]
    return []


def _name_run(text: str) -> list[str]:
    """The name a source phrase is about, without titles.

    A name apposed to a description comes first (``_apposed_name``); else it is the last
    run of capitalised words in the first part of the phrase that has one, the parts
    being cut at commas, parentheses and "of", "from", "at", "for": "Doe spokeswoman
    Jane Roe, 40," is Jane Roe, "Chancellor Jane Roe of Ruritania" Jane Roe.
    """
    apposed = _apposed_name(text)
    if apposed:
        return apposed
    for segment in re.split(r"[,(]| of | from | at | for ", text):
        runs = _runs(segment)
        if runs:
            return runs[-1]
    return []


def _short(words: Sequence[str]) -> str:
    """The name words of a run without initials, at most the last three.

    "John D. Doe" is "John Doe"; "Jane Ann Roe Smith" is "Ann Roe Smith".
    """
    named = [w for w in words if len(w.rstrip(".")) > 1]
    return " ".join(named[-3:]) if named else (words[-1] if words else "")


def full_name(name: str, article: str, before: int | None = None) -> str:
    """Expand a bare surname to the fullest name the article gives it.

    The name is the first run of capitalised words in the phrase, without titles
    ("Sen. Jane Roe (D-Ore.)" is "Jane Roe"). A lone surname ("Roe") becomes the first and
    last name most often written with it in the article ("Jane Roe"), the nearest one
    before ``before`` on a tie; a name found nowhere in full stays as it is.
    """
    words = _name_run(name)
    if len(words) != 1:
        return _short(words) if words else name.strip()
    surname = words[0]
    counts: dict[str, int] = {}
    last_before: dict[str, int] = {}
    for m in _NAME.finditer(article):
        parts = [_bare(p) for p in _after_title(_own_words(m.group(0)))]
        parts = [p for p in parts if p and p.lower() not in _STOP and p.lower() not in _TITLES]
        if len(parts) < 2 or parts[-1] != surname:
            continue
        candidate = _short(parts)
        if len(candidate.split()) < 2:
            continue
        counts[candidate] = counts.get(candidate, 0) + 1
        if before is None or m.start() < before:
            last_before[candidate] = m.start()
    if not counts:
        return surname
    return max(counts, key=lambda c: (counts[c], last_before.get(c, -1)))


def same_person(predicted: str, gold: str) -> bool:
    """True when two expanded names are the same person (every word of the shorter matches)."""
    p = [w.lower() for w in predicted.split()]
    g = [w.lower() for w in gold.split()]
    if not p or not g:
        return False
    if p[-1] != g[-1]:
        return False
    short, long_ = (p, g) if len(p) <= len(g) else (g, p)
    return all(w in long_ for w in short)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_sentence(attr: Attribution, predicted: Sequence[Predicted]) -> Predicted | None:
    """The predicted sentence holding the attribution's cue (else its content), if any."""
    anchors = attr.cue or attr.content or attr.source
    for ranges in (anchors,):
        for r in ranges:
            for p in predicted:
                if _overlaps(r, (p.start, p.end)):
                    return p
    return None


@functools.lru_cache(maxsize=4)
def _role_patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern for a role anywhere in a phrase, one for a role right before a name."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"\b(?:{alternation})\b"), re.compile(rf"\b(?:{alternation})\s*$")


def is_government_source(source: str, article: str, span_start: int, words: Iterable[str]) -> bool:
    """True when the source, or the title before its fullest mention, is a government role.

    ``words`` are lower-cased government titles and institutions ("secretary of state",
    "white house"); "former" in the source takes the role away.
    """
    text = source.lower()
    if "former" in text.split():
        return False
    anywhere, before = _role_patterns(tuple(words))
    context = article[max(0, span_start - 40) : span_start].lower()
    return bool(anywhere.search(text) or before.search(context))


def judge(attr: Attribution, hit: Predicted | None, article: str) -> tuple[bool, bool, bool, bool]:
    """Return (found, judged, lenient, strict) for one gold attribution."""
    if hit is None:
        return False, False, False, False
    if is_pronoun_source(attr.source_text) or not attr.source_text:
        return True, False, False, False
    gold_words = content_words(attr.source_text)
    pred_words = content_words(hit.speaker)
    lenient = bool(gold_words & pred_words)
    start = attr.source[0][0] if attr.source else None
    gold_name = full_name(attr.source_text, article, start)
    pred_name = full_name(hit.speaker, article, hit.start)
    if _name_run(attr.source_text):  # "The president" names no one: its head must match
        strict = same_person(pred_name, gold_name)
    else:  # "the campaign", "officials": the head noun must be the predicted speaker's
        head = next(iter(reversed(_WORD.findall(attr.source_text))), "").lower()
        strict = head in pred_words or titled_as(pred_name, head, article)
    return True, True, lenient, strict


def titled_as(name: str, title: str, article: str) -> bool:
    """Whether the article writes the title right before the name ("President Jane Roe").

    A gold source that is a title alone ("the president") is the person the prediction
    names when the article calls that person by that title.
    """
    words = name.split()
    if not words or title not in _TITLES or not title.isalpha():
        return False
    pattern = rf"\b(?i:{re.escape(title)})\s+(?:[A-Z][\w.'’-]*\s+){{0,2}}{re.escape(words[-1])}\b"
    return re.search(pattern, article) is not None


def score_article(
    attrs: Sequence[Attribution],
    predicted: Sequence[Predicted],
    article: str,
    gov_words: Sequence[str],
    score: Score,
) -> None:
    """Add one article's attributions to the score."""
    score.articles += 1
    for a in attrs:
        if not a.source:
            continue
        hit = match_sentence(a, predicted)
        found, judged, lenient, strict = judge(a, hit, article)
        score.pronoun_sources += is_pronoun_source(a.source_text)
        score.overall.add(found=found, judged=judged, lenient=lenient, strict=strict)
        if is_government_source(a.source_text, article, a.source[0][0], gov_words):
            score.government.add(found=found, judged=judged, lenient=lenient, strict=strict)


# -- running briefing --------------------------------------------------------------------------


def _batches(items: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_briefing(
    articles: Sequence[Path], actors: Sequence[Path] = ()
) -> dict[str, list[Predicted]]:
    """Classify the articles with briefing; return doc -> sentences that got a speaker."""
    from briefing.app.classifying import classify_paths
    from briefing.app.session import Session
    from briefing.config import Settings

    session = Session.open(Settings(actors=tuple(actors)))
    out: dict[str, list[Predicted]] = {p.stem: [] for p in articles}
    failed: list[str] = []
    for batch in _batches(list(articles), 40):
        try:
            groups = [classify_paths(list(batch), session)]
        except Exception:  # one article that breaks the classifier: retry one by one
            groups = []
            for path in batch:
                try:
                    groups.append(classify_paths([path], session))
                except Exception as exc:
                    failed.append(f"{path.stem}: {type(exc).__name__}: {exc}")
        for classified in groups:
            for s in classified.sentences:
                if s.speaker is not None and s.speaker.name:
                    out.setdefault(s.article_id, []).append(
                        Predicted(s.start, s.end, s.speaker.name, s.speaker.government)
                    )
        print(f"  classified {len(batch)} article(s)", file=sys.stderr)
    for line in failed:
        print(f"  skipped (briefing failed): {line}", file=sys.stderr)
    return out


def government_words() -> list[str]:
    """Government titles and institutions of the shipped registry, lower-cased, longest first."""
    from briefing.nlp.registry import load_registry

    reg = load_registry()
    words = {w.lower() for w in (*reg.government_titles, *reg.generic_institutions)}
    for gov in reg.governments.values():
        words.update(w.lower() for w in (*gov.institutions, *gov.seats))
    words -= {"official", "officials", "government", "administration", "authorities"}
    return sorted(words, key=lambda w: (-len(w), w))


def evaluate(work: Path, split: str, limit: int | None, actors: Sequence[Path]) -> Score:
    """Score briefing on a converted split."""
    folder = work / split
    gold = read_gold(folder / "gold.jsonl")
    paths = sorted((folder / "articles").glob("*.txt"))
    if limit:
        paths = paths[:limit]
    predicted = run_briefing(paths, actors)
    words = government_words()
    score = Score()
    for path in paths:
        article = path.read_text(encoding="utf-8")
        score_article(gold.get(path.stem, []), predicted.get(path.stem, []), article, words, score)
    return score


def report(split: str, score: Score) -> str:
    """The figures of a split as printed lines."""
    lines = [
        f"PolNeAR {split}: {score.articles} articles, {score.overall.attributions} attributions"
    ]
    lines.append(f"  gold sources that are bare pronouns (not judged): {score.pronoun_sources}")
    for name, tally in (("overall", score.overall), ("government sources", score.government)):
        f = tally.figures()
        lines.append(
            f"  {name:<19} n={tally.attributions:<6} recall {f['recall']:.3f}  "
            f"speaker lenient {f['lenient_accuracy']:.3f}  strict {f['strict_accuracy']:.3f}"
            f"  (judged {tally.judged})"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Convert a split, run briefing on it and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR checkout or git dir")
    parser.add_argument("--split", choices=ALLOWED_SPLITS, action="append", required=True)
    parser.add_argument(
        "--work", type=Path, default=Path("build/polnear"), help="where the texts are written"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--actors", type=Path, action="append", default=[], help="extra registry")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    reader = CorpusReader(args.polnear)
    results: dict[str, dict[str, object]] = {}
    for split in args.split:
        convert(reader, split, args.work)
        score = evaluate(args.work, split, args.limit, args.actors)
        results[split] = {
            "articles": score.articles,
            "overall": {"n": score.overall.attributions, **score.overall.figures()},
            "government": {"n": score.government.attributions, **score.government.figures()},
        }
        if not args.json:
            print(report(split, score))
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
