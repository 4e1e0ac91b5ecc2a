"""Policy ingestion benchmark: pages/s extracted per format, items tagged/s, 100-page PDF ingest.

    python bench/bench_policy.py [--quick]

Every format is generated with the same synthetic Korean plan (N "pages" of an outline with
budgets, years and ministries; a page is what fits on one A4 PDF page), so pages/s is
comparable across formats. Baselines, measured in the same run on the same files:
raw ``pypdf`` ``extract_text`` over all pages (PDF), ``python-docx`` paragraph text (DOCX),
a zip + regex strip of ``<hp:t>`` (HWPX) and a regex tag strip (HTML). HWP 5 files cannot be
generated here (no writer), so the 13 real HWP/HWPX samples are timed per file instead.
Prints markdown tables; the 100-page PDF ingest (extract + structure + tag) must stay < 10 s.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from axpartners.errors import InputError
from axpartners.policy.extract import extract_document
from axpartners.policy.pipeline import analyse_document
from axpartners.policy.structure import structure_document
from axpartners.policy.tagging import tag_items

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "policy" / "hwp_samples"
FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
MINISTRIES = ["과기정통부", "산업부", "중기부", "해수부", "국토부", "고용부"]
TOPICS = ["조선기자재 용접불량 비전검사", "항만 크레인 예지보전", "자동차 부품 공정 최적화",
          "제조 데이터 플랫폼", "물류센터 수요예측", "산업안전 영상 분석", "탄소 배출 관리"]  # fmt: skip
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"


def page_lines(page: int) -> list[str]:
    """About 28 lines of one page of a synthetic plan."""
    lines = []
    if page % 10 == 0:
        lines.append(f"{ROMAN[(page // 10) % 10]}. 추진 분야 {page // 10 + 1}")
    for task in range(3):
        n = page * 3 + task
        topic = TOPICS[n % len(TOPICS)]
        lines.append(f"{task + 1}. {topic} 지원 과제 {n}")
        for sub, label in enumerate("가나"):
            lines.append(f"{label}. {topic} 세부 과제 {sub + 1}")
            lines.append(
                f"□ {MINISTRIES[n % 6]} 주관으로 2026년 {10 + n}억원을 투입하여 {topic} 실증"
            )
            lines.append(f"○ 중소 제조기업 {n % 50 + 5}개사 대상, '26~'27년 단계별 확산")
            lines.append(f"- 기업당 최대 {n % 5 + 1}억원, 총 {n * 7 + 100}백만원 규모 바우처 지원")
    return lines


def make_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for page in range(pages):
        y = 800.0
        c.setFont("NanumGothic", 10)
        for line in page_lines(page):
            c.drawString(50, y, line)
            y -= 26
        c.drawCentredString(297, 30, f"- {page + 1} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_docx(pages: int) -> bytes:
    import docx

    document = docx.Document()
    for page in range(pages):
        for line in page_lines(page):
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_hwpx(pages: int) -> bytes:
    paras = "".join(
        f"<hp:p><hp:run><hp:t>{html.escape(line)}</hp:t></hp:run></hp:p>"
        for page in range(pages)
        for line in page_lines(page)
    )
    section = (
        '<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
        f'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section">{paras}</hs:sec>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        zf.writestr("Contents/section0.xml", section, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_html(pages: int) -> bytes:
    body = "".join(
        f"<p>{html.escape(line)}</p>" for page in range(pages) for line in page_lines(page)
    )
    return f"<html><head><title>plan</title></head><body>{body}</body></html>".encode()


def make_txt(pages: int) -> bytes:
    return "\n".join(line for page in range(pages) for line in page_lines(page)).encode()


def baseline_pdf(data: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)


def baseline_docx(data: bytes) -> int:
    import docx

    return sum(len(p.text) for p in docx.Document(io.BytesIO(data)).paragraphs)


def baseline_hwpx(data: bytes) -> int:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("Contents/section0.xml").decode()
    return sum(len(t) for t in re.findall(r"<hp:t>([^<]*)</hp:t>", xml))


def baseline_html(data: bytes) -> int:
    return len(re.sub(r"<[^>]+>", " ", data.decode()))


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 pages, one repeat")
    args = parser.parse_args()
    pages = 20 if args.quick else 100
    repeat = 1 if args.quick else 3

    print(f"# Policy ingestion benchmark ({pages} pages, best of {repeat}; 2-core box)\n")
    print("| format | file KB | ours s | pages/s | baseline | baseline s | ours/baseline |")
    print("|---|---:|---:|---:|---|---:|---:|")
    makers = [
        ("pdf", make_pdf, baseline_pdf, "pypdf extract_text"),
        ("docx", make_docx, baseline_docx, "python-docx paragraphs"),
        ("hwpx", make_hwpx, baseline_hwpx, "zip + regex <hp:t>"),
        ("html", make_html, baseline_html, "regex tag strip"),
        ("txt", make_txt, None, "-"),
    ]
    pdf_bytes = b""
    for fmt, make, baseline, base_name in makers:
        data = make(pages)
        if fmt == "pdf":
            pdf_bytes = data
        ours = best_of(lambda d=data, f=fmt: extract_document(d, filename=f"bench.{f}"), repeat)
        if baseline is not None:
            base = best_of(lambda d=data, b=baseline: b(d), repeat)
            base_cells = f"{base_name} | {base:.3f} | {ours / base:.2f}x"
        else:
            base_cells = "- | - | -"
        print(
            f"| {fmt} | {len(data) / 1024:.0f} | {ours:.3f} | {pages / ours:.0f} | {base_cells} |"
        )

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        with zf.open("Contents/section0.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(1 << 20))

    def refuse() -> None:
        try:
            extract_document(bomb.getvalue(), filename="bomb.hwpx")
        except InputError as err:
            if err.code != "policy.zip_bomb":
                raise

    t_bomb = best_of(refuse, repeat)
    print(
        f"\nzip bomb (HWPX, {len(bomb.getvalue()) // 1024} KB → 300 MB) refused in {t_bomb * 1e6:.0f} µs"
    )

    print("\n## Real HWP/HWPX samples (13 files, our parsers)\n")
    print("| file | KB | blocks | ms |")
    print("|---|---:|---:|---:|")
    for path in sorted(SAMPLES.glob("*.hwp*")):
        data = path.read_bytes()
        doc = extract_document(data, filename=path.name)
        ms = best_of(lambda d=data, n=path.name: extract_document(d, filename=n), repeat) * 1000
        print(f"| {path.name} | {len(data) / 1024:.0f} | {len(doc.blocks)} | {ms:.1f} |")

    doc = extract_document(pdf_bytes, filename="bench.pdf")
    items = structure_document(doc)
    texts = [it.text for it in items]
    tag_items(texts[:5])  # load Kiwi once, outside the timing
    t_tags = best_of(lambda: tag_items(texts, keywords=False), repeat)
    t_kw = best_of(lambda: tag_items(texts, keywords=True), repeat)
    print("\n## Tagging\n")
    print("| what | items | s | items/s |")
    print("|---|---:|---:|---:|")
    print(
        f"| rules (use-case, KSIC, budget, year, ministry) | {len(items)} | {t_tags:.3f} | {len(items) / t_tags:.0f} |"
    )
    print(
        f"| rules + Kiwi keywords (c-TF-IDF) | {len(items)} | {t_kw:.3f} | {len(items) / t_kw:.0f} |"
    )

    with tempfile.TemporaryDirectory():
        started = time.perf_counter()
        analysed = analyse_document(pdf_bytes, filename="bench.pdf")
        total = time.perf_counter() - started
    base = best_of(lambda: baseline_pdf(pdf_bytes), 1)
    verdict = "PASS" if total < 10 else "FAIL"
    print("\n## Full ingest of the generated PDF (extract + structure + tag with keywords)\n")
    print("| pages | items | tags | ingest s | pypdf raw s | ratio | target < 10 s |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    n_tags = sum(len(ti.tags) for ti in analysed.items)
    print(
        f"| {pages} | {len(analysed.items)} | {n_tags} | {total:.2f} | {base:.2f} | {total / base:.2f}x | {verdict} |"
    )
    print(f"\nmedian item length: {statistics.median(len(t) for t in texts):.0f} chars")
    return 0 if total < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
