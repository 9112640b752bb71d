"""Docstrings of the public API: a one-line summary, every parameter mentioned, and a statement of units.

**Public API** = for each module listed in ``docs/api/modules.txt`` (the modules of the API reference), the names
in its ``__all__`` — or, for a module without ``__all__``, its top-level functions and classes whose names do not
start with ``_``. Constants and other plain values are not checked. For a class the class docstring is checked
against the parameters of its ``__init__`` (dataclass fields included).

Rules (a failure names the object and the rule):

* ``summary``: the docstring exists and its first line is a non-empty sentence of at most 120 characters.
* ``params``: every parameter of the signature (not ``self``, ``*args``, ``**kwargs``) appears by name in the
  docstring, e.g. in a ``Parameters`` section or in the prose.
* ``units``: where the callable takes parameters, the docstring states units: a unit in brackets or parentheses
  (``[K]``, ``(W)``, ``[J/K]``, ``(K, > 0)``), "in <unit>" (``in K``, ``in Ω``, ``in ξ``, ``in t0``, ``in Δ0``,
  ``in k_BT``, ``in j0``, ``in R_ξ``), or one of the words "SI", "dimensionless", "reduced units", "unitless".
  A name whose arguments are all non-physical (flags, names, callables) may say "no units".

Fix a failure in the docstring itself; the message gives the rule and the object. Names that did not meet the rules
when the test was introduced are listed in ``tests/docstrings_todo.txt`` and run as strict xfails: when one is
fixed, delete its line (a fixed name still listed fails as XPASS). New public names must pass.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    line.strip()
    for line in (ROOT / "docs" / "api" / "modules.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]

UNIT_TOKEN = (
    r"K|mK|J|eV|µeV|meV|W|fW|pW|aW|s|ns|ps|Hz|rad/s|Ω|ohm|S|µS|A|µA|V|µV|m|nm|µm|m²|m³|F|H|kg|"
    r"ξ|t0|Δ0|Δ₀|k_BT|k_BTc|j0|I0|V0|R_ξ|1/ξ|1/s|[A-Za-zµΩ·/⁻¹²³⁴⁵0-9^ -]*"
)
UNITS = re.compile(
    r"\[[^\]\n]{1,30}\]|\((?:" + UNIT_TOKEN + r")\)|\bin (?:units of )?(?:K|mK|J|eV|W|s|Hz|rad/s|Ω|S|A|V|m|F|H|"
    r"ξ|t0|Δ0|Δ₀|k_BT|k_BTc|j0|I0|V0|R_ξ|m²|m³|kg|siemens|volts?|kelvin|joules?|watts?|seconds?|amperes?|"
    r"ohms?|metres?|meters?)\b|\((?:K|mK|J|eV|W|s|Hz|rad/s|Ω|S|A|V|m|F|H|ξ|t0|Δ0|k_BT|j0|m²|m³|kg)[,;]"
    r"|\bSI\b|dimensionless|reduced units|unitless|no units",
)
SKIP_PARAMS = {"self", "cls"}


def public_objects():
    for modname in MODULES:
        module = importlib.import_module(modname)
        if hasattr(module, "__all__"):
            names = list(module.__all__)
        else:
            names = [
                n
                for n, o in vars(module).items()
                if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o)) and o.__module__ == modname
            ]
        for name in names:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{modname}.{name}", obj


def parameters(obj) -> list[str]:
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and obj.__init__ is object.__init__:
        return []
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in sig.parameters.values()
        if p.name not in SKIP_PARAMS and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and not p.name.startswith("_")
    ]


def problems(qualname: str, obj) -> list[str]:
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return [] if doc.strip() else [f"{qualname}: summary — no docstring"]
    out = []
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    if not first or len(first) > 120:
        out.append(f"{qualname}: summary — first line must be a one-line summary (≤ 120 characters): {first[:60]!r}")
    params = parameters(obj)
    missing = [p for p in params if not re.search(rf"(?<![\w.]){re.escape(p)}(?!\w)", doc)]
    if missing:
        out.append(f"{qualname}: params — parameters not described in the docstring: {', '.join(missing)}")
    if params and not UNITS.search(doc):
        out.append(f"{qualname}: units — no units statement (e.g. '[K]', 'in W', 'dimensionless', 'no units')")
    return out


OBJECTS = dict(public_objects())
#: Names that do not yet meet the rules (strict xfail: fixing one makes the test fail until its line is removed).
TODO = {
    line.strip()
    for line in (ROOT / "tests" / "docstrings_todo.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}


def test_public_api_is_found():
    assert len(OBJECTS) > 100 and "neqsc.tdgl.simulate" in OBJECTS


def test_todo_list_names_only_public_objects():
    assert not TODO - set(OBJECTS), f"remove from tests/docstrings_todo.txt: {sorted(TODO - set(OBJECTS))}"


@pytest.mark.parametrize(
    "qualname",
    [
        pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="listed in tests/docstrings_todo.txt"))
        if q in TODO
        else q
        for q in sorted(OBJECTS)
    ],
)
def test_public_docstring(qualname):
    found = problems(qualname, OBJECTS[qualname])
    assert not found, "\n".join(found) + "\n(rules: tests/test_docstrings.py module docstring)"
