"""Closed-form models of deterrence, credibility, bargaining and attrition.

Every function is vectorised: arguments are numbers or float64 arrays that broadcast,
so one call evaluates every Monte Carlo draw. The scalar versions that scenario
formulas call are registered in :data:`deterrence.functions.FUNCTIONS`; Lanchester's
laws live in :mod:`deterrence.games.lanchester`.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. International
   Organization 49(3), 379-414.
.. [2] Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus
   sinking costs. Journal of Conflict Resolution 41(1), 68-90.
.. [3] Schelling, T. C. (1960). The Strategy of Conflict, ch. 8; (1966) Arms and
   Influence, ch. 3. Harvard University Press / Yale University Press.
.. [4] Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence. Cambridge
   University Press, ch. 4-5.
.. [5] Bueno de Mesquita, B. (1981). The War Trap. Yale University Press, ch. 3.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "BargainingRange",
    "UnilateralDeterrence",
    "bargaining_range",
    "bdm_expected_utility",
    "credibility_update",
    "deterrence_threshold",
    "involvement",
    "p_escalate",
    "required_credibility",
    "required_lr",
    "signal_lr",
    "signal_posterior",
    "unilateral_deterrence",
    "war_win_probability",
]

Array = NDArray[np.float64]


def _f(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


def credibility_update(prior: ArrayLike, likelihood_ratio: ArrayLike) -> Array:
    """Belief that an ally is reliable after evidence with a given likelihood ratio.

    Bayes' rule in odds form: posterior odds = ``likelihood_ratio`` x prior odds.

    Parameters
    ----------
    prior
        Prior probability that the commitment would be honoured (``h0``).
    likelihood_ratio
        P(evidence | reliable) / P(evidence | unreliable). 1 leaves the belief as it
        was; two pieces of evidence compose as the product of their ratios.

    References
    ----------
    Jaynes, E. T. (2003). Probability Theory: The Logic of Science, ch. 4.
    """
    p, lr = _f(prior), _f(likelihood_ratio)
    with np.errstate(all="ignore"):
        num = lr * p
        out = np.where(np.isinf(lr) & (p > 0), 1.0, num / (num + (1.0 - p)))
    return _f(out)


def signal_lr(p_send_high: ArrayLike, p_send_low: ArrayLike) -> Array:
    """Likelihood ratio of a costly signal in a two-type game.

    The ratio is how much more likely the reliable ("high") type is to send the
    signal than the unreliable ("low") type. A signal both types send alike (a
    pooling signal) has ratio 1 and teaches nothing; one that only the high type
    can afford (separating) has an infinite ratio. Fearon (1997) contrasts
    *sinking costs* (paid up front, so only a resolved type pays) with *tying hands*
    (paid only on backing down).

    Parameters
    ----------
    p_send_high, p_send_low
        Probability that each type sends the signal.

    References
    ----------
    Fearon (1997), Signaling foreign policy interests, JCR 41(1), 68-90.
    """
    hi, lo = _f(p_send_high), _f(p_send_low)
    with np.errstate(all="ignore"):
        return _f(np.where(lo == 0, np.where(hi > 0, np.inf, np.nan), hi / lo))


def signal_posterior(prior: ArrayLike, p_send_high: ArrayLike, p_send_low: ArrayLike) -> Array:
    """Belief in the high type after seeing the signal: Bayes with :func:`signal_lr`.

    References
    ----------
    Fearon (1997), JCR 41(1), 68-90; Jaynes (2003), ch. 4.
    """
    p, hi, lo = _f(prior), _f(p_send_high), _f(p_send_low)
    with np.errstate(all="ignore"):
        return _f(p * hi / (p * hi + (1.0 - p) * lo))


def involvement(kappa: ArrayLike, h: ArrayLike, r: ArrayLike) -> Array:
    """Effective probability that a patron is drawn in: ``1 - (1 - kappa h)(1 - r)``.

    Parameters
    ----------
    kappa
        Chance that the treaty is judged to apply to the clash.
    h
        Credibility: chance the patron honours the treaty when it applies.
    r
        Inadvertent risk: chance of being drawn in regardless (Schelling's threat
        that leaves something to chance).

    References
    ----------
    Schelling (1960), The Strategy of Conflict, ch. 8; (1966), Arms and Influence, ch. 3.
    """
    return _f(1.0 - (1.0 - _f(kappa) * _f(h)) * (1.0 - _f(r)))


def deterrence_threshold(z: ArrayLike, K: ArrayLike) -> Array:
    """The deterrence threshold ``q* = z / (z + K)``.

    A challenger who gains ``z`` if the patron stays out and loses ``K`` if it comes
    in (both measured from the status quo) is deterred iff the chance ``q`` of
    intervention exceeds ``q*``: its expected gain ``(1 - q) z - q K`` is then negative.
    This is Zagare and Kilgour's deterrence threshold for a challenger that will
    fight if resisted (see :func:`unilateral_deterrence`).

    References
    ----------
    Zagare & Kilgour (2000), Perfect Deterrence, ch. 5; Schelling (1966), ch. 3.
    """
    z, k = _f(z), _f(K)
    with np.errstate(all="ignore"):
        return _f(z / (z + k))


def p_escalate(q: ArrayLike, K: ArrayLike, sigma: ArrayLike, z_median: ArrayLike = 1.0) -> Array:
    """Chance that a challenger with lognormal resolve escalates.

    The challenger escalates iff its resolve ``z`` exceeds ``q K / (1 - q)``; with
    ``ln z ~ Normal(ln z_median, sigma)`` that chance is
    ``1 - Phi((ln(q K / (1 - q)) - ln z_median) / sigma)``.

    Parameters
    ----------
    q
        Chance the patron intervenes.
    K
        Challenger's loss if the patron intervenes, in the units of its resolve.
    sigma
        Spread of resolve on the log scale.
    z_median
        Median resolve (1 by default, which makes K a multiple of median resolve).

    References
    ----------
    Schelling (1966), Arms and Influence, ch. 3; Fearon (1995), IO 49(3) (private
    information about resolve as a cause of war).
    """
    q, k, s, zm = _f(q), _f(K), _f(sigma), _f(z_median)
    with np.errstate(all="ignore"):
        x = (np.log(q * k / (1.0 - q)) - np.log(zm)) / s
        return _f(1.0 - special.ndtr(x))


def required_credibility(q_star: ArrayLike, kappa: ArrayLike, r: ArrayLike) -> Array:
    """The credibility ``h*`` that makes :func:`involvement` reach the threshold ``q*``.

    Solves ``1 - (1 - kappa h)(1 - r) = q*`` for ``h``:
    ``h* = (1 - (1 - q*) / (1 - r)) / kappa``. A value above 1 means no credibility is
    enough; below 0 means the inadvertent risk ``r`` alone deters.

    References
    ----------
    Schelling (1966), ch. 3; Huth & Russett (1984), What makes deterrence work?,
    World Politics 36(4).
    """
    qs, k, r = _f(q_star), _f(kappa), _f(r)
    with np.errstate(all="ignore"):
        return _f((1.0 - (1.0 - qs) / (1.0 - r)) / k)


def required_lr(h_star: ArrayLike, h0: ArrayLike, w: ArrayLike = 1.0) -> Array:
    """The likelihood ratio ``LR*`` a precedent must have to lift credibility to ``h*``.

    Credibility mixes a reputation channel (the posterior) and a current-interest
    channel (the prior): ``h = w * bayes(h0, LR) + (1 - w) * h0``. Solving ``h = h*``
    gives a posterior ``h1* = (h* - (1 - w) h0) / w`` and ``LR* = odds(h1*) / odds(h0)``.
    ``LR* <= 1`` means the prior already suffices (0 when any evidence would do);
    ``inf`` means no evidence can suffice (``h1* >= 1``, or ``w = 0`` with ``h0 < h*``).

    References
    ----------
    Press (2005), Calculating Credibility (the ``w = 0`` reading); Jaynes (2003), ch. 4.
    """
    hs, p, w = _f(h_star), _f(h0), _f(w)
    with np.errstate(all="ignore"):
        h1 = (hs - (1.0 - w) * p) / w
        lr = (h1 / (1.0 - h1)) / (p / (1.0 - p))
        lr = np.where(h1 >= 1.0, np.inf, np.where(h1 <= 0.0, 0.0, lr))
        no_w = np.where(p >= hs, 0.0, np.inf)
        return _f(np.where(w <= 0.0, no_w, lr))


@dataclass(frozen=True)
class BargainingRange:
    """Fearon's bargaining range: the deals both sides prefer to war.

    Attributes
    ----------
    low, high
        Ends of the range, as A's share of the good: ``[p - c_A, p + c_B]``.
    width
        ``c_A + c_B``: always positive when war is costly, so a deal exists.
    """

    low: Array
    high: Array
    width: Array


def bargaining_range(
    p: ArrayLike, c_A: ArrayLike, c_B: ArrayLike, *, clip: bool = False
) -> BargainingRange:
    """The bargaining range ``[p - c_A, p + c_B]`` of Fearon's (1995) model.

    A and B divide a good of size 1; war gives A the whole good with probability ``p``
    and costs A ``c_A`` and B ``c_B``. A prefers any share ``x >= p - c_A`` to war and
    B any ``x <= p + c_B``. With ``clip=True`` the range is cut to the good, ``[0, 1]``.

    References
    ----------
    Fearon, J. D. (1995). Rationalist explanations for war. IO 49(3), 379-414, fig. 1.
    """
    p, a, b = _f(p), _f(c_A), _f(c_B)
    low, high = p - a, p + b
    if clip:
        low, high = np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)
    return BargainingRange(low=_f(low), high=_f(high), width=_f(high - low))


def war_win_probability(C_i: ArrayLike, C_j: ArrayLike, C_k: ArrayLike = 0.0) -> Array:
    """Chance that side ``i`` (helped by ``k``) beats ``j``: capabilities' share.

    References
    ----------
    Bueno de Mesquita (1981), The War Trap, ch. 3 (P_i = C_i / (C_i + C_j)).
    """
    ci, cj, ck = _f(C_i), _f(C_j), _f(C_k)
    with np.errstate(all="ignore"):
        return _f((ci + ck) / (ci + cj + ck))


def bdm_expected_utility(
    P_i: ArrayLike,
    U_ii: ArrayLike,
    U_ij: ArrayLike,
    P_ik: ArrayLike = (),
    U_ki: ArrayLike = (),
    U_kj: ArrayLike = (),
) -> Array:
    """Expected utility of war for ``i`` against ``j``, with third parties ``k``.

    ``E(U_i) = P_i (U_ii - U_ij) + (1 - P_i)(U_ij - U_ii)
    + sum_k (P_ik + P_j - 1)(U_ki - U_kj)`` with ``P_j = 1 - P_i``. The bilateral part
    is the gain from winning less the loss from losing; each third party adds the
    change in i's chance of winning that its help makes (``P_ik - P_i``) weighted by
    how much it prefers i's policies to j's. ``i`` may rationally start a war only
    when this is positive.

    Parameters
    ----------
    P_i
        Chance that i wins alone.
    U_ii, U_ij
        i's utility for its own policies and for j's.
    P_ik, U_ki, U_kj
        For each third party k (last axis; empty for none): i's chance of winning with
        k's help, and k's utility for i's and for j's policies.

    References
    ----------
    Bueno de Mesquita, B. (1981). The War Trap. Yale University Press, ch. 3.
    """
    p, uii, uij = _f(P_i), _f(U_ii), _f(U_ij)
    bilateral = p * (uii - uij) + (1.0 - p) * (uij - uii)
    pik, uki, ukj = _f(P_ik), _f(U_ki), _f(U_kj)
    if pik.size == 0:
        return _f(bilateral)
    third = (pik + (1.0 - p)[..., None] - 1.0) * (uki - ukj)
    return _f(bilateral + np.sum(third, axis=-1))


@dataclass(frozen=True)
class UnilateralDeterrence:
    """Conditions of Zagare and Kilgour's unilateral deterrence game.

    Outcomes: status quo (SQ), challenger wins (CW: the defender concedes), defender
    wins (DW: the challenger backs down), conflict (CF).

    Attributes
    ----------
    challenger_credible
        The challenger prefers conflict to backing down (a "hard" challenger).
    defender_credible
        The defender prefers conflict to conceding (a "hard" defender).
    threshold_hard
        Defender credibility above which a hard challenger is deterred:
        ``(CW - SQ) / (CW - CF)`` in the challenger's utilities, equal to
        ``deterrence_threshold(z=CW - SQ, K=SQ - CF)``.
    threshold_soft
        Defender credibility above which a soft challenger is deterred:
        ``(CW - SQ) / (CW - DW)``.
    deterred
        The challenger stays at the status quo given ``p_defender``.
    outcome
        Subgame-perfect outcome with the defender's type known (0 SQ, 1 CW, 2 DW,
        3 CF), taking the defender as hard where ``defender_credible``.
    """

    challenger_credible: NDArray[np.bool_]
    defender_credible: NDArray[np.bool_]
    threshold_hard: Array
    threshold_soft: Array
    deterred: NDArray[np.bool_]
    outcome: NDArray[np.int64]


def unilateral_deterrence(
    challenger: tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike],
    defender: tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike],
    p_defender: ArrayLike,
) -> UnilateralDeterrence:
    """Solve Zagare and Kilgour's unilateral deterrence game.

    The challenger keeps the status quo or demands; the defender concedes or denies;
    a denied challenger backs down or fights. With incomplete information the
    defender is hard (will fight) with probability ``p_defender``.

    Parameters
    ----------
    challenger, defender
        Utilities ``(SQ, CW, DW, CF)`` of each player, numbers or arrays.
    p_defender
        The challenger's belief that the defender is hard (its credibility).

    References
    ----------
    Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence, ch. 4 (the game) and
    ch. 5 (credibility thresholds).
    """
    sq, cw, dw, cf = (_f(v) for v in challenger)
    _, dcw, ddw, dcf = (_f(v) for v in defender)
    p = _f(p_defender)
    hard = cf > dw
    dhard = dcf > dcw
    with np.errstate(all="ignore"):
        t_hard = (cw - sq) / (cw - cf)
        t_soft = (cw - sq) / (cw - dw)
    # incomplete information: a denial brings CF (hard) or DW (soft challenger)
    resisted = np.where(hard, cf, dw)
    expected = p * resisted + (1.0 - p) * cw
    deterred = expected <= sq
    # complete information, defender's type known
    def_denies = np.where(hard, dcf > dcw, ddw > dcw)
    after = np.where(def_denies, np.where(hard, 3, 2), 1)
    value = np.choose(after, [sq, cw, dw, cf])
    outcome = np.where(value > sq, after, 0)
    return UnilateralDeterrence(
        challenger_credible=np.asarray(hard), defender_credible=np.asarray(dhard),
        threshold_hard=_f(t_hard), threshold_soft=_f(t_soft),
        deterred=np.asarray(deterred), outcome=np.asarray(outcome, dtype=np.int64))
