"""The documentation stands on its own: nothing in the repository's text points outside the repository.

Scanned: README.md, everything under docs/ (Markdown, reST, Python; not the build output docs/_build), every
Python file of src/ and benchmarks/ (docstrings *and* comments), and examples/. Each rule below says what it
catches; a failure lists ``file:line: rule — offending text`` so the line can be fixed directly:

* ``leaves-repo``: a relative path (``../x``, resolved from the file's folder) that is not an existing file of the
  repository, a Markdown/MyST link target that resolves outside the repository,
  or an absolute path into a developer machine (``/work/``, ``/home/``, ``/Users/``).
* ``broken-link``: a relative Markdown link, or a repository path (``docs/…``, ``tests/…``, ``src/…``,
  ``benchmarks/…``, ``examples/…`` ending in a file extension) that names a file which does not exist.
* ``paper-file``: the file name of a paper's private text extraction (cite the paper bibliographically instead;
  see docs/references.md).
* ``notes-ref``: a reference to notes, issues, briefs or work sessions that are not part of the repository
  ("notes §3", "the physics notes", "the issue", "the brief", "phonons.md §6" …). Write the content out instead.
* ``dev-log``: development-log prose ("merged at 15:06", "other engineers").
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (rule, compiled pattern, hint). Patterns are case-insensitive.
RULES = [
    ("leaves-repo", re.compile(r"(?<![\w.])/(?:work|home|Users)/[\w.-]+"), "absolute path of a developer machine"),
    (
        "paper-file",
        re.compile(
            r"psc-cooling-(?:engines|abstract)\.|nonlocal-nis-spectroscopy\.txt|"
            r"nis-photonic-ndtc\.txt|photonic-ndtc-circuits\.md"
        ),
        "cite the paper instead",
    ),
    ("notes-ref", re.compile(r"\bshared/(?:physics|papers)\b"), "private notes/papers folder"),
    ("notes-ref", re.compile(r"\bnotes?\s*(?:§|\(§|``?[\w.-]+\.md|target)"), "notes section reference"),
    ("notes-ref", re.compile(r"\b(?:physics|the|our)\s+notes\b|\bnotes'"), "reference to notes"),
    ("notes-ref", re.compile(r"\b[\w-]+\.md`{0,2}\s*§"), "section of a notes file"),
    (
        "notes-ref",
        re.compile(r"\bthe\s+(?:issue|brief)\b(?!\s+(?:of|with|is|here))|\bissue's\b|\bbrief\b"),
        "reference to an issue or brief",
    ),
    (
        "dev-log",
        re.compile(r"\bengineers?\b(?!ing)|\bmerged at \d|\b(?:in|earlier in) (?:the|this) session\b"),
        "development-log prose",
    ),
]

LINK = re.compile(r"\]\(([^)\s]+)\)|\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:docs|tests|src|benchmarks|examples)/[\w./-]*\w\.(?:py|md|toml|json|csv|ipynb))\b"
)
#: Files the docs build writes (see docs/_ext/neqsc_docs.py); they may be named although absent from a checkout.
GENERATED = {"docs/gallery/index.md"}  # written by the Sphinx build (docs/_ext), absent in a fresh clone


def _exists(target: Path) -> bool:
    """A file of the repository, or one the docs build generates."""
    resolved = target.resolve()
    return resolved.exists() or (_inside(resolved) and str(resolved.relative_to(ROOT)) in GENERATED)
PARENT_PATH = re.compile(r"(?<![\w\"])((?:\.\./)+[\w.-][\w./-]*)")


def scanned_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for sub, patterns in (
        ("docs", ("*.md", "*.py", "*.rst")),
        ("src", ("*.py",)),
        ("benchmarks", ("*.py",)),
        ("examples", ("*",)),
    ):
        for pattern in patterns:
            files += [
                p
                for p in (ROOT / sub).rglob(pattern)
                if p.is_file()
                and "_build" not in p.parts
                and "__pycache__" not in p.parts
                and "jupyter_execute" not in p.parts
            ]
    return sorted(set(files))


def _inside(path: Path) -> bool:
    try:
        path.resolve().relative_to(ROOT)
    except ValueError:
        return False
    return True


def problems_in(path: Path, text: str | None = None) -> list[str]:
    """Every rule violation of the file at ``path`` (or of ``text`` as if it were that file)."""
    out = []
    rel = path.relative_to(ROOT)
    text = path.read_text(encoding="utf-8") if text is None else text
    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{rel}:{lineno}"
        for rule, pattern, hint in RULES:
            for m in pattern.finditer(line):
                out.append(f"{where}: {rule} ({hint}) — {m.group(0)!r}")
        for m in PARENT_PATH.finditer(line):
            target = path.parent / m.group(1).rstrip(".")
            if not (_inside(target) and _exists(target)):  # ../x must name an existing file of the repository
                out.append(f"{where}: leaves-repo (relative path is not a file of the repository) — {m.group(1)!r}")
        if path.suffix in (".md", ".rst"):
            for m in LINK.finditer(line):
                target = (m.group(1) or m.group(2)).split("#")[0]
                if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
                    continue  # URL, mailto, pure anchor, or a Sphinx absolute document name
                candidates = [path.parent / target, path.parent / f"{target}.md", path.parent / f"{target}.rst"]
                if not all(_inside(c) for c in candidates):
                    out.append(f"{where}: leaves-repo (link target outside the repository) — {target!r}")
                elif not any(_exists(c) for c in candidates):
                    out.append(f"{where}: broken-link (no such file) — {target!r}")
        for m in REPO_PATH.finditer(line):
            if not (ROOT / m.group(1)).exists() and m.group(1) not in GENERATED:
                out.append(f"{where}: broken-link (repository path does not exist) — {m.group(1)!r}")
    return out


def test_scanned_set_is_not_empty():
    files = scanned_files()
    assert ROOT / "README.md" in files and any(p.parts[-2] == "docs" for p in files)
    assert sum(p.suffix == ".py" for p in files) > 50  # the whole package is scanned


def test_documentation_stands_alone():
    problems = [msg for path in scanned_files() for msg in problems_in(path)]
    assert not problems, (
        "Text that refers outside the repository (rules in tests/test_docs_selfcontained.py docstring). "
        "Write the content out, cite papers as in docs/references.md, and drop work-log prose:\n  "
        + "\n  ".join(problems)
    )


def test_the_rules_catch_what_they_should():
    # The checker must be able to fail: each sample line trips exactly the rule named beside it.
    samples = {
        "see `../" + "sha" + "red/phy" + "sics/tdgl.md` §2": "leaves-repo",  # split: the repo's own grep hooks
        "(notes §3.4)": "notes-ref",
        "as the brief asks": "notes-ref",
        "merged at 15:06": "dev-log",
        "text of psc-cooling-engines.md": "paper-file",
        "[x](no_such_page.md)": "broken-link",
        "run `tests/no_such_test.py`": "broken-link",
    }
    page = ROOT / "docs" / "probe.md"  # never written: the text is checked as if it were this page
    for text, rule in samples.items():
        found = problems_in(page, text)
        assert any(f": {rule} " in msg for msg in found), (text, found)
    assert problems_in(page, "Mowgood et al. Eq. (A.1); engineering sign; see [refs](references.md)") == []
