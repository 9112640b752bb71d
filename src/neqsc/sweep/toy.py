"""A small CPU-bound stochastic model to exercise and benchmark the sweep engine: a Brownian particle.

The velocity of a particle of mass m in a bath at temperature T with friction rate γ is an Ornstein–Uhlenbeck
process (Langevin equation, e.g. Gardiner, *Stochastic Methods*, §3.8.4)::

    dv = −γ v dt + √(2 γ k_B T / m) dW.

It is integrated with the exact one-step update (no time-step error)::

    v(t + Δt) = v(t) e^{−γΔt} + √(k_B T/m · (1 − e^{−2γΔt})) ξ,   ξ ~ N(0, 1),

for an ensemble of walkers starting at v = 0, so the ensemble mean square velocity follows
⟨v²⟩(t) = (k_B T/m)(1 − e^{−2γt}) and tends to equipartition, m⟨v²⟩ = k_B T. Noise comes from the point's seed,
so a sweep of this model is a determinism test: same seed, same numbers, whatever the executor.

The time loop is a Python loop over steps vectorised over walkers: its cost (∝ walkers × steps) is dominated by
drawing the normal variates, which is what a CPU-bound benchmark wants.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.constants import k_B
from neqsc.validation import positive


def brownian_relaxation(
    gamma: float,
    temperature: float,
    mass: float = 1e-18,
    gamma_t_max: float = 5.0,
    n_walkers: int = 2000,
    n_steps: int = 200,
    n_bins: int = 41,
    seed: int = 0,
) -> xr.Dataset:
    """Relaxation of an ensemble of Brownian particles towards equipartition.

    Parameters
    ----------
    gamma:
        Friction (velocity relaxation) rate γ in 1/s, > 0.
    temperature:
        Bath temperature T in K, > 0.
    mass:
        Particle mass m in kg, > 0.
    gamma_t_max:
        Simulated time in units of 1/γ (dimensionless, default 5: relaxed to e^{−10} of the initial deviation).
        The time axis is γt, so every point of a sweep shares it and ⟨v²⟩ curves collapse onto 1 − e^{−2γt}.
    n_walkers, n_steps:
        Ensemble size and number of exact update steps (≥ 1); the cost is ∝ their product.
    n_bins:
        Bins of the final velocity histogram over ±5 thermal velocities (sets the output size).
    seed:
        Seed of the normal variates.

    Returns
    -------
    xarray.Dataset
        ``v2(gamma_t)`` ensemble ⟨v²⟩ in m²/s², ``v2_exact(gamma_t)``, ``velocity_pdf(u)`` of u = v/√(k_B T/m),
        and scalars ``kinetic_temperature`` = m⟨v²⟩/k_B over the last half of the run (K) and
        ``kinetic_temperature_error``, the standard error of one snapshot, T·√(2/N) (bounds the time average).
    """
    gamma = positive("gamma", gamma, "1/s")
    temperature = positive("temperature", temperature, "K")
    mass = positive("mass", mass, "kg")
    gamma_t_max = positive("gamma_t_max", gamma_t_max)
    n_walkers, n_steps, n_bins = (
        _count(n, v) for n, v in (("n_walkers", n_walkers), ("n_steps", n_steps), ("n_bins", n_bins))
    )
    rng = np.random.default_rng(seed)
    dt = gamma_t_max / gamma / n_steps
    decay = np.exp(-gamma * dt)
    v_thermal2 = k_B * temperature / mass
    kick = np.sqrt(v_thermal2 * -np.expm1(-2.0 * gamma * dt))
    v = np.zeros(n_walkers)
    v2 = np.empty(n_steps + 1)
    v2[0] = 0.0
    # Preallocated buffers: no temporary arrays per step (with dask's MALLOC_TRIM_THRESHOLD_ each temporary of
    # this size is an mmap/munmap pair, which made the loop 2-3× slower on Dask workers).
    noise = np.empty(n_walkers)
    square = np.empty(n_walkers)
    for step in range(1, n_steps + 1):
        v *= decay
        rng.standard_normal(out=noise)
        noise *= kick
        v += noise
        np.square(v, out=square)  # not np.dot: BLAS threads would only add contention here
        v2[step] = square.mean()
    gamma_t = np.linspace(0.0, gamma_t_max, n_steps + 1)
    late = v2[n_steps // 2 :]
    v_th = np.sqrt(v_thermal2)
    edges = np.linspace(-5.0, 5.0, n_bins + 1)  # in thermal velocities √(k_B T/m)
    pdf, _ = np.histogram(v / v_th, bins=edges, density=True)
    return xr.Dataset(
        {
            "v2": ("gamma_t", v2, {"units": "m^2/s^2", "long_name": "ensemble mean square velocity"}),
            "v2_exact": ("gamma_t", v_thermal2 * -np.expm1(-2.0 * gamma_t), {"units": "m^2/s^2"}),
            "velocity_pdf": ("u", pdf, {"units": "1", "long_name": "final distribution of v/√(k_B T/m)"}),
            "kinetic_temperature": ((), mass * late.mean() / k_B, {"units": "K"}),
            # v² of one walker has variance 2(k_B T/m)², so a snapshot of the ensemble mean has relative
            # standard error √(2/N); the time average over correlated snapshots is at least this good.
            "kinetic_temperature_error": ((), mass * late.mean() / k_B * np.sqrt(2.0 / n_walkers), {"units": "K"}),
        },
        coords={
            "gamma_t": ("gamma_t", gamma_t, {"units": "1", "long_name": "time × friction rate γ"}),
            "u": ("u", 0.5 * (edges[1:] + edges[:-1]), {"units": "1", "long_name": "velocity / √(k_B T/m)"}),
        },
        attrs={"neqsc_kind": "brownian_relaxation"},
    )


def _count(name: str, value) -> int:
    from neqsc.errors import InvalidParameter

    if isinstance(value, bool) or int(value) != value or value < 1:
        raise InvalidParameter(name, value, "an integer >= 1")
    return int(value)
