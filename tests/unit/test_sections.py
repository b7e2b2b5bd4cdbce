"""The section registry: one data file that every list of sections derives from."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import sections
from briefing.assemble import OVERRIDE_SECTIONS
from briefing.classify.learned import SECTIONS as LEARNED
from briefing.errors import RegistryError
from briefing.evaluate import SECTIONS as SCORED
from briefing.model import Section


def test_registry_matches_the_label_families() -> None:
    assert sections.keys() == tuple(s.value for s in Section)
    assert SCORED == LEARNED == sections.keys()
    assert OVERRIDE_SECTIONS == ("background", "position", "risk", "next_steps")


def test_a_registry_that_misses_a_section_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "sections.toml"
    bad.write_text('[[section]]\nkey = "background"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"differ from briefing\.model\.Section"):
        sections.registry(bad)
