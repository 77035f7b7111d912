"""Explanations a colleague reads alone: `explain(household, as_of)` wraps one assessment in an
object that says, rule by rule, the decision in plain words (Chinese and English), each reason with
its clause of 阳发〔2021〕30号, the margins, coverage gaps and warnings, and the parameters used with
their provenance (collapsed in the HTML, illustrative values marked).

Every word shown comes from the core's one label table (`hengjie.labels(lang)`): rule titles,
output words, column labels and the explanation's own headings (`columns["explain.…"]`); reason
and margin texts are the core's. This module only arranges them.
"""

from __future__ import annotations

import datetime
import html
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

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
.hengjie-explain .decision{font-weight:bold;margin:2px 0}
.hengjie-explain .decision.en{font-weight:normal;color:#555}
.hengjie-explain summary{cursor:pointer;font-weight:bold}
</style>"""


class _Words:
    """One language's words from the core's label table, and how that language joins them."""

    def __init__(self, lang: Literal["zh", "en"]) -> None:
        table = _core.labels(lang)
        self.lang: str = table["lang"]
        self.rules: dict[str, str] = table["rules"]
        self.outputs: dict[str, dict[str, str]] = table["outputs"]
        self.columns: dict[str, str] = table["columns"]
        zh = self.lang == "zh"
        self.colon = "：" if zh else ": "
        self.parts = "；" if zh else "; "
        self.items = "、" if zh else ", "
        self.doc = self.columns["explain.document"]

    def col(self, key: str) -> str:
        return self.columns[key]

    def heading(self, key: str) -> str:
        """A label as a heading (English capitalised)."""
        text = self.col(key)
        return text[:1].upper() + text[1:]

    def word(self, field: str, value: Any) -> str:
        return self.outputs[field][value]

    def words(self, field: str, values: list[str]) -> str:
        return self.items.join(self.word(field, v) for v in values)

    def yes_no(self, value: bool) -> str:
        return self.word("bool", "true" if value else "false")

    def money(self, value: Decimal | str) -> str:
        return f"{value} {self.word('unit', 'yuan')}"

    def pair(self, key: str, value: str) -> str:
        return f"{self.col(key)}{self.colon}{value}"

    def clause(self, clause: str) -> str:
        """A clause of the policy with its document: `阳发〔2021〕30号 §五(二)`."""
        return f"{self.doc} {clause}".rstrip()

    def person(self, person_id: str | None) -> str:
        """`成员编号 P1` (empty for the household)."""
        return f"{self.col('person_id')} {person_id}" if person_id else ""


_WORDS: dict[str, _Words] = {}


def _words(lang: Literal["zh", "en"]) -> _Words:
    """The words of one language, read from the label table once."""
    if lang not in _WORDS:
        _WORDS[lang] = _Words(lang)
    return _WORDS[lang]


def _headline(rule: str, a: Mapping[str, Any], w: _Words) -> str:
    """The household-level decision of a rule in words (member rules: a pointer to the reasons).
    Only what the decision grants is spelled out: a refused loan names no amount, term or
    borrower; nothing absent is printed."""
    parts: list[str] = []
    if rule == "transition":
        t = a["transition"]
        parts.append(w.pair("transition.phase", w.word("transition.phase", t["phase"])))
        if t["year"] is not None:
            parts.append(w.pair("transition.year", str(t["year"])))
    elif rule == "monitoring":
        m = a["monitoring"]
        parts.append(w.pair("monitoring.include", w.yes_no(m["include"])))
        if m["category"] is not None:
            parts.append(w.pair("monitoring.category", w.word("monitoring.category", m["category"])))
        if m["risks"]:
            parts.append(w.pair("monitoring.risks", w.words("monitoring.risks", m["risks"])))
        if m["review"]:
            parts.append(w.pair("monitoring.review", w.yes_no(True)))
        if m["exit"] is not None:
            parts.append(w.pair("monitoring.exit.eligible", w.yes_no(m["exit"]["eligible"])))
            if m["exit"]["blockers"]:
                blockers = w.words("monitoring.exit.blockers", m["exit"]["blockers"])
                parts.append(w.pair("monitoring.exit.blockers", blockers))
    elif rule == "assistance_approach":
        approach = a["assistance_approach"]
        text = w.col("explain.none") if approach is None else w.word("assistance_approach", approach)
        parts.append(w.pair("assistance_approach", text))
    elif rule == "dibao":
        d = a["dibao"]
        parts.append(w.pair("dibao.status", w.word("dibao.status", d["status"])))
        if d["status"] != "not_eligible":
            parts.append(w.pair("dibao.monthly_benefit", w.money(d["monthly_benefit"])))
        if d["gradual_exit_until"] is not None:
            parts.append(w.pair("dibao.gradual_exit_until", str(d["gradual_exit_until"])))
    elif rule == "temporary_assistance":
        t = a["temporary_assistance"]
        parts.append(w.pair("temporary_assistance.eligible", w.yes_no(t["eligible"])))
        if t["eligible"]:
            parts.append(w.pair("temporary_assistance.amount", w.money(t["amount"])))
    elif rule == "small_loan":
        s = a["small_loan"]
        parts.append(w.pair("small_loan.status", w.word("small_loan.status", s["status"])))
        if s["status"] == "eligible":
            parts.append(w.pair("small_loan.max_amount", w.money(s["max_amount"])))
            if s["max_term_months"] is not None:
                parts.append(w.pair("small_loan.max_term_months", str(s["max_term_months"])))
            if s["borrowers"]:
                parts.append(w.pair("small_loan.borrowers", w.items.join(s["borrowers"])))
            parts.append(w.pair("small_loan.interest_subsidised", w.yes_no(s["interest_subsidised"])))
    elif rule == "low_income":
        li = a["low_income"]
        parts.append(w.pair("low_income.population", w.yes_no(li["population"])))
        if li["groups"]:
            parts.append(w.pair("low_income.groups", w.words("low_income.groups", li["groups"])))
    elif rule == "housing":
        parts.append(w.pair("housing.status", w.word("housing.status", a["housing"]["status"])))
    else:
        parts.append(w.col("explain.per_member"))
    return w.parts.join(parts)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


@dataclass(frozen=True)
class Explanation:
    """One assessment (`assessment`, the dict of `hengjie.assess`) shown for people: rules in
    order with their decision in words (`headline`), reasons (clause of 阳发〔2021〕30号, 中文,
    English, values), then margins, coverage gaps, warnings and the parameters used with their
    provenance. `text(lang)` is the plain text (`repr()` is `text()`), `to_html(path)` a
    standalone page, `_repr_html_` what Jupyter shows."""

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

    def rules(self) -> list[str]:
        """The rules the assessment gives reasons for, in rule order."""
        seen: list[str] = []
        for r in self.assessment["reasons"]:
            if r["rule"] not in seen:
                seen.append(r["rule"])
        return seen

    def headline(self, rule: str, lang: Literal["zh", "en"] = "zh") -> str:
        """The decision of one rule in words (`低保状态：符合条件；低保金（每户每月）：249.96 元`)."""
        return _headline(rule, self.assessment, _words(lang))

    def _warnings(self) -> list[dict[str, Any]]:
        # Illustrative parameters are shown (and counted) with the parameters.
        return [x for x in self.assessment["warnings"] if x["code"] != "illustrative_parameter"]

    def text(self, lang: Literal["zh", "en"] = "zh") -> str:
        """The explanation as plain text in one language (`"zh"` or `"en"`): the household, then
        each rule's title and decision with its reasons, the margins, coverage gaps, warnings, and
        the number of parameters used with the illustrative ones by name (every row is in
        `assessment["parameters"]` and in the HTML)."""
        a, w = self.assessment, _words(lang)
        message = "message_zh" if w.lang == "zh" else "message_en"
        none = f"  · {w.col('explain.none')}"

        def item(*texts: str) -> str:
            return "  · " + " ".join(t for t in texts if t)

        lines = [
            w.col("explain.title"),
            w.parts.join(
                (
                    w.pair("household_id", str(a["household_id"])),
                    w.pair("as_of", str(a["as_of"])),
                    w.pair("jurisdiction", str(a["jurisdiction"])),
                )
            ),
        ]
        for rule in self.rules():
            lines.append("")
            lines.append(f"{w.rules.get(rule, rule)} — {self.headline(rule, lang)}")
            for r in self.reasons(rule):
                lines.append(item(w.clause(r["clause"]), w.person(r["person_id"])) + f"{w.colon}{r[message]}")
        lines += ["", w.heading("explain.margins")]
        for g in self.assessment.get("margins") or []:
            what = w.columns.get(f"margin.{g['decision']}", g["decision"])
            lines.append(item(what, w.person(g["person_id"])) + f"{w.colon}{g[message]}")
        if not self.assessment.get("margins"):
            lines.append(none)
        lines += ["", w.heading("coverage_gaps")]
        for g in a["coverage_gaps"]:
            lines.append(item(w.word("coverage_gaps.code", g["code"]), w.person(g["person_id"])))
        if not a["coverage_gaps"]:
            lines.append(none)
        lines += ["", w.heading("explain.warnings")]
        for x in self._warnings():
            lines.append(
                item(w.word("warnings.code", x["code"]), x["parameter"] or "", w.person(x["person_id"]))
            )
        if not self._warnings():
            lines.append(none)
        lines += ["", f"{w.heading('explain.parameters')}{w.colon}{len(a['parameters'])}"]
        illustrative = self.illustrative_parameters()
        lines.append(
            item(
                w.pair(
                    "explain.illustrative",
                    w.items.join(illustrative) if illustrative else w.col("explain.none"),
                )
            )
        )
        if illustrative:
            lines.append(item(w.col("explain.illustrative_note")))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The explanation as an HTML fragment in both languages (Jupyter's rich display)."""
        a, zh, en = self.assessment, _words("zh"), _words("en")

        def both(key: str) -> str:
            return f"{_e(zh.col(key))} · {_e(en.col(key))}"

        def header(*keys: str) -> str:
            return "<tr>" + "".join(f"<th>{both(k)}</th>" for k in keys) + "</tr>"

        out = [
            _CSS,
            '<div class="hengjie-explain">',
            f"<h3>{both('explain.title')} — {_e(a['household_id'])}</h3>",
            "<p>"
            + "; ".join(f"{both(k)}: {_e(a[k])}" for k in ("household_id", "as_of", "jurisdiction"))
            + "</p>",
        ]
        for rule in self.rules():
            out.append(
                f"<h4>{_e(zh.rules.get(rule, rule))} · {_e(en.rules.get(rule, rule))}</h4>"
                f'<p class="decision" lang="zh">{_e(_headline(rule, a, zh))}</p>'
                f'<p class="decision en" lang="en">{_e(_headline(rule, a, en))}</p>'
                "<table>"
                + header(
                    "explain.clause",
                    "person_id",
                    "explain.code",
                    "explain.message_zh",
                    "explain.message_en",
                    "explain.values",
                )
            )
            for r in self.reasons(rule):
                values = "; ".join(f"{k}={v}" for k, v in r["values"].items())
                out.append(
                    f"<tr><td>{_e(zh.clause(r['clause']))}</td><td>{_e(r['person_id'])}</td>"
                    f"<td><code>{_e(r['code'])}</code></td><td>{_e(r['message_zh'])}</td>"
                    f"<td>{_e(r['message_en'])}</td><td>{_e(values)}</td></tr>"
                )
            out.append("</table>")
        out.append(f"<h4>{both('explain.margins')}</h4>")
        margins = a.get("margins") or []
        if margins:
            out.append(
                "<table>"
                + header(
                    "explain.decision",
                    "person_id",
                    "explain.current",
                    "explain.threshold",
                    "change",
                    "explain.message_zh",
                    "explain.message_en",
                )
            )
            for g in margins:
                key = f"margin.{g['decision']}"
                what = f"{zh.columns.get(key, g['decision'])} · {en.columns.get(key, g['decision'])}"
                out.append(
                    f"<tr><td>{_e(what)}</td><td>{_e(g['person_id'])}</td>"
                    f"<td>{_e(g['current'])}</td><td>{_e(g['threshold'])}</td>"
                    f"<td>{_e(g['change'])}</td><td>{_e(g['message_zh'])}</td>"
                    f"<td>{_e(g['message_en'])}</td></tr>"
                )
            out.append("</table>")
        else:
            out.append(f"<p>{both('explain.none')}</p>")

        def listing(rows: list[tuple[str, str, str | None]]) -> str:
            if not rows:
                return f"<p>{both('explain.none')}</p>"
            return (
                "<ul>"
                + "".join(
                    f"<li>{_e(z)} · {_e(e)}" + (f" — {_e(person)}" if person else "") + "</li>"
                    for z, e, person in rows
                )
                + "</ul>"
            )

        out.append(f"<h4>{both('coverage_gaps')}</h4>")
        out.append(
            listing(
                [
                    (
                        zh.word("coverage_gaps.code", g["code"]),
                        en.word("coverage_gaps.code", g["code"]),
                        g["person_id"],
                    )
                    for g in a["coverage_gaps"]
                ]
            )
        )
        out.append(f"<h4>{both('explain.warnings')}</h4>")
        out.append(
            listing(
                [
                    (
                        zh.word("warnings.code", x["code"])
                        + (f" {x['parameter']}" if x["parameter"] else ""),
                        en.word("warnings.code", x["code"]),
                        x["person_id"],
                    )
                    for x in self._warnings()
                ]
            )
        )
        n_ill = len(self.illustrative_parameters())
        out.append(
            '<details class="parameters">'
            f"<summary>{both('explain.parameters')}: {len(a['parameters'])} — "
            f'<span class="badge">⚠ {both("explain.illustrative")}</span>: {n_ill}</summary>'
            f"<p>{_e(zh.col('explain.illustrative_note'))}<br>{_e(en.col('explain.illustrative_note'))}</p>"
            "<table>"
            + header("explain.parameter", "value", "explain.from", "explain.provenance", "explain.source")
        )
        for p in a["parameters"]:
            ill = p["provenance"] == "illustrative"
            badge = f' <span class="badge">⚠ {both("explain.illustrative")}</span>' if ill else ""
            kind = " · ".join(x.word("parameters.provenance", p["provenance"]) for x in (zh, en))
            # A yes-or-no parameter (`credit.in_force`) in words.
            value = p["value"]
            if value in ("true", "false"):
                value = " · ".join(x.word("bool", value) for x in (zh, en))
            out.append(
                f'<tr class="{"illustrative" if ill else _e(p["provenance"])}">'
                f"<td><code>{_e(p['name'])}</code></td><td>{_e(value)}</td>"
                f"<td>{_e(p['from'])}</td><td>{_e(kind)}{badge}</td>"
                f"<td>{_e(p['source'])}</td></tr>"
            )
        out.append("</table></details></div>")
        return "\n".join(out)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """A standalone HTML page (UTF-8, `<meta charset="utf-8">`) of the explanation in both
        languages; written to `path` when given. Returns the page."""
        title = f"{_words('zh').col('explain.title')} {self.household_id} {self.assessment['as_of']}"
        page = (
            '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_e(title)}</title>\n</head>\n<body>\n{self._repr_html_()}\n</body>\n</html>\n"
        )
        if path is not None:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(page)
        return page


def explain(
    household: dict[str, Any] | str | bytes,
    as_of: str | datetime.date,
    *,
    policy: _core.Policy | None = None,
) -> Explanation:
    """Assesses one household (as `hengjie.assess` does; its errors are raised the same way) and
    returns an `Explanation`: HTML in Jupyter (`_repr_html_`), a page (`to_html(path)`), or plain
    text (`text(lang)`, `repr`)."""
    return Explanation(_core.assess(household, as_of, policy=policy))
