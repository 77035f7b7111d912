"""Explanations for notebooks: `explain(household, as_of)` wraps one assessment in an object whose
HTML (Jupyter's `_repr_html_`) shows each decision with its reasons, their clauses and both
languages, the margins, and every parameter used with its provenance (illustrative values marked).
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import _core

__all__ = ["RULE_TITLES", "Explanation", "explain"]

#: Each rule's name as it appears in `reasons[].rule`, with its Chinese and English titles, in
#: rule order (docs/rules/: §1–§11, then §15, §16, §17 and §19; §18's work relief is in `employment`),
#: from the core's one label table (`labels(lang)`).
_EN_TITLES: dict[str, str] = _core.labels("en")["rules"]
RULE_TITLES: dict[str, tuple[str, str]] = {
    rule: (zh, _EN_TITLES[rule]) for rule, zh in _core.labels("zh")["rules"].items()
}

_CSS = """<style>
.hengjie-explain table{border-collapse:collapse;margin:4px 0 12px 0;font-size:90%}
.hengjie-explain th,.hengjie-explain td{border:1px solid #ddd;padding:3px 6px;text-align:left;
vertical-align:top}
.hengjie-explain tr.illustrative td{background:#fff3cd}
.hengjie-explain .badge{background:#f0ad4e;color:#fff;border-radius:3px;padding:0 4px;
font-size:85%}
.hengjie-explain .decision{font-weight:bold}
</style>"""


def _e(value: Any) -> str:
    return html.escape("—" if value is None else str(value))


def _decision(rule: str, a: Mapping[str, Any]) -> str:
    """One line summing up the household-level decision of a rule (member rules: per member)."""
    m = a["monitoring"]
    if rule == "transition":
        t = a["transition"]
        return f"phase {t['phase']}" + (f", year {t['year']}" if t["year"] is not None else "")
    if rule == "monitoring":
        text = f"include {m['include']}, category {m['category']}"
        text += f", risks {', '.join(m['risks']) or 'none'}, review {m['review']}"
        if m["exit"] is not None:
            text += f"; exit eligible {m['exit']['eligible']}"
            if m["exit"]["blockers"]:
                text += f" (blockers: {', '.join(m['exit']['blockers'])})"
        return text
    if rule == "assistance_approach":
        return f"{a['assistance_approach']}"
    if rule == "dibao":
        d = a["dibao"]
        text = f"{d['status']}, monthly benefit {d['monthly_benefit']}"
        return text + (f", gradual exit until {d['gradual_exit_until']}" if d["gradual_exit_until"] else "")
    if rule == "temporary_assistance":
        t = a["temporary_assistance"]
        return f"eligible {t['eligible']}, amount {t['amount']}"
    if rule == "small_loan":
        s = a["small_loan"]
        return (
            f"{s['status']}, max amount {s['max_amount']}, term {s['max_term_months']}, "
            f"borrowers {', '.join(s['borrowers']) or 'none'}, "
            f"interest subsidised {s['interest_subsidised']}"
        )
    if rule == "low_income":
        li = a["low_income"]
        return f"population {li['population']}, groups {', '.join(li['groups']) or 'none'}"
    if rule == "housing":
        return f"{a['housing']['status']}"
    return "per member, see below"


@dataclass(frozen=True)
class Explanation:
    """One assessment (`assessment`, the dict of `hengjie.assess`) shown for people: rules in
    order with their decision, reasons (clause, 中文, English, values), then margins, coverage
    gaps, warnings and the parameters used with their provenance."""

    assessment: dict[str, Any]

    @property
    def household_id(self) -> str:
        return str(self.assessment["household_id"])

    def reasons(self, rule: str | None = None) -> list[dict[str, Any]]:
        """The reasons, all or those of one rule."""
        return [r for r in self.assessment["reasons"] if rule is None or r["rule"] == rule]

    def illustrative_parameters(self) -> list[str]:
        """Names of the parameters used whose value is an illustrative placeholder."""
        return [p["name"] for p in self.assessment["parameters"] if p["provenance"] == "illustrative"]

    def __repr__(self) -> str:
        a = self.assessment
        lines = [f"Explanation of {a['household_id']} as of {a['as_of']} ({a['jurisdiction']})"]
        for rule in self._rules():
            zh, en = RULE_TITLES.get(rule, (rule, rule))
            lines.append(f"{en} / {zh}: {_decision(rule, a)}")
            for r in self.reasons(rule):
                who = f" [{r['person_id']}]" if r["person_id"] else ""
                lines.append(f"  {r['clause']}{who} {r['code']}: {r['message_en']}")
        return "\n".join(lines)

    def _rules(self) -> list[str]:
        seen: list[str] = []
        for r in self.assessment["reasons"]:
            if r["rule"] not in seen:
                seen.append(r["rule"])
        return seen

    def _repr_html_(self) -> str:
        a = self.assessment
        out = [
            _CSS,
            '<div class="hengjie-explain">',
            f"<h3>{_e(a['household_id'])} — as of {_e(a['as_of'])} "
            f"<small>({_e(a['jurisdiction'])})</small></h3>",
        ]
        for rule in self._rules():
            zh, en = RULE_TITLES.get(rule, (rule, rule))
            out.append(
                f"<h4>{_e(zh)} · {_e(en)}</h4>"
                f'<p class="decision">{_e(_decision(rule, a))}</p>'
                "<table><tr><th>clause 条款</th><th>person</th><th>code</th>"
                "<th>中文</th><th>English</th><th>values</th></tr>"
            )
            for r in self.reasons(rule):
                values = "; ".join(f"{k}={v}" for k, v in r["values"].items())
                out.append(
                    f"<tr><td>{_e(r['clause'])}</td><td>{_e(r['person_id'])}</td>"
                    f"<td><code>{_e(r['code'])}</code></td><td>{_e(r['message_zh'])}</td>"
                    f"<td>{_e(r['message_en'])}</td><td>{_e(values)}</td></tr>"
                )
            out.append("</table>")
        margins = a.get("margins") or []
        if margins:
            out.append(
                "<h4>边际 · Margins</h4><table><tr><th>decision</th><th>person</th>"
                "<th>parameter</th><th>current</th><th>threshold</th><th>change</th>"
                "<th>中文</th><th>English</th></tr>"
            )
            for g in margins:
                out.append(
                    f"<tr><td><code>{_e(g.get('decision'))}</code></td><td>{_e(g.get('person_id'))}</td>"
                    f"<td><code>{_e(g.get('parameter'))}</code></td><td>{_e(g.get('current'))}</td>"
                    f"<td>{_e(g.get('threshold'))}</td><td>{_e(g.get('change'))}</td>"
                    f"<td>{_e(g.get('message_zh'))}</td><td>{_e(g.get('message_en'))}</td></tr>"
                )
            out.append("</table>")
        gaps = a["coverage_gaps"]
        out.append("<h4>应保尽保缺口 · Coverage gaps</h4>")
        if gaps:
            out.append(
                "<ul>"
                + "".join(f"<li><code>{_e(g['code'])}</code> {_e(g['person_id'] or '')}</li>" for g in gaps)
                + "</ul>"
            )
        else:
            out.append("<p>none 无</p>")
        warnings = [w for w in a["warnings"] if w["code"] != "illustrative_parameter"]
        if warnings:
            out.append(
                "<h4>提示 · Warnings</h4><ul>"
                + "".join(
                    f"<li><code>{_e(w['code'])}</code> {_e(w['parameter'] or '')} "
                    f"{_e(w['person_id'] or '')}</li>"
                    for w in warnings
                )
                + "</ul>"
            )
        n_ill = len(self.illustrative_parameters())
        out.append(
            "<h4>参数 · Parameters used</h4>"
            f"<p>{n_ill} of {len(a['parameters'])} values are "
            '<span class="badge">illustrative</span> placeholders (示例值): a deploying office must '
            "replace them with the local figure.</p>"
            "<table><tr><th>parameter</th><th>value</th><th>from</th><th>provenance</th>"
            "<th>source</th></tr>"
        )
        for p in a["parameters"]:
            ill = p["provenance"] == "illustrative"
            badge = ' <span class="badge">⚠ illustrative 示例值</span>' if ill else ""
            out.append(
                f'<tr class="{"illustrative" if ill else p["provenance"]}">'
                f"<td><code>{_e(p['name'])}</code></td><td>{_e(p['value'])}</td>"
                f"<td>{_e(p['from'])}</td><td>{_e(p['provenance'])}{badge}</td>"
                f"<td>{_e(p['source'])}</td></tr>"
            )
        out.append("</table></div>")
        return "\n".join(out)


def explain(
    household: dict[str, Any] | str | bytes,
    as_of: str | datetime.date,
    *,
    policy: _core.Policy | None = None,
) -> Explanation:
    """Assesses one household (as `hengjie.assess` does; its errors are raised the same way) and
    returns an `Explanation` for display in Jupyter (`_repr_html_`) or as text (`repr`)."""
    return Explanation(_core.assess(household, as_of, policy=policy))
