"""Default metrics, goalposts and indicator specs (the methodology's defaults).

Every default here is documented with its source and reason in ``docs/methodology.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from progress_indicators.model._indicator import Indicator
from progress_indicators.model._metric import Baseline, Goalposts, MetricSpec

__all__ = [
    "DEFAULT_METRICS",
    "GOALPOST_BASELINES",
    "INDICATOR_SPECS",
    "UKRAINE_AREA_KM2",
    "IndicatorSpec",
]

UKRAINE_AREA_KM2 = 603_550.0
"""Area of Ukraine within its internationally recognised (1991) borders, in km².

The figure in common use (State Statistics Service of Ukraine; DOMAIN.md).
"""

_FULL_SCALE_2022 = Baseline(start=dt.date(2022, 3, 1), end=dt.date(2022, 12, 31))
_AIR_CAMPAIGN = Baseline(start=dt.date(2022, 10, 1), end=dt.date(2023, 9, 30))
_MINSK_2017 = Baseline(start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31))
_OCCUPATION_2022 = Baseline(start=dt.date(2022, 3, 1), end=dt.date(2022, 12, 31), statistic="max")

GOALPOST_BASELINES: dict[str, Baseline] = {
    "attack_events": _FULL_SCALE_2022,
    "civilians_killed": _FULL_SCALE_2022,
    "missiles_launched": _AIR_CAMPAIGN,
    "long_range_drones_launched": _AIR_CAMPAIGN,
    "ceasefire_violations_per_day": _MINSK_2017,
    "occupied_area_km2": _OCCUPATION_2022,
}
"""The window and statistic each default worst goalpost was derived with.

Each default is a number: this baseline applied once to the bundled example's published
figures (every grade that counts, artefacts excluded), rounded.
``tests/docs/test_goalposts.py`` derives them again and ``docs/methodology.md`` shows the
derivation, so a number cannot drift from its source. Pass
``Goalposts(worst=Baseline(...))`` to derive anew from your data.
"""

_DERIVED = "derived once from the bundled example (see model.GOALPOST_BASELINES)"


def _count(
    name: str,
    unit: str,
    worst: float,
    description: str,
    source: str,
    *,
    events: bool = False,
) -> MetricSpec:
    window = GOALPOST_BASELINES[name]
    return MetricSpec(
        name=name,
        indicator=Indicator.CESSATION_OF_ATTACKS,
        unit=unit,
        kind="count",
        aggregation="mean" if unit.endswith("/day") else "sum",
        goalposts=Goalposts(
            worst=worst,
            best=0.0,
            scale="log",
            source=source,
            derivation=(
                f"{window.statistic} amount per covered day, {window.start} to {window.end}; "
                + _DERIVED
            ),
        ),
        zero_fill=events,
        description=description,
    )


def _ordinal(name: str, indicator: Indicator, top: int, keep_days: int | None) -> MetricSpec:
    unit = f"pam_0_{top}" if indicator is Indicator.SOVEREIGNTY_RESPECT else f"denial_0_{top}"
    scale = (
        "Peace Accords Matrix-style provision status (DOMAIN.md)"
        if indicator is Indicator.SOVEREIGNTY_RESPECT
        else "narrative denial scale (DOMAIN.md)"
    )
    return MetricSpec(
        name=name,
        indicator=indicator,
        unit=unit,
        kind="level",
        aggregation="last",
        goalposts=Goalposts(
            worst=0.0,
            best=float(top),
            source=scale,
            derivation=f"the ends of the 0-{top} scale",
        ),
        carry_forward_days=keep_days,
        minimum=0.0,
        maximum=float(top),
    )


_PROVISIONS = (
    "provision_annexation",
    "provision_recognition",
    "provision_passportization",
    "provision_sham_votes",
    "provision_child_deportation",
    "provision_legal_integration",
    "provision_other",
)
_NARRATIVES = (
    "narrative_nazi",
    "narrative_statehood",
    "narrative_nato_provocation",
    "narrative_puppet",
    "narrative_biolabs",
    "narrative_genocide",
    "narrative_coup",
    "narrative_disintegration",
    "narrative_russophobia",
    "narrative_civil_war",
)

DEFAULT_METRICS: tuple[MetricSpec, ...] = (
    _count(
        "attack_events",
        "events",
        16.3,
        "Russian-initiated strike events (ACLED, UCDP GED, VIINA).",
        "UCDP Candidate Events, September 2022 (the only 2022 month in the extract)",
        events=True,
    ),
    _count(
        "civilians_killed",
        "persons",
        25.41,
        "Civilians killed, as verified by OHCHR/HRMMU.",
        "OHCHR/HRMMU verified civilians killed, monthly",
    ),
    _count(
        "missiles_launched",
        "munitions",
        4.99,
        "Missiles launched at Ukraine (Ukrainian Air Force, a party's figures).",
        "Ukrainian Air Force daily reports, summed per month (a party's figures)",
    ),
    _count(
        "long_range_drones_launched",
        "munitions",
        6.09,
        "Shahed-type attack and decoy drones launched (Ukrainian Air Force).",
        "Ukrainian Air Force daily reports, summed per month (a party's figures)",
    ),
    _count(
        "ceasefire_violations_per_day",
        "violations/day",
        696.19,
        "Ceasefire violations recorded by the OSCE SMM, per day of the report span.",
        "OSCE SMM reports, 2017 (68 covered days: August, September, 11-17 December)",
    ),
    MetricSpec(
        name="occupied_area_km2",
        indicator=Indicator.VERIFIED_WITHDRAWAL,
        unit="km2",
        kind="level",
        aggregation="last",
        goalposts=Goalposts(
            worst=124_856.2,
            best=0.0,
            source="DeepStateMap archive (occupied_total_km2), settling period excluded",
            derivation=("max state 2022-03-01 to 2022-12-31 (reached 2022-08-29); " + _DERIVED),
        ),
        carry_forward_days=31,
        minimum=0.0,
        maximum=UKRAINE_AREA_KM2,
        description="All Russian-occupied territory of Ukraine, Crimea included.",
    ),
    MetricSpec(
        name="settlements_occupied",
        indicator=Indicator.VERIFIED_WITHDRAWAL,
        unit="settlements",
        kind="level",
        aggregation="last",
        goalposts=Goalposts(
            worst=_OCCUPATION_2022,
            best=0.0,
            source="VIINA control data passed to score()",
            derivation=(
                "no published figure is bundled: derived from the data passed (max "
                "2022-03-01 to 2022-12-31), so it moves with that data"
            ),
        ),
        carry_forward_days=31,
        minimum=0.0,
        description="Populated places under Russian control (VIINA control, consensus status).",
    ),
    *(_ordinal(name, Indicator.SOVEREIGNTY_RESPECT, 3, None) for name in _PROVISIONS),
    *(_ordinal(name, Indicator.NARRATIVE_DENIAL, 4, None) for name in _NARRATIVES),
)


@attrs.frozen(kw_only=True)
class IndicatorSpec:
    """What an indicator means and how it is measured by default.

    An attrs class: it is an internal constant, never read from user input.
    """

    indicator: Indicator
    title: str
    definition: str
    unit: str
    polarity: Literal["higher_is_better", "lower_is_better"]
    default_metrics: tuple[MetricSpec, ...]


def _metrics_of(indicator: Indicator) -> tuple[MetricSpec, ...]:
    return tuple(m for m in DEFAULT_METRICS if m.indicator is indicator)


INDICATOR_SPECS: dict[Indicator, IndicatorSpec] = {
    Indicator.CESSATION_OF_ATTACKS: IndicatorSpec(
        indicator=Indicator.CESSATION_OF_ATTACKS,
        title="Cessation of attacks",
        definition=(
            "Russian attacks on Ukraine stop and stay stopped: verified strike events, "
            "munitions launched, civilian casualties and ceasefire violations fall to zero."
        ),
        unit="score 0-100",
        polarity="higher_is_better",
        default_metrics=_metrics_of(Indicator.CESSATION_OF_ATTACKS),
    ),
    Indicator.VERIFIED_WITHDRAWAL: IndicatorSpec(
        indicator=Indicator.VERIFIED_WITHDRAWAL,
        title="Verifiable withdrawal",
        definition=(
            "Occupied territory of Ukraine (all of it, Crimea included) shrinks toward "
            "0 km2, in changes that last and that independent maps or monitors confirm."
        ),
        unit="score 0-100",
        polarity="higher_is_better",
        default_metrics=_metrics_of(Indicator.VERIFIED_WITHDRAWAL),
    ),
    Indicator.SOVEREIGNTY_RESPECT: IndicatorSpec(
        indicator=Indicator.SOVEREIGNTY_RESPECT,
        title="Respect for sovereignty",
        definition=(
            "Acts that violate Ukraine's sovereignty (annexation, recognition of proxy "
            "entities, passportization, sham votes, deportation of children ...) are "
            "reversed in law and in fact; each provision scored 0 (continues) to 3 "
            "(fully reversed and verified)."
        ),
        unit="score 0-100",
        polarity="higher_is_better",
        default_metrics=_metrics_of(Indicator.SOVEREIGNTY_RESPECT),
    ),
    Indicator.NARRATIVE_DENIAL: IndicatorSpec(
        indicator=Indicator.NARRATIVE_DENIAL,
        title="Denial of propaganda narratives",
        definition=(
            "The narratives used to start and sustain the war ('denazification', 'not a "
            "real state', 'NATO provoked it' ...) stop being asserted and are retracted "
            "officially; each narrative scored 0 (asserted) to 4 (retraction held)."
        ),
        unit="score 0-100",
        polarity="higher_is_better",
        default_metrics=_metrics_of(Indicator.NARRATIVE_DENIAL),
    ),
}
