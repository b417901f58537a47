"""The demand report as one self-contained HTML page (inline CSS and SVG, no script).

The page is for KI staff and therefore in German, like the staff desk; topic and language names
come from the catalogs (German topic names, each language by its own name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from html import escape

from demand_report.aggregate import NONE
from demand_report.figures import MIN_CELL, Figures, shown
from demand_report.svg import hbar_chart, shown_html, vbar_chart
from locales.catalog import DEFAULT_LANGUAGE, default_catalog

STYLE = """
body{font-family:system-ui,sans-serif;margin:24px;color:#1d2327;max-width:1100px}
h1{color:#00566e;font-size:1.6em} h2{color:#00566e;font-size:1.15em;margin-top:2em}
.keys{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.key{border:1px solid #c9d3d8;border-radius:6px;padding:10px 14px;min-width:150px}
.key b{display:block;font-size:1.5em;color:#00566e}
table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #c9d3d8;padding:4px 8px}
td.n{text-align:right} .note{color:#4b565c;font-size:.9em}
"""


def topic_name(code: str) -> str:
    if not code:
        return "ohne Thema"
    catalog = default_catalog()
    key = f"topic.{code}"
    return catalog.text(DEFAULT_LANGUAGE, key) if catalog.has(key) else code


def language_name(code: str) -> str:
    if not code:
        return "unbekannt"
    info = default_catalog().languages.get(code)
    return info.native_name if info else code


def town_name(code: str) -> str:
    return code if code and code != NONE else "ohne Ort"


def week_label(week: str) -> str:
    return f"KW {dt.date.fromisoformat(week).isocalendar().week}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %".replace(".", ",")


def _ranked(counter: Counter[str], name: Callable[[str], str]) -> list[tuple[str, int]]:
    return [(name(k), n) for k, n in counter.most_common()]


def _matrix(f: Figures) -> str:
    """Questions by topic (rows) and town (columns)."""
    topics = sorted({t for t, _ in f.topic_by_town}, key=topic_name)
    towns = sorted({m for _, m in f.topic_by_town}, key=town_name)
    if not topics:
        return '<p class="note">Keine Fragen im Zeitraum.</p>'
    head = "".join(f"<th>{escape(town_name(m))}</th>" for m in towns)
    rows = []
    for t in topics:
        cells = "".join(
            f'<td class="n">{shown_html(f.topic_by_town.get((t, m), 0))}</td>' for m in towns
        )
        rows.append(f"<tr><th>{escape(topic_name(t))}</th>{cells}</tr>")
    return f'<table id="topic-by-town"><tr><th>Thema \\ Ort</th>{head}</tr>{"".join(rows)}</table>'


def _no_offer(f: Figures) -> str:
    if not f.no_offer:
        return '<p class="note">Jede Suche hat mindestens ein Angebot gefunden.</p>'
    rows = "".join(
        f"<tr><td>{escape(town_name(m))}</td><td>{escape(topic_name(t))}</td>"
        f'<td class="n">{shown_html(n)}</td></tr>'
        for (t, m), n in sorted(f.no_offer.items(), key=lambda item: (-item[1], item[0]))
    )
    return f'<table id="no-offer"><tr><th>Ort</th><th>Thema</th><th>Suchen</th></tr>{rows}</table>'


def render_html(f: Figures, generated: dt.datetime | None = None) -> str:
    """The whole page."""
    generated = generated or dt.datetime.now(dt.UTC)
    period = (
        f"{week_label(f.weeks[0])} ({f.weeks[0]}) bis {week_label(f.weeks[-1])}"
        if f.weeks
        else "keine Daten"
    )
    keys = [
        ("Fragen zu Angeboten", shown(f.questions)),
        ("Suchen", shown(f.searches)),
        ("Nicht verstanden", _percent(f.unanswered_rate)),
        ("An Mitarbeitende übergeben", shown(f.handoffs)),
        ("positive Bewertungen", _percent(f.feedback_score)),
    ]
    key_html = "".join(
        f'<div class="key" data-key="{escape(label)}"><b>{escape(value)}</b>{escape(label)}</div>'
        for label, value in keys
    )
    weeks = [(week_label(w), f.questions_by_week[w]) for w in f.weeks]
    rates = [u / t if t else 0.0 for u, t in f.unanswered_by_week.values()]
    rate_chart = vbar_chart(
        "Anteil nicht verstandener Nachrichten je Woche",
        [(week_label(w), r) for w, r in zip(f.weeks, rates, strict=True)],
        value_label=[_percent(r) for r in rates],
        suppress=False,
    )
    unanswered = (
        f"{shown_html(f.unanswered)} von {shown_html(f.turns)} Nachrichten "
        f"({_percent(f.unanswered_rate)})."
    )
    feedback = (
        f"{shown_html(f.feedback_up)} positiv, {shown_html(f.feedback_down)} negativ"
        if f.feedback_up + f.feedback_down
        else "noch keine Bewertungen"
    )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bedarfsbericht – Assistent des KI Kreis Heinsberg</title>
<style>{STYLE}</style></head>
<body>
<h1>Bedarfsbericht des Assistenten</h1>
<p>Zeitraum: {escape(period)}. Erstellt am {generated:%d.%m.%Y %H:%M} UTC.</p>
<p class="note">Nur anonyme Summen je Woche, Thema, Ort und Sprache, ohne Bezug zu einer Person.
Zahlen unter {MIN_CELL} werden als „&lt; {MIN_CELL}“ gezeigt. Wochen, deren Gespräche nach der
Aufbewahrungsfrist gelöscht sind, stammen aus den gespeicherten Wochensummen.</p>
<div class="keys">{key_html}</div>
<h2>Fragen je Woche</h2>
{vbar_chart("Fragen zu Angeboten je Woche", weeks)}
<h2>Fragen nach Thema</h2>
{hbar_chart("Fragen nach Thema", _ranked(f.questions_by_topic, topic_name))}
<h2>Fragen nach Ort</h2>
{hbar_chart("Fragen nach Ort", _ranked(f.questions_by_town, town_name))}
<h2>Fragen nach Sprache</h2>
{hbar_chart("Fragen nach Sprache", _ranked(f.questions_by_language, language_name))}
<h2>Thema und Ort</h2>
{_matrix(f)}
<h2>Suchen ohne Angebot im Ort</h2>
{_no_offer(f)}
<h2>Nicht verstanden</h2>
<p>{unanswered}</p>
{rate_chart}
<h2>Übergaben an Mitarbeitende</h2>
{hbar_chart("Übergaben nach Ort", _ranked(f.handoffs_by_town, town_name))}
<h2>Bewertungen</h2>
<p id="feedback">{feedback}</p>
</body></html>
"""
