"""MkDocs hook: pages generated at build time, so they can never drift from the code.

* ``<!-- generated:cli-reference -->`` becomes the help of every command of the
  ``progress-indicators`` CLI, read from the typer app itself.
* Regions between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` hold a
  committed copy of generated Markdown, so the page also reads right on GitHub:
  ``quick-start`` (the Quick start block of ``README.md``, the same block CI runs, on the
  Getting started page) and ``sources`` (the evidence sources this package registers,
  read from the entry-point registry, on ``sources/index.md``). The build replaces each
  region with freshly generated text; ``tests/docs/test_generated.py`` fails when a
  committed copy differs from it, and ``python docs/hooks/generated.py`` rewrites them.
* ``<!-- config:PATH -->`` becomes the default of a :class:`ScorecardConfig` setting,
  read from ``ScorecardConfig()`` along a dotted path (``min_share_covered``,
  ``uncertainty.offsets``, ``milestones.withdrawal.begun_share``,
  ``min_covered_weight.narrative_denial``), so a threshold quoted in prose is the code's.
* The methodology tables, computed from the defaults and the bundled example:
  ``default-goalposts`` (each default goalpost with its source, its derivation and the
  value the derivation gives again on the bundled data), ``share-covered`` (the 2020
  ceasefire-violation months with and without the coverage threshold), ``bounded-influence``,
  ``milestone-thresholds``, ``uncertainty-inputs``, ``artefacts``, ``geometric-ceiling``,
  ``choice-effects`` (the latest VPI under other settings) and ``verdict-confidence``
  (the divergence verdicts under other confidences), each as
  ``<!-- generated:NAME -->``; and two inline values, ``divergence-confidence`` and
  ``divergence-tolerance`` (the defaults of ``divergence()``).

The hook runs inside ``mkdocs build``; it reads only the repository (no network). A
marker the hook does not know fails the build instead of reaching the page.
"""

from __future__ import annotations

import enum
import functools
import math
import re
import sys
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pandas as pd

    from progress_indicators import Scorecard, ScorecardConfig

CLI_MARKER = "<!-- generated:cli-reference -->"
QUICK_START_MARKER = "<!-- generated:quick-start -->"
CLI_NAME = "progress-indicators"
CONFIG_VALUE = re.compile(r"<!-- config:([A-Za-z_][\w.]*) -->")
UNKNOWN_MARKER = re.compile(r"<!-- generated:[^>]*-->")
PACKAGE_DISTRIBUTION = "progress-indicators"
ROOT = Path(__file__).resolve().parents[2]
REGION_PAGES = {
    "quick-start": "getting-started.md",
    "sources": "sources/index.md",
}
"""Which page of ``docs/`` holds each generated region (committed copy + markers)."""

__all__ = [
    "GENERATED",
    "artefacts_table",
    "bounded_influence_table",
    "choice_effects_table",
    "cli_reference",
    "config_value",
    "default_goalposts_table",
    "divergence_confidence",
    "divergence_tolerance",
    "generated_regions",
    "geometric_ceiling",
    "geometric_ceiling_table",
    "milestone_thresholds_table",
    "on_page_markdown",
    "quick_start",
    "rederived_goalposts",
    "refresh_regions",
    "share_covered_table",
    "sources_table",
    "uncertainty_inputs_table",
    "verdict_confidence_table",
]


def cli_reference() -> str:
    """Markdown help for the CLI and each of its commands (from the typer app)."""
    import typer.main  # noqa: PLC0415 (only needed while building)
    import typer.models  # noqa: PLC0415
    from typer.cli import get_docs_for_click  # noqa: PLC0415

    from progress_indicators.cli import app  # noqa: PLC0415

    command = typer.main.get_command(app)
    context = typer.models.Context(command, info_name=CLI_NAME)
    text: str = get_docs_for_click(obj=command, ctx=context, name=CLI_NAME, title=None)
    # the page has its own title; command headings sit one level below it
    return re.sub(r"^## ", "### ", text, flags=re.MULTILINE).strip() + "\n"


def quick_start(readme: Path) -> str:
    """The fenced code block under ``## Quick start`` in ``readme``, fence included.

    Raises:
        ValueError: the README has no Quick start section with a fenced block.
    """
    lines = readme.read_text(encoding="utf-8").splitlines()
    block: list[str] = []
    in_section = False
    for line in lines:
        if line.startswith("## "):
            if in_section:
                break
            in_section = line.strip() == "## Quick start"
        elif in_section and (block or line.startswith("```")):
            block.append(line)
            if len(block) > 1 and line.startswith("```"):
                return "\n".join(block) + "\n"
    msg = f"{readme} has no fenced code block under '## Quick start'."
    raise ValueError(msg)


# -- numbers from the code and the bundled example ----------------------------------------


def sources_table(docs: Path) -> str:
    """A Markdown table of the sources this package registers, from the registry.

    One row per entry point of ``progress_indicators.sources`` supplied by the
    ``progress-indicators`` distribution itself (plugins installed beside it, such as
    the example plugin, are left out), with its description and, when ``docs/sources``
    has a page named after it, a link to that page.
    """
    from progress_indicators.sources import available_sources  # noqa: PLC0415

    table = available_sources()
    own = table[table["distribution"] == PACKAGE_DISTRIBUTION].sort_values("name")
    lines = ["| source | reads | page |", "|---|---|---|"]
    for row in own.itertuples(index=False):
        page = docs / "sources" / f"{row.name}.md"
        link = f"[{row.name}.md]({row.name}.md)" if page.is_file() else "\u2013"
        description = str(row.description).replace("|", "\\|")
        lines.append(f"| `{row.name}` | {description} | {link} |")
    return "\n".join(lines) + "\n"


def generated_regions(root: Path = ROOT) -> dict[str, Callable[[], str]]:
    """Each region name with the function that generates its content."""
    return {
        "quick-start": lambda: quick_start(root / "README.md"),
        "sources": lambda: sources_table(root / "docs"),
    }


def _region(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated:{re.escape(name)} -->\n)(.*?)(<!-- /generated:{re.escape(name)} -->)",
        flags=re.DOTALL,
    )


def refresh_regions(markdown: str, regions: dict[str, Callable[[], str]]) -> str:
    """``markdown`` with the content of each of its generated regions regenerated.

    The markers stay, so the result can be committed (and refreshed again).
    """
    for name, generate in regions.items():
        match = _region(name).search(markdown)
        if match:
            markdown = markdown[: match.start(2)] + generate() + markdown[match.end(2) :]
    return markdown


def _expand_regions(markdown: str, regions: dict[str, Callable[[], str]]) -> str:
    """Regions replaced by fresh content, markers dropped (for the built site)."""
    for name, generate in regions.items():
        match = _region(name).search(markdown)
        if match:
            markdown = markdown[: match.start()] + generate() + markdown[match.end() :]
    return markdown


def _number(value: float, digits: int = 2) -> str:
    """A number for a table: thousands separated, ``digits`` decimals, em dash for NaN."""
    if math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def _exact(value: float, digits: int = 4) -> str:
    """A constant as written: at most ``digits`` decimals, trailing zeros dropped."""
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _plain(value: Any) -> str:
    """A config value as written in a config file: ``0.5``, ``1,000``, ``0.1, 1, 5``."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(_plain(item) for item in value)
    return str(value)


def config_value(path: str) -> str:
    """The default of the :class:`ScorecardConfig` setting at the dotted ``path``.

    Mappings keyed by indicator (``min_covered_weight``, ``indicator_weights``) take the
    indicator's value as the next part of the path.

    Raises:
        ValueError: no setting at that path.
    """
    import progress_indicators as pi  # noqa: PLC0415 (only needed while building)

    value: Any = pi.ScorecardConfig()
    for part in path.split("."):
        if isinstance(value, dict):
            matches = [v for k, v in value.items() if getattr(k, "value", k) == part]
            if not matches:
                msg = f"config path {path!r}: no key {part!r}"
                raise ValueError(msg)
            value = matches[0]
        elif hasattr(value, part):
            value = getattr(value, part)
        else:
            msg = f"config path {path!r}: no setting {part!r}"
            raise ValueError(msg)
    return _plain(value)


@functools.cache
def _example() -> tuple[pd.DataFrame, pd.DataFrame]:
    import progress_indicators as pi  # noqa: PLC0415

    return pi.datasets.load_example()


_SCORED: dict[tuple[str, bool], Scorecard] = {}


def _score(config: ScorecardConfig, *, ledger: bool = False) -> Scorecard:
    """The bundled example scored with ``config`` (cached by the config's canonical JSON).

    The tables quote numbers; the caveats ``score()`` warns about on the bundled example
    (withdrawal rests on one metric; some variants leave an indicator empty) are on the
    pages themselves, so the warnings are not repeated at every build.
    """
    import progress_indicators as pi  # noqa: PLC0415

    key = (config.to_json(), ledger)
    if key not in _SCORED:
        observations, humanitarian = _example()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pi.ProgressIndicatorsWarning)
            _SCORED[key] = pi.score(
                observations, config=config, humanitarian=humanitarian if ledger else None
            )
    return _SCORED[key]


def _no_draws(config: ScorecardConfig | None = None) -> ScorecardConfig:
    import progress_indicators as pi  # noqa: PLC0415

    base = config or pi.ScorecardConfig()
    return base.model_copy(update={"uncertainty": pi.UncertaintySettings(draws=0)})


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def rederived_goalposts() -> dict[str, float]:
    """Each default worst goalpost derived anew from the bundled example.

    Every metric of ``GOALPOST_BASELINES`` gets that window as its worst goalpost, and the
    example is scored on the claimed track (every grade that counts: the Air Force's
    figures are a party's, graded ``reported``), artefacts excluded as by default. The
    one derivation of the published numbers: the methodology page shows it and
    ``tests/docs/test_goalposts.py`` holds the numbers to it.
    """
    import progress_indicators as pi  # noqa: PLC0415
    from progress_indicators.model import DEFAULT_METRICS, GOALPOST_BASELINES  # noqa: PLC0415

    def rederived(spec: pi.MetricSpec) -> pi.MetricSpec:
        window = GOALPOST_BASELINES[spec.name]
        return spec.model_copy(
            update={"goalposts": spec.goalposts.model_copy(update={"worst": window})}
        )

    metrics = tuple(rederived(m) if m.name in GOALPOST_BASELINES else m for m in DEFAULT_METRICS)
    worst = _score(_no_draws(pi.ScorecardConfig(metrics=metrics))).claimed.goalposts["worst"]
    return {name: float(worst[name]) for name in GOALPOST_BASELINES}


def default_goalposts_table() -> str:
    """Each default metric's goalposts, source and derivation, and the derivation re-run.

    The last column applies the metric's ``GOALPOST_BASELINES`` window to the bundled
    example (every grade that counts: the claimed track; artefacts excluded), as the
    published number was derived, so a reader sees the number come out again.
    """
    import progress_indicators as pi  # noqa: PLC0415
    from progress_indicators.model import DEFAULT_METRICS, GOALPOST_BASELINES  # noqa: PLC0415

    again = rederived_goalposts()
    rows = []
    ordinal = {pi.Indicator.SOVEREIGNTY_RESPECT, pi.Indicator.NARRATIVE_DENIAL}
    seen: set[pi.Indicator] = set()
    for spec in DEFAULT_METRICS:
        posts = spec.goalposts
        if spec.indicator in ordinal:
            if spec.indicator in seen:
                continue
            seen.add(spec.indicator)
            name = f"`{spec.name.split('_')[0]}_*` (each)"
        else:
            name = f"`{spec.name}`"
        if isinstance(posts.worst, pi.Baseline):
            worst = (
                f"{posts.worst.statistic} {posts.worst.start} to {posts.worst.end}, from the data"
            )
            window, derived = "—", "—"
        else:
            worst = _exact(posts.worst)
            baseline = GOALPOST_BASELINES.get(spec.name)
            if baseline is None:
                window, derived = "—", "—"
            else:
                window = f"{baseline.statistic}, {baseline.start} to {baseline.end}"
                derived = _exact(again[spec.name])
        if spec.kind == "count":
            held = "— (flow)"
        elif spec.carry_forward_days is None:
            held = "until replaced"
        else:
            held = f"{spec.carry_forward_days} days"
        rows.append(
            [
                name,
                spec.unit,
                held,
                worst,
                _exact(posts.best) if isinstance(posts.best, float) else "data",
                posts.scale,
                window,
                derived,
                posts.source,
                posts.derivation,
            ]
        )
    header = [
        "metric",
        "unit (per day for flows)",
        "level held",
        "worst",
        "best",
        "scale",
        "window",
        "derived again",
        "source",
        "derivation",
    ]
    return _table(header, rows)


def share_covered_table() -> str:
    """The SMM ceasefire-violation months of 2020: coverage, and the score a lower threshold gives.

    The last column scores the same evidence with ``min_share_covered`` just above 0,
    i.e. what the month would read if a few days could stand for the whole month.
    """
    metric = "ceasefire_violations_per_day"
    default = _score(_no_draws())
    lenient = _score(_no_draws().model_copy(update={"min_share_covered": 1e-6}))
    coverage = default.metric_coverage.xs(metric, level="metric").loc["2020-01":"2020-12"]
    scores: dict[Any, float] = default.metric_scores[metric].to_dict()
    lenient_scores: dict[Any, float] = lenient.metric_scores[metric].to_dict()
    needed = default.config.min_share_covered
    rows = []
    for period, row in coverage[coverage["days_covered"] > 0].iterrows():
        days = int(getattr(period, "days_in_month", 0))
        rows.append(
            [
                str(period),
                f"{int(row['days_covered'])} of {days}",
                f"{row['share_covered']:.2f}",
                _number(float(scores[period])),
                _number(float(lenient_scores[period])),
            ]
        )
    header = [
        "month",
        "days covered",
        "share covered",
        f"score (min_share_covered {needed:g})",
        "score if any covered day were enough",
    ]
    return _table(header, rows)


def bounded_influence_table() -> str:
    """Per indicator: the covered-weight threshold and the most one metric can move it."""
    import progress_indicators as pi  # noqa: PLC0415

    config = pi.ScorecardConfig()
    rows = []
    for indicator in pi.Indicator:
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        total = sum(m.weight for m in specs)
        needed = config.covered_weight_needed(indicator)
        largest = max(m.weight for m in specs)
        bound = min(100.0, 100.0 * largest / (needed * total))
        rows.append(
            [
                f"`{indicator.value}`",
                str(len(specs)),
                f"{largest / total:.3f}",
                _plain(needed),
                f"{bound:.1f}",
            ]
        )
    header = [
        "indicator",
        "metrics",
        "weight share of one metric (w/W)",
        "min_covered_weight (c)",
        "most one metric moves the indicator, points (100·w/(c·W), at most 100)",
    ]
    return _table(header, rows)


def milestone_thresholds_table() -> str:
    """The milestone ladders and their default thresholds."""
    import progress_indicators as pi  # noqa: PLC0415

    config = pi.ScorecardConfig()
    clock = config.sustainment
    land = config.milestones.withdrawal
    sovereignty = config.milestones.sovereignty
    narratives = config.milestones.narratives
    top = {
        "sovereignty_respect": 3.0,
        "narrative_denial": 4.0,
    }

    def level(score: float, indicator: str) -> str:
        return f"{score:.1f} points (status {score / 100 * top[indicator]:g} of {top[indicator]:g})"

    rows = [
        [
            "cessation_of_attacks",
            "reduction",
            (
                f"trailing 28 days at least {clock.reduction_share:.0%} below the worst goalpost "
                "of every covered attack metric"
            ),
        ],
        [
            "cessation_of_attacks",
            "ceasefire",
            f"{clock.cessation_days} consecutive covered days without a verified attack",
        ],
        [
            "cessation_of_attacks",
            "sustained",
            f"{clock.sustained_days} consecutive covered days without a verified attack",
        ],
        [
            "verified_withdrawal",
            "begun",
            (
                f"occupied area at least {land.begun_share:.0%} below its maximum of the previous "
                f"{land.window_days} days, held {land.lasting_days} days"
            ),
        ],
        [
            "verified_withdrawal",
            "substantial",
            f"occupied area at most {land.substantial_km2:,.0f} km²",
        ],
        [
            "verified_withdrawal",
            "complete",
            f"occupied area at most {land.complete_km2:,.0f} km²",
        ],
    ]
    for indicator, ladder in (
        ("sovereignty_respect", sovereignty),
        ("narrative_denial", narratives),
    ):
        rows += [
            [indicator, "begun", f"one metric at {level(ladder.begun_score, indicator)} or more"],
            [
                indicator,
                "substantial",
                (
                    f"metrics holding {ladder.substantial_weight_share:.0%} of the weight at "
                    f"{level(ladder.substantial_score, indicator)} or more"
                ),
            ],
            [indicator, "complete", "every metric at 100 points"],
        ]
    return _table(
        ["indicator", "milestone", "reached when (defaults)"],
        [[f"`{a}`", f"`{b}`", c] for a, b, c in rows],
    )


def uncertainty_inputs_table() -> str:
    """The inputs the Monte Carlo draws and the Sobol analysis vary, with their defaults."""
    import progress_indicators as pi  # noqa: PLC0415

    settings = pi.UncertaintySettings()
    rows = [
        [
            "indicator and metric weights",
            (
                f"Dirichlet, concentration {settings.concentration:g} around the nominal weights "
                f"(Sobol: uniform ±{settings.spread:.0%})"
            ),
            "weights are value judgements (trade-offs)",
        ],
        [
            "index aggregation",
            ", ".join(settings.aggregations),
            "how far a low indicator may be compensated",
        ],
        [
            "geometric offset",
            _plain(settings.offsets) + " points",
            "how far an indicator at 0 pulls the geometric mean down",
        ],
        [
            "normalisation of counts",
            ", ".join(settings.normalisations),
            "log goalposts (configured) or linear ones between the same two numbers",
        ],
        [
            "worst goalposts of flows",
            "times " + _plain(settings.goalpost_factors),
            "another baseline window giving a lower or higher reference",
        ],
        [
            "scenarios",
            "none by default",
            "any other config (verification threshold, windows, sources)",
        ],
    ]
    footer = (
        f"\n{settings.draws:,} draws, seed {settings.seed}, band = the "
        f"{settings.quantiles[0]:.0%} and {settings.quantiles[1]:.0%} quantiles; each value "
        "of a discrete input is drawn with equal probability.\n"
    )
    return _table(["input", "values (defaults)", "stands for"], rows) + footer


def artefacts_table() -> str:
    """The default artefact rules and how many rows of the bundled example each removes."""
    from progress_indicators.model import DEFAULT_ARTEFACTS  # noqa: PLC0415

    excluded = _score(_no_draws()).excluded
    artefacts = excluded[excluded["reason"] == "artefact"]
    observations, _ = _example()
    rows = []
    for rule in DEFAULT_ARTEFACTS:
        hit = artefacts[artefacts["detail"] == rule.reason]
        values = observations.loc[hit["row"]].sort_values("date")["value"]
        change = float(values.iloc[-1] - values.iloc[0]) if len(values) else math.nan
        rows.append(
            [
                f"`{rule.metric}`",
                f"`{rule.source}`",
                f"{rule.start} to {rule.end}",
                str(len(hit)),
                _number(change, 1),
                rule.reason,
            ]
        )
    header = [
        "metric",
        "source pattern",
        "dates",
        "rows excluded (bundled example)",
        "change over those rows",
        "reason",
    ]
    return _table(header, rows)


def geometric_ceiling(offset: float) -> float:
    """The geometric index with the default weights, two indicators at 100 and two at 0.

    Cessation and withdrawal at 100, sovereignty and narratives at 0: the most the VPI
    can read while the annexations stand and no narrative is renounced.
    """
    import progress_indicators as pi  # noqa: PLC0415

    weights = pi.ScorecardConfig().indicator_weights
    total = sum(weights.values())
    best = {pi.Indicator.CESSATION_OF_ATTACKS, pi.Indicator.VERIFIED_WITHDRAWAL}
    product = 1.0
    for indicator, weight in weights.items():
        product *= ((100.0 if indicator in best else 0.0) + offset) ** (weight / total)
    return product - offset


def geometric_ceiling_table() -> str:
    """Per offset of the uncertainty analysis: the ceiling and the VPI on the bundled data."""
    import progress_indicators as pi  # noqa: PLC0415

    defaults = pi.ScorecardConfig()
    rows = []
    for offset in sorted({*defaults.uncertainty.offsets, defaults.geometric_offset}):
        index = _score(_no_draws(defaults.model_copy(update={"geometric_offset": offset}))).index
        since = index.loc["2022-03":].dropna()
        label = _plain(offset) + (" (default)" if offset == defaults.geometric_offset else "")
        rows.append(
            [
                label,
                f"{geometric_ceiling(offset):.2f}",
                f"{since.min():.2f} to {since.max():.2f}",
                f"{since.iloc[-1]:.2f} ({since.index[-1]})",
            ]
        )
    header = [
        "geometric offset (points)",
        "highest possible VPI with sovereignty and narratives at 0",
        "VPI on the bundled example, since March 2022",
        "latest VPI",
    ]
    return _table(header, rows)


def _with_flow_goalposts(
    config: ScorecardConfig, *, scale: str | None = None, factor: float = 1.0
) -> ScorecardConfig:
    """``config`` with the goalposts of every flow metric in another form or scaled."""
    metrics = []
    for spec in config.metrics:
        posts = spec.goalposts
        if spec.kind == "count" and isinstance(posts.worst, float):
            update: dict[str, object] = {"worst": posts.worst * factor}
            if scale is not None:
                update["scale"] = scale
            posts = posts.model_copy(update=update)
        metrics.append(spec.model_copy(update={"goalposts": posts}))
    return config.model_copy(update={"metrics": tuple(metrics)})


def choice_alternatives() -> dict[str, ScorecardConfig]:
    """The settings the ``choice-effects`` table compares, by label (defaults first)."""
    import progress_indicators as pi  # noqa: PLC0415

    base = _no_draws()
    settings = base.model_copy(update={"uncertainty": pi.UncertaintySettings()}).uncertainty
    choices: dict[str, ScorecardConfig] = {"defaults": base}
    for offset in settings.offsets:
        if offset != base.geometric_offset:
            choices[f"geometric_offset {offset:g}"] = base.model_copy(
                update={"geometric_offset": offset}
            )
    choices["aggregation arithmetic"] = base.model_copy(update={"aggregation": "arithmetic"})
    choices["linear goalposts for counts"] = _with_flow_goalposts(base, scale="linear")
    for factor in settings.goalpost_factors:
        if factor != 1.0:
            choices[f"worst goalposts of flows times {factor:g}"] = _with_flow_goalposts(
                base, factor=factor
            )
    for share in (0.25, 1.0):
        choices[f"min_share_covered {share:g}"] = base.model_copy(
            update={"min_share_covered": share}
        )
    for weight in (0.2, 1.0):
        choices[f"min_covered_weight {weight:g} for every indicator"] = base.model_copy(
            update={"min_covered_weight": weight}
        )
    choices["verification_threshold verified"] = base.model_copy(
        update={"verification_threshold": pi.Verification.VERIFIED}
    )
    choices["no artefact rules"] = base.model_copy(update={"artefacts": ()})
    return choices


def choice_effects_table() -> str:
    """The latest VPI and the months with an index under each alternative setting."""
    base = _score(_no_draws()).index
    latest = base.dropna().index[-1]
    rows = []
    changes: dict[str, float] = {}
    for label, config in choice_alternatives().items():
        card = _score(config)
        value = float(card.index.get(latest, math.nan))
        since = card.index.loc["2022-03":].dropna()
        change = value - float(base[latest])
        if label != "defaults":
            changes[label] = change
        rows.append(
            [
                label,
                _number(value),
                "—" if label == "defaults" or math.isnan(change) else f"{change:+.2f}",
                _number(float(since.max()) if len(since) else math.nan),
                str(int(card.index.notna().sum())),
                f"{int(card.indicators.notna().to_numpy().sum()):,}",
            ]
        )
    header = [
        "setting (others at their defaults)",
        f"VPI {latest}",
        "change",
        "highest VPI since March 2022",
        "months with an index",
        "indicator-months with a score",
    ]
    moved = sorted(
        (label for label, change in changes.items() if not math.isnan(change)),
        key=lambda label: -abs(changes[label]),
    )
    still = [label for label in moved if abs(changes[label]) < 0.005]
    lost = [label for label, change in changes.items() if math.isnan(change)]
    footer = (
        f"\nBy the size of the change to the {latest} VPI: "
        + "; ".join(label for label in moved if label not in still)
        + f". No change to it: {'; '.join(still) or 'none'}. "
        + f"No month with an index: {'; '.join(lost) or 'none'}.\n"
    )
    return _table(header, rows) + footer


def verdict_confidence_table() -> str:
    """Divergence verdicts on the bundled ledger under several confidences."""
    import progress_indicators as pi  # noqa: PLC0415
    from progress_indicators.report._divergence import DEFAULT_CONFIDENCE  # noqa: PLC0415

    card = _score(pi.ScorecardConfig(), ledger=True)
    rows = []
    for confidence in sorted({0.5, 0.75, DEFAULT_CONFIDENCE, 0.95, 0.99}):
        table = card.divergence(confidence=confidence)
        counts = table["verdict"].value_counts()
        label = _plain(confidence) + (" (default)" if confidence == DEFAULT_CONFIDENCE else "")
        rows.append(
            [
                f"`p_progress` ≥ {label}",
                str(int(counts.get("gesture_without_progress", 0))),
                str(int(counts.get("progress_alongside", 0))),
                str(int(counts.get("unknown", 0))),
            ]
        )
    without = _score(_no_draws(), ledger=True).divergence()["verdict"].value_counts()
    rows.append(
        [
            f"no draws: ±{divergence_tolerance()} point tolerance",
            str(int(without.get("gesture_without_progress", 0))),
            str(int(without.get("progress_alongside", 0))),
            str(int(without.get("unknown", 0))),
        ]
    )
    header = ["verdict rule", "gesture without progress", "progress alongside", "unknown"]
    return _table(header, rows)


def divergence_confidence() -> str:
    """The default ``confidence`` of ``divergence()`` (share of draws a rise needs)."""
    from progress_indicators.report._divergence import DEFAULT_CONFIDENCE  # noqa: PLC0415

    return _plain(DEFAULT_CONFIDENCE)


def divergence_tolerance() -> str:
    """The default ``tolerance`` of ``divergence()`` (index points; the ``trend`` column)."""
    from progress_indicators.report import DEFAULT_TOLERANCE  # noqa: PLC0415

    return _plain(DEFAULT_TOLERANCE)


GENERATED: dict[str, Callable[[], str]] = {
    "divergence-confidence": divergence_confidence,
    "divergence-tolerance": divergence_tolerance,
    "default-goalposts": default_goalposts_table,
    "share-covered": share_covered_table,
    "bounded-influence": bounded_influence_table,
    "milestone-thresholds": milestone_thresholds_table,
    "uncertainty-inputs": uncertainty_inputs_table,
    "artefacts": artefacts_table,
    "geometric-ceiling": geometric_ceiling_table,
    "choice-effects": choice_effects_table,
    "verdict-confidence": verdict_confidence_table,
}
"""The table markers (``<!-- generated:NAME -->``) and the functions that render them."""


def _replace_marker(markdown: str, marker: str, text: str) -> str:
    """Replace ``marker`` by ``text``; a marker alone on an indented line indents every line.

    So a table generated inside a list item (the marker indented under the item) stays in
    the item; a marker inside a sentence is replaced as it stands.
    """
    alone = re.compile(rf"^([ \t]*){re.escape(marker)}[ \t]*$", re.MULTILINE)
    markdown = alone.sub(
        lambda match: textwrap.indent(text.rstrip("\n"), match.group(1)),
        markdown,
    )
    return markdown.replace(marker, text.rstrip("\n"))


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace the generated-content markers of a page (MkDocs event).

    Raises:
        ValueError: a ``<!-- generated:... -->`` marker the hook does not know.
    """
    root = Path(config["config_file_path"]).parent if config else ROOT
    markdown = _expand_regions(markdown, generated_regions(root))
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    if QUICK_START_MARKER in markdown:
        markdown = markdown.replace(QUICK_START_MARKER, quick_start(root / "README.md"))
    for name, render in GENERATED.items():
        marker = f"<!-- generated:{name} -->"
        if marker in markdown:
            markdown = _replace_marker(markdown, marker, render())
    markdown = CONFIG_VALUE.sub(lambda match: config_value(match.group(1)), markdown)
    unknown = UNKNOWN_MARKER.findall(markdown)
    if unknown:
        msg = f"unknown generated-content marker(s) {unknown}; known: {sorted(GENERATED)}"
        raise ValueError(msg)
    return markdown


def main() -> int:
    """Rewrite the committed copies of the generated regions; print the pages changed."""
    regions = generated_regions(ROOT)
    for name, page in REGION_PAGES.items():
        path = ROOT / "docs" / page
        text = path.read_text(encoding="utf-8")
        fresh = refresh_regions(text, {name: regions[name]})
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            sys.stdout.write(f"updated {path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
