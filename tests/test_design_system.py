"""The pages share one design system (static/css/app.css, :root): every screen's stylesheet takes
its colours from it, and the text colours keep AA contrast on the backgrounds they are used on."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parent.parent / "static" / "css"


def root() -> str:
    return (CSS / "app.css").read_text().split(":root {", 1)[1].split("}", 1)[0]


def tokens() -> dict[str, str]:
    """The design system's colours by name."""
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root()))


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_screens_use_the_design_systems_colours_only():
    rules = (CSS / "app.css").read_text().split(":root {", 1)[1].split("}", 1)[1]
    for sheet in (rules, (CSS / "projector.css").read_text(), (CSS / "workspace.css").read_text()):
        assert not re.findall(r"#[0-9a-fA-F]{3,6}\b|rgb\(", sheet)
    sheet = (CSS / "workspace.css").read_text()
    used = set(re.findall(r"var\(--([\w-]+)\)", sheet))
    assert used and used <= set(re.findall(r"--([\w-]+):", root()))  # colours, spacing, type


def test_text_colours_keep_aa_contrast_on_the_workspaces_backgrounds():
    colour = tokens()
    for background in ("paper", "bg", "accent-soft", "selected", "tint-green", "tint-violet", "tint-amber",
                       "line"):
        assert contrast(colour["ink"], colour[background]) >= 4.5, background
    for text in ("muted", "accent", "error", "agree", "disagree", "warn"):
        for background in ("paper", "bg", "accent-soft"):
            assert contrast(colour[text], colour[background]) >= 4.5, (text, background)


def test_the_rooms_text_colours_keep_aa_contrast_on_its_dark_grounds():
    colour = tokens()
    for text in ("room-ink", "room-ink-soft", "room-muted", "room-muted-soft", "room-link", "room-highlight",
                 "room-soon", "room-alert", "room-info", "room-live", "room-agree-ink", "room-disagree-ink"):
        for background in ("room-bg", "room-panel", "room-panel-deep"):
            assert contrast(colour[text], colour[background]) >= 4.5, (text, background)
    assert contrast(colour["room-notice-ink"], colour["room-notice"]) >= 4.5
