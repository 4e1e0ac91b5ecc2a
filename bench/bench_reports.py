"""Benchmark: briefing-pack assembly and HTML/PDF rendering times.

    python bench/bench_reports.py [--quick]

Cases: an empty pack (baseline: fonts, template, no charts), the demo-sized pack from
``tests/data/planning/demo_inputs.yaml`` (30 needs, 15 partners, 8 policy items, 14 industries,
15 use-cases) and the same inputs with the needs repeated 4x (120 needs). Prints a Markdown
table of median wall-clock seconds and the ratio to the empty-pack baseline, plus the cold
first render (imports, font loading) measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pypdf

from axpartners.reports.assemble import BriefingInputs, assemble_briefing_pack, load_briefing_inputs
from axpartners.reports.briefing import render_briefing_html, render_briefing_pdf, render_charts
from axpartners.reports.pack import BriefingPack, Cover
from axpartners.taxonomy import load_taxonomy

DEMO = Path(__file__).resolve().parents[1] / "tests" / "data" / "planning" / "demo_inputs.yaml"


def _scaled(inputs: BriefingInputs, factor: int) -> BriefingInputs:
    needs = []
    for k in range(factor):
        for n in inputs.needs:
            shifted = n.submitted_at - timedelta(days=11 * k) if n.submitted_at else None
            needs.append(replace(n, id=f"{n.id}-{k}", submitted_at=shifted))
    return replace(inputs, needs=tuple(needs))


def _median(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition per case")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    labels = {u.id: u.ko for u in load_taxonomy()}

    empty = BriefingPack(cover=Cover("빈 회의", date(2025, 12, 30)))
    start = time.perf_counter()
    render_briefing_pdf(empty)
    cold_pdf = time.perf_counter() - start
    start = time.perf_counter()
    render_briefing_html(empty)
    cold_html = time.perf_counter() - start

    demo = load_briefing_inputs(DEMO)
    cases: list[tuple[str, BriefingInputs | None]] = [
        ("empty pack (baseline)", None),
        ("demo (30 needs)", demo),
        ("demo x4 (120 needs)", _scaled(demo, 4)),
    ]
    rows = []
    base_html = base_pdf = 0.0
    for name, inputs in cases:
        if inputs is None:
            assemble_s, pack = 0.0, empty
        else:
            assemble_s, built = _median(
                lambda i=inputs: assemble_briefing_pack(i, use_case_labels=labels), repeats
            )
            assert isinstance(built, BriefingPack)
            pack = built
        html_s, html = _median(lambda p=pack: render_briefing_html(p), repeats)
        pdf_s, pdf = _median(lambda p=pack: render_briefing_pdf(p), repeats)
        assert isinstance(pdf, bytes)
        assert isinstance(html, str)
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        if inputs is None:
            base_html, base_pdf = html_s, pdf_s
        rows.append(
            (name, assemble_s, html_s, pdf_s, pages, len(pdf), len(html), base_html, base_pdf)
        )

    print(f"cold first render (imports, fonts): PDF {cold_pdf:.2f} s, HTML {cold_html:.2f} s\n")
    print(f"median of {repeats} run(s); ratios against the empty pack rendered in this run\n")
    print("| case | assemble s | HTML s | HTML x | PDF s | PDF x | pages | PDF KB | HTML KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, asm, h, p, pages, pdf_len, html_len, bh, bp in rows:
        print(
            f"| {name} | {asm:.3f} | {h:.2f} | {h / bh:.1f} | {p:.2f} | {p / bp:.1f} | {pages} "
            f"| {pdf_len / 1024:.0f} | {html_len / 1024:.0f} |"
        )
    demo_pack = assemble_briefing_pack(demo, use_case_labels=labels)
    png_s, _ = _median(lambda: render_charts(demo_pack, fmt="png"), repeats)
    svg_s, _ = _median(lambda: render_charts(demo_pack, fmt="svg"), repeats)
    print(
        f"\nof which charts (5 matplotlib figures of the demo pack): PNG {png_s:.2f} s, "
        f"SVG {svg_s:.2f} s"
    )
    worst = max(max(r[2], r[3]) + r[1] for r in rows)
    print(f"\nslowest pack end to end: {worst:.2f} s (budget 20 s)")


if __name__ == "__main__":
    main()
