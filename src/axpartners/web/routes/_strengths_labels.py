"""The translated labels of each Strengths chart (the chart code reads no catalog)."""

from __future__ import annotations

from typing import Any

from axpartners.codes import region_name
from axpartners.i18n.catalog import translate
from axpartners.reports.charts.strengths import COLOURS
from axpartners.services.strengths import RegionStrengths


def chart_labels(name: str, view: RegionStrengths, locale: str) -> dict[str, str]:
    def t(key: str, **params: Any) -> str:
        return translate(f"ui.strengths.chart.{key}", locale, **params)

    region = region_name(view.region, locale)
    labels = {
        "source": translate("ui.strengths.source_line", locale, source=view.source),
        "synthetic": translate("ui.strengths.synthetic", locale),
    }
    if name == "network":
        labels |= {
            "title": t("network_title", region=region),
            "specialised": t("specialised"),
            "opportunity": t("opportunity"),
            "other": t("other"),
        }
    elif name == "scatter":
        labels |= {
            "title": t("scatter_title", region=region),
            "x": t("density"),
            "y": t("pci"),
        }
        labels |= {q: translate(f"analytics.quadrant.{q}", locale) for q in COLOURS}
    elif name == "eci":
        labels |= {"title": t("eci_title"), "x": t("eci")}
    elif name == "trend":
        series = view.series
        labels |= {
            "title": t("trend_title", region=region),
            "empty": translate("ui.strengths.no_changes", locale),
            "source": translate(
                "ui.strengths.source_line", locale, source=series.source if series else view.source
            ),
        }
        labels |= {
            k: translate(f"ui.strengths.trend.{k}", locale) for k in ("entered", "left", "held")
        }
    else:
        labels |= {"title": t("heatmap_title"), "scale": t("rca_scale")}
    return labels
