"""Extension slots: places on a page of one context where a context above it adds content.

A lower context never imports a higher one, yet some of its pages show what a higher one
holds (the forums made from a project's synthesis, an atelier's verdicts link beside a
session's console). The page names a slot; the higher context adds a function to it when it
is imported; the page renders what was added, in order. A function returns HTML or nothing.
"""

from markupsafe import Markup

_slots: dict[str, list] = {}


def add_to_slot(name: str, render) -> None:
    """Add ``render(**context) -> str | None`` to the slot ``name`` (once)."""
    renders = _slots.setdefault(name, [])
    if render not in renders:
        renders.append(render)


def render_slot(name: str, **context) -> Markup:
    """What every function added to the slot renders for ``context``."""
    return Markup("").join(Markup(part) for render in _slots.get(name, ())
                           if (part := render(**context)))


def init_app(app) -> None:
    app.jinja_env.globals["render_slot"] = render_slot
