"""Which assumption matters most: tornado, Sobol indices and Morris elementary effects.

Each method looks at a target (an option's net value, or the difference of two options;
see :mod:`deterrence.analysis.target`) and returns a tidy table, one row per parameter,
with the method, target, seed and number of model evaluations in ``DataFrame.attrs``.

- **Tornado** (one at a time): each parameter at its 5th and 95th percentiles, the others
  at point values. Cheap and readable; blind to interactions.
- **Sobol indices**: the share of the target's variance due to each parameter alone
  (first order, S1) and with all its interactions (total, ST), estimated from a scrambled
  Sobol' design with Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) and analysed
  by SALib (S1 by Saltelli et al. 2010, ST by Jansen 1999, bootstrap confidence intervals).
- **Morris** elementary effects (Morris 1991) with the mean absolute effect mu* (Campolongo,
  Cariboni & Saltelli 2007), sampled and analysed by SALib: a screening method for many
  parameters.

Sobol and Morris assume independent parameters: declared rank correlations are not
applied (a note in ``attrs`` says so). Parameters are moved on their quantile scale, so
every distribution works.

References
----------
.. [1] Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity
   indices. Computer Physics Communications 145(2), 280-297.
.. [2] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S.
   (2010). Variance based sensitivity analysis of model output. Design and estimator for
   the total sensitivity index. Computer Physics Communications 181(2), 259-270.
.. [3] Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer
   Physics Communications 117(1-2), 35-43.
.. [4] Sobol', I. M. (1993). Sensitivity estimates for nonlinear mathematical models.
   Mathematical Modelling and Computational Experiments 1(4), 407-414.
.. [5] Morris, M. D. (1991). Factorial sampling plans for preliminary computational
   experiments. Technometrics 33(2), 161-174.
.. [6] Campolongo, F., Cariboni, J. & Saltelli, A. (2007). An effective screening design for
   sensitivity analysis of large models. Environmental Modelling & Software 22(10),
   1509-1518.
.. [7] Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity
   analysis. Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from SALib.analyze import morris as morris_analyze  # type: ignore[import-untyped, unused-ignore]
from SALib.analyze import sobol as sobol_analyze  # type: ignore[import-untyped, unused-ignore]
from SALib.sample import morris as morris_sample  # type: ignore[import-untyped, unused-ignore]
from scipy import stats  # type: ignore[import-untyped, unused-ignore]

from ..errors import DeterrenceError
from ..model import Model
from ..sampling import generator, rank_correlation, unit_design
from ..simulation import new_seed
from .target import Target, label_of, resolve_target, uncertain

__all__ = ["MORRIS_RANGE", "morris", "sensitivity", "sobol_indices", "tornado"]

Array = NDArray[np.float64]
_GROUP = 8
MORRIS_RANGE = (0.01, 0.99)
"""Quantiles spanned by the Morris grid (the unit cube's 0 and 1 would be infinite)."""


def _attrs(df: pd.DataFrame, **attrs: Any) -> pd.DataFrame:
    df.attrs.update(attrs)
    return df


def _notes(model: Model) -> list[str]:
    if rank_correlation(model) is None:
        return []
    return ["the parameters are treated as independent: the scenario's rank correlations "
            "are not applied"]


def _target_values(model: Model, target: Target, params: Mapping[str, Any]) -> Array:
    y = np.asarray(target.values(model.evaluate(params).net), dtype=np.float64)
    if not np.all(np.isfinite(y)):
        raise DeterrenceError(f"the target {target.label} is NaN or infinite for some "
                              "parameter values; check the formulas' domains")
    return y


def tornado(model: Model, *, option: str | None = None, versus: Sequence[str] | str | None = None,
            low: float = 0.05, high: float = 0.95,
            parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity: each parameter at its ``low`` and ``high`` quantiles.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, largest swing first: ``parameter, label, low_value,
        high_value, output_low, output_high, base, swing`` (``swing`` is
        ``|output_high - output_low|``).
    """
    if not 0.0 < low < high < 1.0:
        raise DeterrenceError(f"need 0 < low < high < 1, not low={low}, high={high}")
    target = resolve_target(model, option, versus)
    names = uncertain(model, parameters)
    base = model.point_values()
    k = len(names)
    params: dict[str, Any] = {n: np.full(2 * k + 1, v) for n, v in base.items()}
    for i, name in enumerate(names):
        lo, hi = model.distributions[name].ppf([low, high])
        params[name][i], params[name][k + i] = lo, hi
    y = _target_values(model, target, params)
    df = pd.DataFrame({
        "parameter": list(names), "label": [label_of(model, n) for n in names],
        "low_value": [params[n][i] for i, n in enumerate(names)],
        "high_value": [params[n][k + i] for i, n in enumerate(names)],
        "output_low": y[:k], "output_high": y[k:2 * k], "base": y[2 * k],
        "swing": np.abs(y[k:2 * k] - y[:k]),
    }).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return _attrs(df, method="tornado", target=target.label, low=low, high=high,
                  evaluations=2 * k + 1, notes=[])


def _saltelli_rows(a: Array, b: Array) -> list[Array]:
    """Per parameter, its values on SALib's row order ``A, AB_1 .. AB_D, B`` per base row."""
    d = a.shape[1]
    out = []
    for i in range(d):
        m = np.repeat(a[:, i:i + 1], d + 2, axis=1)
        m[:, 1 + i] = b[:, i]
        m[:, d + 1] = b[:, i]
        out.append(m.ravel())
    return out


def _design(model: Model, names: Sequence[str], u: Array) -> Array:
    return np.column_stack([model.distributions[n].ppf(u[:, j]) for j, n in enumerate(names)])


def _sobol_estimates(y: Array, d: int, conf_level: float, resamples: int,
                     seed: int) -> tuple[Array, Array, Array, Array]:
    """S1 [2]_ and ST [3]_ with bootstrap intervals, as SALib computes them [7]_.

    The point estimates are SALib's (``first_order``, ``total_order``); the bootstrap uses
    the same resamples and formulas as ``SALib.analyze.sobol.analyze(...,
    calc_second_order=False, seed=seed)`` (the tests check the numbers agree), but gathers
    each resample once and computes its variance once for all parameters, which is
    several times faster.
    """
    step = d + 2
    n = y.size // step
    y = (y - y.mean()) / y.std() if np.ptp(y) > 0 else np.zeros_like(y)
    a, b = y[0::step], y[step - 1::step]
    ab = np.column_stack([y[j + 1::step] for j in range(d)])
    if np.ptp(np.r_[a, b]) <= np.finfo(float).eps:
        return np.zeros(d), np.zeros(d), np.zeros(d), np.zeros(d)
    wide_a, wide_b = np.broadcast_to(a[:, None], ab.shape), np.broadcast_to(b[:, None], ab.shape)
    s1 = sobol_analyze.first_order(wide_a, ab, wide_b)
    st = sobol_analyze.total_order(wide_a, ab, wide_b)
    r = np.random.default_rng(seed).integers(n, size=(n, resamples))
    ar, br = a[r], b[r]
    var = np.var(np.r_[ar, br], axis=0)
    scale = np.divide(1.0, var, out=np.zeros_like(var), where=var > np.finfo(float).eps)
    conf1, conft = np.empty(d), np.empty(d)
    for lo in range(0, d, _GROUP):  # groups of parameters bound memory
        abr = ab[r, lo:lo + _GROUP]
        diff = abr - ar[:, :, None]
        first = np.mean(br[:, :, None] * diff, axis=0) * scale[:, None]
        total = 0.5 * np.mean(diff * diff, axis=0) * scale[:, None]
        conf1[lo:lo + _GROUP] = first.std(axis=0, ddof=1)
        conft[lo:lo + _GROUP] = total.std(axis=0, ddof=1)
    z = float(stats.norm.ppf(0.5 + conf_level / 2.0))
    return (np.asarray(s1, dtype=np.float64), z * conf1, np.asarray(st, dtype=np.float64),
            z * conft)


def sobol_indices(model: Model, *, n: int = 2**13, option: str | None = None,
                  versus: Sequence[str] | str | None = None, seed: int | None = None,
                  conf_level: float = 0.95, resamples: int = 100,
                  parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """First-order and total Sobol' indices [4]_ of the target, with confidence intervals.

    ``n`` base points (a power of 2) of a scrambled Sobol' design in ``2 D`` dimensions
    give the matrices A and B; the ``n (D + 2)`` evaluations of Saltelli's scheme [1]_ are
    one vectorised model call; SALib [7]_ estimates S1 [2]_ and ST [3]_ with bootstrap
    confidence intervals (``conf_level``, ``resamples`` resamples).

    Returns
    -------
    pandas.DataFrame
        ``parameter, label, S1, S1_conf, ST, ST_conf``, largest ST first.
    """
    if n < 2 or resamples < 2:
        raise DeterrenceError("Sobol indices need n >= 2 base points and resamples >= 2")
    target = resolve_target(model, option, versus)
    names = uncertain(model, parameters)
    seed = new_seed() if seed is None else seed
    rng = generator(seed)
    d = len(names)
    u = unit_design("sobol", n, 2 * d, rng=rng)
    a, b = _design(model, names, u[:, :d]), _design(model, names, u[:, d:])
    params: dict[str, Any] = dict(model.point_values())
    params.update(zip(names, _saltelli_rows(a, b), strict=True))
    y = _target_values(model, target, params)
    s1, conf1, st, conft = _sobol_estimates(y, d, conf_level, resamples,
                                            int(rng.integers(1, 2**31)))
    df = pd.DataFrame({"parameter": list(names), "label": [label_of(model, x) for x in names],
                       "S1": s1, "S1_conf": conf1, "ST": st, "ST_conf": conft})
    df = df.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
    return _attrs(df, method="sobol", target=target.label, seed=seed, n=n,
                  evaluations=int(y.size), conf_level=conf_level, notes=_notes(model))


def morris(model: Model, *, trajectories: int = 64, levels: int = 4, option: str | None = None,
           versus: Sequence[str] | str | None = None, seed: int | None = None,
           conf_level: float = 0.95, resamples: int = 1000,
           parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """Morris elementary effects [5]_ with mu* [6]_, sampled and analysed by SALib [7]_.

    ``trajectories`` one-at-a-time paths on a ``levels``-level grid over each parameter's
    quantiles :data:`MORRIS_RANGE`; an effect is the change in the target per step of
    ``levels / (2 (levels - 1))`` of that range.

    Returns
    -------
    pandas.DataFrame
        ``parameter, label, mu, mu_star, mu_star_conf, sigma``, largest mu* first.
    """
    if trajectories < 2 or levels < 2 or levels % 2:
        raise DeterrenceError("Morris needs at least 2 trajectories and an even number of levels")
    target = resolve_target(model, option, versus)
    names = uncertain(model, parameters)
    seed = new_seed() if seed is None else seed
    rng = generator(seed)
    d = len(names)
    problem = {"num_vars": d, "names": list(names), "bounds": [[0.0, 1.0]] * d}
    x = morris_sample.sample(problem, trajectories, num_levels=levels,
                             seed=int(rng.integers(1, 2**31)))
    lo, hi = MORRIS_RANGE
    design = _design(model, names, lo + (hi - lo) * x)
    params: dict[str, Any] = dict(model.point_values())
    params.update({n: design[:, j] for j, n in enumerate(names)})
    y = _target_values(model, target, params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = morris_analyze.analyze(problem, x, y, num_resamples=resamples,
                                     conf_level=conf_level, num_levels=levels,
                                     seed=int(rng.integers(1, 2**31)))
    df = pd.DataFrame({"parameter": list(names), "label": [label_of(model, n) for n in names],
                       "mu": np.asarray(res["mu"], dtype=float),
                       "mu_star": np.asarray(res["mu_star"], dtype=float),
                       "mu_star_conf": np.asarray(res["mu_star_conf"], dtype=float),
                       "sigma": np.asarray(res["sigma"], dtype=float)})
    df = df.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
    return _attrs(df, method="morris", target=target.label, seed=seed,
                  trajectories=trajectories, levels=levels, evaluations=int(y.size),
                  notes=_notes(model))


def sensitivity(model: Model, *, method: str = "tornado", option: str | None = None,
                versus: Sequence[str] | str | None = None, seed: int | None = None,
                samples: int | None = None) -> pd.DataFrame:
    """Dispatch to :func:`tornado`, :func:`sobol_indices` or :func:`morris` by ``method``.

    ``samples`` is Sobol's ``n`` or Morris's number of trajectories.
    """
    if method == "tornado":
        return tornado(model, option=option, versus=versus)
    if method == "sobol":
        return sobol_indices(model, n=samples or 2**13, option=option, versus=versus,
                             seed=seed)
    if method == "morris":
        return morris(model, trajectories=samples or 64, option=option, versus=versus,
                      seed=seed)
    raise DeterrenceError(f"unknown method {method!r}; use tornado, sobol or morris")
