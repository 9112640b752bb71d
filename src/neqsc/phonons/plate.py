r"""The PSC cooler's plate balance as a :mod:`neqsc.thermal` network (T_cold, responsivities, folds).

Paper: Mowgood et al., *phase-slip centers as cooling engines*, Sec. 3.2–3.3: the leak of Eq. 14,
P_leak = k(S/d)(T_b − T_cold), and the net-cooling criterion Eq. 15. The network below is our reconstruction (the
paper gives only Eqs. 14–15). Kapitza conductances: Little's formula (W. A. Little, Can. J. Phys. 37, 334 (1959)) with
the transmission models of :mod:`neqsc.phonons.transmission`.

Nodes: plate ``plate`` (free, T_c), filament ``filament`` (free, T_F; frequency-resolved model only), substrate
``substrate`` (fixed at T_b). N identical filaments share one plate; each has contact area A with the plate and with
the substrate.

**Frequency-resolved model** (:func:`plate_network` with ``plate_interface`` and ``substrate_interface``)::

    Kapitza links   Q_{F→X} = N A ∫_{T_X}^{T_F} h_K,X(T) dT,     X = plate, substrate
                    (h_K,X: Little's formula with the filtered transmission F → X; = N A c_X (T_F⁴ − T_X⁴)/4
                    without a filter, c_X = π²k_B⁴Σ_jΓ_j/c_j²/(30ħ³))
    leak (Eq. 14)   Q_{C→B} = (N k S/d + G_par)(T_c − T_b)
    PSC element     heat N P_C drawn from the plate into the filament (P_C = −∫w_C⟨F⟩dω̄ of
                    :func:`~neqsc.phonons.transmission.plate_cooling_power`), heat N P_B = N ∫w_B⟨F⟩dω̄ from the
                    filament into the substrate, work N J·V̄ into the filament (heat input ``P_J``)
    load            P_load into the plate (heat input ``P_load``)

so the filament thermalises J·V̄ − ∫⟨F⟩dω̄ (the Joule heat not carried by the non-thermal spectrum) and sheds it
through both Kapitza links; the substrate receives N(P_B + Kapitza) = N(P_C + J·V̄) + P_load at the steady state
(energy conservation, checked by :func:`plate_steady_state`). The non-thermal spectrum ⟨F(ω)⟩ is that of a filament at
T_b with Planck phonons at T_b on both sides; the thermal exchange for T_F, T_c ≠ T_b is carried by the Kapitza links
(linear superposition, first order in the non-equilibrium part): P_C and P_B are held constant.

**Diode model** (:func:`plate_network` without interfaces; the closed form of :mod:`neqsc.phonons.cooler`): one
free node, the PSC element draws N Q̇_c(T_c) = N[pF̄s(T_c) − (1 − p)F̄ − a₁P_J] from the plate and delivers it with the
work N J·V̄ to the substrate; the leak and load as above. Its root equals
:func:`~neqsc.phonons.cooler.steady_state_T_cold`.

Links are :class:`neqsc.thermal.HeatLink` with analytic derivatives (∂Q/∂T_F = N A h_K(T_F), ∂Q/∂T_X = −N A h_K(T_X));
T_cold is the Newton root of :func:`neqsc.thermal.steady_state`, responsivities dT/dp come from its implicit-function
theorem, and :func:`neqsc.thermal.sweep` follows the balance through folds (e.g. along ``P_load``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

import neqsc.thermal
from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.phonons.transmission import Interface
from neqsc.thermal import ElectronNode, FixedNode, HeatInput, HeatLink, Network, steady_state

__all__ = ["diode_network", "kapitza_link", "plate_network", "plate_steady_state"]

_GL_NODES = 16  # Gauss–Legendre nodes for ∫h_K dT with a filter (h_K/T³ is smooth in T; 16 nodes: < 1e-10 rel.)


def kapitza_link(source: str, target: str, interface: Interface, area: float, label: str = "kapitza") -> HeatLink:
    """Kapitza heat Q = area ∫_{T_b}^{T_a} h_K(T) dT (W) from node ``source`` (T_a) to ``target`` (T_b).

    Parameters
    ----------
    source, target : str
        Network node names (no units); the heat is counted positive from ``source`` to ``target``.
    interface : Interface
        Transmission model (with its frequency filter) whose h_K(T) (W m⁻² K⁻¹, Little's formula) is integrated.
    area : float
        Contact area in m² (> 0).
    label : str
        Link label (no units).
    """
    area = validation.positive("area", area, "m^2")
    if not isinstance(interface, Interface):
        raise InvalidParameter("interface", interface, "a neqsc.phonons.transmission.Interface")

    if interface.filter is None:
        c = float(interface.kapitza_conductance(1.0))  # h_K = c T³

        def heat(T_a: float, T_b: float) -> float:
            return area * c * (T_a**4 - T_b**4) / 4.0

        def derivative(T_a: float, T_b: float) -> tuple[float, float]:
            return area * c * T_a**3, -area * c * T_b**3

    else:
        s, w = np.polynomial.legendre.leggauss(_GL_NODES)

        def h(T) -> np.ndarray:
            return np.asarray(interface.kapitza_conductance(np.atleast_1d(np.asarray(T, dtype=float))), dtype=float)

        def heat(T_a: float, T_b: float) -> float:
            if T_a == T_b:
                return 0.0
            T = 0.5 * (T_a + T_b) + 0.5 * (T_a - T_b) * s
            return float(area * 0.5 * (T_a - T_b) * np.sum(w * h(T)))

        def derivative(T_a: float, T_b: float) -> tuple[float, float]:
            ha, hb = h([T_a, T_b])
            return area * float(ha), -area * float(hb)

    return HeatLink(source, target, heat, derivative, label=label)


def _const_link(source: str, target: str, q: float, label: str) -> HeatLink:
    q = float(q)
    return HeatLink(source, target, lambda T_a, T_b: q, lambda T_a, T_b: (0.0, 0.0), label=label)


def plate_network(
    *,
    T_b: float,
    leak_conductance: float,
    pump: float | Callable[[float], float] = 0.0,
    pump_derivative: Callable[[float], float] | None = None,
    joule: float = 0.0,
    substrate_emission: float = 0.0,
    plate_interface: Interface | None = None,
    substrate_interface: Interface | None = None,
    area: float | None = None,
    n_filaments: int = 1,
    G_parasitic: float = 0.0,
    P_load: float = 0.0,
) -> neqsc.thermal.Network:
    """The plate balance network (module docstring): frequency-resolved with both interfaces, else the diode form.

    Parameters
    ----------
    T_b : float
        Substrate (bath) temperature in K (> 0).
    leak_conductance : float
        k S/d of Eq. 14 per filament in W/K (>= 0).
    pump : float or callable
        Heat drawn from the plate by one filament's PSC in W: the constant P_C (frequency-resolved model) or, in the
        diode form, a function Q̇_c(T_c) of the plate temperature in K (Joule share included).
    pump_derivative : callable or None
        dQ̇_c/dT_c in W/K for a callable ``pump`` (default: central difference).
    joule : float
        Work J·V̄ done on one filament in W (>= 0); frequency-resolved model only (the diode's ``pump`` contains it).
    substrate_emission : float
        Non-thermal heat P_B = ∫w_B⟨F⟩dω̄ one filament sends straight into the substrate, in W.
    plate_interface, substrate_interface : Interface or None
        Filament → plate and filament → substrate transmissions (with their filters); both or neither.
    area : float or None
        Contact area A of one filament with the plate and with the substrate in m² (required with interfaces).
    n_filaments : int
        Number N of identical filaments under the plate (>= 1).
    G_parasitic : float
        Fixed parasitic conductance plate–substrate in W/K (>= 0).
    P_load : float
        Heat load on the plate in W (>= 0).
    """
    T_b = validation.positive("T_b", T_b, "K")
    G = validation.nonnegative("leak_conductance", leak_conductance, "W/K")
    G_par = validation.nonnegative("G_parasitic", G_parasitic, "W/K")
    if int(n_filaments) != n_filaments or n_filaments < 1:
        raise InvalidParameter("n_filaments", n_filaments, "an integer >= 1")
    N = int(n_filaments)
    G_tot = N * G + G_par
    leak = HeatLink("plate", "substrate", lambda a, b: G_tot * (a - b), lambda a, b: (G_tot, -G_tot), label="leak")
    nodes: list = [ElectronNode("plate", T_guess=T_b), FixedNode("substrate", T_b)]
    inputs = [HeatInput("plate", validation.nonnegative("P_load", P_load, "W"), name="P_load")]
    if (plate_interface is None) != (substrate_interface is None):
        raise InvalidParameter("interfaces", (plate_interface, substrate_interface), "both interfaces or neither")
    if plate_interface is None:
        if callable(pump):
            fn = pump
            dfn = pump_derivative
        else:
            q0 = float(pump)

            def fn(T: float) -> float:
                return q0

            def dfn(T: float) -> float:
                return 0.0

        deriv = None if dfn is None else (lambda a, b: (N * float(dfn(a)), 0.0))
        psc = HeatLink("plate", "substrate", lambda a, b: N * float(fn(a)), deriv, label="psc")
        return Network(nodes, [psc, leak], inputs)
    if callable(pump):
        raise InvalidParameter("pump", pump, "a constant P_C in W with the frequency-resolved model")
    if area is None:
        raise InvalidParameter("area", area, "the contact area in m^2 (required with interfaces)")
    area = validation.positive("area", area, "m^2")
    nodes.insert(1, ElectronNode("filament", T_guess=T_b))
    inputs.append(HeatInput("filament", N * validation.nonnegative("joule", joule, "W"), name="P_J"))
    links = [
        _const_link("plate", "filament", N * float(pump), "psc_pump"),
        _const_link("filament", "substrate", N * float(substrate_emission), "psc_emission"),
        kapitza_link("filament", "plate", plate_interface, N * area, "kapitza"),
        kapitza_link("filament", "substrate", substrate_interface, N * area, "kapitza"),
        leak,
    ]
    return Network(nodes, links, inputs)


def plate_steady_state(
    network: neqsc.thermal.Network, params: dict[str, float] | None = None, rtol: float = 1e-10
) -> xr.Dataset:
    """Steady state of a :func:`plate_network`: :func:`neqsc.thermal.steady_state` plus the cooler's summary.

    Adds scalars ``T_cold`` (K), ``T_filament`` (K, NaN in the diode form), ``dT_cold_dP_load`` (K/W),
    ``dT_cold_dT_b`` (K/K) and ``energy_error`` = |injected − arriving at the substrate| / (injected + Σ|substrate
    flows|) (1; the work J·V̄ counts as injected in the frequency-resolved model).

    Parameters
    ----------
    network : neqsc.thermal.Network
        A network built by :func:`plate_network`.
    params : dict or None
        Parameter overrides by name: ``substrate`` (K), ``P_load`` (W), ``P_J`` (W, all filaments).
    rtol : float
        Relative balance tolerance of the Newton solve (dimensionless).
    """
    ds = steady_state(network, params, rtol=rtol)
    resp = ds["responsivity"]
    ds["T_cold"] = ((), float(ds["T_plate"]), {"units": "K", "long_name": "steady plate temperature"})
    T_f = float(ds["T_filament"]) if "T_filament" in ds else float("nan")
    ds["T_filament"] = ((), T_f, {"units": "K", "long_name": "filament temperature"})
    ds["dT_cold_dP_load"] = ((), float(resp.sel(node="plate", parameter="P_load")), {"units": "K/W"})
    ds["dT_cold_dT_b"] = ((), float(resp.sel(node="plate", parameter="substrate")), {"units": "1"})
    inj, out = float(ds["injected_power"]), float(ds["power_to_fixed_nodes"])
    scale = abs(inj) + sum(abs(q) for q, lk in zip(ds["Q"].values, network.links, strict=True) if "substrate" in
                           (lk.source, lk.target))  # fmt: skip
    err = abs(inj - out) / scale if scale > 0 else 0.0
    ds["energy_error"] = ((), err, {"units": "1", "long_name": "|injected − to substrate| / (Σ|flows| + injected)"})
    return ds


def diode_network(F_emit: float, F_abs: float, joule: float, params) -> neqsc.thermal.Network:
    """The closed-form diode balance of :mod:`neqsc.phonons.cooler` as a :func:`plate_network` (analytic dQ̇_c/dT_c).

    Parameters
    ----------
    F_emit, F_abs : float
        Period-averaged emitted and absorbed phonon fluxes ⟨F⁺⟩, ⟨F⁻⟩ of one filament in W.
    joule : float
        Its Joule power J·V̄ in W.
    params : CoolerParams
        The :class:`~neqsc.phonons.cooler.CoolerParams` (SI: T_b in K, conductances in W/K, P_load in W).
    """
    from neqsc.phonons.cooler import cooling_power

    fbar = 0.5 * (F_emit + F_abs)

    def pump(T_c: float) -> float:
        return cooling_power(F_emit, F_abs, joule, params, T_c)

    def dpump(T_c: float) -> float:
        return 4.0 * params.p * fbar * T_c**3 / params.T_b**4 if params.absorption_scaling == "debye" else 0.0

    return plate_network(
        T_b=params.T_b, leak_conductance=params.leak_conductance, pump=pump, pump_derivative=dpump,
        n_filaments=params.n_filaments, G_parasitic=params.G_parasitic, P_load=params.P_load,
    )  # fmt: skip
