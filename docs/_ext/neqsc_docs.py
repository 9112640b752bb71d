"""Build-time page generation for the neqsc docs (a local Sphinx extension, see ``docs/conf.py``).

* API pages: one page ``docs/api/<module>.md`` per line of ``docs/api/modules.txt`` (automodule of the module's
  ``__all__``, or of its public top-level definitions); an object already documented under an earlier module is
  listed there by name instead of twice.
* Validation record: the level-2 sections of the engine pages whose heading starts with "Validation", "Tests" or
  "Statistical tests" are copied into ``docs/validation/_generated/<page>.md``, so the record always matches the
  engine pages. A page listed in ``VALIDATION_PAGES`` without such a section is a build warning (an error with -W).
* Gallery: ``docs/gallery/index.md`` from the ``neqsc reproduce`` registry, the committed images in
  ``docs/_static/gallery/`` and the paper-comparison notes in ``docs/gallery/differences.toml``. A recipe
  without an image or a note is a build warning naming the command that fixes it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import tomllib
from pathlib import Path

from sphinx.util import logging

LOG = logging.getLogger(__name__)

VALIDATION_PAGES = {
    "tdgl": "Phase-slip centres (`neqsc.tdgl`)",
    "phonons": "PSC phonons and the cooler (`neqsc.phonons`)",
    "photonic": "Photonic heat transport (`neqsc.photonic`)",
    "thermal": "Heat-balance networks (`neqsc.thermal`)",
    "quasiclassics": "Nonlocal NIS spectroscopy (`neqsc.quasiclassics`)",
    "quasiclassics-fitting": "Fits to measured data (`neqsc.quasiclassics.measured.fitting`)",
    "sweep": "Parameter sweeps (`neqsc.sweep`)",
}
VALIDATION_HEADING = re.compile(r"^## +(Validation|Tests|Statistical tests)\b.*$", re.MULTILINE)


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def public_names(module) -> list[str]:
    """The public API of ``module``: its ``__all__``, else its public top-level functions and classes."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
    ]


def public_modules(docs: Path) -> list[str]:
    lines = (docs / "api" / "modules.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def generate_api(docs: Path) -> None:
    seen: dict[int, str] = {}
    wanted = set()
    for modname in public_modules(docs):
        module = importlib.import_module(modname)
        names = public_names(module)
        again = [n for n in names if id(getattr(module, n, None)) in seen and not _is_plain_value(module, n)]
        for n in names:
            seen.setdefault(id(getattr(module, n, None)), f"{modname}.{n}")
        lines = [f"# `{modname}`", "", "```{eval-rst}", f".. automodule:: {modname}", "   :members:"]
        if again:
            lines.append("   :exclude-members: " + ", ".join(again))
        lines.append("```")
        if again:
            lines += [
                "",
                "Also exported here (documented where first listed): "
                + ", ".join(f"{{py:obj}}`{n} <{seen[id(getattr(module, n))]}>`" for n in again)
                + ".",
            ]
        path = docs / "api" / f"{modname}.md"
        wanted.add(path.name)
        _write_if_changed(path, "\n".join(lines) + "\n")
    for stale in (docs / "api").glob("neqsc*.md"):
        if stale.name not in wanted:
            stale.unlink()


def _is_plain_value(module, name: str) -> bool:
    obj = getattr(module, name, None)
    return not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj))


def _relink(text: str) -> str:
    """Make relative Markdown links of an engine page valid one folder deeper."""
    return re.sub(r"\]\((?![a-z]+:|#|/)([^)]+)\)", r"](../../\1)", text)


def generate_validation(docs: Path) -> None:
    out = docs / "validation" / "_generated"
    for page, title in VALIDATION_PAGES.items():
        text = (docs / f"{page}.md").read_text(encoding="utf-8")
        parts = []
        for m in VALIDATION_HEADING.finditer(text):
            nxt = re.compile(r"^## ", re.MULTILINE).search(text, m.end())
            body = text[m.end() : nxt.start() if nxt else len(text)]
            heading = m.group(0)[3:].strip()
            parts.append(f"## {heading}\n" + re.sub(r"^###", "###", body, flags=re.MULTILINE))
        if not parts:
            LOG.warning(f"docs/{page}.md has no '## Validation…' / '## Tests…' section for the validation record")
            parts = ["(no validation section)\n"]
        body = "\n".join(parts)
        _write_if_changed(
            out / f"{page}.md",
            f"# {title}\n\nCopied at build time from [{page}.md](../../{page}.md).\n\n" + _relink(body),
        )


def generate_gallery(docs: Path) -> None:
    from neqsc import reproduce

    images = docs / "_static" / "gallery"
    notes_file = docs / "gallery" / "differences.toml"
    notes = tomllib.loads(notes_file.read_text(encoding="utf-8")) if notes_file.exists() else {}
    timings_file = images / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    lines = [
        "# Gallery of reproduced figures",
        "",
        "Every `neqsc reproduce NAME` recipe, with the paper figure it reproduces and what differs from the paper.",
        "The images are committed PNGs made by `python docs/gallery/make_gallery.py` (which runs every recipe; the",
        "recipes take seconds to minutes each, too long for every docs build); this page itself is generated from",
        "the recipe registry at build time, so a new recipe appears here automatically.",
        "",
    ]
    for name, rec in reproduce.available().items():
        lines += [f"## `{name}`", "", f"**{rec.description}**", ""]
        lines += [
            f"Paper: {rec.paper or '—'}. Run: `neqsc reproduce {name}`"
            + (f" (≈ {timings[name]:.0f} s when the image was made)." if name in timings else "."),
            "",
        ]
        if (images / f"{name}.png").exists():
            lines += [f"```{{image}} ../_static/gallery/{name}.png", f":alt: {name}", ":width: 100%", "```", ""]
        else:  # not fatal: a recipe merged without its image must not break the build; the page says so
            LOG.info(f"gallery: no image for recipe {name!r}; run `python docs/gallery/make_gallery.py {name}`")
            lines += [f"*(No image yet: run `python docs/gallery/make_gallery.py {name}` and commit the PNG.)*", ""]
        note = notes.get(name, {}).get("differs")
        if note:
            lines += [f"What differs: {note.strip()}", ""]
        else:
            LOG.info(f"gallery: recipe {name!r} has no 'differs' note in docs/gallery/differences.toml")
            lines += ["What differs: *(not yet described in `docs/gallery/differences.toml`)*", ""]
    _write_if_changed(docs / "gallery" / "index.md", "\n".join(lines))


_INLINE_LITERAL = re.compile(r"(``.+?``|`[^`]+`)")


def _escape_line(line: str) -> str:
    """Escape ``|`` (absolute values such as |Ψ| would be reST substitutions) outside inline literals and roles."""
    parts = _INLINE_LITERAL.split(line)
    return "".join(part if i % 2 else part.replace("|", r"\|") for i, part in enumerate(parts))


def escape_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    """Make plain-text physics notation in docstrings safe for reST (``|x|``), leaving literal blocks alone.

    The docstrings are written to be read in a terminal (``help()``): absolute values |Ψ| are plain text there.
    Literal blocks (the indented block after a line ending in ``::``) and reST tables are kept as they are. A field
    list (``:param x:`` from napoleon) directly followed by a paragraph gets the blank line reST requires.
    """
    literal_from, literal_indent = None, None
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if literal_from is not None and stripped:
            if literal_indent is None:
                literal_indent = indent if indent > literal_from else None
                if literal_indent is None:
                    literal_from = None
            elif indent < literal_indent:
                literal_from = literal_indent = None
        if literal_from is not None:
            continue
        if stripped.startswith(("+--", "+==")) or (
            stripped.startswith("| ") and stripped.endswith("|") and stripped.count("|") > 2
        ):
            continue  # a reST grid or line table
        lines[i] = _escape_line(line)
        if stripped.endswith("::"):
            literal_from, literal_indent = indent, None
    for i in range(len(lines) - 1, 0, -1):
        prev, cur = lines[i - 1], lines[i]
        if (
            cur.strip()
            and not cur.startswith((" ", ":"))
            and prev.strip()
            and (prev.startswith(":") or (prev.startswith(" ") and _in_field(lines, i - 1)))
        ):
            lines.insert(i, "")


def _in_field(lines: list[str], i: int) -> bool:
    """Whether line ``i`` (indented) continues a field-list item."""
    while i >= 0 and lines[i].startswith(" ") and lines[i].strip():
        i -= 1
    return i >= 0 and lines[i].startswith(":")


def _generate(app) -> None:
    docs = Path(app.srcdir)
    generate_api(docs)
    generate_validation(docs)
    generate_gallery(docs)


def setup(app):
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", escape_docstring)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
