"""Read, parse and classify articles, directly or through a workspace's caches.

An article that a stage fails on unexpectedly is reported (``Failures``) and left out;
the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.app.early import EarlyClassifier
from briefing.app.inputs import never_sources
from briefing.app.pair import Pair, decide_pair, given_pair, parsed_mentions, ranked_pair, salience
from briefing.app.session import Meter, Progress, Session
from briefing.app.state import ParseStats
from briefing.app.workspace import Workspace
from briefing.classify import classify_articles
from briefing.errors import internal_reason, traceback_of
from briefing.ingest import FileReader, Skipped, build_limit, load_articles
from briefing.model import Article, Sentence
from briefing.nlp.pipeline import ParsedArticle, iter_parsed

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Classified:
    """The articles read, the sentences classified, and the files skipped.

    ``parsed`` holds the ids of the articles parsed or decoded in this build (their Docs
    are released as soon as each is classified); ``mentions`` each article's salience.
    """

    articles: list[Article]
    sentences: list[Sentence]
    parsed: list[str]
    skipped: list[Skipped] = field(default_factory=list)
    stats: ParseStats | None = None
    pair: tuple[str, str] | None = None
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)
    article_pairs: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Failures:
    """Articles a stage failed on unexpectedly: each becomes a skipped file with the reason.

    The article boundary of every stage reports here (``record``); the traceback goes to
    the debug log (``-v``), the reason names the stage and the error.
    """

    skipped: list[Skipped] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def record(self, article: Article, stage: str, exc: BaseException) -> None:
        """Report ``article`` as skipped because ``stage`` raised ``exc``."""
        logger.debug("%s: %s failed", article.id, stage, exc_info=exc)
        self.ids.add(article.id)
        self.skipped.append(Skipped(where(article), internal_reason(stage, exc), traceback_of(exc)))

    def keep(self, articles: Sequence[Article]) -> list[Article]:
        """Return the articles no stage failed on."""
        return [a for a in articles if a.id not in self.ids]


def where(article: Article) -> str:
    """Return where an article is, as skip lists print it ("feed.jsonl (article feed-3)")."""
    if article.path and Path(article.path).stem != article.id:
        return f"{article.path} (article {article.id})"
    return article.path or article.id


def classify_each(
    parsed: Sequence[ParsedArticle],
    session: Session,
    failures: Failures,
    *,
    pair: Sequence[str] | None,
) -> list[Sentence]:
    """Classify each parsed article on its own; one that fails is reported and left out."""
    sentences: list[Sentence] = []
    for pa in parsed:
        try:
            sentences.extend(classify_articles([pa], session.registry, session.cues, pair=pair))
        # The article boundary: a defect one article trips leaves only that article out.
        except Exception as exc:
            failures.record(pa.article, "classification", exc)
    return sentences


def classify_paths(
    paths: Sequence[Path],
    session: Session,
    *,
    per_article_pair: bool = True,
    progress: Progress | None = None,
) -> Classified:
    """Read, parse and classify the articles under ``paths``.

    An article that parsing or classification fails on unexpectedly is listed in
    ``skipped`` with the reason, and the others are still classified.

    Args:
        paths: files and folders of articles.
        session: the loaded registry, cues and pipeline.
        per_article_pair: detect each article's own pair (``classify``) instead of
            one pair for all articles (``build``); ``--pair`` overrides both.
        progress: called with progress messages (the CLI prints them on stderr).
    """
    say = progress or (lambda _msg: None)
    articles, skipped = load_articles(
        list(paths),
        encoding=session.settings.encoding,
        limit=build_limit(session.settings.max_build_chars, session.settings.max_build_sentences),
    )
    say(f"read {len(articles)} article(s), skipped {len(skipped)}")
    failures = Failures()
    pair: Pair | None = given_pair(session.settings.pair, session.registry)
    stream = iter_parsed(
        articles,
        session.nlp,
        on_error=lambda a, exc: failures.record(a, "parsing", exc),
        jobs=session.jobs,
    )
    mentions: dict[str, dict[str, int]] = {}

    def mentioned(pa: ParsedArticle) -> None:
        mentions[pa.article.id] = dict(parsed_mentions([pa], session.registry)[0])

    held: list[ParsedArticle] | None = None
    if pair is None and not per_article_pair:
        # One pair for all: every article must be parsed before any is classified.
        held = list(stream)
        for pa in held:
            mentioned(pa)
        pair = decide_pair(None, mentions.values(), session.registry)
        stream = iter(held)
    sentences: list[Sentence] = []
    parsed: list[str] = []
    for pa in stream:  # each article is classified as soon as it is parsed, then dropped
        if held is None:  # (held articles were counted before the pair was decided)
            mentioned(pa)
        parsed.append(pa.article.id)
        sentences.extend(classify_each([pa], session, failures, pair=pair))
        del pa  # not held while the next article is parsed
    say(f"parsed and classified {len(parsed)} article(s); {len(sentences)} sentence(s)")
    return Classified(
        articles=failures.keep(articles),
        sentences=sentences,
        parsed=[a for a in parsed if a not in failures.ids],
        skipped=[*skipped, *failures.skipped],
        pair=pair,
        mentions={a: m for a, m in mentions.items() if a not in failures.ids},
    )


def classify_in_workspace(
    paths: Sequence[Path],
    session: Session,
    workspace: Workspace,
    *,
    stem: str = "brief",
    progress: Progress | None = None,
    meter: Meter | None = None,
    read: FileReader | None = None,
) -> Classified:
    """Read and classify the articles under ``paths`` through a workspace's caches.

    Like ``classify_paths`` for ``build`` (one pair for all articles), but only the
    articles the parse cache lacks are parsed, the pair is found from the entries'
    salience, and an article is classified again only when something its classification
    depends on changed. The output folder is never read as a source (``never_sources``;
    ``stem`` names its reports); ``read`` reads one file (``load_articles``). Call it while
    holding ``workspace.lock()``.

    Returns:
        The articles, sentences and skipped files; ``parsed`` holds only the articles
        decoded or parsed in this build, ``pair`` the pair of the brief, ``stats`` what
        the caches did.
    """
    say = progress or (lambda _msg: None)
    articles, skipped = load_articles(
        list(paths),
        encoding=session.settings.encoding,
        exclude=never_sources(workspace.out, paths, stem=stem),
        read=read,
        limit=build_limit(session.settings.max_build_chars, session.settings.max_build_sentences),
    )
    say(f"read {len(articles)} article(s), skipped {len(skipped)}")
    failures = Failures()
    workspace.on_error = failures.record
    if meter is not None:
        workspace.meter = meter
    workspace.executor = session.executor  # this machine, or a cluster (--executor)
    workspace.early = EarlyClassifier(session.settings.pair, session.registry, session.cues)
    items = workspace.prepare(articles, session.nlp, session.registry, jobs=session.jobs)
    say(workspace.stats.summary())
    mentions = {
        i.article.id: dict(salience(i.article, i.salience, session.registry)) for i in items
    }
    pair = decide_pair(session.settings.pair, mentions.values(), session.registry)
    sentences: list[Sentence] = []
    if items and pair[0] and pair[1]:
        sentences = workspace.classify(items, session.registry, session.cues, pair=pair)
    workspace.early = None
    stats = workspace.stats
    touched = {*stats.parsed, *stats.classified}
    say(
        f"classified {len(stats.classified)} article(s), "
        f"{len(stats.reused)} unchanged; {len(sentences)} sentence(s)"
    )
    return Classified(
        articles=failures.keep(articles),
        sentences=[s for s in sentences if s.article_id not in failures.ids],
        parsed=[i.article.id for i in items if i.article.id in touched and not i.failed],
        skipped=[*skipped, *failures.skipped],
        stats=stats,
        pair=pair,
        mentions=mentions,
        article_pairs={a: ranked_pair(m, session.registry) for a, m in mentions.items()},
    )
