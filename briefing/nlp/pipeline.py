"""Build the spaCy pipeline once and parse articles with it.

This is the only place the pipeline is assembled. ``parse_articles`` runs
``nlp.pipe`` over the body blocks of every article and returns ``ParsedArticle``
records that keep the spaCy ``Doc`` of each block; they never leave nlp/classify.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from briefing.errors import PipelineError
from briefing.ingest import default_rules, parsing_prefix
from briefing.lexicons import abbreviations
from briefing.model import Article, Block, BlockKind
from briefing.nlp.components import ACTOR_MATCHER, register_extensions, use_registry
from briefing.nlp.models import resolve_model_name
from briefing.nlp.registry import Registry

logger = logging.getLogger(__name__)

#: Blocks the pipeline parses: body text is classified; captions and standfirsts are parsed
#: only so that the people they introduce ("X, Belarus's president, (pictured)") are known.
PARSED_KINDS = frozenset({BlockKind.BODY, BlockKind.CAPTION, BlockKind.STANDFIRST})

SUPPORTED_MODEL_VERSIONS = re.compile(r"^3\.[78]\.")

#: A sentence piece this short (or a dateline such as "ISLAMABAD:") is joined to the next.
_DANGLING = re.compile(r"^(?:[\W\d_]*|[A-Z][A-Z .'/-]{1,40}:|[A-Z]\.|\S{1,3})$")
#: A piece ending like this did not end a sentence: an initial, an abbreviation that is
#: never final (``data/en/abbreviations.toml``), an ellipsis.
_NO_BREAK_END = re.compile(
    r"(?:\b[A-Z]\.|\b(?:"
    + "|".join(re.escape(a.removesuffix(".")) for a in abbreviations().never_final)
    + r")\.|…|\.\.\.)$"
)


def build_nlp(model: str | None = None, *, registry: Registry) -> Language:
    """Load the spaCy pipeline and add briefing's components.

    Args:
        model: a package name or path; None picks the first installed default.
        registry: the actor registry whose phrases the actor matcher finds.

    Raises:
        PipelineError: when the model cannot be loaded or has an unsupported version.
    """
    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise PipelineError(
            f"Cannot load the spaCy pipeline {name!r}: {exc}. Install it (`make install`) "
            "or pass --model with the name or path of an installed English pipeline."
        ) from exc
    version = str(nlp.meta.get("version", ""))
    if nlp.lang != "en" or not SUPPORTED_MODEL_VERSIONS.match(version):
        raise PipelineError(
            f"The spaCy pipeline {name!r} is {nlp.lang} {version}; briefing needs an English "
            "pipeline of version 3.7 or 3.8 (en_core_web_sm 3.8.0 is pinned)."
        )
    for needed in ("parser", "ner", "tagger"):
        if needed not in nlp.pipe_names:
            raise PipelineError(
                f"The spaCy pipeline {name!r} has no {needed!r}; briefing needs a trained "
                "English pipeline with tagger, parser and ner (en_core_web_sm)."
            )
    register_extensions()
    nlp.add_pipe(ACTOR_MATCHER, last=True, config={"registry_key": use_registry(registry)})
    nlp.meta.setdefault("briefing_model", name)
    return nlp


def model_info(nlp: Language) -> dict[str, str]:
    """Return the name and version of the loaded pipeline, for ``Brief.meta``."""
    return {
        "model": str(nlp.meta.get("briefing_model", nlp.meta.get("name", ""))),
        "model_version": str(nlp.meta.get("version", "")),
        "spacy_version": spacy.about.__version__,
    }


@dataclass(slots=True)
class ParsedBlock:
    """A block of an article with its spaCy Doc (body blocks only) and sentence spans."""

    block: Block
    doc: Doc | None = None
    sentences: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class ParsedArticle:
    """An article with a ParsedBlock per block, in text order."""

    article: Article
    blocks: list[ParsedBlock]


#: A left quotation mark typed for an apostrophe ("Mexico‘s") hides the possessive.
_MISTYPED_APOSTROPHE = re.compile(r"(?<=\w)‘(?=[sS]\b)")


def normalise_for_parsing(text: str) -> str:
    """Repair what misleads the parser, keeping every character offset.

    A mistyped apostrophe ("Mexico‘s") becomes a real one, and a wire dateline opening
    the text ("KYIV, Feb 5 (Reuters) - ", found by ``ingest.parsing_prefix``) is blanked
    out with spaces so that it does not become the subject of the lead.
    """
    text = _MISTYPED_APOSTROPHE.sub("’", text)
    end = parsing_prefix(text, default_rules())
    return " " * end + text[end:] if end else text


def split_sentences(doc: Doc) -> list[Span]:
    """Return the sentences of a block's Doc, repairing the parser's bad splits.

    A piece that is only a dateline or a fragment joins the next one, and a piece
    that ends in an initial or an abbreviation joins the next one when that starts
    in lower case or is a name.
    """
    pieces = [(s.start, s.end) for s in doc.sents]
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged:
            prev_start, prev_end = merged[-1]
            prev_text = doc[prev_start:prev_end].text.strip()
            first = doc[start]
            if (
                _DANGLING.match(prev_text)
                or (_NO_BREAK_END.search(prev_text) and (first.is_lower or first.is_title))
                or (first.is_lower and first.is_alpha and not prev_text.endswith((".", "?", "!")))
            ):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return [doc[s:e] for s, e in merged if doc[s:e].text.strip()]


#: The most characters one ``nlp.pipe`` batch holds. The parser and tagger work on a whole
#: batch at once, so their working memory grows with the batch's text: a batch of 1,000
#: blocks of 10,000 characters took gigabytes. Batches of this many characters keep the
#: peak of any accepted article (up to 1,000,000 characters) in a few hundred megabytes.
MAX_BATCH_CHARS = 50_000

ParseError = Callable[[Article, Exception], None]
"""Called with an article the pipeline failed on, and the error (the article is left out)."""


def _batches(texts: Sequence[str], *, batch_size: int, max_chars: int) -> Iterator[list[int]]:
    """Yield the indices of ``texts`` in batches of few texts and few characters.

    A batch holds at most ``batch_size`` texts and ``max_chars`` characters (a longer
    text is a batch of its own).
    """
    batch: list[int] = []
    chars = 0
    for i, text in enumerate(texts):
        if batch and (len(batch) >= batch_size or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(i)
        chars += len(text)
    if batch:
        yield batch


#: Below this many characters a build parses in one process: starting workers costs more.
PARALLEL_MIN_CHARS = 200_000
#: Texts a worker takes at a time when parsing in several processes.
PARALLEL_BATCH = 32


def default_jobs() -> int:
    """Processes to parse with by default: the cores, at most 4 (each holds a pipeline)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _parse(
    articles: Sequence[Article],
    nlp: Language,
    *,
    batch_size: int,
    max_chars: int,
    jobs: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse the body blocks of ``articles``, yielding each article once all its blocks are.

    The pipeline streams: an article is yielded as soon as its last block is parsed, so a
    caller that stores and drops each one holds the Docs of one article (and one batch),
    not of the whole folder. Any error of the pipeline propagates.
    """
    # An article's record leaves this list when it is yielded, so the list keeps no Docs.
    parsed: list[ParsedArticle | None] = [
        ParsedArticle(article=a, blocks=[ParsedBlock(block=b) for b in a.blocks]) for a in articles
    ]
    # The article of every block the pipeline parses, the block and its text, in order.
    owners: list[int] = []
    blocks: list[ParsedBlock | None] = []
    texts: list[str] = []
    for n, pa in enumerate(parsed):
        assert pa is not None
        for pb in pa.blocks:
            if pb.block.kind in PARSED_KINDS:
                owners.append(n)
                blocks.append(pb)
                texts.append(normalise_for_parsing(pa.article.text[pb.block.start : pb.block.end]))
    done = 0  # articles yielded so far
    for i, doc in _docs(texts, nlp, batch_size=batch_size, max_chars=max_chars, jobs=jobs):
        block, blocks[i] = blocks[i], None  # the article's record keeps it, not this list
        assert block is not None
        _keep(block, doc)
        del block, doc  # no reference outlives the article's record (see _release)
        if i + 1 == len(owners) or owners[i + 1] != owners[i]:
            # This block's article is complete, and so is every article before it.
            yield from _release(parsed, done, owners[i] + 1)
            done = owners[i] + 1
    yield from _release(parsed, done, len(parsed))


def _release(parsed: list[ParsedArticle | None], start: int, stop: int) -> Iterator[ParsedArticle]:
    """Yield ``parsed[start:stop]`` and forget them.

    A generator's local variable lives on while it computes the next item: each one that
    refers to a yielded article is deleted at once, or the article's Docs would stay in
    memory while the next article is parsed.
    """
    for n in range(start, stop):
        pa = parsed[n]
        parsed[n] = None
        if pa is not None:
            yield pa
            del pa


def _docs(
    texts: Sequence[str], nlp: Language, *, batch_size: int, max_chars: int, jobs: int
) -> Iterator[tuple[int, Doc]]:
    """Yield ``(index, Doc)`` for every text, in order, in bounded batches or processes."""
    if jobs > 1 and sum(map(len, texts)) >= PARALLEL_MIN_CHARS:
        # Several processes: one stream of small batches (every text is already cut to a
        # bounded length by ingest), so the workers stay busy and memory stays bounded.
        yield from enumerate(nlp.pipe(texts, batch_size=PARALLEL_BATCH, n_process=jobs))
        return
    for batch in _batches(texts, batch_size=batch_size, max_chars=max_chars):
        docs = nlp.pipe((texts[i] for i in batch), batch_size=len(batch))
        yield from zip(batch, docs, strict=True)


def _keep(block: ParsedBlock, doc: Doc) -> None:
    """Attach a parsed Doc to its block, without the tok2vec output.

    The tensor is needed by no later stage (nor kept by the cache) and is the largest
    part of a parsed Doc.
    """
    doc.tensor = numpy.zeros((0,), dtype="float32")
    block.doc = doc
    block.sentences = split_sentences(doc)


def parse_articles(
    articles: Sequence[Article],
    nlp: Language,
    *,
    batch_size: int = 1000,
    max_batch_chars: int = MAX_BATCH_CHARS,
    on_error: ParseError | None = None,
    jobs: int = 1,
) -> list[ParsedArticle]:
    """Parse the body blocks of every article (``iter_parsed``, collected in a list)."""
    return list(
        iter_parsed(
            articles,
            nlp,
            batch_size=batch_size,
            max_batch_chars=max_batch_chars,
            on_error=on_error,
            jobs=jobs,
        )
    )


def iter_parsed(
    articles: Sequence[Article],
    nlp: Language,
    *,
    batch_size: int = 1000,
    max_batch_chars: int = MAX_BATCH_CHARS,
    on_error: ParseError | None = None,
    jobs: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse the body blocks of every article with ``nlp.pipe``, in bounded batches.

    Articles are yielded in order, each as soon as all its blocks are parsed; a caller
    that is done with one before taking the next keeps the memory of one article.

    Args:
        articles: the articles from ingest.
        nlp: the pipeline from ``build_nlp``.
        batch_size: the most texts per batch for ``nlp.pipe``.
        max_batch_chars: the most characters per batch (``MAX_BATCH_CHARS``).
        on_error: when given, an article the pipeline fails on is left out and passed
            to it with the error, and the others are still parsed; when None, the error
            propagates.
        jobs: processes to parse in (spaCy's ``n_process``) when the text is long enough
            to pay for starting them (``PARALLEL_MIN_CHARS``); the Docs are the same.

    Yields:
        One ParsedArticle per article parsed, in the same order.
    """
    options = {
        "batch_size": max(1, batch_size),
        "max_chars": max(1, max_batch_chars),
        "jobs": max(1, jobs),
    }
    if on_error is None:
        yield from _parse(articles, nlp, **options)
        return
    done = 0
    try:
        for pa in _parse(articles, nlp, **options):
            done += 1
            yield pa
            del pa  # not held while the next article is parsed (see _release)
        return
    # The article boundary: one article that trips the pipeline must not stop the batch.
    # The batch does not say which article failed, so the rest are parsed one at a time.
    except Exception:
        logger.debug("parsing a batch failed; parsing its articles one at a time", exc_info=True)
    for article in articles[done:]:
        try:
            one = list(_parse([article], nlp, **options))
        except Exception as exc:
            logger.debug("%s: parsing failed", article.id, exc_info=True)
            on_error(article, exc)
            continue
        yield from one
        del one
