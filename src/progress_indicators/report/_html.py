"""HTML: the notebook card (``Scorecard._repr_html_``) and the self-contained report.

Every user-supplied string (notes, sources, mediators, metric names, ids) goes through
:func:`html.escape`; ``http(s)`` URLs in sources and notes become links whose text is the
site's domain (the full address in the link's title). The report also sets a
Content-Security-Policy that forbids scripts and every network fetch, so a page opened
offline makes no request (a link is followed only when clicked). Charts are embedded as
base64 PNG ``data:`` URIs; the CSS is inline; there are no fonts or scripts.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from progress_indicators._version import __version__
from progress_indicators.exceptions import ReportError
from progress_indicators.report._common import (
    INDICATOR_ORDER,
    checked_annotations,
    checked_report_path,
    indicator_title,
    uncertainty_band,
)
from progress_indicators.report._divergence import divergence, divergence_summary, lead_lag
from progress_indicators.report._manifest import format_timestamp, manifest

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from progress_indicators.scorecard import Scorecard

__all__ = ["CONTENT_SECURITY_POLICY", "card_html", "report_html", "write_html"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
"""No scripts, no fetches: images only from ``data:`` URIs, styles only inline."""

_CARD_CSS = """
.pi-card{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:56em;
 color:#111;line-height:1.35;border:1px solid #ccc;border-radius:6px;padding:.8em 1em;
 background:#fff}
.pi-card h3{margin:.1em 0 .4em;font-size:1.15em}
.pi-card .pi-vpi{font-size:2em;font-weight:700;color:#0072B2}
.pi-card table{border-collapse:collapse;margin:.4em 0;font-size:.92em}
.pi-card th,.pi-card td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}
.pi-card td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.pi-card td.wrap{overflow-wrap:anywhere;min-width:10em}
.pi-card table.fixed{table-layout:fixed;width:100%}
.pi-card table.fixed td,.pi-card table.fixed th{overflow-wrap:break-word}
.pi-card .pi-muted{color:#555;font-size:.9em}
.pi-card .pi-ledger{margin-top:.8em;border:2px dashed #CC79A7;border-radius:6px;
 padding:.5em .8em;background:#F6F0F5}
.pi-card .pi-ledger h4{margin:.1em 0 .3em}
.pi-card .pi-tag{display:inline-block;background:#CC79A7;color:#fff;border-radius:3px;
 padding:0 .4em;font-size:.8em;font-weight:600}
"""

_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
 max-width:70em;padding:1em 2em;color:#111;line-height:1.4;background:#fff}
h1{font-size:1.6em;margin-bottom:.1em} h2{border-bottom:2px solid #0072B2;padding-bottom:.1em;
 margin-top:1.6em} h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wrap{overflow-wrap:anywhere;min-width:12em}
table.fixed{table-layout:fixed;width:100%;font-size:.85em}
table.fixed td,table.fixed th{overflow-wrap:break-word} table.fixed td.wrap{min-width:0}
img{max-width:100%;height:auto;border:1px solid #eee}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
section.ledger{border:3px dashed #CC79A7;background:#F6F0F5;padding:0 1em 1em;margin-top:2em;
 border-radius:8px} section.ledger h2{border-color:#CC79A7}
.muted{color:#555} .flag{font-weight:600;color:#D55E00} nav a{margin-right:1em}
"""


def _e(value: object) -> str:
    """Escape any value for HTML text or attributes; NaN/None become an empty string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return html.escape(str(value), quote=True)


_URL = re.compile(r"https?://[^\s<>\"'|\\]+", re.IGNORECASE)
_TRAILING = ".,;:!?"


def _url_end(url: str) -> str:
    """``url`` without trailing punctuation or an unbalanced closing bracket."""
    pairs = {")": "(", "]": "["}
    while url:
        last = url[-1]
        unbalanced = last in pairs and url.count(last) > url.count(pairs[last])
        if last not in _TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


def _linked(value: object) -> str:
    """Escaped text whose ``http(s)`` URLs are links showing their domain.

    The address goes into ``href`` and ``title`` (escaped, quotes included); only the
    ``http`` and ``https`` schemes are matched, so no ``javascript:`` link can arise.
    """
    text = _e(value) and str(value)
    out = []
    position = 0
    for match in _URL.finditer(text):
        url = _url_end(match.group(0))
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if not host:
            continue
        out.append(_e(text[position : match.start()]))
        out.append(
            f'<a href="{_e(url)}" title="{_e(url)}" rel="noopener noreferrer">{_e(host)}</a>'
        )
        position = match.start() + len(url)
    out.append(_e(text[position:]))
    return "".join(out)


def _code(value: object) -> str:
    """An escaped code such as ``detainee_exchange`` that may break after underscores."""
    return _e(value).replace("_", "_<wbr>")


def _num(value: object, digits: int = 1) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _e(value)
    return "no coverage" if math.isnan(number) else f"{number:.{digits}f}"


def _count(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _e(value)
    return "unknown" if math.isnan(number) else f"{int(number):,}"


def _table(
    header: Iterable[str],
    rows: Iterable[Iterable[str]],
    *,
    numeric: set[int],
    wrap: frozenset[int] = frozenset(),
    widths: Iterable[int] | None = None,
) -> str:
    """An HTML table; ``header`` is escaped here, ``rows`` cells must already be escaped.

    Columns in ``numeric`` are right-aligned and never wrapped; columns in ``wrap``
    (free text, URLs) may break anywhere so a long URL cannot widen the page. With
    ``widths`` (percentages, one per column) the table takes the full width with a fixed
    layout, so long text wraps inside its column instead of widening the table.
    """
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    columns = ""
    if widths is not None:
        columns = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths)
        columns += "</colgroup>"
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>'
            if i in numeric
            else f'<td class="wrap">{cell}</td>'
            if i in wrap
            else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    opening = '<table class="fixed">' if widths is not None else "<table>"
    return f"{opening}{columns}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _trend(now: float, before: float) -> str:
    if math.isnan(now) or math.isnan(before):
        return "\u2013 (no comparison)"
    change = now - before
    if abs(change) < 0.05:
        return "► unchanged"
    arrow = "▲" if change > 0 else "▼"
    return f"{arrow} {change:+.1f}"


def _ledger_block(card: Scorecard, *, recent: int = 5) -> str:
    events = card.humanitarian_events.sort_values(["date", "event_id"], kind="stable")
    ledger = card.humanitarian
    if events.empty:
        body = '<p class="pi-muted">No humanitarian events recorded.</p>'
    else:
        to_ua = ledger["returned_to_ukraine"].sum(min_count=1)
        to_ru = ledger["returned_to_russia"].sum(min_count=1)
        unknown = int(ledger["events_with_unknown_counts"].sum())
        body = (
            f"<p>{len(events)} events, {events['date'].min():%Y-%m-%d} to "
            f"{events['date'].max():%Y-%m-%d}; persons returned to Ukraine "
            f"{_count(to_ua)}, to Russia {_count(to_ru)} ({unknown} events with an unknown "
            "count).</p>"
        )
        tail = events.tail(recent)
        body += _table(
            ["date", "kind", "to Ukraine", "to Russia", "mediator", "notes"],
            [
                [
                    f"{row.date:%Y-%m-%d}",
                    _code(row.kind),
                    _count(row.returned_to_ukraine),
                    _count(row.returned_to_russia),
                    _e(row.mediator),
                    _linked(row.notes),
                ]
                for row in tail.itertuples(index=False)
            ],
            numeric={0, 2, 3},
            wrap=frozenset({5}),
            widths=[13, 16, 10, 10, 16, 35],
        )
    return (
        '<div class="pi-ledger"><h4>Humanitarian ledger '
        '<span class="pi-tag">not part of the index</span></h4>'
        f'{body}<p class="pi-muted">Gestures are recorded beside the index and never '
        "change it.</p></div>"
    )


def card_html(card: Scorecard) -> str:
    """The compact notebook card of a scorecard (``Scorecard._repr_html_``)."""
    index = card.index
    scored = index.dropna()
    n_periods = len(index)
    band = uncertainty_band(card)
    parts = [f"<style>{_CARD_CSS}</style>", '<div class="pi-card">']
    parts.append("<h3>Verified Progress Index</h3>")
    if scored.empty:
        parts.append(
            "<p><b>No period has enough verified coverage for an index.</b> "
            "Missing evidence is shown as missing, never as progress.</p>"
        )
    else:
        period = scored.index[-1]
        value = float(scored.iloc[-1])
        band_text = ""
        if band is not None:
            lower, upper = band.loc[period, "lower"], band.loc[period, "upper"]
            if not (math.isnan(lower) or math.isnan(upper)):
                band_text = f' <span class="pi-muted">band {lower:.1f}\u2013{upper:.1f}</span>'
        parts.append(
            f'<div><span class="pi-vpi">{value:.1f}</span> '
            f'<span class="pi-muted">/ 100, latest scored period {_e(period)}</span>'
            f"{band_text}</div>"
        )
        earlier = scored.index[:-1]
        previous = earlier[-1] if len(earlier) else None
        coverage = card.coverage.xs(period, level="period")
        rows = []
        for name in INDICATOR_ORDER:
            now = float(card.indicators.loc[period, name])
            before = math.nan if previous is None else float(card.indicators.loc[previous, name])
            cov: Any = coverage.loc[name]
            rows.append(
                [
                    _e(indicator_title(name)),
                    _num(now),
                    _e(_trend(now, before)),
                    _e(_milestone(card, period, name)),
                    f"{int(cov['metrics_covered'])}/{int(cov['metrics_total'])}",
                    _share(cov["share_covered"]),
                ]
            )
        compared = f"vs {_e(previous)}" if previous is not None else "vs previous"
        parts.append(
            _table(
                [
                    "indicator",
                    "score 0\u2013100",
                    f"trend ({compared})",
                    "milestone",
                    "metrics covered",
                    "days covered",
                ],
                rows,
                numeric={1, 4, 5},
            )
        )
        claimed = float(card.claimed_index.loc[period])
        parts.append(
            f"<p>Claimed index (all evidence not disputed or refuted): {_num(claimed)}; "
            f"claimed minus verified: {_num(claimed - value)} points.</p>"
        )
    parts.append(
        f'<p class="pi-muted">Coverage: {len(scored)} of {n_periods} '
        f"{_e(card.config.frequency.value)} periods have an index; the rest are missing, "
        "not zero.</p>"
    )
    parts.append(_ledger_block(card))
    parts.append("</div>")
    return "".join(parts)


def _milestone(card: Scorecard, period: object, name: str) -> str:
    """The milestone ``name`` reached in ``period``, or "no evidence" where it is missing."""
    rung = card.milestones[name].get(period)
    return "no evidence" if rung is None or pd.isna(rung) else str(rung)


def _share(value: object) -> str:
    """A 0-1 share of days covered as a whole percentage ("none" when missing)."""
    number = float(value)  # type: ignore[arg-type]
    return "none" if math.isnan(number) else f"{number:.0%}"


def _gaps(series: pd.Series) -> list[tuple[str, str, int]]:
    """Runs of consecutive NaN periods: (first, last, number of periods)."""
    runs = []
    start = None
    labels = [str(p) for p in series.index]
    missing = series.isna().to_list()
    for i, gap in enumerate([*missing, False]):
        if gap and start is None:
            start = i
        elif not gap and start is not None:
            runs.append((labels[start], labels[i - 1], i - start))
            start = None
    return runs


def _charts(card: Scorecard, annotations: Mapping[Any, str] | None) -> str:
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("matplotlib") is None:
        return (
            '<p class="muted">Charts need matplotlib: '
            "<code>pip install 'progress-indicators[plot]'</code>.</p>"
        )
    from progress_indicators.report._plot import figure_png, plot  # noqa: PLC0415

    out = []
    overview_alt = (
        "Verified Progress Index, the four indicators and, in a separate panel, the "
        "humanitarian ledger over time"
    )
    for kind, alt in (
        ("overview", overview_alt),
        ("indicators", "One panel per indicator, score 0 to 100 over time"),
        ("milestones", "One panel per indicator, the milestone reached per period"),
    ):
        png = figure_png(plot(card, kind, annotations))  # type: ignore[arg-type]
        data = base64.b64encode(png).decode("ascii")
        out.append(f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></figure>')
    return "".join(out)


def _indicator_tables(card: Scorecard) -> str:
    out = []
    for name in INDICATOR_ORDER:
        coverage = card.coverage.xs(name, level="indicator")
        rows = [
            [
                _e(period),
                _num(card.indicators[name].to_numpy()[position]),
                _e(_milestone(card, period, name)),
                f"{int(row['metrics_covered'])}/{int(row['metrics_total'])}",
                _share(row["share_covered"]),
                str(int(row["metrics_carried"])),
                str(int(row["observations"])),
            ]
            for position, (period, row) in enumerate(coverage.iterrows())
        ]
        covered = int(coverage["covered"].sum())
        out.append(
            f"<details><summary><b>{_e(indicator_title(name))}</b> — {covered} of "
            f"{len(coverage)} periods scored</summary>"
            + _table(
                [
                    "period",
                    "score 0\u2013100",
                    "milestone",
                    "metrics covered",
                    "days covered",
                    "carried forward",
                    "observations",
                ],
                rows,
                numeric={1, 3, 4, 5, 6},
            )
            + "</details>"
        )
    return "".join(out)


def _index_table(card: Scorecard) -> str:
    band = uncertainty_band(card)
    header = ["period", "VPI 0\u2013100", "claimed", "claimed - verified"]
    if band is not None:
        header += ["lower", "upper"]
    rows = []
    for key in card.index.index:
        period: Any = key
        row = [
            _e(period),
            _num(card.index.loc[period]),
            _num(card.claimed_index.loc[period]),
            _num(card.claimed_gap.loc[period]),
        ]
        if band is not None:
            row += [_num(band.loc[period, "lower"]), _num(band.loc[period, "upper"])]
        rows.append(row)
    return (
        "<details><summary>Index per period</summary>"
        + _table(header, rows, numeric=set(range(1, len(header))))
        + "</details>"
    )


def _divergence_section(card: Scorecard) -> str:
    table = divergence(card)
    lags = lead_lag(card)
    summary = divergence_summary(table, lags)
    rows = [
        [
            _e(row.event_id),
            f"{row.date:%Y-%m-%d}",
            _e(row.kind),
            _count(row.persons_returned),
            _num(row.index_before),
            _num(row.index_after),
            _num(row.index_change),
            (
                '<span class="flag">gesture without progress</span>'
                if row.verdict == "gesture_without_progress"
                else _e(str(row.verdict).replace("_", " "))
            ),
        ]
        for row in table.itertuples(index=False)
    ]
    lag_rows = [
        [str(row.lag), _num(row.correlation, 2), str(row.pairs)]
        for row in lags.itertuples(index=False)
    ]
    return (
        "<p>For each humanitarian event: the mean VPI over the scored periods in the "
        "window before the event's period and after it (defaults: 30 days each side), "
        f"classed with a tolerance of ±{summary['tolerance']:g} points. "
        f"{summary['gesture_without_progress']} gestures without progress, "
        f"{summary['progress_alongside']} alongside progress, {summary['unknown']} "
        "unknown (no index in a window). See docs/report.md for the method.</p>"
        "<details><summary>Events</summary>"
        + _table(
            ["event", "date", "kind", "persons", "VPI before", "VPI after", "change", "verdict"],
            rows,
            numeric={3, 4, 5, 6},
        )
        + "</details><h3>Lead-lag: events per period vs VPI change</h3>"
        + _table(["lag (periods)", "correlation", "paired periods"], lag_rows, numeric={0, 1, 2})
    )


def _ledger_section(card: Scorecard) -> str:
    events = card.humanitarian_events.sort_values(["date", "event_id"], kind="stable")
    rows = [
        [
            _e(row.event_id),
            f"{row.date:%Y-%m-%d}",
            _code(row.kind),
            _count(row.returned_to_ukraine),
            _count(row.returned_to_russia),
            _e(row.mediator),
            _e(row.verification),
            _linked(row.source),
            _linked(row.notes),
        ]
        for row in events.itertuples(index=False)
    ]
    return (
        '<section class="ledger" id="ledger"><h2>Humanitarian ledger — not part of the '
        "index</h2><p>Prisoner exchanges, repatriations and returns are recorded here, "
        "beside the index. They carry zero weight and never change any score.</p>"
        + _table(
            [
                "event",
                "date",
                "kind",
                "to Ukraine",
                "to Russia",
                "mediator",
                "verification",
                "source",
                "notes",
            ],
            rows,
            numeric={1, 3, 4},
            wrap=frozenset({7, 8}),
            widths=[12, 9, 12, 8, 8, 9, 11, 15, 16],
        )
        + "</section>"
    )


def _methodology(card: Scorecard) -> str:
    config = card.config
    settings = [
        ["frequency", _e(config.frequency.value)],
        ["verification threshold", _e(config.verification_threshold.value)],
        ["aggregation across indicators", _e(config.aggregation)],
        ["geometric offset", _e(config.geometric_offset)],
        ["min metrics per indicator", _e(config.min_metrics_per_indicator)],
        ["index data threshold", _e(config.index_data_threshold)],
        ["start", _e(config.start or "first observation")],
        ["end", _e(config.end or "last observation")],
        *[
            [f"weight: {_e(indicator_title(i.value))}", _e(w)]
            for i, w in sorted(config.indicator_weights.items(), key=lambda kv: kv[0].value)
        ],
    ]
    goalposts = card.goalposts
    metrics = [
        [
            _e(m.name),
            _e(indicator_title(m.indicator.value)),
            _e(m.unit),
            _e(m.kind),
            _e(m.aggregation),
            _e(m.goalposts.scale),
            _num(goalposts.loc[m.name, "worst"], 3),
            _num(goalposts.loc[m.name, "best"], 3),
            _e(m.weight),
            _e("until replaced" if m.carry_forward_days is None else m.carry_forward_days),
        ]
        for m in config.metrics
    ]
    reasons = card.excluded["reason"].astype(str).value_counts().sort_index()
    excluded = [[_e(reason), str(int(n))] for reason, n in reasons.items()]
    return (
        _table(["setting", "value"], settings, numeric=set())
        + "<h3>Metrics and resolved goalposts</h3>"
        + _table(
            [
                "metric",
                "indicator",
                "unit",
                "kind",
                "aggregation",
                "scale",
                "worst",
                "best",
                "weight",
                "carry forward (days)",
            ],
            metrics,
            numeric={6, 7, 8},
        )
        + "<h3>Observations excluded from the verified index</h3>"
        + (
            _table(["reason", "observations"], excluded, numeric={1})
            if excluded
            else "<p>None.</p>"
        )
    )


def _coverage_section(card: Scorecard) -> str:
    runs = _gaps(card.index)
    rows = [[_e(first), _e(last), str(n)] for first, last, n in runs]
    per_indicator = [
        [
            _e(indicator_title(name)),
            str(int(card.indicators[name].isna().sum())),
            str(len(card.indicators)),
        ]
        for name in INDICATOR_ORDER
    ]
    return (
        "<p>Periods without enough verified evidence have no score: they are gaps, "
        "never zero and never progress.</p>"
        + _table(["first period", "last period", "periods"], rows, numeric={2})
        + _table(["indicator", "periods without a score", "periods"], per_indicator, numeric={1, 2})
    )


def report_html(
    card: Scorecard,
    *,
    title: str | None = None,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
    annotations: Mapping[Any, str] | None = None,
) -> str:
    """The full self-contained HTML report as a string (see :func:`write_html`)."""
    stamp = format_timestamp(timestamp)
    heading = title or "Verified Progress Index report"
    record = manifest(card, timestamp=stamp, seed=seed)
    manifest_text = json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False)
    sections = [
        ("summary", "Summary", card_html(card)),
        ("charts", "Charts", _charts(card, annotations)),
        ("index", "Index", _index_table(card)),
        ("indicators", "Indicators", _indicator_tables(card)),
        ("divergence", "Gestures vs progress", _divergence_section(card)),
    ]
    body = "".join(
        f'<section id="{key}"><h2>{_e(name)}</h2>{content}</section>'
        for key, name, content in sections
    )
    body += _ledger_section(card)
    body += (
        f'<section id="methodology"><h2>Methodology settings</h2>{_methodology(card)}</section>'
        f'<section id="coverage"><h2>Coverage gaps</h2>{_coverage_section(card)}</section>'
        '<section id="manifest"><h2>Provenance manifest</h2>'
        f"<pre>{_e(manifest_text)}</pre></section>"
    )
    nav = "".join(
        f'<a href="#{key}">{_e(name)}</a>'
        for key, name in (
            ("summary", "Summary"),
            ("charts", "Charts"),
            ("indicators", "Indicators"),
            ("divergence", "Gestures vs progress"),
            ("ledger", "Humanitarian ledger"),
            ("methodology", "Methodology"),
            ("coverage", "Coverage gaps"),
            ("manifest", "Manifest"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(heading)}</title><style>{_PAGE_CSS}</style></head><body>"
        f'<h1>{_e(heading)}</h1><p class="muted">Generated {_e(stamp)} by '
        f"progress-indicators {_e(__version__)}.</p><nav>{nav}</nav>{body}</body></html>\n"
    )


def write_html(
    card: Scorecard,
    path: str | Path,
    *,
    title: str | None = None,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
    annotations: Mapping[Any, str] | None = None,
) -> Path:
    """Write the report as one self-contained offline HTML file.

    Contents: summary card, charts (base64 PNG; a note instead when matplotlib is not
    installed), the index and per-indicator tables, gestures vs progress, the
    humanitarian ledger in its own section, the methodology settings, coverage gaps
    and the provenance manifest. No scripts, fonts or network requests (a
    Content-Security-Policy forbids them). With a pinned ``timestamp`` the bytes are
    reproducible.

    Raises:
        InputTypeError: ``path`` is not a path, or ``annotations`` are malformed.
        ReportError: ``path`` is a folder, a FIFO or device, or cannot be written.
    """
    target = checked_report_path(path)  # entry checks (#16): type, folder, FIFO/device
    checked_annotations(annotations)
    text = report_html(card, title=title, timestamp=timestamp, seed=seed, annotations=annotations)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        msg = (
            f"cannot write the report to {target}: {exc.strerror or exc}.\n"
            "Hint: the folder must be writable and no part of the path may be a file."
        )
        raise ReportError(msg) from None
    return target
