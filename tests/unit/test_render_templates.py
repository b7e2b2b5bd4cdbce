from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from _render_briefs import TITLE

from briefing.errors import TemplateError
from briefing.render.templates import (
    ELEMENTS,
    available_templates,
    load_template,
    templates_dir,
)

SHIPPED = templates_dir()


def write_toml(tmp_path: Path, text: str, name: str = "custom.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_render_templates_dir_holds_default_and_fonts():
    assert (SHIPPED / "default.toml").is_file()
    assert (SHIPPED / "default.docx").is_file()
    assert (SHIPPED / "fonts" / "DejaVuSans.ttf").is_file()
    assert "default" in available_templates()


@pytest.mark.parametrize("name", [None, "default", SHIPPED / "default.toml"])
def test_render_templates_default_by_any_name(name):
    template = load_template(name)
    assert template.name == "default"
    assert Path(template.path) == (SHIPPED / "default.toml").resolve()


def test_render_templates_default_content():
    template = load_template()
    assert template.marking == "UNCLASSIFIED"
    assert template.author == "briefing"
    assert template.title.format(a="Mexico", b="the United States") == (TITLE)
    assert [s.key for s in template.sections] == [
        "key_points",
        "background",
        "positions",
        "risk",
        "next_steps",
        "sources",
    ]
    assert [s.heading for s in template.sections] == [
        "Key points",
        "Background",
        "Position of {government}",
        "Risks",
        "Next steps",
        "Sources",
    ]
    key_points = template.spec("key_points")
    assert key_points is not None
    assert key_points.limit == 3
    assert template.spec("nope") is None


def test_render_templates_default_styles_and_fonts_resolved():
    template = load_template()
    assert set(template.docx_styles) == set(ELEMENTS)
    assert template.docx_styles["heading"] == "Heading 1"
    assert template.docx_styles["bullet"] == "List Bullet"
    assert Path(template.docx_reference).is_absolute()
    assert Path(template.docx_reference).is_file()
    assert set(template.fonts) == {"regular", "bold", "italic", "sans", "sans_bold"}
    assert Path(template.fonts["regular"]).name == "DejaVuSerif.ttf"
    assert Path(template.fonts["sans"]).name == "DejaVuSans.ttf"
    assert all(Path(f).is_absolute() and Path(f).is_file() for f in template.fonts.values())
    assert set(template.pdf_styles) == set(ELEMENTS)
    heading = template.pdf_styles["heading"]
    assert heading["font"] == "sans_bold"
    assert template.pdf_styles["bullet"]["font"] == "regular"
    assert heading["size"] > template.pdf_styles["bullet"]["size"]
    # Defaults are filled in: every style has every key.
    assert template.pdf_styles["marking"]["left_indent"] == 0.0
    assert template.pdf_styles["marking"]["leading"] > 0


def test_render_templates_user_file_is_layered_over_default(tmp_path):
    path = write_toml(
        tmp_path,
        'name = "secret"\nmarking = "SECRET//NOFORN"\n[pdf.styles.heading]\ncolor = "#990000"\n',
    )
    template = load_template(path)
    assert template.name == "secret"
    assert template.marking == "SECRET//NOFORN"
    assert template.pdf_styles["heading"]["color"] == "#990000"
    # Untouched keys of the same table and everything else come from the default.
    assert template.pdf_styles["heading"]["font"] == "sans_bold"
    assert template.sections[0].key == "key_points"
    assert Path(template.docx_reference) == (SHIPPED / "default.docx").resolve()
    assert template.path == str(path.resolve())


def test_render_templates_user_sections_replace_default(tmp_path):
    path = write_toml(
        tmp_path,
        '[[sections]]\nkey = "risk"\nheading = "Risk outlook"\nlimit = 5\nthreshold = 0.4\n'
        '[[sections]]\nkey = "sources"\nheading = "References"\n',
    )
    template = load_template(path)
    assert [(s.key, s.heading, s.limit, s.threshold) for s in template.sections] == [
        ("risk", "Risk outlook", 5, 0.4),
        ("sources", "References", 0, 0.0),
    ]


def test_render_templates_user_paths_are_relative_to_the_file(tmp_path):
    fonts = tmp_path / "myfonts"
    fonts.mkdir()
    shutil.copy(SHIPPED / "fonts" / "DejaVuSans.ttf", fonts / "Body.ttf")
    shutil.copy(SHIPPED / "default.docx", tmp_path / "house.docx")
    path = write_toml(
        tmp_path, '[docx]\nreference = "house.docx"\n[fonts]\nregular = "myfonts/Body.ttf"\n'
    )
    template = load_template(str(path))
    assert Path(template.docx_reference) == tmp_path / "house.docx"
    assert Path(template.fonts["regular"]) == fonts / "Body.ttf"
    assert Path(template.fonts["bold"]) == (SHIPPED / "fonts" / "DejaVuSerif-Bold.ttf").resolve()


def test_render_templates_missing_file_names_it(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(TemplateError, match=r"nope\.toml: template not found") as info:
        load_template(missing)
    assert "default" in str(info.value)


def test_render_templates_unknown_shipped_name():
    with pytest.raises(TemplateError, match=r"no-such-template\.toml: template not found"):
        load_template("no-such-template")


def test_render_templates_invalid_toml(tmp_path):
    path = write_toml(tmp_path, "marking = \n")
    with pytest.raises(TemplateError, match=r"custom\.toml: not valid TOML"):
        load_template(path)


def test_render_templates_unknown_top_level_key(tmp_path):
    path = write_toml(tmp_path, 'markings = "SECRET"\n')
    with pytest.raises(TemplateError, match=r"custom\.toml: unknown key\(s\) markings"):
        load_template(path)


def test_render_templates_unknown_section_names_file_and_fix(tmp_path):
    path = write_toml(tmp_path, '[[sections]]\nkey = "gossip"\nheading = "Gossip"\n')
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert message.startswith(f"{path.resolve()}: ")
    assert "unknown section key 'gossip'" in message
    assert (
        "key_points, background, positions, third_parties, risk, next_steps, timeline, sources"
        in message
    )


def test_render_templates_duplicate_section(tmp_path):
    path = write_toml(
        tmp_path,
        '[[sections]]\nkey = "risk"\nheading = "A"\n[[sections]]\nkey = "risk"\nheading = "B"\n',
    )
    with pytest.raises(TemplateError, match="section 'risk' is listed twice"):
        load_template(path)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('key = "risk"\nheading = ""', "section 'risk' needs a heading"),
        ('key = "risk"\nheading = "Risks"\nlimit = -1', "limit must be a whole number"),
        ('key = "risk"\nheading = "Risks"\nlimit = 1.5', "limit must be a whole number"),
        ('key = "risk"\nheading = "Risks"\nthreshold = 2', "threshold must be a number between"),
        ('key = "risk"\nheading = "Risks"\ncolour = "red"', "unknown key\\(s\\) colour"),
        ('key = "risk"\nheading = "Risks for {government}"', "uses \\{government\\}"),
        ('key = "positions"\nheading = "Position of {gov}"', "uses \\{gov\\}"),
    ],
)
def test_render_templates_bad_section_entry(tmp_path, entry, message):
    path = write_toml(tmp_path, f"[[sections]]\n{entry}\n")
    with pytest.raises(TemplateError, match=message):
        load_template(path)


def test_render_templates_bad_title_placeholder(tmp_path):
    path = write_toml(tmp_path, 'title = "{a} and {c}"\n')
    with pytest.raises(TemplateError, match=r"title '\{a\} and \{c\}' uses \{c\}"):
        load_template(path)


def test_render_templates_missing_docx_style_names_file_style_and_fix(tmp_path):
    path = write_toml(tmp_path, '[docx.styles]\nsource = "Fancy Source"\n')
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert message.startswith(f"{path.resolve()}: the reference document ")
    assert "default.docx has no style(s) source = 'Fancy Source'" in message
    assert "Add the styles to the reference document" in message


def test_render_templates_character_style_is_refused(tmp_path):
    path = write_toml(tmp_path, '[docx.styles]\nbody = "Strong"\n')
    with pytest.raises(TemplateError, match="body = 'Strong' are not paragraph styles"):
        load_template(path)


def test_render_templates_unknown_docx_element(tmp_path):
    path = write_toml(tmp_path, '[docx.styles]\ncaption = "Caption"\n')
    with pytest.raises(TemplateError, match=r"\[docx.styles\] has unknown element\(s\) caption"):
        load_template(path)


def test_render_templates_missing_reference_docx(tmp_path):
    path = write_toml(tmp_path, '[docx]\nreference = "gone.docx"\n')
    with pytest.raises(TemplateError, match=r"the reference document .*gone\.docx does not exist"):
        load_template(path)


def test_render_templates_unreadable_reference_docx(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    path = write_toml(tmp_path, '[docx]\nreference = "broken.docx"\n')
    with pytest.raises(TemplateError, match=r"broken\.docx is not a readable \.docx"):
        load_template(path)


def test_render_templates_missing_font_names_file_and_fix(tmp_path):
    path = write_toml(tmp_path, '[fonts]\nbold = "fonts/Missing-Bold.ttf"\n')
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert message.startswith(f"{path.resolve()}: the bold font ")
    assert "Missing-Bold.ttf does not exist" in message
    assert "Fix [fonts] bold" in message


def test_render_templates_non_truetype_font(tmp_path):
    shutil.copy(SHIPPED / "fonts" / "LICENSE-DejaVu.txt", tmp_path / "Fake.ttf")
    path = write_toml(tmp_path, '[fonts]\nitalic = "Fake.ttf"\n')
    with pytest.raises(TemplateError, match=r"italic font .*Fake\.ttf is not a TrueType"):
        load_template(path)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('color = "navy"', "color = 'navy': must be a colour \"#RRGGBB\""),
        ("size = -3", "size = -3: must not be negative"),
        ("size = 0", "size = 0: must be more than 0"),
        ('size = "big"', "size = 'big': must be a number"),
        ("size = true", "size = True: must be a number"),
        ('font = "black"', "font = 'black': must be a font role"),
        ('align = "middle"', "align = 'middle': must be one of"),
        ("underline = true", r"unknown key\(s\) underline"),
    ],
)
def test_render_templates_bad_pdf_style(tmp_path, table, message):
    path = write_toml(tmp_path, f"[pdf.styles.heading]\n{table}\n")
    with pytest.raises(TemplateError, match=message) as info:
        load_template(path)
    assert "[pdf.styles.heading]" in str(info.value)


def test_render_templates_unknown_pdf_element(tmp_path):
    path = write_toml(tmp_path, "[pdf.styles.caption]\nsize = 8\n")
    with pytest.raises(TemplateError, match=r"\[pdf.styles\] has unknown element\(s\) caption"):
        load_template(path)


def test_render_templates_reference_docx_matches_its_generator(tmp_path):
    script = SHIPPED / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "regenerated.docx"
    module.save_stable(module.build(), out)
    assert out.read_bytes() == (SHIPPED / "default.docx").read_bytes(), (
        "templates/default.docx is stale: run templates/make_reference_docx.py"
    )


def test_render_templates_front_items_sources_layout_defaults():
    template = load_template()
    assert template.front["as_of"] == "As of {date}"
    assert template.front["single_source"] == "single source, not independently corroborated"
    assert template.low_confidence == 0.5
    assert template.source_paths is False
    assert (template.page_target, template.page_target_articles) == (1, 2)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[front]\nas_of = "As of {day}"\n', "[front] as_of 'As of {day}' uses {day}"),
        ("[front]\nfooter = 1\n", "unknown key(s) in [front]: footer"),
        ("[items]\nlow_confidence = 2\n", "[items] low_confidence must be a number"),
        ('[sources]\npaths = "yes"\n', "[sources] paths must be true or false"),
        ("[layout]\npages = -1\n", "[layout] pages must be a whole number >= 0"),
    ],
)
def test_render_templates_bad_front_matter_and_options(tmp_path, toml, message):
    with pytest.raises(TemplateError) as info:
        load_template(write_toml(tmp_path, toml))
    assert message in str(info.value)


def test_render_templates_timeline_template_adds_the_section():
    template = load_template("timeline")
    keys = [s.key for s in template.sections]
    assert keys[-2:] == ["timeline", "sources"]
