"""Report file names derived from titles or --name are safe on every file system."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.fsio import STEM_MAX_BYTES, safe_stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("brief", "brief"),
        ("../../etc/passwd", "etcpasswd"),
        ("..\\..\\windows\\system32", "..windowssystem32".strip(".")),
        ("/absolute/path", "absolutepath"),
        ("CON", "CON_"),
        ("nul", "nul_"),
        ("com1.report", "com1_.report"),
        ("LPT9", "LPT9_"),
        ("Mexico–US talks: <draft>?", "Mexico-US_talks_draft"),
        ("  ..  ", "brief"),
        ("", "brief"),
        ("a\x00b\x1fc\u202ed", "abcd"),
        ("日本 の 会談", "日本_の_会談"),
        ("Κυριάκος  Μητσοτάκης", "Κυριάκος_Μητσοτάκης"),
        ("brief.", "brief"),
        ("-rf", "rf"),
    ],
)
def test_hostile_names_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


@pytest.mark.parametrize("name", ["x" * 500, "Ω" * 300, "日本" * 200, "e\u0301" * 200])
def test_hostile_names_safe_stem_is_cut_to_the_byte_limit(name: str, tmp_path: Path) -> None:
    stem = safe_stem(name)
    assert 0 < len(stem.encode("utf-8")) <= STEM_MAX_BYTES
    (tmp_path / f".{stem}.docx.abcdefgh.tmp").write_bytes(b"")  # the temp name fits too


@pytest.mark.parametrize("name", ["../x", "a/b", "CON", "..", "\x00", "a" * 400])
def test_hostile_names_safe_stem_is_a_plain_file_name(name: str, tmp_path: Path) -> None:
    stem = safe_stem(name)
    assert Path(stem).name == stem
    assert stem not in {".", ".."}
    (tmp_path / f"{stem}.pdf").write_bytes(b"")
    assert [p.name for p in tmp_path.iterdir()] == [f"{stem}.pdf"]
