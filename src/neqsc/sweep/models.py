"""Models a sweep can name in a TOML file: name → a module-level function of plain keyword data → Dataset.

Each :class:`Model` also records the SI unit of every parameter its function takes, so that unit strings from
TOML (``"30 mK"``) are converted at the edge with :func:`neqsc.units.parse_quantity`. A parameter whose unit is
``None`` is passed through unchanged (integers, strings, booleans: ``n_steps``, ``boundary = "banks"``).

Adapters for the physics engines live here (or one file per model under ``neqsc/sweep/``): each is a thin
module-level function that calls the engine's public API with SI floats and returns its Dataset. Engines not merged
yet are registered as stubs; naming one raises :class:`~neqsc.errors.InvalidParameter` ("not available yet").
"""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
from collections.abc import Callable

import xarray as xr

from neqsc.errors import InvalidParameter


@dataclasses.dataclass(frozen=True)
class Model:
    """A sweepable model: its function, the SI unit of each parameter, a one-line description."""

    name: str
    func: Callable[..., xr.Dataset] | None
    units: dict[str, str | None]
    description: str
    stub: str | None = None  # why there is no adapter yet (None if there is one)
    labels: dict[str, str] = dataclasses.field(default_factory=dict)  # coordinate units of natural-unit parameters
    requires: tuple[str, ...] = ()  # the engine subpackages the adapter imports

    @property
    def missing(self) -> str | None:
        """Why the model cannot run here (no adapter yet, or its engine is not part of this neqsc), or None."""
        if self.stub:
            return self.stub
        absent = [m for m in self.requires if importlib.util.find_spec(m) is None]
        if absent:
            return f"model {self.name!r} is not available yet ({', '.join(absent)} not part of this neqsc)"
        return None

    @property
    def parameters(self) -> dict[str, inspect.Parameter]:
        """The function's keyword parameters (``seed`` excluded: the sweep supplies it)."""
        if self.func is None:
            return {}
        params = inspect.signature(self.func).parameters
        return {k: p for k, p in params.items() if k != "seed"}

    @property
    def required(self) -> list[str]:
        return [k for k, p in self.parameters.items() if p.default is inspect.Parameter.empty]

    def coord_units(self, name: str) -> str | None:
        """The ``units`` attr of parameter ``name`` as a sweep coordinate (its label, else its SI unit)."""
        return self.labels.get(name) or self.units.get(name)

    def unit(self, name: str) -> str | None:
        """SI unit of parameter ``name``; :class:`InvalidParameter` if the model has no such parameter."""
        if name not in self.parameters:
            raise InvalidParameter(
                name, "(parameter name)", f"a parameter of model {self.name!r}: " + ", ".join(self.parameters)
            )
        return self.units.get(name)


_MODELS: dict[str, Model] = {}


def register_model(
    name: str,
    units: dict[str, str | None],
    description: str,
    labels: dict[str, str] | None = None,
    requires: tuple[str, ...] = (),
) -> Callable:
    """Decorator registering ``func`` as model ``name``.

    ``units`` gives every function parameter's SI unit for parsing (pint string) or ``None`` (value passed through:
    integers, strings, booleans, numbers in the model's natural units); ``labels`` the ``units`` attr of swept
    coordinates for parameters in natural units (``{"j": "j0", "length": "xi"}``); ``requires`` the engine
    subpackages the function imports (lazily, inside its body), so the model is listed as unavailable until it exists.
    """

    def decorate(func: Callable[..., xr.Dataset]) -> Callable[..., xr.Dataset]:
        params = [k for k in inspect.signature(func).parameters if k != "seed"]
        missing = sorted(set(params) - set(units))
        if missing:
            raise ValueError(f"model {name!r}: give a unit (or None) for parameters {missing}")
        _MODELS[name] = Model(name, func, dict(units), description, labels=dict(labels or {}), requires=tuple(requires))
        return func

    return decorate


def register_stub(name: str, description: str, waiting_for: str) -> None:
    """Register ``name`` as a model that is not available yet (its engine has not been merged)."""
    _MODELS[name] = Model(name, None, {}, description, stub=f"model {name!r} is not available yet ({waiting_for})")


def get_model(name: str) -> Model:
    """The model registered as ``name``; :class:`InvalidParameter` if unknown or not available yet."""
    if name not in _MODELS:
        raise InvalidParameter("model", name, "one of " + ", ".join(sorted(_MODELS)))
    model = _MODELS[name]
    if model.missing:
        raise InvalidParameter("model", name, "an available model: " + ", ".join(available()), hint=model.missing)
    return model


def available() -> list[str]:
    """Names of models that can be swept now."""
    return sorted(k for k, m in _MODELS.items() if not m.missing)


def models() -> dict[str, Model]:
    """All registered models, available or not."""
    return dict(_MODELS)


# --- models -------------------------------------------------------------------------------------------------------


@register_model(
    "brownian",
    units={
        "gamma": "1/s",
        "temperature": "K",
        "mass": "kg",
        "gamma_t_max": "dimensionless",
        "n_walkers": None,
        "n_steps": None,
        "n_bins": None,
    },
    description="Brownian particle relaxing to equipartition (Ornstein–Uhlenbeck; test/benchmark model)",
)
def brownian(
    gamma: float,
    temperature: float,
    mass: float = 1e-18,
    gamma_t_max: float = 5.0,
    n_walkers: int = 2000,
    n_steps: int = 200,
    n_bins: int = 41,
    seed: int = 0,
) -> xr.Dataset:
    """Adapter for :func:`neqsc.sweep.toy.brownian_relaxation` (SI units: 1/s, K, kg)."""
    from neqsc.sweep.toy import brownian_relaxation

    return brownian_relaxation(gamma, temperature, mass, gamma_t_max, n_walkers, n_steps, n_bins, seed)


# Adapters of the physics engines, one module each (imported here so that they register themselves).
from neqsc.sweep import model_cooler, model_nonlocal, model_photonic, model_psc, model_thermal  # noqa: E402, F401
