r"""Heat-balance networks: nodes, links and heat inputs; residuals and their analytic Jacobian.

A network has *free* electron nodes (temperature unknown), *fixed* nodes (phonon baths, reservoirs held by a
heater or by cooling fins; their temperatures are parameters), links that carry heat Q_ab(T_a, T_b) from node a to
node b, and heat inputs P (Joule heaters) into free nodes. The steady state is the zero of::

    R_i(T) = Σ_inputs P_i − Σ_{links a=i} Q_ab(T_i, T_b) + Σ_{links b=i} Q_ai(T_a, T_i)        (network balance)

for every free node i (Dey et al. Eq. 7 and Pioldi et al. Eq. 5 are two-node instances). Energy conservation
follows: Σ_i R_i = Σ P − Σ_(flows into fixed nodes), so at a steady state the heat arriving at the fixed nodes
equals the injected power.

Parameters (what a sweep can vary) are named: every fixed node's temperature under the node's name, and every heat
input's power under the input's name. A fixed node may *follow* another fixed node (set-up 2 of Pioldi et al.:
T_R = T_bath), so one parameter moves several nodes.

The Jacobian ∂R/∂T is assembled from each link's ``derivatives(T_a, T_b) = (∂Q/∂T_a, ∂Q/∂T_b)``: analytic for the
power-law electron–phonon link and for links given an explicit derivative; a central difference (relative step
``fd_step``) for the superconducting T_e-dependence and for photonic links given only Q (their quadratures are
smooth functions of T, so the truncation error is ~fd_step² relative).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from neqsc import validation
from neqsc.errors import InvalidParameter

__all__ = [
    "ElectronNode",
    "ElectronPhononLink",
    "FixedNode",
    "HeatInput",
    "HeatLink",
    "Network",
    "PhotonicLink",
]


@dataclasses.dataclass(frozen=True)
class ElectronNode:
    """A free electron bath; ``T_guess`` (K) seeds Newton (default: the hottest fixed node).

    Parameters
    ----------
    name:
        Node name (no units): a Python identifier, unique in the network; links refer to it.
    T_guess:
        Optional initial temperature in K (> 0) for the Newton solve.
    """

    name: str
    T_guess: float | None = None

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.T_guess is not None:
            validation.positive(f"{self.name}.T_guess", self.T_guess, "K")


@dataclasses.dataclass(frozen=True)
class FixedNode:
    """A node at a given temperature ``T`` (K): a phonon bath, or a reservoir held at T by heaters or fins.

    ``follows``: name of another fixed node whose temperature this one takes (then ``T`` is ignored).
    """

    name: str
    T: float = 0.0
    follows: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.follows is None:
            validation.positive(f"{self.name}.T", self.T, "K")


@dataclasses.dataclass(frozen=True)
class HeatInput:
    """Power ``power`` (W, >= 0) injected into free node ``node`` (a Joule heater); parameter name ``name``."""

    node: str
    power: float
    name: str = "P_in"

    def __post_init__(self) -> None:
        _check_name(self.name)
        validation.nonnegative(self.name, self.power, "W")


class Link(Protocol):
    """Heat Q (W) from ``source`` to ``target``; ``derivatives`` gives (∂Q/∂T_source, ∂Q/∂T_target) in W/K."""

    source: str
    target: str
    label: str

    def heat(self, T_a: float, T_b: float) -> float: ...

    def derivatives(self, T_a: float, T_b: float) -> tuple[float, float]: ...


def _central_difference(func: Callable[[float, float], float], T_a: float, T_b: float, step: float):
    ha, hb = step * T_a, step * T_b
    d_a = (func(T_a + ha, T_b) - func(T_a - ha, T_b)) / (2.0 * ha)
    d_b = (func(T_a, T_b + hb) - func(T_a, T_b - hb)) / (2.0 * hb)
    return float(d_a), float(d_b)


@dataclasses.dataclass(frozen=True)
class HeatLink:
    """Any heat channel given as a function ``heat(T_a, T_b)`` (W, positive from a to b).

    ``derivative(T_a, T_b) -> (∂Q/∂T_a, ∂Q/∂T_b)`` is optional; without it a central difference with relative
    step ``fd_step`` is used.

    Parameters
    ----------
    source, target:
        Names of the nodes a and b; the heat is counted positive from ``source`` to ``target``.
    heat_function:
        ``heat_function(T_a, T_b)`` → heat current in W (temperatures in K).
    derivative:
        Optional ``derivative(T_a, T_b)`` → (∂Q/∂T_a, ∂Q/∂T_b) in W/K.
    label:
        Optional name of the link (no units), used in error messages and in the result's link labels
        ``<source>_<target>_<label>``.
    fd_step:
        Relative temperature step of the central difference (dimensionless).
    """

    source: str
    target: str
    heat_function: Callable[[float, float], float]
    derivative: Callable[[float, float], tuple[float, float]] | None = None
    label: str = ""
    fd_step: float = 1e-5

    def heat(self, T_a: float, T_b: float) -> float:
        return float(self.heat_function(T_a, T_b))

    def derivatives(self, T_a: float, T_b: float) -> tuple[float, float]:
        if self.derivative is not None:
            d_a, d_b = self.derivative(T_a, T_b)
            return float(d_a), float(d_b)
        return _central_difference(self.heat, T_a, T_b, self.fd_step)


@dataclasses.dataclass(frozen=True)
class PhotonicLink:
    """Photon-mediated heat between two reservoirs joined by lossless lines.

    Either give two impedance elements (objects with ``impedance(omega, T)``, e.g. from :mod:`neqsc.photonic`),
    and Q = ``neqsc.photonic.heat_current(Z_a, Z_b, T_a, T_b)`` with derivatives from
    ``neqsc.photonic.heat_current_derivatives`` (analytic Bose factors), or give ``heat_function(T_a, T_b)`` directly
    (any model, e.g. the matched-resistor law πk_B²(T_a² − T_b²)/12ħ) with an optional analytic ``derivative``.

    Parameters
    ----------
    source, target:
        Names of the nodes a and b; the heat is counted positive from ``source`` to ``target``.
    element_a, element_b:
        Impedance elements (Z(ω, T) in Ω) of the two reservoirs; give both or neither.
    heat_function:
        ``heat_function(T_a, T_b)`` → heat current in W (temperatures in K), instead of the elements.
    derivative:
        Optional ``derivative(T_a, T_b)`` → (∂Q/∂T_a, ∂Q/∂T_b) in W/K for ``heat_function``.
    label:
        Optional name of the link (no units), used in error messages and in the result's link labels
        ``<source>_<target>_<label>``.
    fd_step:
        Relative temperature step of the central difference used for ``heat_function`` without ``derivative``
        (dimensionless).
    """

    source: str
    target: str
    element_a: Any = None
    element_b: Any = None
    heat_function: Callable[[float, float], float] | None = None
    derivative: Callable[[float, float], tuple[float, float]] | None = None
    label: str = "photonic"
    fd_step: float = 1e-5

    def __post_init__(self) -> None:
        has_elements = self.element_a is not None and self.element_b is not None
        if has_elements == (self.heat_function is not None):
            raise InvalidParameter(
                "PhotonicLink", (self.element_a, self.element_b, self.heat_function), "two elements OR heat_function"
            )

    def heat(self, T_a: float, T_b: float) -> float:
        if self.heat_function is not None:
            return float(self.heat_function(T_a, T_b))
        from neqsc.photonic import heat_current

        return float(heat_current(self.element_a, self.element_b, T_a, T_b))

    def derivatives(self, T_a: float, T_b: float) -> tuple[float, float]:
        if self.derivative is not None:
            d_a, d_b = self.derivative(T_a, T_b)
            return float(d_a), float(d_b)
        if self.heat_function is None:
            from neqsc.photonic import heat_current_derivatives

            d_a, d_b = heat_current_derivatives(self.element_a, self.element_b, T_a, T_b)
            return float(d_a), float(d_b)
        return _central_difference(self.heat, T_a, T_b, self.fd_step)

    def heat_and_derivatives(self, T_a: float, T_b: float) -> tuple[float, float, float]:
        """(Q, ∂Q/∂T_a, ∂Q/∂T_b) in one pass (``heat_current_map`` shares the τ evaluation between them)."""
        if self.heat_function is not None:
            return (self.heat(T_a, T_b), *self.derivatives(T_a, T_b))
        from neqsc.photonic import heat_current_map

        q, d_a, d_b = heat_current_map(self.element_a, self.element_b, [T_a], [T_b], derivatives=True)
        return float(q[0, 0]), float(d_a[0, 0]), float(d_b[0, 0])


@dataclasses.dataclass(frozen=True)
class ElectronPhononLink:
    """Electron–phonon heat from electron node ``node`` to phonon node ``bath`` through ``coupling``.

    ``coupling`` is a :class:`~neqsc.thermal.eph.PowerLawEPh` or :class:`~neqsc.thermal.eph.SuperconductingEPh`
    (anything with ``heat(T_e, T_p)`` and ``derivatives(T_e, T_p)``).

    Parameters
    ----------
    node:
        Name of the electron node (temperature T_e in K).
    bath:
        Name of the phonon node (temperature T_p in K).
    coupling:
        The coupling model: ``heat(T_e, T_p)`` in W, ``derivatives`` in W/K.
    label:
        Optional name of the link (no units), used in error messages and in the result's link labels
        ``<source>_<target>_<label>``.
    """

    node: str
    bath: str
    coupling: Any
    label: str = ""

    @property
    def source(self) -> str:
        return self.node

    @property
    def target(self) -> str:
        return self.bath

    def heat(self, T_a: float, T_b: float) -> float:
        return float(self.coupling.heat(T_a, T_b))

    def derivatives(self, T_a: float, T_b: float) -> tuple[float, float]:
        d_a, d_b = self.coupling.derivatives(T_a, T_b)
        return float(d_a), float(d_b)

    def heat_and_derivatives(self, T_a: float, T_b: float) -> tuple[float, float, float]:
        if hasattr(self.coupling, "heat_and_derivatives"):
            q, d_a, d_b = self.coupling.heat_and_derivatives(T_a, T_b)
            return float(q), float(d_a), float(d_b)
        return (self.heat(T_a, T_b), *self.derivatives(T_a, T_b))


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name or not name.replace("_", "").isalnum():
        raise InvalidParameter("name", name, "a non-empty identifier (letters, digits, '_')")


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """Residuals, their scales, Jacobian ∂R/∂T (free × free) and ∂R/∂p (free × parameters) at one point."""

    residual: np.ndarray
    scale: np.ndarray
    jacobian: np.ndarray | None
    dparam: np.ndarray | None
    flows: np.ndarray


class Network:
    """A heat-balance network (see the module docstring).

    Parameters
    ----------
    nodes:
        :class:`ElectronNode` and :class:`FixedNode` objects (unique names).
    links:
        Link objects (:class:`ElectronPhononLink`, :class:`PhotonicLink`, :class:`HeatLink`, ...).
    inputs:
        :class:`HeatInput` objects.
    """

    def __init__(self, nodes: Sequence, links: Sequence, inputs: Sequence[HeatInput] = ()) -> None:
        names = [n.name for n in nodes]
        if len(set(names)) != len(names):
            raise InvalidParameter("nodes", names, "unique node names")
        self.nodes = list(nodes)
        self.free = [n for n in nodes if isinstance(n, ElectronNode)]
        self.fixed = [n for n in nodes if isinstance(n, FixedNode)]
        if not self.free:
            raise InvalidParameter("nodes", names, "at least one ElectronNode (free temperature)")
        if not self.fixed:
            raise InvalidParameter("nodes", names, "at least one FixedNode (e.g. the phonon bath)")
        self.links = list(links)
        self.inputs = list(inputs)
        self._index = {n.name: i for i, n in enumerate(self.nodes)}
        self._free_index = {n.name: i for i, n in enumerate(self.free)}
        fixed_names = {n.name for n in self.fixed}
        for n in self.fixed:
            if n.follows is not None:
                if n.follows not in fixed_names or n.follows == n.name:
                    raise InvalidParameter(f"{n.name}.follows", n.follows, "the name of another FixedNode")
                leader = next(m for m in self.fixed if m.name == n.follows)
                if leader.follows is not None:
                    raise InvalidParameter(f"{n.name}.follows", n.follows, "a FixedNode that follows no other node")
        for k, link in enumerate(self.links):
            for end in (link.source, link.target):
                if end not in self._index:
                    raise InvalidParameter(f"links[{k}]", end, "a node name: " + ", ".join(names))
            if link.source == link.target:
                raise InvalidParameter(f"links[{k}]", link.source, "two different nodes")
        for p in self.inputs:
            if p.node not in self._free_index:
                raise InvalidParameter(f"{p.name}.node", p.node, "a free node: " + ", ".join(self._free_index))
        params = [n.name for n in self.fixed if n.follows is None] + [p.name for p in self.inputs]
        if len(set(params)) != len(params):
            raise InvalidParameter("parameters", params, "unique names for fixed nodes and heat inputs")
        self.parameter_names = params
        self._check_connected()

    # ------------------------------------------------------------------ structure
    def _check_connected(self) -> None:
        """Every free node must reach a fixed node through links (else its temperature is undetermined)."""
        adjacency: dict[str, set[str]] = {n.name: set() for n in self.nodes}
        for link in self.links:
            adjacency[link.source].add(link.target)
            adjacency[link.target].add(link.source)
        reached = {n.name for n in self.fixed}
        frontier = list(reached)
        while frontier:
            for nb in adjacency[frontier.pop()]:
                if nb not in reached:
                    reached.add(nb)
                    frontier.append(nb)
        lonely = [n.name for n in self.free if n.name not in reached]
        if lonely:
            raise InvalidParameter("links", lonely, "links connecting every free node to a fixed node")

    def default_parameters(self) -> dict[str, float]:
        """Parameter values stored in the nodes and inputs."""
        out = {n.name: float(n.T) for n in self.fixed if n.follows is None}
        out.update({p.name: float(p.power) for p in self.inputs})
        return out

    def parameters(self, overrides: dict[str, float] | None = None) -> dict[str, float]:
        """Defaults updated by ``overrides`` (unknown names raise)."""
        params = self.default_parameters()
        for key, value in (overrides or {}).items():
            if key not in params:
                raise InvalidParameter("parameter", key, "one of " + ", ".join(params))
            params[key] = float(value)
        for n in self.fixed:
            if n.follows is None:
                validation.positive(n.name, params[n.name], "K")
        for p in self.inputs:
            validation.nonnegative(p.name, params[p.name], "W")
        return params

    def fixed_temperatures(self, params: dict[str, float]) -> dict[str, float]:
        return {n.name: params[n.follows if n.follows else n.name] for n in self.fixed}

    def initial_guess(self, params: dict[str, float]) -> np.ndarray:
        hottest = max(self.fixed_temperatures(params).values())
        return np.array([n.T_guess if n.T_guess is not None else hottest for n in self.free], dtype=float)

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, T_free: np.ndarray, params: dict[str, float], derivatives: bool = True) -> Evaluation:
        """Residual R (W) per free node, scale (W: the sum of |terms| entering its balance), ∂R/∂T, ∂R/∂p."""
        T_free = np.asarray(T_free, dtype=float)
        fixed_T = self.fixed_temperatures(params)
        temps = {n.name: T_free[i] for n, i in zip(self.free, range(len(self.free)), strict=True)}
        temps.update(fixed_T)
        nf, npar = len(self.free), len(self.parameter_names)
        residual = np.zeros(nf)
        scale = np.zeros(nf)
        jac = np.zeros((nf, nf)) if derivatives else None
        dpar = np.zeros((nf, npar)) if derivatives else None
        par_index = {name: k for k, name in enumerate(self.parameter_names)}
        follows = {n.name: (n.follows or n.name) for n in self.fixed}
        flows = np.zeros(len(self.links))
        for p in self.inputs:
            i = self._free_index[p.node]
            residual[i] += params[p.name]
            scale[i] += abs(params[p.name])
            if derivatives:
                dpar[i, par_index[p.name]] += 1.0
        for k, link in enumerate(self.links):
            a, b = link.source, link.target
            if derivatives and hasattr(link, "heat_and_derivatives"):
                q, d_a, d_b = link.heat_and_derivatives(temps[a], temps[b])
            elif derivatives:
                q = link.heat(temps[a], temps[b])
                d_a, d_b = link.derivatives(temps[a], temps[b])
            else:
                q, d_a, d_b = link.heat(temps[a], temps[b]), 0.0, 0.0
            if not np.isfinite(q):
                raise InvalidParameter(f"heat of link {link.label or k}", q, "a finite number", hint=f"T={temps}")
            flows[k] = q
            for end, sign in ((a, -1.0), (b, +1.0)):
                if end not in self._free_index:
                    continue
                i = self._free_index[end]
                residual[i] += sign * q
                scale[i] += abs(q)
                if not derivatives:
                    continue
                for other, d in ((a, d_a), (b, d_b)):
                    if other in self._free_index:
                        jac[i, self._free_index[other]] += sign * d
                    else:
                        dpar[i, par_index[follows[other]]] += sign * d
        return Evaluation(residual, scale, jac, dpar, flows)

    def describe(self) -> dict[str, Any]:
        """Plain-data description (for provenance attrs)."""
        return {
            "free_nodes": [n.name for n in self.free],
            "fixed_nodes": {n.name: (n.follows or n.T) for n in self.fixed},
            "links": [
                {"from": lk.source, "to": lk.target, "label": lk.label or type(lk).__name__} for lk in self.links
            ],
            "inputs": {p.name: {"node": p.node, "power_W": p.power} for p in self.inputs},
        }

    def link_labels(self) -> list[str]:
        """Unique labels for the links (``Q_<source>_<target>_<label>``)."""
        labels = []
        for k, link in enumerate(self.links):
            base = f"{link.source}_{link.target}" + (f"_{link.label}" if link.label else "")
            label = base if base not in labels else f"{base}_{k}"
            labels.append(label)
        return labels
