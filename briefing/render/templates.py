"""Load and validate brief templates (``templates/*.toml``) into a ``BriefTemplate``.

A template is a small TOML file: the marking line, the title pattern, the sections in
order with their headings, the Word style name per element (checked against a reference
``.docx``), reportlab paragraph settings per element and the PDF font files. A user template
is layered over the shipped ``default.toml``, so it only needs the keys it changes; paths in
a file are relative to that file.

Everything a renderer will look up is checked here, so a bad template fails before rendering
starts with a ``TemplateError`` naming the file, the missing thing and the fix, instead of a
``KeyError`` halfway through a document.
"""

from __future__ import annotations

import logging
import re
import string
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError

from briefing.errors import TemplateError
from briefing.model import BriefTemplate, SectionSpec

logger = logging.getLogger(__name__)

__all__ = [
    "ELEMENTS",
    "FONT_ROLES",
    "NEW_ITEM_MODES",
    "PDF_STYLE_DEFAULTS",
    "SECTION_KEYS",
    "available_templates",
    "load_template",
    "templates_dir",
]

#: The section keys a template may list, in their usual order.
SECTION_KEYS = (
    "key_points",
    "background",
    "positions",
    "third_parties",
    "risk",
    "next_steps",
    "timeline",
    "sources",
)
#: The printed elements; each needs a Word style name and a PDF style.
ELEMENTS = ("title", "subtitle", "body", "heading", "bullet", "note", "source", "marking", "footer")
#: The font roles the PDF renderer registers: the body face (regular, bold, italic) and
#: the heading face (sans, sans_bold).
FONT_ROLES = ("regular", "bold", "italic", "sans", "sans_bold")
#: Every PDF style key with its default; a template may set any subset.
PDF_STYLE_DEFAULTS: Mapping[str, Any] = {
    "font": "regular",
    "size": 10.0,
    "leading": None,  # None = 1.2 x size
    "space_before": 0.0,
    "space_after": 0.0,
    "color": "#000000",
    "align": "left",
    "left_indent": 0.0,
    "first_line_indent": 0.0,
    "bullet_indent": 0.0,
    "rule_width": 0.0,
    "rule_color": "#000000",
}

_DEFAULT_NAME = "default"
_TOP_KEYS = frozenset(
    {
        *("name", "marking", "author", "title", "sections", "docx", "fonts", "pdf"),
        *("changes", "dedup", "front", "items", "sources", "layout"),
    }
)
#: The ``[front]`` keys (front matter wording) and the placeholders each may use.
FRONT_KEYS: Mapping[str, tuple[str, ...]] = {
    "as_of": ("date",),
    "undated": (),
    "coverage": ("articles", "outlets"),
    "marking": (),
    "single_source": (),
}
#: How a brief shows the items new since the previous build (``[changes] new``).
NEW_ITEM_MODES = ("section", "mark", "none")
_SECTION_FIELDS = frozenset({"key", "heading", "limit", "threshold"})
# {government}: the display name ("the United States"); {name}: the short name ("United States").
_POSITION_FIELDS = ("government", "name")
_ALIGNMENTS = frozenset({"left", "center", "right", "justify"})
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_NON_NEGATIVE = frozenset({"size", "leading", "space_before", "space_after", "rule_width"})
# TrueType outlines (reportlab cannot embed CFF-flavoured OpenType, whose magic is b"OTTO").
_TTF_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")
_FIX_STYLES = (
    "Add the styles to the reference document (templates/make_reference_docx.py shows how) "
    "or name existing paragraph styles in [docx.styles]"
)


def templates_dir() -> Path:
    """Return the directory of the shipped templates.

    A wheel carries them as ``briefing/_templates`` (pyproject force-includes the top-level
    ``templates/`` there); an editable install uses the repository's ``templates/``.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "_templates"
    return installed if installed.is_dir() else package.parent / "templates"


def available_templates() -> list[str]:
    """Return the names of the shipped templates (``default``, ...), sorted."""
    return sorted(p.stem for p in templates_dir().glob("*.toml"))


def load_template(name_or_path: str | Path | None = None) -> BriefTemplate:
    """Load, layer and validate a brief template.

    Args:
        name_or_path: None or ``"default"`` for the shipped default; the name of another
            shipped template; or the path of a ``.toml`` file, which is layered over the
            default (it only needs the keys it changes).

    Returns:
        The validated template, with absolute paths for the reference document and fonts.

    Raises:
        TemplateError: the file is missing or malformed, names a section, style or font
            that does not exist, or has a value of the wrong type. The message names the
            file, the problem and the fix.
    """
    path = _resolve(name_or_path)
    default_path = (templates_dir() / f"{_DEFAULT_NAME}.toml").resolve()
    data = _read(default_path)
    if path != default_path:
        data = _merge(data, _read(path))
    return _build(path, data)


def _resolve(name_or_path: str | Path | None) -> Path:
    """Return the template file that ``name_or_path`` designates."""
    if name_or_path is None or name_or_path == _DEFAULT_NAME:
        candidate = templates_dir() / f"{_DEFAULT_NAME}.toml"
    else:
        given = Path(name_or_path)
        is_name = (
            isinstance(name_or_path, str)
            and given.suffix == ""
            and len(given.parts) == 1
            and not given.exists()
        )
        candidate = templates_dir() / f"{name_or_path}.toml" if is_name else given.expanduser()
    if not candidate.is_file():
        shipped = ", ".join(available_templates()) or "none found"
        raise TemplateError(
            f"{candidate}: template not found. Pass the path of a .toml template file "
            f"or the name of a shipped template ({shipped})."
        )
    return candidate.resolve()


def _read(path: Path) -> dict[str, Any]:
    """Return the TOML table of ``path``, its file paths made absolute."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML ({exc}). Fix the syntax.") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror}).") from exc
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise TemplateError(
            f"{path}: unknown key(s) {', '.join(unknown)}. Use only {', '.join(sorted(_TOP_KEYS))}."
        )
    base = path.parent
    docx_table = data.get("docx")
    if isinstance(docx_table, dict) and isinstance(docx_table.get("reference"), str):
        docx_table["reference"] = str(base / docx_table["reference"])
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        for role, value in fonts.items():
            if isinstance(value, str):
                fonts[role] = str(base / value)
    return data


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``over`` layered on top: tables merge, everything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def _build(path: Path, data: Mapping[str, Any]) -> BriefTemplate:
    """Validate the layered table ``data`` of the template file ``path``."""
    name = _string(path, data, "name")
    title = _string(path, data, "title")
    _check_fields(path, "title", title, allowed=("a", "b"))
    fonts = _fonts(path, data.get("fonts"))
    docx_table = _table(path, data.get("docx"), "[docx]")
    reference, styles = _docx_styles(path, docx_table)
    pdf_table = _table(path, data.get("pdf"), "[pdf]")
    unknown = sorted(set(pdf_table) - {"styles"})
    if unknown:
        raise TemplateError(
            f"{path}: unknown key(s) in [pdf]: {', '.join(unknown)}. Use [pdf.styles]."
        )
    return BriefTemplate(
        name=name,
        path=str(path),
        marking=_string(path, data, "marking"),
        title=title,
        author=_string(path, data, "author"),
        sections=_sections(path, data.get("sections")),
        docx_reference=str(reference),
        docx_styles=styles,
        pdf_styles=_pdf_styles(path, pdf_table.get("styles"), fonts),
        fonts={role: str(font) for role, font in fonts.items()},
        **_changes(path, data.get("changes", {})),
        **_dedup(path, data.get("dedup", {})),
        **_extras(path, data),
    )


def _extras(path: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ``[front]``, ``[items]``, ``[sources]`` and ``[layout]`` options, checked."""
    front = _table(path, data.get("front", {}), "[front]")
    unknown = sorted(set(front) - set(FRONT_KEYS))
    if unknown:
        raise TemplateError(
            f"{path}: unknown key(s) in [front]: {', '.join(unknown)}. Use {', '.join(FRONT_KEYS)}."
        )
    for key, value in front.items():
        if not isinstance(value, str):
            raise TemplateError(f'{path}: [front] {key} must be text, e.g. {key} = "...".')
        _check_fields(path, f"[front] {key}", value, allowed=FRONT_KEYS[key])
    items = _table(path, data.get("items", {}), "[items]")
    sources = _table(path, data.get("sources", {}), "[sources]")
    layout = _table(path, data.get("layout", {}), "[layout]")
    for where, table, known in (
        ("[items]", items, {"low_confidence"}),
        ("[sources]", sources, {"paths"}),
        ("[layout]", layout, {"pages", "for_articles", "words"}),
    ):
        extra = sorted(set(table) - known)
        if extra:
            raise TemplateError(
                f"{path}: unknown key(s) in {where}: {', '.join(extra)}. Use {', '.join(known)}."
            )
    low = items.get("low_confidence", 0.5)
    if isinstance(low, bool) or not isinstance(low, int | float) or not 0.0 <= low <= 1.0:
        raise TemplateError(f"{path}: [items] low_confidence must be a number between 0 and 1.")
    paths = sources.get("paths", False)
    if not isinstance(paths, bool):
        raise TemplateError(f"{path}: [sources] paths must be true or false.")
    numbers = {k: layout.get(k, d) for k, d in (("pages", 1), ("for_articles", 2), ("words", 550))}
    for key, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TemplateError(f"{path}: [layout] {key} must be a whole number >= 0.")
    return {
        "front": {str(k): str(v) for k, v in front.items()},
        "low_confidence": float(low),
        "source_paths": paths,
        "page_target": numbers["pages"],
        "page_target_articles": numbers["for_articles"],
        "page_words": numbers["words"],
    }


def _changes(path: Path, value: object) -> dict[str, Any]:
    """Return the ``[changes]`` options: how new items are shown, and their wording."""
    table = _table(path, value, "[changes]")
    unknown = sorted(set(table) - {"new", "heading", "mark"})
    if unknown:
        raise TemplateError(
            f"{path}: unknown key(s) in [changes]: {', '.join(unknown)}. Use new, heading, mark."
        )
    mode = table.get("new", "section")
    if mode not in NEW_ITEM_MODES:
        raise TemplateError(
            f"{path}: [changes] new = {mode!r}; use one of {', '.join(NEW_ITEM_MODES)}."
        )
    heading = table.get("heading", "New since {date}")
    mark = table.get("mark", "New")
    if not isinstance(heading, str) or not heading.strip():
        raise TemplateError(f'{path}: [changes] heading must be text, e.g. "New since {{date}}".')
    _check_fields(path, "[changes] heading", heading, allowed=("date",))
    if not isinstance(mark, str) or not mark.strip():
        raise TemplateError(f'{path}: [changes] mark must be text, e.g. "New".')
    return {"new_items": mode, "new_heading": heading, "new_mark": mark}


def _dedup(path: Path, value: object) -> dict[str, Any]:
    """Return the ``[dedup]`` options: the similarity threshold and the shortest fuzzy match."""
    table = _table(path, value, "[dedup]")
    unknown = sorted(set(table) - {"threshold", "min_words"})
    if unknown:
        raise TemplateError(
            f"{path}: unknown key(s) in [dedup]: {', '.join(unknown)}. Use threshold, min_words."
        )
    threshold = table.get("threshold", 90)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        threshold = -1
    if not 50 <= threshold <= 100:
        raise TemplateError(
            f"{path}: [dedup] threshold must be a number from 50 to 100 (100 = exact copies only)."
        )
    min_words = table.get("min_words", 6)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
        raise TemplateError(f"{path}: [dedup] min_words must be a whole number >= 1.")
    return {"dedup_threshold": float(threshold), "dedup_min_words": min_words}


def _string(path: Path, data: Mapping[str, Any], key: str) -> str:
    """Return the string ``data[key]`` or raise naming the file."""
    value = data.get(key)
    if not isinstance(value, str):
        raise TemplateError(f'{path}: "{key}" must be a string, e.g. {key} = "...".')
    return value


def _table(path: Path, value: object, where: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a TOML table, else raise naming ``where``."""
    if not isinstance(value, Mapping):
        raise TemplateError(f"{path}: {where} must be a table.")
    return value


def _check_fields(path: Path, where: str, text: str, *, allowed: tuple[str, ...]) -> None:
    """Raise unless every ``{placeholder}`` of ``text`` is one of ``allowed``."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise TemplateError(
            f"{path}: {where} {text!r} is not a valid pattern ({exc}). "
            "Write a literal brace as {{ or }}."
        ) from exc
    bad = sorted({f for f in fields if f not in allowed})
    if bad:
        may = ", ".join(f"{{{a}}}" for a in allowed) or "no placeholders"
        raise TemplateError(
            f"{path}: {where} {text!r} uses {', '.join(f'{{{b}}}' for b in bad)}; it may use {may}."
        )


def _sections(path: Path, value: object) -> tuple[SectionSpec, ...]:
    """Return the section specs of ``[[sections]]``."""
    if not isinstance(value, list) or not value:
        raise TemplateError(
            f'{path}: [[sections]] must list the sections in order, e.g. key = "background".'
        )
    specs: list[SectionSpec] = []
    for number, entry in enumerate(value, start=1):
        where = f"[[sections]] #{number}"
        entry = _table(path, entry, where)
        unknown = sorted(set(entry) - _SECTION_FIELDS)
        if unknown:
            raise TemplateError(
                f"{path}: {where} has unknown key(s) {', '.join(unknown)}; "
                f"use {', '.join(sorted(_SECTION_FIELDS))}."
            )
        key, heading = entry.get("key"), entry.get("heading")
        if key not in SECTION_KEYS:
            raise TemplateError(
                f"{path}: {where} has unknown section key {key!r}. "
                f"Use one of {', '.join(SECTION_KEYS)}."
            )
        if any(s.key == key for s in specs):
            raise TemplateError(f"{path}: section {key!r} is listed twice. Remove one.")
        if not isinstance(heading, str) or not heading.strip():
            raise TemplateError(f'{path}: section {key!r} needs a heading, e.g. heading = "Risks".')
        _check_fields(
            path,
            f"the heading of {key!r}",
            heading,
            allowed=_POSITION_FIELDS if key == "positions" else (),
        )
        limit = entry.get("limit", 0)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise TemplateError(
                f"{path}: section {key!r} limit must be a whole number >= 0 (0 = no limit)."
            )
        threshold = entry.get("threshold", 0.0)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            threshold = -1.0
        if not 0.0 <= threshold <= 1.0:
            raise TemplateError(
                f"{path}: section {key!r} threshold must be a number between 0 and 1."
            )
        specs.append(SectionSpec(key=key, heading=heading, limit=limit, threshold=float(threshold)))
    return tuple(specs)


def _docx_styles(path: Path, table: Mapping[str, Any]) -> tuple[Path, dict[str, str]]:
    """Return the reference document and the Word style per element, all checked."""
    unknown = sorted(set(table) - {"reference", "styles"})
    if unknown:
        raise TemplateError(f"{path}: unknown key(s) in [docx]: {', '.join(unknown)}.")
    ref = table.get("reference")
    if not isinstance(ref, str):
        raise TemplateError(f'{path}: [docx] reference must name a .docx, e.g. "default.docx".')
    reference = Path(ref)
    if not reference.is_file():
        raise TemplateError(
            f"{path}: the reference document {reference} does not exist. Fix [docx] reference "
            "(relative to the template file) or create it with templates/make_reference_docx.py."
        )
    styles = _table(path, table.get("styles"), "[docx.styles]")
    _check_elements(path, styles, "[docx.styles]")
    bad_values = sorted(e for e, s in styles.items() if not isinstance(s, str) or not s)
    if bad_values:
        raise TemplateError(
            f"{path}: [docx.styles] {', '.join(bad_values)} must be Word style names."
        )
    try:
        document = docx.Document(str(reference))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            f"{path}: the reference document {reference} is not a readable .docx ({exc}). "
            "Save it again from Word or regenerate it with templates/make_reference_docx.py."
        ) from exc
    known = document.styles
    missing = [f"{e} = {s!r}" for e, s in sorted(styles.items()) if s not in known]
    if missing:
        raise TemplateError(
            f"{path}: the reference document {reference} has no style(s) "
            f"{', '.join(missing)}. {_FIX_STYLES}."
        )
    wrong = [
        f"{e} = {s!r}"
        for e, s in sorted(styles.items())
        if known[s].type != WD_STYLE_TYPE.PARAGRAPH
    ]
    if wrong:
        raise TemplateError(
            f"{path}: in {reference}, {', '.join(wrong)} are not paragraph styles. {_FIX_STYLES}."
        )
    return reference, {e: str(s) for e, s in styles.items()}


def _check_elements(path: Path, table: Mapping[str, Any], where: str) -> None:
    """Raise unless ``table`` has exactly the known elements."""
    missing = [e for e in ELEMENTS if e not in table]
    unknown = sorted(set(table) - set(ELEMENTS))
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"is missing {', '.join(missing)}")
        if unknown:
            parts.append(f"has unknown element(s) {', '.join(unknown)}")
        raise TemplateError(
            f"{path}: {where} {' and '.join(parts)}. Its elements are {', '.join(ELEMENTS)}."
        )


def _fonts(path: Path, value: object) -> dict[str, Path]:
    """Return the font file per role, each checked to exist and be TrueType."""
    table = _table(path, value, "[fonts]")
    missing = [r for r in FONT_ROLES if not isinstance(table.get(r), str)]
    unknown = sorted(set(table) - set(FONT_ROLES))
    if missing or unknown:
        raise TemplateError(
            f"{path}: [fonts] must give exactly {', '.join(FONT_ROLES)} as file paths "
            f"(missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})."
        )
    fonts: dict[str, Path] = {}
    for role in FONT_ROLES:
        font = Path(table[role])
        if not font.is_file():
            raise TemplateError(
                f"{path}: the {role} font {font} does not exist. Fix [fonts] {role} "
                "(relative to the template file) or copy the .ttf file there."
            )
        with font.open("rb") as handle:
            magic = handle.read(4)
        if magic not in _TTF_MAGIC:
            raise TemplateError(
                f"{path}: the {role} font {font} is not a TrueType (.ttf) font. "
                "Use a .ttf file with TrueType outlines, such as DejaVu Sans."
            )
        fonts[role] = font
    return fonts


def _pdf_styles(path: Path, value: object, fonts: Mapping[str, Path]) -> dict[str, dict[str, Any]]:
    """Return the PDF style per element, with defaults filled in and every value checked."""
    table = _table(path, value, "[pdf.styles]")
    _check_elements(path, table, "[pdf.styles]")
    styles: dict[str, dict[str, Any]] = {}
    for element in ELEMENTS:
        where = f"[pdf.styles.{element}]"
        given = _table(path, table[element], where)
        unknown = sorted(set(given) - set(PDF_STYLE_DEFAULTS))
        if unknown:
            raise TemplateError(
                f"{path}: {where} has unknown key(s) {', '.join(unknown)}; "
                f"use {', '.join(PDF_STYLE_DEFAULTS)}."
            )
        style = {**PDF_STYLE_DEFAULTS, **given}
        for key, item in style.items():
            if key == "leading" and item is None:
                continue
            problem = _pdf_value_problem(key, item, fonts)
            if problem:
                raise TemplateError(f"{path}: {where} {key} = {item!r}: {problem}.")
        style = {k: float(v) if isinstance(v, int) else v for k, v in style.items()}
        if style["leading"] is None:
            style["leading"] = round(1.2 * style["size"], 2)
        styles[element] = style
    return styles


def _pdf_value_problem(key: str, value: object, fonts: Mapping[str, Path]) -> str | None:
    """Return why ``value`` is not valid for the PDF style key ``key``, or None."""
    if key == "font":
        return None if value in fonts else f"must be a font role, one of {', '.join(fonts)}"
    if key in ("color", "rule_color"):
        ok = isinstance(value, str) and _COLOR.fullmatch(value)
        return None if ok else 'must be a colour "#RRGGBB"'
    if key == "align":
        return None if value in _ALIGNMENTS else f"must be one of {', '.join(sorted(_ALIGNMENTS))}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number (points)"
    if key in _NON_NEGATIVE and value < 0:
        return "must not be negative"
    if key == "size" and value == 0:
        return "must be more than 0"
    return None
