"""Generate N distinct, realistic wire-style articles about pairs of governments.

Every article is built from sentence frames of the kinds news on bilateral relations is
made of (a dateline lead, officials' statements and quotations, background with figures,
a risk, a scheduled step, a photo caption and a credit), filled with country names and
capitals from pycountry, invented people and varied numbers, so that no two articles
share their text. Seeded: the same N and seed give the same files.

Like the folder an analyst builds one brief from, most articles are about one pair of
countries (chosen by the seed): ``main_share`` of them (0.8 by default); the others pair
one of the two, or neither, with other countries, as the related and off-topic news a
folder also collects. ``--main-share 0`` gives every article its own random pair (the
corpus before 2026-12-01, whose brief was about the two organisations every article
mentions).

    python benchmarks/corpus.py OUT_DIR --n 200 [--seed 1] [--main-share 0.8]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import pycountry

SYLLABLES = ("ka", "lo", "mir", "san", "tev", "do", "ra", "vin", "el", "osh", "bar", "nu", "li")
TOPICS = (
    ("fishing rights", "the disputed waters"),
    ("a gas pipeline", "energy supplies"),
    ("border crossings", "the frontier"),
    ("tariffs on steel", "bilateral trade"),
    ("a water-sharing treaty", "the river basin"),
    ("the extradition of a suspect", "judicial cooperation"),
    ("visa rules", "travel between the two countries"),
    ("a detained journalist", "consular access"),
)
LEADS = (
    "{c1} and {c2} agreed on {day} to resume talks on {topic}, officials said, after {n} "
    "months of stalled negotiations.",
    "{c1} accused {c2} of violating an agreement on {topic}, escalating a dispute that has "
    "strained ties for {n} years.",
    "The foreign ministers of {c1} and {c2} met in {cap1} on {day} to discuss {topic}, the "
    "first such meeting in {n} years.",
)
BODY = (
    "{d1} Foreign Minister {p1} said {c1} wanted a fair settlement on {topic2}.",
    '"We are ready to work with our neighbours, but we will defend our interests," {p1} '
    "told reporters in {cap1}.",
    "{c2}'s foreign ministry rejected the accusation and said it had acted within the law.",
    'A spokesperson for the {d2} government, {p2}, said the proposal was "not acceptable" '
    "in its current form.",
    "Trade between the two countries was worth about ${n} billion last year, according to "
    "official figures.",
    "Analysts warned that the dispute could hurt investment and raise tensions along {topic2}.",
    "The two sides are expected to meet again in {cap2} next month.",
    "{p1} is due to visit {cap2} on {day} for talks with {p2}.",
    "Officials said {n} people had been detained in connection with the case.",
    "{c1} has long said that {topic2} should be managed jointly.",
    "Relations between {c1} and {c2} have been tense since a row over {topic} in {year}.",
    "{p2} added that {c2} would not accept any conditions set by {cap1}.",
    "Diplomats said a deal could be signed before the end of the year if both sides compromise.",
    "The European Union and the United Nations have urged both countries to show restraint.",
)
CAPTION = "{p1}, {d1} foreign minister, speaks to reporters in {cap1} on {day} [File: {p3}/Reuters]"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def _countries() -> list[tuple[str, str]]:
    """(name, demonym-ish adjective) of countries with a plain common name."""
    out = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        if "," in name or "(" in name or len(name) > 20:
            continue
        out.append((name, name))
    return sorted(out)


def _pair(
    rng: random.Random, countries: list[tuple[str, str]], main: list[tuple[str, str]], share: float
) -> list[tuple[str, str]]:
    """The two countries of one article: the main pair (in either order) ``share`` of the
    time, else one of them with another country (half the rest), else any two."""
    draw = rng.random()
    if draw < share:
        return rng.sample(main, 2)
    if draw < share + (1 - share) / 2:
        return [rng.choice(main), rng.choice([c for c in countries if c not in main])]
    return rng.sample(countries, 2)


def article(
    rng: random.Random,
    countries: list[tuple[str, str]],
    k: int,
    pair: list[tuple[str, str]] | None = None,
) -> str:
    """One article: headline, caption with credit, lead, 8-13 body paragraphs."""
    (c1, d1), (c2, d2) = pair or rng.sample(countries, 2)
    topic, topic2 = rng.choice(TOPICS)
    slots = {
        "c1": c1,
        "c2": c2,
        "d1": d1,
        "d2": d2,
        "cap1": f"{c1} City" if rng.random() < 0.5 else f"the {c1} capital",
        "cap2": f"the {c2} capital",
        "p1": _name(rng),
        "p2": _name(rng),
        "p3": _name(rng),
        "topic": topic,
        "topic2": topic2,
        "day": rng.choice(DAYS),
        "year": str(rng.randint(2005, 2023)),
    }

    def fill(frame: str) -> str:
        return frame.format(n=rng.randint(2, 90), **slots)

    headline = f"{c1} and {c2} at odds over {topic} (report {k})"
    paragraphs = [headline, fill(CAPTION), fill(rng.choice(LEADS))]
    body = rng.sample(BODY, rng.randint(8, 13))
    paragraphs += [fill(b) for b in body]
    return "\n\n".join(paragraphs) + "\n"


def generate(out: Path, n: int, seed: int = 1, main_share: float = 0.8) -> list[Path]:
    """Write n distinct articles into ``out``; return their paths."""
    rng = random.Random(seed)
    countries = _countries()
    main = rng.sample(countries, 2)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = out / f"a{k:04d}.txt"
        pair = _pair(rng, countries, main, main_share) if main_share > 0 else None
        path.write_text(article(rng, countries, k, pair), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--main-share", type=float, default=0.8)
    args = parser.parse_args()
    paths = generate(args.out, args.n, args.seed, args.main_share)
    print(len(paths), "articles in", args.out)


if __name__ == "__main__":
    main()
