"""Find, read and check article files: folders, links, feeds, duplicates, language."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import (
    IngestError,
    describe_exception,
    internal_reason,
    traceback_of,
)
from briefing.ingest.decode import (
    _check_length,
    _decode_with,
    _empty_error,
    _read_bytes,
    decode_text,
    display_path,
)
from briefing.ingest.language import (
    NO_LANGUAGE,
    detect_language,
    is_accepted,
    language_name,
)
from briefing.ingest.lines import _trim, count_sentences
from briefing.ingest.readers import (
    Extracted,
    read_docx,
    read_feed,
    read_html,
    read_pdf,
)
from briefing.ingest.rules import (
    _CONVERT_HINTS,
    ARTICLE_SUFFIXES,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    WORKSPACE_DIR,
    IngestRules,
    default_rules,
)
from briefing.ingest.structure import parse_article
from briefing.model import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path ``load_articles`` did not read, and why.

    Attributes:
        path: the file or folder (as given or found).
        reason: what was wrong, and the fix.
        detail: for a failure briefing did not expect (a bug), the traceback, which the
            CLI prints with ``-v``; "" otherwise.
    """

    path: str
    reason: str
    detail: str = field(default="", compare=False, repr=False)


def _extract(path: Path, data: bytes, *, encoding: str | None, rules: IngestRules) -> Extracted:
    """Run the reader of a single-article format (HTML, DOCX, PDF) on a file."""
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        if not data.strip():
            raise _empty_error(name)
        page: bytes | str = (
            data if encoding is None else _decode_with(data, name=name, encoding=encoding)
        )
        return read_html(page, name=name, limits=rules.limits)
    if suffix == ".docx":
        return read_docx(path, name=name, limits=rules.limits)
    return read_pdf(path, name=name, limits=rules.limits)


def read_article(
    path: Path, *, encoding: str | None = None, rules: IngestRules | None = None
) -> Article:
    """Read one article file and recover its structure.

    Args:
        path: a .txt, .md, .html, .htm, .docx or .pdf file.
        encoding: a codec to use instead of detecting one (text and web pages).
        rules: the compiled lexicons and limits (default: the shipped ones).

    Returns:
        The article; its id is the file stem.

    Raises:
        IngestError: the file cannot be read or decoded, is binary, has no text, is
            too large, or is a feed (read feeds with ``load_articles``).
    """
    rules = rules or default_rules()
    name = display_path(path)
    stem = display_path(path.stem)
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        raise IngestError(f"{name}: is a feed of articles; read it with load_articles.")
    data = _read_bytes(path, rules=rules)
    if suffix in TEXT_SUFFIXES or suffix not in ARTICLE_SUFFIXES:
        text = decode_text(data, name=name, encoding=encoding)
        _check_length(text, name=name, rules=rules)
        return parse_article(text, article_id=stem, path=name, rules=rules)
    extracted = _extract(path, data, encoding=encoding, rules=rules)
    if not _trim(extracted.text):
        raise _empty_error(name)
    _check_length(extracted.text, name=name, rules=rules)
    return parse_article(extracted.text, article_id=stem, path=name, rules=rules, hints=extracted)


def _read_feed(
    path: Path, *, encoding: str | None, rules: IngestRules
) -> tuple[list[tuple[str, Article]], list[Skipped]]:
    """Read every record of a .jsonl feed; a bad line is skipped, the others load.

    Returns:
        Each article with where it is ("feed.jsonl:3"), and the lines skipped.
    """
    name = display_path(path)
    data = _read_bytes(path, rules=rules)
    articles: list[tuple[str, Article]] = []
    skipped: list[Skipped] = []
    for record in read_feed(data, name=name, encoding=encoding):
        where = f"{name}:{record.line}"
        if record.article is None:
            skipped.append(
                Skipped(where, f"{record.reason}; fix the line or remove it from the feed.")
            )
            continue
        try:
            _check_length(record.article.text, name=where, rules=rules)
            article = parse_article(
                record.article.text,
                article_id=f"{display_path(path.stem)}-{record.line}",
                path=name,
                rules=rules,
                hints=record.article,
            )
        # One line that trips an error is skipped; the feed's other lines load.
        except Exception as exc:
            skipped.append(_skipped(where, exc))
            continue
        articles.append((where, article))
    return articles, skipped


def _skipped(where: str, exc: Exception) -> Skipped:
    """How a file (or feed line) that failed to read is reported.

    A known problem (``IngestError``) with its message, which opens with the path that
    ``Skipped`` already carries; anything else as a defect, with its traceback for -v.
    """
    if isinstance(exc, IngestError):
        return Skipped(where, str(exc).removeprefix(f"{where}: "))
    logger.debug("%s: reading failed", where, exc_info=exc)
    return Skipped(where, internal_reason("reading", exc), traceback_of(exc))


def _hidden(name: str) -> bool:
    """Whether a file or folder name is never searched: hidden, the workspace, a lock file.

    Word and LibreOffice leave "~$name.docx" and ".~lock.name#" lock files beside an
    open document; they are not articles.
    """
    return name.startswith((".", "~$")) or name == WORKSPACE_DIR


def _link_reason(link: Path, roots: Sequence[Path]) -> str | None:
    """Return why a symbolic link found in a folder is reported, or None when it is not.

    A link out of the folders given (to ``/etc/passwd``, say) would put any file of the
    machine into the brief, its state and its cache; a broken link or a loop cannot be
    read. A link to a file inside the folders given is left silently: its target is read
    under its own name.
    """
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return (
            f"is a symbolic link to a missing file ({display_path(os.readlink(link))}); "
            "remove the link or restore the file."
        )
    except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, ELOOP after
        return "is a symbolic link that points back to itself (a loop); remove the link."
    if any(target.is_relative_to(root) for root in roots):
        return None
    return (
        f"is a symbolic link to {display_path(target)}, outside the folders given; links "
        "are not followed out of them. Copy the file into the folder, or pass it by its "
        "own path."
    )


def _is_output_folder(path: Path) -> bool:
    """Whether a folder is a briefing output folder (it holds a ``.briefing`` workspace)."""
    try:
        return (path / WORKSPACE_DIR).is_dir()
    except OSError:
        return False


@dataclass(slots=True)
class _Walk:
    """What walking the given folders found: files to read, and paths skipped."""

    roots: list[Path]
    exclude: list[Path]
    skipped: list[Skipped] = field(default_factory=list)

    real: dict[Path, Path] = field(default_factory=dict)  # the files found, resolved

    def excluded(self, path: Path, resolved: Path | None = None) -> bool:
        """Whether a path is under a folder (or is a file) that is never read as a source.

        ``resolved``: the path resolved, when the caller knows it (not resolved again).
        """
        resolved = resolved or _resolved(path)
        if resolved is None:
            return False
        return any(resolved == e or resolved.is_relative_to(e) for e in self.exclude)

    def unreadable(self, error: OSError) -> None:
        """Report a folder ``os.walk`` could not list."""
        where = display_path(error.filename or "")
        why = error.strerror or describe_exception(error)
        self.skipped.append(
            Skipped(
                where,
                f"cannot open this folder ({why}); its articles are not read. Make it "
                "readable (chmod u+rx), or leave it out.",
            )
        )

    def files(self, folder: Path) -> Iterator[Path]:
        """Yield the visible files under a folder, recursively, not following folder links.

        Hidden files and folders, office lock files, the workspace, other briefing output
        folders and the excluded paths are left out. Links are not followed: one to a file
        or folder inside the folders given is read under its own name there, one out of
        them (or broken, or a loop) is reported.
        """
        for root, dirs, names in os.walk(folder, onerror=self.unreadable):
            here = Path(root)
            # an entry that is not a link resolves to the folder's real path and its name:
            # the folder is resolved once, not every file in it
            real = _resolved(here)
            kept = []
            for d in sorted(dirs):
                sub = here / d
                link = sub.is_symlink()
                if _hidden(d) or self.excluded(sub, None if link or real is None else real / d):
                    continue
                if link:
                    reason = _link_reason(sub, self.roots)
                    if reason is not None:
                        self.skipped.append(Skipped(display_path(sub), reason))
                    continue  # a link to a folder inside the given ones: read it there
                if _is_output_folder(sub):
                    logger.info("%s: a briefing output folder; not read", display_path(sub))
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in names:
                path = here / name
                link = path.is_symlink()
                known = None if link or real is None else real / name
                if _hidden(name) or self.excluded(path, known):
                    continue
                if link:
                    reason = _link_reason(path, self.roots)
                    if reason is not None:
                        self.skipped.append(Skipped(display_path(path), reason))
                    continue  # a link to a file inside the given folders: read it there
                if known is not None:
                    self.real[path] = known
                yield path


def _resolved(path: Path) -> Path | None:
    """The path resolved (links followed), or None when it cannot be."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _given_link_reason(given: Path) -> str:
    """Return why a path given by the user cannot be read although it is a link."""
    try:
        given.resolve(strict=True)
    except FileNotFoundError:
        return "is a symbolic link to a missing file; remove the link or restore the file."
    except (RuntimeError, OSError):
        return "is a symbolic link that points back to itself (a loop); remove the link."
    return "no such file or folder; check the path."


def article_files(
    paths: Sequence[Path], exclude: Sequence[Path] = (), *, warn: bool = True
) -> tuple[list[Path], list[Skipped]]:
    """Expand folders into their files (sorted, deduplicated); report what cannot be read.

    The one walker of the sources: ``load_articles`` reads what it finds and ``watch``
    polls the same files. ``warn=False`` leaves out the warning about a folder without
    articles (a poll every second must not repeat it).
    """
    files: dict[Path, Path] = {}
    roots = []
    for given in map(Path, paths):
        with contextlib.suppress(RuntimeError, OSError):
            if given.is_dir():
                roots.append(given.resolve())
    walk = _Walk(roots=roots, exclude=[Path(e).resolve() for e in exclude])
    for given in map(Path, paths):
        if given.is_dir():
            found = list(walk.files(given))
            if warn and not any(f.suffix.lower() in ARTICLE_SUFFIXES for f in found):
                logger.warning(
                    "%s: no article files in this folder (%s)",
                    display_path(given),
                    ", ".join(ARTICLE_SUFFIXES),
                )
        elif given.exists():
            if walk.excluded(given):
                logger.info("%s: a report or workspace file; not read", display_path(given))
                continue
            found = [given]
        elif given.is_symlink():
            walk.skipped.append(Skipped(display_path(given), _given_link_reason(given)))
            continue
        else:
            walk.skipped.append(
                Skipped(display_path(given), "no such file or folder; check the path.")
            )
            continue
        for f in found:
            key = walk.real.get(f) or _resolved(f) or f
            files.setdefault(key, f)
    return sorted(files.values(), key=str), walk.skipped


def _unsupported(path: Path) -> str:
    """Return why a file of an unsupported type is skipped, and the fix."""
    suffix = path.suffix.lower()
    kind = f"file type {path.suffix!r}" if path.suffix else "file without an extension"
    hint = _CONVERT_HINTS.get(suffix)
    fix = f"; {hint}" if hint else ""
    return f"unsupported {kind}; briefing reads {', '.join(ARTICLE_SUFFIXES)} articles{fix}."


FileReader = Callable[[Path], tuple[list[tuple[str, Article]], list[Skipped]]]
"""Reads one article file: its articles, each with where it is, and the feed lines skipped."""


def read_file(
    path: Path, *, encoding: str | None = None, rules: IngestRules | None = None
) -> tuple[list[tuple[str, Article]], list[Skipped]]:
    """Read one article file (an article, or a ``.jsonl`` feed of them).

    Returns:
        Each article with where it is (the file, or "feed.jsonl:3"), and the feed lines
        skipped.

    Raises:
        IngestError: as ``read_article``.
    """
    rules = rules or default_rules()
    if path.suffix.lower() in FEED_SUFFIXES:
        return _read_feed(path, encoding=encoding, rules=rules)
    return [(display_path(path), read_article(path, encoding=encoding, rules=rules))], []


def content_key(text: str) -> str:
    """Return a hash of an article's text that ignores spacing and line ends."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def _language_reason(article: Article, rules: IngestRules) -> str | None:
    """Return why an article is skipped for its language, or None to read it."""
    if rules.language is None:
        return None
    body = "\n".join(article.block_text(b) for b in article.body_blocks) or article.text
    detection = detect_language(body, rules.language)
    if is_accepted(detection, rules.language):
        return None
    if detection.code == NO_LANGUAGE:
        return (
            "holds no text in any language (the language identifier finds no linguistic "
            f"content, confidence {detection.confidence:.2f}: random letters, code or "
            "encoded data?); check that the file is the article, or remove it."
        )
    accepted = " or ".join(sorted(language_name(c) for c in rules.language.accept))
    return (
        f"written in {detection.name} (language code {detection.code!r}, confidence "
        f"{detection.confidence:.2f}); briefing reads articles in {accepted} only. "
        "Translate it, or remove it from the input."
    )


@dataclass(frozen=True, slots=True)
class BuildLimit:
    """How much article text one build reads: its memory grows with both.

    Attributes:
        chars: the most characters of article text (``[limits] max_build_chars``).
        sentences: the most sentences (``[limits] max_build_sentences``), as ingest
            counts them in each block (``count_sentences``) before anything is parsed.
    """

    chars: int
    sentences: int


def build_limit(
    chars: int | None = None, sentences: int | None = None, rules: IngestRules | None = None
) -> BuildLimit:
    """The limit of one build: the settings given, else the ``[limits]`` of the data file.

    The defaults are ``max_build_chars`` and ``max_build_sentences`` of
    ``briefing/data/ingest.toml``; a build raises them with ``Settings.max_build_chars``
    and ``Settings.max_build_sentences`` (``--max-build-chars``, ``--max-build-sentences``).
    """
    limits = (rules or default_rules()).limits
    return BuildLimit(
        chars=limits.max_build_chars if chars is None else chars,
        sentences=limits.max_build_sentences if sentences is None else sentences,
    )


def _sentences(article: Article, rules: IngestRules) -> int:
    """The sentences of an article as ingest counts them, block by block."""
    return sum(count_sentences(article.block_text(b), rules) for b in article.blocks)


def _over_limit(held: BuildLimit, size: BuildLimit, limit: BuildLimit) -> str | None:
    """Why an article is left out of a build that already holds ``held`` (None: it fits)."""
    if held.chars + size.chars > limit.chars:
        what, option = f"its {size.chars:,} characters", "--max-build-chars"
        past, before = f"{limit.chars:,} characters (max_build_chars", f"{held.chars:,}"
    elif held.sentences + size.sentences > limit.sentences:
        what, option = f"its {size.sentences:,} sentences", "--max-build-sentences"
        past = f"{limit.sentences:,} sentences (max_build_sentences"
        before = f"{held.sentences:,}"
    else:
        return None
    return (
        f"left out to keep the build under 500 MB of memory: {what} would take the "
        f"build's articles past {past}; the articles before it hold {before}). Build it "
        f"into another --out folder, or raise the limit with {option} when the machine "
        "has the memory."
    )


def load_articles(
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    rules: IngestRules | None = None,
    exclude: Sequence[Path] = (),
    read: FileReader | None = None,
    limit: BuildLimit | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Read every article under the given files and folders; skip the bad ones.

    Folders are searched recursively in sorted order, skipping hidden files and
    folders, the ``.briefing`` workspace, other briefing output folders (they hold a
    ``.briefing`` folder), ``exclude`` and office lock files ("~$a.docx"). A symbolic
    link is followed only to a file inside the folders given; other links, folders
    that cannot be listed and files of other types are skipped with a reason. A file
    that cannot be read, is too large, repeats the text of an article read before it,
    or is not in English is skipped with the reason and the fix; the others still load.
    So is a file on which reading fails unexpectedly (a bug: the traceback is logged at
    debug level). Each line of a ``.jsonl`` feed is an article with the id
    ``<stem>-<line>``.

    Args:
        paths: files and folders.
        encoding: a codec to use instead of detecting one.
        rules: the compiled lexicons, limits and language rules (default: the shipped
            ones; ``rules.language = None`` accepts every language).
        exclude: folders and files never read (the output folder of the build).
        read: reads one article file (default ``read_file``); a workspace passes one
            that reuses what it read from an unchanged file before.
        limit: the most characters and sentences of article text to read in all
            (None: no limit; a build passes ``build_limit``). An article that would take
            the articles read before it past either is skipped with the reason and the
            fix; a later, shorter one that still fits is read.

    Returns:
        The articles in sorted path order, and the paths skipped with their reasons.
    """
    rules = rules or default_rules()
    files, skipped = article_files(paths, exclude)
    articles: list[Article] = []
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    held = BuildLimit(0, 0)

    def admit(where: str, article: Article) -> None:
        nonlocal held
        key = content_key(article.text)
        if key in texts:
            skipped.append(
                Skipped(
                    where,
                    f"same text as {texts[key]}; the copy is skipped (remove one of the two).",
                )
            )
            return
        if article.id in ids:
            skipped.append(
                Skipped(
                    where,
                    f"another article has the id {article.id!r} ({ids[article.id]}); "
                    "rename one of the files.",
                )
            )
            return
        reason = _language_reason(article, rules)
        if reason is not None:
            skipped.append(Skipped(where, reason))
            return
        if limit is not None:
            size = BuildLimit(len(article.text), _sentences(article, rules))
            over = _over_limit(held, size, limit)
            if over is not None:
                skipped.append(Skipped(where, over))
                return
            held = BuildLimit(held.chars + size.chars, held.sentences + size.sentences)
        texts[key] = where
        ids[article.id] = where
        articles.append(article)

    def default_read(path: Path) -> tuple[list[tuple[str, Article]], list[Skipped]]:
        return read_file(path, encoding=encoding, rules=rules)

    read_one = read or default_read
    for path in files:
        suffix = path.suffix.lower()
        name = display_path(path)
        if suffix not in ARTICLE_SUFFIXES:
            skipped.append(Skipped(name, _unsupported(path)))
            continue
        try:
            found, bad = read_one(path)
            skipped.extend(bad)
        # The article boundary: a file that cannot be read, or a defect it trips, must not
        # stop the batch.
        except Exception as exc:
            skipped.append(_skipped(name, exc))
            continue
        for where, article in found:
            try:
                admit(where, article)
            except Exception as exc:
                skipped.append(_skipped(where, exc))
    for s in skipped:
        logger.warning("skipped %s: %s", s.path, s.reason)
    return articles, skipped
