"""hengjie.compare and hengjie.sweep, checked against values computed here with Decimal."""

from __future__ import annotations

import calendar
import datetime
import warnings
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import hengjie
from hengjie import synth

AS_OF = datetime.date(2023, 6, 30)
CENT = Decimal("0.01")


def _reform(value: str = "550") -> hengjie.Policy:
    return hengjie.Policy.default().with_layer(
        {
            "jurisdiction": "reform",
            "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": value}]},
        }
    )


def _plus_months(d: datetime.date, months: int) -> datetime.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return datetime.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _dibao_monthly(h: dict[str, Any], std: Decimal) -> Decimal:
    """docs/rules/dibao.md, written out independently: the top-up or the gradual-exit benefit."""
    income = h.get("income", {})
    wages, business = Decimal(income.get("wages", 0)), Decimal(income.get("business", 0))
    net = wages + business + Decimal(income.get("property", 0)) + Decimal(income.get("transfers", 0))
    line = std * 12 * len(h["members"])
    if net < line and h.get("assets_within_limit", True) is not False:
        return ((line - net) / 12).quantize(CENT, rounding=ROUND_HALF_UP)
    on = h.get("dibao")
    if on is not None and net >= line and net - wages - business < line:
        until = _plus_months(on.get("income_exceeded_on", AS_OF), 6)
        if AS_OF <= until:
            return Decimal(on.get("current_monthly_benefit", 0)).quantize(CENT)
    return Decimal("0.00")


@pytest.fixture(scope="module")
def households() -> list[dict[str, Any]]:
    return synth.households(3000, seed=21)


def test_compare_shows_exactly_the_households_whose_top_up_changes(households: list[dict[str, Any]]) -> None:
    result = hengjie.compare(households, AS_OF, hengjie.Policy.default(), _reform())
    # The default standard is 500 on 2023-06-30 (from 2022-12-01); the reform sets 550.
    old = {h["id"]: _dibao_monthly(h, Decimal(500)) for h in households}
    new = {h["id"]: _dibao_monthly(h, Decimal(550)) for h in households}
    expected = {i for i in old if old[i] != new[i]}
    assert len(expected) > 100

    changed = result.changed
    dibao_changed = changed[changed["changes"].map(lambda c: "dibao.monthly_benefit" in list(c))]
    assert set(dibao_changed["household_id"]) == expected
    by_id = dibao_changed.set_index("household_id")
    for hid in expected:
        assert by_id.loc[hid, "baseline.dibao.monthly_benefit"] == old[hid]
        assert by_id.loc[hid, "reform.dibao.monthly_benefit"] == new[hid]
    # every changed row differs somewhere; unchanged households are not listed
    assert all(len(c) > 0 for c in changed["changes"])

    difference = sum((new[i] - old[i] for i in expected), Decimal("0.00"))
    summary = result.summary
    assert summary.loc["dibao_monthly_total", "baseline"] == sum(old.values(), Decimal("0.00"))
    assert summary.loc["dibao_monthly_total", "reform"] == sum(new.values(), Decimal("0.00"))
    assert summary.loc["dibao_monthly_total", "change"] == difference
    assert isinstance(difference, Decimal) and difference > 0
    # the monitoring line did not move: nobody enters or leaves monitoring
    assert result.moved_in == [] and result.moved_out == []
    assert summary.loc["included", "change"] == 0
    assert summary.loc["households", "baseline"] == 3000


def test_compare_summary_matches_the_batch_totals(households: list[dict[str, Any]]) -> None:
    result = hengjie.compare(households, AS_OF, None, _reform())
    frame = hengjie.assess_batch(households, AS_OF)
    s = result.summary
    assert s.loc["temporary_assistance_total", "baseline"] == sum(
        frame["temporary_assistance.amount"], Decimal(0)
    )
    assert s.loc["medical_subsidy_total", "baseline"] == sum(frame["medical_subsidy.total"], Decimal(0))
    assert s.loc["pension_proxy_total", "baseline"] == sum(frame["pension.proxy_payment_total"], Decimal(0))
    cats = frame["monitoring.category"].value_counts()
    for cat in ("unstable_alleviated", "marginal", "sudden_hardship"):
        assert s.loc[cat, "baseline"] == cats.get(cat, 0)
    assert s.loc["included", "baseline"] == int(frame["monitoring.include"].sum())
    # docs/rules/low_income.md: low-income households counted from the households table's own column
    assert s.loc["low_income_households", "baseline"] == int(frame["low_income.population"].sum())
    assert s.loc["low_income_households", "baseline"] > 0


def test_compare_raising_the_monitoring_line_moves_households_in(households: list[dict[str, Any]]) -> None:
    reform = hengjie.Policy.default().with_layer(
        {
            "jurisdiction": "line-8000",
            "parameters": {"monitoring.income_line": [{"from": "2023-01-01", "value": "8000"}]},
        }
    )
    result = hengjie.compare(households, AS_OF, None, reform)
    assert len(result.moved_in) > 0 and result.moved_out == []
    s = result.summary
    assert s.loc["included", "change"] == len(result.moved_in)
    assert set(result.moved_in) <= set(result.changed["household_id"])
    # a household entering monitoring enters the low-income population (group at_risk,
    # docs/rules/low_income.md)
    assert 0 < s.loc["low_income_households", "change"] <= len(result.moved_in)
    html = result._repr_html_()
    assert "line-8000" in html and "included" in html


def test_compare_keeps_failed_rows_out_of_the_totals() -> None:
    data = [*synth.households(20, seed=1), {"id": "BAD", "poverty_alleviated": True, "members": []}]
    result = hengjie.compare(iter(data), AS_OF, None, _reform())  # a one-shot iterator is fine
    assert result.summary.loc["failed", "baseline"] == 1
    assert result.summary.loc["assessed", "reform"] == 20
    assert "BAD" not in set(result.changed["household_id"])


def test_sweep_of_the_monitoring_line_is_monotone() -> None:
    table = synth.population(3000, seed=4)
    values = list(range(6000, 9001, 250))
    result = hengjie.sweep(table, AS_OF, "monitoring.income_line", values)
    assert result.effective_from == "2023-01-01"
    included = list(result.table["included"])
    assert included == sorted(included) and included[0] < included[-1]
    assert list(result.table["value"]) == values
    at_default = result.table[result.table["value"] == 7000].iloc[0]
    assert at_default["included"] == int(hengjie.assess_batch(table, AS_OF)["monitoring.include"].sum())
    assert isinstance(at_default["dibao_monthly_total"], Decimal)
    assert "monitoring.income_line" in result._repr_html_()


def test_sweep_of_the_dibao_standard_raises_the_cost() -> None:
    households = synth.households(1000, seed=8)
    result = hengjie.sweep(households, AS_OF, "dibao.standard_monthly", [Decimal(450), "500", 550, 600])
    totals = list(result.table["dibao_monthly_total"])
    # not monotone in general: a lower standard moves more households into gradual exit, which
    # pays their current benefit; so each total is checked exactly instead
    expected = [
        sum((_dibao_monthly(h, Decimal(std)) for h in households), Decimal("0.00"))
        for std in (450, 500, 550, 600)
    ]
    assert totals == expected
    assert totals[1] < totals[2] < totals[3]


def test_sweep_takes_booleans_and_integers() -> None:
    households = synth.households(500, seed=6)
    loans = hengjie.sweep(households, AS_OF, "credit.in_force", [True, False])
    assert list(loans.table["value"]) == [True, False]
    on, off = loans.table["small_loan_households"]
    assert on > 0 and off == 0
    ages = hengjie.sweep(households, AS_OF, "credit.max_age", [65, 40])
    assert ages.table["small_loan_households"][0] > ages.table["small_loan_households"][1]


def test_sweep_refuses_floats_and_unknown_parameters() -> None:
    households = synth.households(5, seed=1)
    with pytest.raises(TypeError):
        hengjie.sweep(households, AS_OF, "dibao.standard_monthly", [500.0])
    with pytest.raises(hengjie.ParameterError):
        hengjie.sweep(households, AS_OF, "dibao.no_such_thing", ["1"])


def test_plots_draw(tmp_path: Any) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    households = synth.households(300, seed=2)
    ax = hengjie.sweep(households, AS_OF, "monitoring.income_line", [6000, 7000, 8000]).plot()
    ax.figure.savefig(tmp_path / "sweep.png")
    ax = hengjie.compare(households, AS_OF, None, _reform()).plot()
    ax.figure.savefig(tmp_path / "compare.png")
    assert (tmp_path / "sweep.png").stat().st_size > 0


def _texts(ax: Any) -> list[str]:
    """Every text of a chart: title, axis titles (both y axes), legend, annotations."""
    axes = ax.figure.axes
    out = [ax.get_title(), ax.get_xlabel()] + [a.get_ylabel() for a in axes]
    legend = ax.get_legend()
    out += [t.get_text() for t in legend.get_texts()] if legend is not None else []
    out += [t.get_text() for a in axes for t in a.texts]
    return out


def _marker(ax: Any) -> tuple[float, str]:
    lines = [line for line in ax.get_lines() if line.get_gid() == "current-value"]
    assert len(lines) == 1
    xs = set(lines[0].get_xdata())
    assert len(xs) == 1
    legend = ax.get_legend()
    (entry,) = [
        t.get_text()
        for h, t in zip(legend.legend_handles, legend.get_texts(), strict=True)
        if h.get_linestyle() == "--"
    ]
    assert entry == lines[0].get_label()
    return float(xs.pop()), entry


def test_sweep_plot_marks_the_current_value_in_chinese_and_english() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    households = synth.households(200, seed=2)
    curve = hengjie.sweep(households, AS_OF, "monitoring.income_line", [6000, 8000, 9000])
    # docs/parameters.md: monitoring.income_line is 7000 from 2023-01-01 (in force on 2023-06-30)
    assert curve.current_value == "7000"
    zh = curve.plot()  # the package's default language is Chinese
    x, label = _marker(zh)
    assert x == 7000.0 and label.strip() == "现行取值：7000"
    texts = _texts(zh)
    assert "参数取值（monitoring.income_line）" in texts
    assert "monitoring.income_line（生效日期 2023-01-01，评估日期 2023-06-30）" in texts
    assert {"纳入监测户数", "低保金合计（每月）", "户", "元/月"} <= set(texts)
    assert "households monitored" not in texts and "current value: 7000" not in texts
    en = curve.plot(lang="en")
    x, label = _marker(en)
    assert x == 7000.0 and label.strip() == "current value: 7000"
    texts = _texts(en)
    assert "parameter value (monitoring.income_line)" in texts
    assert "monitoring.income_line (in force from 2023-01-01, assessment date 2023-06-30)" in texts
    assert {"households monitored", "dibao in total per month", "households", "yuan per month"} <= set(texts)
    assert all(t.isascii() for t in texts), texts


def test_sweep_plot_marks_the_dibao_standard_and_non_numeric_values() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    households = synth.households(100, seed=3)
    # docs/parameters.md: dibao.standard_monthly is 500 from 2022-12-01
    standard = hengjie.sweep(households, AS_OF, "dibao.standard_monthly", [450, 550])
    assert standard.current_value == "500"
    assert _marker(standard.plot(y2=None, lang="en"))[0] == 500.0
    # a boolean parameter: the marker sits on the label equal to the value in force
    loans = hengjie.sweep(households, AS_OF, "credit.in_force", [False, True])
    assert loans.current_value == "true"
    assert _marker(loans.plot(lang="en"))[0] == 1.0
    with pytest.raises(ValueError, match="lang"):
        standard.plot(lang="fr")  # type: ignore[arg-type]


def test_chinese_chart_text_uses_an_installed_cjk_font(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from hengjie import whatif

    curve = hengjie.sweep(synth.households(50, seed=4), AS_OF, "monitoring.income_line", [7000])
    default = curve.plot(lang="en").title.get_fontfamily()
    family = whatif._cjk_family()
    if family is None:
        pytest.skip("no CJK font installed (fonts-wqy-microhei: scripts/tools.sh browser)")
    ax = curve.plot(lang="zh")
    assert ax.title.get_fontfamily() == [family] != default
    assert ax.xaxis.label.get_fontfamily() == [family]
    assert ax.get_legend().get_texts()[0].get_fontfamily() == [family]
    # without one, the Chinese words stay and the configured font draws them: no error
    monkeypatch.setattr(whatif, "_cjk_family", lambda: None)
    ax = curve.plot(lang="zh")
    assert ax.title.get_fontfamily() == default
    assert ax.get_xlabel() == "参数取值（monitoring.income_line）"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's "Glyph … missing from font"
        ax.figure.savefig(tmp_path / "fallback.png")
    assert (tmp_path / "fallback.png").stat().st_size > 0


def test_comparison_plot_speaks_chinese_or_english() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    result = hengjie.compare(synth.households(100, seed=5), AS_OF, None, _reform())
    zh = result.plot()
    assert [t.get_text() for t in zh.get_xticklabels()] == [
        "低保金合计（每月）",
        "临时救助合计（一次性）",
        "医保参保资助合计（每年）",
        "代缴养老保险费合计（每年）",
    ]
    assert zh.get_ylabel() == "元"
    legend = [t.get_text() for t in zh.get_legend().get_texts()]
    assert legend == [f"现行政策（{hengjie.Policy.default().jurisdiction}）", "调整后（reform）"]
    assert zh.get_title() == "现行政策 / 调整后（评估日期 2023-06-30）"
    en = result.plot(metrics=["dibao_monthly_total"], lang="en")
    assert [t.get_text() for t in en.get_xticklabels()] == ["dibao in total per month"]
    assert en.get_ylabel() == "yuan per month"
    assert en.get_title() == "baseline / reform (assessment date 2023-06-30)"
    counts = result.plot(metrics=["included", "dibao_monthly_total"], lang="en")
    assert counts.get_ylabel() == ""  # households and yuan share no unit
