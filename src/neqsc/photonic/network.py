r"""N-terminal photonic heat transport: several dissipative reservoirs joined by a lossless network.

Beyond the two papers (Dey et al. 2023, Pioldi et al. 2025), which treat two reservoirs in a series loop.

Model. Reservoir k is a branch between nodes (a_k, b_k) made of its impedance Z_k(ω, T_k) in series with its
Johnson–Nyquist voltage source, ⟨|V_k|²⟩ = 4 Re Z_k ħω n(ω, T_k) dω/2π (zero-point parts cancel in net flows).
Lines are lossless branches: ideal wires (nodes merged), capacitors, inductors or series/parallel combinations of
them.  Modified nodal analysis with one grounded node gives, for a unit source in branch j, the branch currents
I_k = Y_kj V_j (transfer admittances; Y_kj = (δ_kj − v_k^{(j)})/Z_k with v_k^{(j)} the branch voltage).  Then

    τ_kj(ω) = 4 Re Z_k Re Z_j |Y_kj|²                       (power from reservoir j absorbed in reservoir k)
    Q̇_{j→k} = ∫_0^∞ (dω/2π) ħω τ_kj [n(ω,T_j) − n(ω,T_k)]     (reciprocity Y_kj = Y_jk makes τ symmetric)

and the power absorbed by reservoir k, computed independently from its own emission,
P_k = ∫ (dω/2π) ħω [Σ_{j≠k} τ_kj n_j − ε_k n_k], ε_k = 4 Re Z_k (Re Y_kk − |Y_kk|² Re Z_k).
For a lossless network ε_k = Σ_{j≠k} τ_jk (energy conservation), so Σ_k P_k = 0 and P_k = −Σ_j Q̇_{k→j}.
Two reservoirs in a series loop give Y_12 = −1/(Z_1 + Z_2) and τ_12 = 4 Re Z_1 Re Z_2/|Z_1 + Z_2|², the two-terminal
formula exactly.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.photonic.elements import Capacitor, Element, Inductor, Parallel, Series
from neqsc.photonic.transport import QuadratureRule, _bose_power, _low_tail

__all__ = ["Network", "series_loop"]


def _is_lossless(element) -> bool:
    if element is None or isinstance(element, Capacitor | Inductor):
        return True
    if isinstance(element, Series | Parallel):
        return all(_is_lossless(e) for e in element.elements)
    return False


@dataclasses.dataclass(frozen=True)
class _Branch:
    name: str
    element: Element | None
    a: str
    b: str


class Network:
    """A netlist of reservoirs (dissipative elements at their own temperatures) and lossless lines.

    Build it with :meth:`add_reservoir` and :meth:`add_line`; node names are arbitrary strings.
    """

    def __init__(self) -> None:
        self.reservoirs: list[_Branch] = []
        self.lines: list[_Branch] = []

    # ------------------------------------------------------------ construction
    def add_reservoir(self, name: str, element: Element, a: str, b: str) -> Network:
        """Add reservoir ``name`` with impedance ``element`` between nodes ``a`` and ``b``; returns self."""
        if not isinstance(element, Element):
            raise InvalidParameter(f"reservoir {name!r}", element, "a neqsc.photonic element")
        if name in self.names:
            raise InvalidParameter("name", name, "a reservoir name not used before")
        if a == b:
            raise InvalidParameter(f"reservoir {name!r} nodes", (a, b), "two different nodes")
        self.reservoirs.append(_Branch(name, element, str(a), str(b)))
        return self

    def add_line(self, a: str, b: str, element: Element | None = None) -> Network:
        """Add a lossless line between nodes ``a`` and ``b``: an ideal wire (``None``) or a reactive element."""
        if not _is_lossless(element):
            raise InvalidParameter(
                "line element", element, "None (wire), Capacitor, Inductor or Series/Parallel of them (lossless)"
            )
        self.lines.append(_Branch(f"line{len(self.lines)}", element, str(a), str(b)))
        return self

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.reservoirs]

    # ------------------------------------------------------------ topology
    def _node_index(self) -> tuple[dict[str, int], int]:
        """Union-find over wires; returns node → index (after merging) and the number of distinct nodes."""
        parent: dict[str, str] = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for br in self.reservoirs + self.lines:
            find(br.a), find(br.b)
        for br in self.lines:
            if br.element is None:
                parent[find(br.a)] = find(br.b)
        roots = sorted({find(x) for x in parent})
        index = {r: i for i, r in enumerate(roots)}
        return {x: index[find(x)] for x in parent}, len(roots)

    def validate(self) -> None:
        """Raise :class:`InvalidParameter` unless >= 2 reservoirs, all nodes connected, no shorted reservoir."""
        if len(self.reservoirs) < 2:
            raise InvalidParameter("netlist", self.names, ">= 2 reservoirs")
        node, n = self._node_index()
        adj = {i: set() for i in range(n)}
        for br in self.reservoirs + self.lines:
            adj[node[br.a]].add(node[br.b])
            adj[node[br.b]].add(node[br.a])
        seen, stack = {0}, [0]
        while stack:
            for j in adj[stack.pop()]:
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        if len(seen) != n:
            raise InvalidParameter("netlist", f"{n - len(seen)} of {n} nodes unreachable", "a connected network")
        for br in self.reservoirs:
            if node[br.a] == node[br.b]:
                raise InvalidParameter(f"reservoir {br.name!r}", (br.a, br.b), "not short-circuited by wires")

    # ------------------------------------------------------------ circuit solution
    def transfer(self, omega, temperatures):
        """Branch impedances Z (n_ω, N) and transfer admittances Y (n_ω, N, N), Y[:, k, j] = I_k/V_j.

        ``omega``: 1-D array in rad/s; ``temperatures``: sequence of N reservoir temperatures (K) in reservoir order.
        """
        self.validate()
        omega = np.atleast_1d(np.asarray(validation.positive("omega", omega, "rad/s"), dtype=float))
        temps = np.asarray(validation.positive("temperatures", temperatures, "K"), dtype=float)
        if temps.shape != (len(self.reservoirs),):
            raise InvalidParameter("temperatures", temperatures, f"{len(self.reservoirs)} values (one per reservoir)")
        node, n = self._node_index()
        m = omega.size
        nres = len(self.reservoirs)
        G = np.zeros((m, n, n), dtype=complex)
        inc = np.zeros((n, nres))  # incidence: +1 at a_k, −1 at b_k
        Z = np.empty((m, nres), dtype=complex)

        def stamp(i, j, y):
            G[:, i, i] += y
            G[:, j, j] += y
            G[:, i, j] -= y
            G[:, j, i] -= y

        for k, br in enumerate(self.reservoirs):
            Z[:, k] = br.element.impedance(omega, temps[k])
            i, j = node[br.a], node[br.b]
            stamp(i, j, 1.0 / Z[:, k])
            inc[i, k] += 1.0
            inc[j, k] -= 1.0
        for br in self.lines:
            if br.element is not None:
                stamp(node[br.a], node[br.b], 1.0 / br.element.impedance(omega, 1.0))
        # ground node 0; Norton injections J = inc · diag(1/Z) for unit sources in each branch
        J = inc[None, 1:, :] / Z[:, None, :]
        phi = np.zeros((m, n, nres), dtype=complex)
        phi[:, 1:, :] = np.linalg.solve(G[:, 1:, 1:], J)
        v = np.einsum("nk,mnj->mkj", inc, phi)  # branch voltage of k for unit source j
        Y = (np.eye(nres)[None] - v) / Z[:, :, None]
        return Z, Y

    def transmission_matrix(self, omega, temperatures):
        """τ_kj(ω) = 4 Re Z_k Re Z_j |Y_kj|², shape (n_ω, N, N) (diagonal set to 0)."""
        Z, Y = self.transfer(omega, temperatures)
        tau = 4.0 * Z.real[:, :, None] * Z.real[:, None, :] * np.abs(Y) ** 2
        idx = np.arange(Z.shape[1])
        tau[:, idx, idx] = 0.0
        return tau

    def emissivity(self, omega, temperatures):
        """ε_k(ω) = 4 Re Z_k (Re Y_kk − |Y_kk|² Re Z_k), shape (n_ω, N): what reservoir k radiates into the network."""
        Z, Y = self.transfer(omega, temperatures)
        d = np.einsum("mkk->mk", Y)
        return 4.0 * Z.real * (d.real - np.abs(d) ** 2 * Z.real)

    # ------------------------------------------------------------ heat currents
    def _rule(self, temps):
        if temps.shape != (len(self.reservoirs),):
            raise InvalidParameter("temperatures", temps, f"{len(self.reservoirs)} values (one per reservoir)")
        pairs = zip(self.reservoirs, temps, strict=True)
        bp = np.concatenate([br.element.breakpoints(np.array([t])).ravel() for br, t in pairs])
        return QuadratureRule(np.min(temps), np.max(temps), bp[None, :])

    def heat_currents(self, temperatures) -> np.ndarray:
        """Matrix Q[j, k] = Q̇_{j→k} in W (antisymmetric) for reservoir temperatures (K) in reservoir order."""
        temps = np.asarray(validation.positive("temperatures", temperatures, "K"), dtype=float)
        rule = self._rule(temps)
        om = rule.omega[0]
        tau = self.transmission_matrix(om, temps)  # (m, k, j)
        b = _bose_power(om[:, None], temps[None, :])  # (m, N)
        w = rule.weights[0]
        # Q[j,k] = ∫ τ_kj (b_j − b_k)
        q = np.einsum("m,mkj,mjk->jk", w, tau, b[:, :, None] - b[:, None, :])
        tail = _low_tail(rule.omega_lo[0], temps)
        q += tau[0].T * (tail[:, None] - tail[None, :])
        return q

    def absorbed_power(self, temperatures) -> np.ndarray:
        """P_k in W absorbed by each reservoir, from absorption minus own emission (independent of the pair sums)."""
        temps = np.asarray(validation.positive("temperatures", temperatures, "K"), dtype=float)
        rule = self._rule(temps)
        om = rule.omega[0]
        tau = self.transmission_matrix(om, temps)
        eps = self.emissivity(om, temps)
        b = _bose_power(om[:, None], temps[None, :])
        w = rule.weights[0]
        p = np.einsum("m,mkj,mj->k", w, tau, b) - np.einsum("m,mk,mk->k", w, eps, b)
        tail = _low_tail(rule.omega_lo[0], temps)
        p += tau[0] @ tail - eps[0] * tail
        return p


def series_loop(*reservoirs: tuple[str, Element], lines: list[Element | None] | None = None) -> Network:
    """A ring: reservoir k between node k and node k+1 (mod N), joined by ideal wires or the given lossless lines.

    ``reservoirs``: (name, element) pairs. With ``lines`` given (one per gap, N entries), line k joins the end of
    reservoir k to the start of reservoir k+1. Two reservoirs give the two-terminal series circuit.
    """
    if len(reservoirs) < 2:
        raise InvalidParameter("reservoirs", reservoirs, ">= 2 (name, element) pairs")
    if lines is not None and len(lines) != len(reservoirs):
        raise InvalidParameter("lines", lines, f"{len(reservoirs)} lossless elements or None")
    net = Network()
    nres = len(reservoirs)
    for k, (name, element) in enumerate(reservoirs):
        net.add_reservoir(name, element, f"n{k}a", f"n{k}b")
    for k in range(nres):
        net.add_line(f"n{k}b", f"n{(k + 1) % nres}a", None if lines is None else lines[k])
    return net
