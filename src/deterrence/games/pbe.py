"""Perfect Bayesian equilibria of two-type signalling games, vectorised over draws.

Every candidate equilibrium is checked in every draw at once (numpy over the draw
axis; the Python loops run over the few candidate strategy pairs, never over draws):

* **separating**: each type sends a different message, so the receiver learns the type;
* **pooling**: both types send the same message; the receiver keeps its prior there,
  and the *belief condition* says which beliefs after the unused message support a
  response that deters both types from deviating (pure responses, or a mixture at the
  belief where the receiver is indifferent when no pure response does);
* **semi-separating**: one type sends one message, the other mixes between both; the
  receiver, after the shared message, holds the belief at which it is indifferent
  between two responses and mixes so that the mixing type is indifferent too.

Ties are reported (``tie`` on each equilibrium), not broken. Equilibria that exist only
for knife-edge payoffs (a type exactly indifferent against a pure response, or both
types mixing) are not listed.

References
----------
.. [1] Fudenberg, D. & Tirole, J. (1991). Game Theory, sec. 8.2 (perfect Bayesian
   equilibrium in signalling games).
.. [2] Gibbons, R. (1992). Game Theory for Applied Economists, sec. 4.2.
.. [3] Fearon, J. D. (1997). Signaling foreign policy interests. JCR 41(1), 68-90.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .signalling import SignallingGame, SignallingValues

__all__ = ["PBE", "SignallingSolution", "solve_signalling"]

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
TOL = 1e-9


@dataclass(frozen=True)
class PBE:
    """One perfect Bayesian equilibrium of a signalling game (at one draw).

    Attributes
    ----------
    kind
        ``"separating"``, ``"pooling"`` or ``"semi-separating"``.
    sender
        For each type, the probability of each message.
    receiver
        For each message, the probability of each response.
    beliefs
        For each message, the interval ``(lo, hi)`` of the receiver's belief that the
        sender is of the first type; a point on the path, an interval off it.
    condition
        The belief condition (and mixing) in words.
    sender_payoffs
        Each type's expected payoff.
    tie
        Whether some player is indifferent at an on-path choice in a pure equilibrium.
    """

    kind: str
    sender: tuple[tuple[float, float], tuple[float, float]]
    receiver: tuple[tuple[float, ...], tuple[float, ...]]
    beliefs: tuple[tuple[float, float], tuple[float, float]]
    condition: str
    sender_payoffs: tuple[float, float]
    tie: bool

    def likelihood_ratio(self, message: int | None = None) -> float:
        """How much more likely the first type is to send ``message``.

        This is the ratio the receiver's Bayesian update uses: 1 when pooling, infinite or
        0 when separating. By default, the first message sent by some type.
        """
        if message is None:
            message = 0 if self.sender[0][0] + self.sender[1][0] > 0 else 1
        hi, lo = self.sender[0][message], self.sender[1][message]
        if lo == 0:
            return float("inf") if hi > 0 else float("nan")
        return hi / lo


@dataclass(frozen=True)
class SignallingSolution:
    """The perfect Bayesian equilibria of a signalling game.

    Attributes
    ----------
    game
        The game.
    equilibria
        The equilibria at the chosen draw.
    share
        For each kind, the share of draws in which at least one equilibrium of that kind
        exists (and ``"none"``: no equilibrium found, knife-edge cases only).
    n
        Number of draws.
    """

    game: SignallingGame
    equilibria: tuple[PBE, ...]
    share: dict[str, float]
    n: int


def _br(vals: Array, r: int) -> Mask:
    """Whether response ``r`` is a best response; ``vals`` has shape (responses, n)."""
    best = np.max(vals, axis=0)
    return np.asarray(vals[r] >= best - TOL * np.maximum(1.0, np.abs(best)))


def _unique_br(vals: Array, r: int) -> Mask:
    others = np.delete(vals, r, axis=0)
    return np.asarray(vals[r] > np.max(others, axis=0) + TOL * np.maximum(1.0, np.abs(vals[r])))


def _expect(receiver: Array, mu: Array, m: int) -> Array:
    """Receiver's expected payoff of each response after message ``m`` at belief ``mu``."""
    return np.asarray(mu * receiver[0, m] + (1.0 - mu) * receiver[1, m])


def _br_interval(receiver: Array, m: int, r: int) -> tuple[Array, Array]:
    """Beliefs (in [0, 1]) at which response ``r`` is a best response after ``m``."""
    n = receiver.shape[-1]
    lo, hi = np.zeros(n), np.ones(n)
    for other in range(receiver.shape[2]):
        if other == r:
            continue
        d0 = receiver[0, m, r] - receiver[0, m, other]
        d1 = receiver[1, m, r] - receiver[1, m, other]
        slope = d0 - d1
        with np.errstate(all="ignore"):
            cut = -d1 / slope
        lo = np.where(slope > TOL, np.maximum(lo, cut), lo)
        hi = np.where(slope < -TOL, np.minimum(hi, cut), hi)
        hi = np.where((np.abs(slope) <= TOL) & (d1 < -TOL), -1.0, hi)
    return lo, hi


def _indifference(receiver: Array, m: int, a: int, b: int) -> Array:
    """Belief at which the receiver is indifferent between responses a and b after m."""
    d0 = receiver[0, m, a] - receiver[0, m, b]
    d1 = receiver[1, m, a] - receiver[1, m, b]
    with np.errstate(all="ignore"):
        return np.asarray(np.where(np.abs(d0 - d1) > TOL, -d1 / (d0 - d1), np.nan))


class _Builder:
    """Collects candidate equilibria: a mask over draws and, at the chosen draw, details."""

    def __init__(self, game: SignallingGame, v: SignallingValues, draw: int) -> None:
        self.game, self.v, self.draw = game, v, draw
        self.found: list[PBE] = []
        self.masks: dict[str, Mask] = {k: np.zeros(v.n, dtype=bool)
                                       for k in ("separating", "pooling", "semi-separating")}

    def add(self, kind: str, mask: Mask, make: object) -> None:
        self.masks[kind] |= mask
        if mask[self.draw] and callable(make):
            self.found.append(make())

    def pure(self, kind: str, send: tuple[int, int], resp: tuple[int, int],
             beliefs: tuple[tuple[float, float], tuple[float, float]], condition: str,
             tie: bool) -> PBE:
        d, us = self.draw, self.v.sender
        k = len(self.game.responses)
        sender = tuple((1.0, 0.0) if send[t] == 0 else (0.0, 1.0) for t in range(2))
        receiver = tuple(tuple(1.0 if j == resp[m] else 0.0 for j in range(k)) for m in range(2))
        pay = tuple(float(us[t, send[t], resp[send[t]], d]) for t in range(2))
        return PBE(kind, sender, receiver, beliefs, condition, pay, tie)  # type: ignore[arg-type]


def solve_signalling(game: SignallingGame, values: SignallingValues | None = None, *,
                     draw: int = 0) -> SignallingSolution:
    """Find the separating, pooling and semi-separating PBE of a two-type signalling game.

    Parameters
    ----------
    game
        The game.
    values
        Its evaluated prior and payoffs over draws (evaluated with no names when ``None``).
    draw
        The draw whose equilibria are listed in detail; ``share`` covers all draws.

    References
    ----------
    Fudenberg & Tirole (1991), sec. 8.2; Gibbons (1992), sec. 4.2; Fearon (1997).
    """
    v = values if values is not None else game.evaluate()
    b = _Builder(game, v, draw)
    _separating(b)
    _pooling(b)
    _semi_separating(b)
    any_kind = b.masks["separating"] | b.masks["pooling"] | b.masks["semi-separating"]
    share = {k: float(np.mean(m)) for k, m in b.masks.items()}
    share["none"] = float(np.mean(~any_kind))
    return SignallingSolution(game, tuple(b.found), share, v.n)


def _separating(b: _Builder) -> None:
    g, us, ur, d = b.game, b.v.sender, b.v.receiver, b.draw
    k = len(g.responses)
    for m0 in (0, 1):
        m1 = 1 - m0
        for r0, r1 in itertools.product(range(k), repeat=2):
            ok_r = _br(ur[0, m0], r0) & _br(ur[1, m1], r1)
            ic0 = us[0, m0, r0] >= us[0, m1, r1] - TOL
            ic1 = us[1, m1, r1] >= us[1, m0, r0] - TOL
            resp = (r0, r1) if m0 == 0 else (r1, r0)
            beliefs = ((1.0, 1.0), (0.0, 0.0)) if m0 == 0 else ((0.0, 0.0), (1.0, 1.0))

            def make(m0: int = m0, m1: int = m1, resp: tuple[int, int] = resp,
                     beliefs: tuple[tuple[float, float], tuple[float, float]] = beliefs,
                     r0: int = r0, r1: int = r1) -> object:
                tie = not (_unique_br(ur[0, m0], r0)[d] and _unique_br(ur[1, m1], r1)[d]
                           and us[0, m0, r0, d] != us[0, m1, r1, d]
                           and us[1, m1, r1, d] != us[1, m0, r0, d])
                text = (f"{g.types[0]} sends {g.messages[m0]} and {g.types[1]} sends "
                        f"{g.messages[m1]}; {g.receiver} learns the type")
                return b.pure("separating", (m0, m1), resp, beliefs, text, tie)

            b.add("separating", ok_r & ic0 & ic1, make)


def _pooling(b: _Builder) -> None:
    g, us, ur, pi, d = b.game, b.v.sender, b.v.receiver, b.v.prior, b.draw
    k = len(g.responses)
    for m in (0, 1):
        off = 1 - m
        for r in range(k):
            on = _br(_expect(ur, pi, m), r)
            supported = np.zeros(b.v.n, dtype=bool)
            for r_off in range(k):
                deter = (us[0, m, r] >= us[0, off, r_off] - TOL) & (
                    us[1, m, r] >= us[1, off, r_off] - TOL)
                lo, hi = _br_interval(ur, off, r_off)
                mask = on & deter & (lo <= hi + TOL)
                supported |= mask

                def make(m: int = m, off: int = off, r: int = r, r_off: int = r_off,
                         lo: Array = lo, hi: Array = hi) -> object:
                    p = float(pi[d])
                    beliefs = ((p, p), (float(lo[d]), float(hi[d])))
                    if m == 1:
                        beliefs = (beliefs[1], beliefs[0])
                    text = (f"both types send {g.messages[m]}; {g.receiver} keeps its prior "
                            f"({p:.3g}) and plays {g.responses[r]}; {g.messages[off]} would be "
                            f"answered with {g.responses[r_off]}, which needs a belief "
                            f"P({g.types[0]} | {g.messages[off]}) between "
                            f"{float(lo[d]):.3g} and {float(hi[d]):.3g}")
                    tie = not bool(_unique_br(_expect(ur, pi, m), r)[d])
                    resp = (r, r_off) if m == 0 else (r_off, r)
                    return b.pure("pooling", (m, m), resp, beliefs, text, tie)

                b.add("pooling", mask, make)
            _pooling_mixed_off_path(b, m, r, on & ~supported)


def _pooling_mixed_off_path(b: _Builder, m: int, r: int, need: Mask) -> None:
    """Pooling supported only by a mixed response after the unused message."""
    g, us, ur, pi, d = b.game, b.v.sender, b.v.receiver, b.v.prior, b.draw
    off = 1 - m
    for a, c in itertools.combinations(range(len(g.responses)), 2):
        mu = _indifference(ur, off, a, c)
        inside = (mu >= -TOL) & (mu <= 1 + TOL)
        vals = _expect(ur, np.clip(np.nan_to_num(mu), 0, 1), off)
        both = _br(vals, a) & _br(vals, c)
        lo, hi = np.zeros(b.v.n), np.ones(b.v.n)
        for t in (0, 1):  # sigma*us_a + (1-sigma)*us_c <= us[t, m, r]
            slope = us[t, off, a] - us[t, off, c]
            room = us[t, m, r] - us[t, off, c]
            with np.errstate(all="ignore"):
                cut = room / slope
            lo = np.where(slope < -TOL, np.maximum(lo, cut), lo)
            hi = np.where(slope > TOL, np.minimum(hi, cut), hi)
            hi = np.where((np.abs(slope) <= TOL) & (room < -TOL), -1.0, hi)
        mask = need & inside & both & (lo <= hi + TOL)

        def make(a: int = a, c: int = c, mu: Array = mu, lo: Array = lo) -> object:
            p, s = float(pi[d]), float(np.clip(lo[d], 0, 1))
            k = len(g.responses)
            mixed = tuple(s if j == a else (1 - s if j == c else 0.0) for j in range(k))
            pure = tuple(1.0 if j == r else 0.0 for j in range(k))
            belief = (float(mu[d]), float(mu[d]))
            text = (f"both types send {g.messages[m]}; {g.receiver} plays "
                    f"{g.responses[r]}; after {g.messages[off]} it must believe "
                    f"P({g.types[0]}) = {float(mu[d]):.3g} exactly and mix "
                    f"{g.responses[a]} (at least {s:.3g}) with {g.responses[c]}")
            pay = (float(us[0, m, r, d]), float(us[1, m, r, d]))
            sender = ((1.0, 0.0), (1.0, 0.0)) if m == 0 else ((0.0, 1.0), (0.0, 1.0))
            receiver = (pure, mixed) if m == 0 else (mixed, pure)
            beliefs = ((p, p), belief) if m == 0 else (belief, (p, p))
            return PBE("pooling", sender, receiver, beliefs, text, pay, False)

        b.add("pooling", mask, make)


def _semi_separating(b: _Builder) -> None:
    g, us, ur, pi, d = b.game, b.v.sender, b.v.receiver, b.v.prior, b.draw
    k = len(g.responses)
    for t_mix, m, r_off in itertools.product((0, 1), (0, 1), range(k)):
        t_pure, off = 1 - t_mix, 1 - m
        belief_off = np.full(b.v.n, 1.0 if t_mix == 0 else 0.0)
        ok_off = _br(_expect(ur, belief_off, off), r_off)
        for a, c in itertools.combinations(range(k), 2):
            mu = _indifference(ur, m, a, c)
            vals = _expect(ur, np.clip(np.nan_to_num(mu), 0, 1), m)
            both = _br(vals, a) & _br(vals, c) & (mu > TOL) & (mu < 1 - TOL)
            with np.errstate(all="ignore"):
                gap = us[t_mix, m, a] - us[t_mix, m, c]
                rho = (us[t_mix, off, r_off] - us[t_mix, m, c]) / gap
                beta = (pi * (1 - mu) / (mu * (1 - pi)) if t_pure == 0
                        else mu * (1 - pi) / (pi * (1 - mu)))
                pure_pay = rho * us[t_pure, m, a] + (1 - rho) * us[t_pure, m, c]
            mask = (ok_off & both & (rho >= -TOL) & (rho <= 1 + TOL) & (beta > TOL)
                    & (beta < 1 - TOL) & (pure_pay >= us[t_pure, off, r_off] - TOL))

            def make(t_mix: int = t_mix, t_pure: int = t_pure, m: int = m, off: int = off,
                     r_off: int = r_off, a: int = a, c: int = c, mu: Array = mu,
                     rho: Array = rho, beta: Array = beta, pure_pay: Array = pure_pay
                     ) -> object:
                bt, rh, mu_d = float(beta[d]), float(rho[d]), float(mu[d])
                mix = (bt, 1 - bt) if m == 0 else (1 - bt, bt)
                pure = (1.0, 0.0) if m == 0 else (0.0, 1.0)
                sender = (mix, pure) if t_mix == 0 else (pure, mix)
                on = tuple(rh if j == a else (1 - rh if j == c else 0.0) for j in range(k))
                offr = tuple(1.0 if j == r_off else 0.0 for j in range(k))
                belief_off = 1.0 if t_mix == 0 else 0.0
                beliefs = ((mu_d, mu_d), (belief_off, belief_off))
                receiver = (on, offr)
                if m == 1:
                    beliefs, receiver = (beliefs[1], beliefs[0]), (offr, on)
                text = (f"{g.types[t_pure]} always sends {g.messages[m]}; {g.types[t_mix]} "
                        f"sends it with probability {bt:.3g}, else {g.messages[off]}; after "
                        f"{g.messages[m]} {g.receiver} believes P({g.types[0]}) = {mu_d:.3g} "
                        f"and plays {g.responses[a]} with probability {rh:.3g}, else "
                        f"{g.responses[c]}")
                pay = [0.0, 0.0]
                pay[t_mix] = float(us[t_mix, off, r_off, d])
                pay[t_pure] = float(pure_pay[d])
                return PBE("semi-separating", sender, receiver, beliefs, text,
                           (pay[0], pay[1]), False)

            b.add("semi-separating", mask, make)
