"""The sections of the portfolio page (``templates/portfolio.ipynb``): one sentence on how the
measures stand, the "needs attention" list, and one row per project with its icons."""

from __future__ import annotations

import pandas as pd

from qi.present.escape import escape
from qi.reports.blocks.common import table

_TREND_ARROWS = {"up": "&#8599; up", "down": "&#8600; down", "level": "&#8594; level"}


def portfolio_table(rows: pd.DataFrame, links: dict[str, str] | None = None) -> str:
    """One row per project: score, stage, trend, MDC icons of its outcome measures, cycles."""
    from qi.present.icons import LEGEND_WORDS, icon_img

    out = []
    for _, r in rows.iterrows():
        title = escape(r["title"])
        if links and r["project"] in links:
            title = f'<a href="{escape(links[r["project"]])}">{title}</a>'
        score = "" if r["score"] is None or pd.isna(r["score"]) else f"{r['score']:g}"
        if score and r["supported"] is not None and r["score"] > r["supported"]:
            score += f' <span class="qi-attention">(evidence: {r["supported"]:g})</span>'
        icons = []
        for k in r["key_measures"]:
            v, a = str(k["variation"]), k["assurance"]
            # images, not inline SVG: they survive an untrusted notebook in JupyterLab
            icon = icon_img(v, 28, title=f"{k['name']}: {LEGEND_WORDS.get(v, v)}")
            if isinstance(a, str):
                icon += icon_img(a, 28, title=f"{k['name']}: {LEGEND_WORDS.get(a, a)}")
            icons.append(f"<div>{icon}<br><small>{escape(k['name'])}</small></div>")
        out.append(
            [
                title,
                score,
                escape(r["stage"]),
                _TREND_ARROWS.get(r["trend"], escape(r["trend"])),
                "".join(icons) or "<small>no outcome data</small>",
                f"{r['cycles_in_period']} in the {escape(r['period_words'])}"
                f"<br><small>{r['cycles_total']} in all</small>",
            ]
        )
    return table(out, ("Project", "Score", "Stage", "Score trend", "Key measures", "PDSA cycles"))


def portfolio_legend(rows: pd.DataFrame) -> str:
    """The printed legend of the icons the portfolio table shows (in the same order)."""
    from qi.present.icons import icon_legend

    states = [
        s
        for _, r in rows.iterrows()
        for k in r["key_measures"]
        for s in (k["variation"], k["assurance"])
        if isinstance(s, str)
    ]
    return '<div class="qi-key">' + icon_legend(states) + "</div>" if states else ""


def portfolio_summary_block(counts: dict[str, int], n_projects: int) -> str:
    """One sentence for the first screen: how the portfolio's measures stand."""
    total = sum(counts.values())
    parts = [f"{counts['better']} improving", f"{counts['attention']} needing attention"]
    if counts["changing"]:
        parts.append(f"{counts['changing']} changing but neither better nor worse")
    parts.append(f"{counts['steady']} with no real change yet")
    if counts["no_data"]:
        parts.append(f"{counts['no_data']} without data")
    words = ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f'<div class="qi-summary"><p>Across {n_projects} project{"" if n_projects == 1 else "s"} '
        f"and {total} measure{'' if total == 1 else 's'}: {escape(words)}.</p></div>"
    )


def attention_list(items: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """The "needs attention" list: one heading per project (named by ``titles``, project id to
    title, where given), one sentence per item under it."""
    if items.empty:
        return "<p>Nothing needs attention.</p>"
    titles = titles or {}
    parts = ['<ul class="qi-attention-list">']
    for project, group in items.groupby("project", sort=False):
        lis = []
        for _, r in group.iterrows():
            detail = str(r["detail"])
            detail = detail[:1].upper() + detail[1:]
            subject = str(r["subject"])
            lis.append(f"<li>{escape(subject[:1].upper() + subject[1:])}: {escape(detail)}</li>")
        parts.append(
            f"<li><strong>{escape(titles.get(project, project))}</strong><ul>{''.join(lis)}</ul></li>"
        )
    return "".join(parts) + "</ul>"
