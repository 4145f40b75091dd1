"""Data treatment before normalising: denomination, screening, imputation, outliers (COINr)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators._arguments import float_values, real_number
from progress_indicators.exceptions import ConfigError, SchemaError, ScoringError, did_you_mean
from progress_indicators.scoring._common import as_float_array, hint

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from progress_indicators.scoring._common import FloatArray

__all__ = [
    "IMPUTATION_METHODS",
    "UNIT_SCREENS",
    "ImputationResult",
    "ScreenResult",
    "TreatmentResult",
    "boxcox",
    "denominate",
    "impute",
    "kurtosis",
    "log_ct",
    "screen",
    "skewness",
    "treat_outliers",
]

#: The names accepted by :func:`impute`.
IMPUTATION_METHODS: frozenset[str] = frozenset(
    {"none", "mean", "median", "group_mean", "group_median", "linear", "locf"}
)


@attrs.frozen(kw_only=True)
class ImputationResult:
    """Imputed values and where they were imputed (attrs: internal result).

    Attributes:
        data: the data with imputed values filled in (a new frame).
        imputed: True where a value was missing and has been filled.
    """

    data: pd.DataFrame
    imputed: pd.DataFrame


@attrs.frozen(kw_only=True)
class TreatmentResult:
    """Outlier-treated values and a per-column report (attrs: internal result).

    Attributes:
        data: the treated data (a new frame).
        treated: True for every point whose value was changed.
        report: one row per column: ``skew``, ``kurtosis`` before, ``failed`` (whether the
            column failed the outlier test), ``n_winsorised`` (points changed by
            winsorisation), ``winsorised_side`` (``high``/``low``/empty), ``log_applied``,
            ``skew_after``, ``kurtosis_after``, ``passes_after``.
    """

    data: pd.DataFrame
    treated: pd.DataFrame
    report: pd.DataFrame


# -- moments ---------------------------------------------------------------------------
def skewness(values: Sequence[float] | FloatArray | pd.Series) -> float:
    """Bias-corrected sample skewness (type 2, as Excel and COINr); NaN ignored.

    Raises:
        InputTypeError: ``values`` is not a 1-D list or array of numbers.
        SchemaError: a value is infinite.

    Examples:
        >>> round(skewness([2, 4, 4, 4, 5, 5, 7, 9]), 6)
        0.818488
    """
    x = float_values(values, where="skewness", name="values", error=SchemaError)
    return float(_skew_kurt(x[:, None])[0][0])


def kurtosis(values: Sequence[float] | FloatArray | pd.Series) -> float:
    """Bias-corrected sample excess kurtosis (type 2, as Excel and COINr); NaN ignored.

    Raises:
        InputTypeError: ``values`` is not a 1-D list or array of numbers.
        SchemaError: a value is infinite.

    Examples:
        >>> round(kurtosis([2, 4, 4, 4, 5, 5, 7, 9]), 6)
        0.940625
    """
    x = float_values(values, where="kurtosis", name="values", error=SchemaError)
    return float(_skew_kurt(x[:, None])[1][0])


def _skew_kurt(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Column-wise type-2 skewness and excess kurtosis; NaN for too few or constant values."""
    present = ~np.isnan(x)
    n = present.sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, x, 0.0).sum(axis=0) / n
        dev = np.where(present, x - mean, 0.0)
        m2 = (dev**2).sum(axis=0) / n
        m3 = (dev**3).sum(axis=0) / n
        m4 = (dev**4).sum(axis=0) / n
        g1 = m3 / m2**1.5
        g2 = m4 / m2**2 - 3.0
        skew = g1 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
        kurt = ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    ok_skew = (n > 2) & (m2 > 0)
    ok_kurt = (n > 3) & (m2 > 0)
    return np.where(ok_skew, skew, np.nan), np.where(ok_kurt, kurt, np.nan)


def _fails(
    skew: FloatArray, kurt: FloatArray, skew_thresh: float, kurt_thresh: float
) -> NDArray[np.bool_]:
    """COINr's outlier test: |skew| >= skew_thresh and kurtosis >= kurt_thresh (NaN passes)."""
    with np.errstate(invalid="ignore"):
        return np.asarray((np.abs(skew) >= skew_thresh) & (kurt >= kurt_thresh))


def log_ct(values: FloatArray) -> FloatArray:
    """COINr's ``log_CT``: ``log(x - min + 0.01 * (max - min))`` per column, NaN kept.

    Raises:
        InputTypeError: ``values`` is not a 1-D or 2-D array of numbers (rows x columns).
        SchemaError: a value is infinite.
    """
    values = float_values(values, where="log_ct", name="values", ndims=(1, 2), error=SchemaError)
    present = ~np.isnan(values)
    lo = np.where(present, values, np.inf).min(axis=0)
    hi = np.where(present, values, -np.inf).max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.log(values - lo + 0.01 * (hi - lo)))


def boxcox(
    values: Sequence[float] | FloatArray | pd.Series, lmbda: float, *, makepos: bool = True
) -> FloatArray:
    """Box-Cox transform as COINr: with ``makepos`` shift to ``x - min + 1`` first.

    ``(x**lmbda - 1) / lmbda``, or ``log(x)`` for ``lmbda == 0``.

    NaN is kept; values that are all NaN (or none) come back as they are.

    Raises:
        ScoringError: values <= 0 (after the shift).
        InputTypeError: ``values`` is not a 1-D or 2-D list or array of numbers.
        SchemaError: a value is infinite.
        ConfigError: ``lmbda`` is not a finite number.
    """
    x = float_values(values, where="boxcox", name="values", ndims=(1, 2), error=SchemaError)
    real_number(
        lmbda, where="boxcox", name="lmbda", hint="0 takes the log; 1 only shifts the values."
    )
    present = x[~np.isnan(x)]
    if makepos and present.size:
        x = x - present.min() + 1.0
    if (x[~np.isnan(x)] <= 0).any():
        msg = "boxcox: values must be > 0." + hint("pass makepos=True to shift them first.")
        raise ScoringError(msg)
    if lmbda == 0:
        return np.asarray(np.log(x))
    return np.asarray((x**lmbda - 1.0) / lmbda)


# -- outliers --------------------------------------------------------------------------
def treat_outliers(
    frame: pd.DataFrame,
    winmax: int = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    *,
    log_fallback: bool = True,
) -> TreatmentResult:
    """Treat outliers column by column with COINr's default rule.

    A column fails when ``|skew| >= skew_thresh`` and ``kurtosis >= kurt_thresh`` (type-2
    estimators, excess kurtosis). A failing column is winsorised one step at a time on the
    side of its skew: every point equal to the extreme (ties together) is set to the next
    value inwards, and the test is re-run, up to ``winmax`` steps. If the column still
    fails after ``winmax`` steps and ``log_fallback`` is True, the winsorisation is
    dropped and ``log(x - min + 0.01 * (max - min))`` is applied to the *original* column.

    Args:
        frame: numeric data (NaN ignored and kept).
        winmax: the maximum number of winsorisation steps (>= 0).
        skew_thresh: absolute skewness threshold.
        kurt_thresh: excess kurtosis threshold.
        log_fallback: apply the log transform when winsorisation is not enough.

    Returns:
        The treated values, a mask of changed points and a per-column report.

    Raises:
        ConfigError: ``winmax`` is negative or not an integer.
    """
    where = "treat_outliers"
    if isinstance(winmax, bool) or not isinstance(winmax, int | np.integer) or winmax < 0:
        msg = f"{where}: winmax must be an integer >= 0 (got {winmax!r})."
        raise ConfigError(msg)
    x = as_float_array(frame, where=where)
    out, changed, report = treat_array(x, int(winmax), skew_thresh, kurt_thresh, log_fallback)
    report.index = pd.Index([str(c) for c in frame.columns], name="column")
    return TreatmentResult(
        data=pd.DataFrame(out, index=frame.index.copy(), columns=frame.columns.copy()),
        treated=pd.DataFrame(changed, index=frame.index.copy(), columns=frame.columns.copy()),
        report=report,
    )


def treat_array(
    x: FloatArray, winmax: int, skew_thresh: float, kurt_thresh: float, log_fallback: bool
) -> tuple[FloatArray, np.ndarray, pd.DataFrame]:
    """Array version of :func:`treat_outliers` (rows, columns)."""
    skew0, kurt0 = _skew_kurt(x)
    failed0 = _fails(skew0, kurt0, skew_thresh, kurt_thresh)
    out = x.copy()
    n_cols = x.shape[1]
    n_win = np.zeros(n_cols, dtype=np.int64)
    side = np.array([""] * n_cols, dtype=object)
    logged = np.zeros(n_cols, dtype=bool)
    for j in np.nonzero(failed0)[0]:
        col = x[:, j].copy()
        present = ~np.isnan(col)
        sk = float(skew0[j])
        steps = 0
        fails = True
        while fails and steps < winmax:
            vals = col[present]
            if sk >= 0:
                extreme = vals.max()
                inner = vals[vals < extreme]
                side[j] = "high"
            else:
                extreme = vals.min()
                inner = vals[vals > extreme]
                side[j] = "low"
            if inner.size == 0:
                break
            replacement = inner.max() if sk >= 0 else inner.min()
            col[present & (col == extreme)] = replacement
            steps += 1
            s2, k2 = _skew_kurt(col[:, None])
            sk = float(s2[0])
            fails = bool(_fails(s2, k2, skew_thresh, kurt_thresh)[0])
        if fails and log_fallback:
            out[:, j] = log_ct(x[:, [j]])[:, 0]
            logged[j] = True
            side[j] = ""
        else:
            out[:, j] = col
            n_win[j] = int((col != x[:, j])[present].sum())
    skew1, kurt1 = _skew_kurt(out)
    with np.errstate(invalid="ignore"):
        changed = (out != x) & ~np.isnan(x)
    report = pd.DataFrame(
        {
            "skew": skew0,
            "kurtosis": kurt0,
            "failed": failed0,
            "n_winsorised": n_win,
            "winsorised_side": side.astype(str),
            "log_applied": logged,
            "skew_after": skew1,
            "kurtosis_after": kurt1,
            "passes_after": ~_fails(skew1, kurt1, skew_thresh, kurt_thresh),
        }
    )
    return out, changed, report


# -- imputation ------------------------------------------------------------------------
def impute(
    frame: pd.DataFrame,
    method: str = "none",
    *,
    groups: pd.Series | Sequence[object] | None = None,
    max_age: int | None = None,
) -> ImputationResult:
    """Fill missing values and say which ones were filled (never silent).

    Methods: ``none`` (nothing filled), ``mean`` / ``median`` (of the column),
    ``group_mean`` / ``group_median`` (of the column within the row's group; rows of a
    group with no value stay NaN), ``linear`` (interpolation between the nearest known rows
    in row order, never extrapolated; at most ``max_age`` consecutive rows filled) and
    ``locf`` (last observation carried forward, at most ``max_age`` rows).

    Args:
        frame: numeric data; rows are units (or periods, in order, for linear/locf).
        method: one of :data:`IMPUTATION_METHODS`.
        groups: group label per row (Series aligned on the index, or a sequence in row
            order), for the group methods.
        max_age: maximum number of consecutive rows filled by linear/locf (None: no
            limit).

    Returns:
        The filled values and the boolean ``imputed`` mask.

    Raises:
        ConfigError: unknown method, missing or misaligned groups, bad max_age.
    """
    where = f"impute(method={method!r})"
    if method not in IMPUTATION_METHODS:
        msg = f"impute: unknown method {method!r}; expected one of {sorted(IMPUTATION_METHODS)}."
        raise ConfigError(msg + hint(did_you_mean(method, IMPUTATION_METHODS)))
    if max_age is not None and (not isinstance(max_age, int) or max_age < 1):
        msg = f"{where}: max_age must be an integer >= 1 or None (got {max_age!r})."
        raise ConfigError(msg)
    x = as_float_array(frame, where=where)
    data = pd.DataFrame(x, index=frame.index.copy(), columns=frame.columns.copy())
    if method == "none":
        filled = data
    elif method in {"mean", "median"}:
        filled = data.fillna(data.agg(method))
    elif method in {"group_mean", "group_median"}:
        keys = _group_keys(groups, frame.index, where=where)
        grouped = data.groupby(keys, sort=False, dropna=False)
        stat = grouped.transform("mean") if method == "group_mean" else grouped.transform("median")
        filled = data.fillna(stat)
    elif method == "linear":
        filled = data.interpolate(method="linear", limit=max_age, limit_area="inside", axis=0)
    else:
        filled = data.ffill(limit=max_age)
    imputed = data.isna() & filled.notna()
    return ImputationResult(data=filled, imputed=imputed)


def _group_keys(
    groups: pd.Series | Sequence[object] | None, index: pd.Index, *, where: str
) -> np.ndarray:
    if groups is None:
        msg = f"{where}: groups= is required (one group label per row)."
        raise ConfigError(msg)
    if isinstance(groups, pd.Series):
        if not groups.index.equals(index):
            missing = index.difference(groups.index)
            if len(missing):
                msg = f"{where}: groups has no label for row(s) {list(missing[:10])}."
                raise ConfigError(msg + hint("align groups on the data's index."))
            groups = groups.reindex(index)
        return groups.to_numpy()
    keys = np.asarray(list(groups), dtype=object)
    if keys.shape != (len(index),):
        msg = f"{where}: expected {len(index)} group labels, got {keys.size}."
        raise ConfigError(msg)
    return keys


# -- denomination and screening (COINr's Denominate and Screen) --------------------------
#: The ``unit_screen`` rules of :func:`screen` (COINr's names).
UNIT_SCREENS: tuple[str, ...] = ("byNA", "byzeros", "byNAandzeros")


@attrs.frozen(kw_only=True)
class ScreenResult:
    """Units kept and dropped by :func:`screen` (attrs: internal result).

    Attributes:
        data: the rows kept (COINr's ``ScreenedData``), a new frame.
        summary: one row per unit (COINr's ``DataSummary``): ``n_missing``, ``n_zero``,
            ``n_miss_or_zero``, ``dat_avail`` (share of values present), ``non_zero``
            (share of present values that are not zero; NaN for a unit with no data),
            ``low_data``, ``low_nonzero``, ``low_data_or_zero`` and ``included``.
        removed: the labels of the dropped units (COINr's ``RemovedUnits``).
    """

    data: pd.DataFrame
    summary: pd.DataFrame
    removed: pd.Index


def _numeric_columns(frame: pd.DataFrame) -> list[object]:
    return [
        c
        for c, kind in frame.dtypes.items()
        if pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)
    ]


def screen(
    frame: pd.DataFrame,
    unit_screen: str,
    *,
    dat_thresh: float = 2 / 3,
    nonzero_thresh: float = 0.05,
    force: Mapping[object, bool] | None = None,
) -> ScreenResult:
    """Drop units (rows) by data availability and zeros, as COINr's ``Screen``.

    Over the numeric columns (others are ignored, as COINr's ``split_by_numeric``):
    ``dat_avail = 1 - n_missing / n_columns`` and ``non_zero = 1 - n_zero / (n_columns
    - n_missing)``. A unit is ``low_data`` when ``dat_avail < dat_thresh`` and
    ``low_nonzero`` when ``non_zero < nonzero_thresh`` (both strict). ``unit_screen``
    drops the ``low_data`` units (``"byNA"``), the ``low_nonzero`` ones (``"byzeros"``)
    or either (``"byNAandzeros"``). ``force`` then includes (True) or excludes (False)
    named units whatever their data.

    A unit with no value at all has ``non_zero`` NaN. COINr's ``Included`` is then NA
    under ``"byzeros"`` and R's row indexing turns that unit into a row of NAs with no
    code; here it is dropped (listed in ``removed``), which is what that NA row amounts
    to.

    Args:
        frame: rows are units, columns indicators.
        unit_screen: one of :data:`UNIT_SCREENS`.
        dat_thresh: data availability threshold in [0, 1] (COINr's default 2/3).
        nonzero_thresh: non-zero share threshold in [0, 1] (COINr's default 0.05).
        force: ``{unit label: include}`` overriding the rule.

    Returns:
        The kept rows, the per-unit summary and the removed labels.

    Raises:
        ConfigError: unknown rule, a threshold outside [0, 1], or a forced unit that is
            not a row.

    Examples:
        >>> import pandas as pd
        >>> data = pd.DataFrame({"a": [1.0, None, 0.0], "b": [2.0, None, 0.0]}, index=list("xyz"))
        >>> screen(data, "byNAandzeros").removed.tolist()
        ['y', 'z']
    """
    where = "screen"
    if unit_screen not in UNIT_SCREENS:
        msg = f"{where}: unit_screen must be one of {list(UNIT_SCREENS)} (got {unit_screen!r})."
        raise ConfigError(msg + hint(did_you_mean(str(unit_screen), UNIT_SCREENS)))
    for name, value in (("dat_thresh", dat_thresh), ("nonzero_thresh", nonzero_thresh)):
        if isinstance(value, bool) or not 0 <= float(value) <= 1:
            msg = f"{where}: {name} must be a number in [0, 1] (got {value!r})."
            raise ConfigError(msg)
    numeric = frame[_numeric_columns(frame)]
    values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
    n_columns = values.shape[1]
    missing = np.isnan(values)
    n_missing = missing.sum(axis=1)
    n_zero = (values == 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dat_avail = 1.0 - n_missing / n_columns
        non_zero = 1.0 - n_zero / (n_columns - n_missing)
    low_data = dat_avail < dat_thresh
    low_nonzero = non_zero < nonzero_thresh  # NaN compares False here, NA in R
    unknown_nonzero = np.isnan(non_zero)
    if unit_screen == "byNA":
        included = ~low_data
    elif unit_screen == "byzeros":
        included = ~low_nonzero & ~unknown_nonzero
    else:
        included = ~(low_data | low_nonzero) & ~(unknown_nonzero & ~low_data)
    included = included.copy()
    for unit, include in (force or {}).items():
        if unit not in frame.index:
            msg = f"{where}: forced unit {unit!r} is not a row of the data."
            raise ConfigError(msg + hint(did_you_mean(str(unit), [str(u) for u in frame.index])))
        included[frame.index.get_indexer(pd.Index([unit]))] = bool(include)
    summary = pd.DataFrame(
        {
            "n_missing": n_missing,
            "n_zero": n_zero,
            "n_miss_or_zero": n_missing + n_zero,
            "dat_avail": dat_avail,
            "non_zero": non_zero,
            "low_data": low_data,
            # NA where COINr's comparison with a NaN share is NA
            "low_nonzero": pd.Series(low_nonzero, dtype="boolean").mask(unknown_nonzero).array,
            "low_data_or_zero": pd.Series(low_data | low_nonzero, dtype="boolean")
            .mask(unknown_nonzero & ~low_data)
            .array,
            "included": included,
        },
        index=frame.index.copy(),
    )
    return ScreenResult(
        data=frame.loc[included].copy(),
        summary=summary,
        removed=frame.index[~included],
    )


def _denominator_table(
    by: Mapping[str, str] | pd.DataFrame, scale: float | Mapping[str, float], where: str
) -> list[tuple[str, str, float]]:
    """``(indicator, denominator, scale factor)`` from a mapping or COINr's ``denomby``."""
    if isinstance(by, pd.DataFrame):
        missing = [c for c in ("iCode", "Denominator") if c not in by.columns]
        if missing:
            msg = f"{where}: the denomby table lacks column(s) {missing}."
            raise ConfigError(msg + hint("COINr's denomby has iCode, Denominator, ScaleFactor."))
        factors = (
            by["ScaleFactor"] if "ScaleFactor" in by.columns else pd.Series(1.0, index=by.index)
        )
        return [
            (str(i), str(d), float(f))
            for i, d, f in zip(by["iCode"], by["Denominator"], factors, strict=True)
        ]
    return [
        (
            str(ind),
            str(den),
            float(scale.get(ind, 1.0) if isinstance(scale, Mapping) else scale),
        )
        for ind, den in by.items()
    ]


def denominate(
    frame: pd.DataFrame,
    denominators: pd.DataFrame,
    by: Mapping[str, str] | pd.DataFrame,
    *,
    scale: float | Mapping[str, float] = 1.0,
) -> pd.DataFrame:
    """Divide indicators by denominators (e.g. per capita), as COINr's ``Denominate``.

    ``x / (d / scale)`` per listed indicator, in COINr's order of operations. As in
    COINr (R arithmetic): a missing denominator gives a missing result (NaN); a zero
    denominator gives ``inf`` (``-inf`` for a negative value, NaN for ``0 / 0``). Later
    pipeline stages refuse infinities with an error naming the rows, where COINr would
    carry them into normalisation.

    Args:
        frame: indicator values; rows are units.
        denominators: denominator columns, rows labelled like ``frame``'s (extra rows
            are allowed, as in COINr).
        by: indicator column -> denominator column, or COINr's ``denomby`` table
            (``iCode``, ``Denominator``, optional ``ScaleFactor``); unlisted columns are
            left unchanged.
        scale: with a mapping ``by``: the factor (e.g. 1e5 for "per 100,000"), one or
            per indicator.

    Returns:
        A new DataFrame.

    Raises:
        ConfigError: unknown columns.
        SchemaError: a listed column is not numeric, or a unit of ``frame`` has no row
            in ``denominators`` (COINr stops there too).
    """
    where = "denominate"
    as_float_array(frame, where=where)
    table = _denominator_table(by, scale, where)
    for ind, den, _ in table:
        if ind not in frame.columns:
            msg = f"{where}: indicator {ind!r} is not a column of the data."
            raise ConfigError(msg + hint(did_you_mean(ind, [str(c) for c in frame.columns])))
        if den not in denominators.columns:
            msg = f"{where}: denominator {den!r} is not a column of the denominators."
            raise ConfigError(msg + hint(did_you_mean(den, [str(c) for c in denominators.columns])))
    used = sorted({den for _, den, _ in table})
    as_float_array(denominators[used], where=f"{where} (denominators)")
    absent = frame.index.difference(denominators.index)
    if len(absent):
        msg = (
            f"{where}: unit(s) {list(absent[:10])} of the data have no row in the "
            "denominators."
            + hint("add their denominators (NaN where unknown) or drop those units first.")
        )
        raise SchemaError(msg)
    out = frame.astype(np.float64)
    aligned = denominators.loc[frame.index, used].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for ind, den, factor in table:
            out[ind] = frame[ind].astype(np.float64) / (aligned[den] / factor)
    return out
