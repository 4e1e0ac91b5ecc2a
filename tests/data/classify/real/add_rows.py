"""Append newly collected rows to the real needs corpus, each in the part SPLIT.md assigns.

Usage (from the repository root)::

    python tests/data/classify/real/add_rows.py NEW.csv [--dry-run]

``NEW.csv`` has the corpus columns without ``id`` (``text,label,label_2,industry,source_url,
source_title,published,collected,notes``). For every new row the script

* gives the next free excerpt index of its ``source_url`` (0 for a new URL, else one more than
  the highest index already recorded) and writes ``idx=N`` at the start of ``notes`` when N > 0;
* places it by the rule of SPLIT.md: ``sha1(url#index) % 5 < 2`` → ``test.csv``, else ``dev.csv``;
* gives it the next R-id (ids are unique across both parts).

It refuses the whole file (writes nothing) when a row has no text or URL, a label that is not a
taxonomy id, a published date not in YYYY-MM-DD form, or a text already in the corpus. Existing
rows are never moved or rewritten: the parts are only appended to. The script prints counts only,
never the text of a row, so test rows are not shown.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
HEADER = [
    "id",
    "text",
    "label",
    "label_2",
    "industry",
    "source_url",
    "source_title",
    "published",
    "collected",
    "notes",
]
PARTS = ("dev", "test")


def assigned_part(url: str, index: int) -> str:
    digest = hashlib.sha1(f"{url}#{index}".encode()).hexdigest()
    return "test" if int(digest, 16) % 5 < 2 else "dev"


def excerpt_index(notes: str) -> int:
    found = re.search(r"(?:^|;\s*)idx=(\d+)", notes)
    return int(found.group(1)) if found else 0


def taxonomy_ids() -> set[str]:
    ids = re.findall(
        r"^- id: (\S+)", (REPO / "src/axpartners/data/taxonomy.yaml").read_text("utf-8"), re.M
    )
    return set(ids) - {"unknown"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    existing = {part: read(HERE / f"{part}.csv") for part in PARTS}
    rows = [r for part in PARTS for r in existing[part]]
    next_id = max(int(r["id"][1:]) for r in rows) + 1
    next_index: dict[str, int] = {}
    for r in rows:
        url, idx = r["source_url"], excerpt_index(r["notes"])
        next_index[url] = max(next_index.get(url, 0), idx + 1)
    texts = {r["text"].strip() for r in rows}
    known = taxonomy_ids()

    errors: list[str] = []
    added: dict[str, list[dict[str, str]]] = {part: [] for part in PARTS}
    for n, new in enumerate(read(args.new), start=2):
        where = f"{args.new}:{n}"
        text, url = new["text"].strip(), new["source_url"].strip()
        if not text or not re.match(r"https?://\S+$", url):
            errors.append(f"{where}: text or source_url missing / 본문 또는 출처 URL 없음")
            continue
        if new["label"] not in known or (new["label_2"] and new["label_2"] not in known | {""}):
            errors.append(f"{where}: unknown label / 분류 id 아님: {new['label']} {new['label_2']}")
            continue
        if new["label_2"] == new["label"]:
            errors.append(f"{where}: label_2 equals label / 두 분류가 같음")
            continue
        if new["published"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", new["published"]):
            errors.append(f"{where}: published not YYYY-MM-DD / 게시일 형식 오류")
            continue
        if text in texts:
            errors.append(f"{where}: text already in the corpus / 이미 있는 발췌")
            continue
        texts.add(text)
        index = next_index.get(url, 0)
        next_index[url] = index + 1
        notes = re.sub(r"(?:^|;\s*)idx=\d+;?\s*", "", new["notes"]).strip()
        if index > 0:
            notes = f"idx={index}" + (f"; {notes}" if notes else "")
        row = {k: new.get(k, "").strip() for k in HEADER if k != "id"}
        row.update(id=f"R{next_id:04d}", text=text, source_url=url, notes=notes)
        next_id += 1
        added[assigned_part(url, index)].append(row)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print("nothing written / 아무것도 쓰지 않음", file=sys.stderr)
        return 1
    for part in PARTS:
        if added[part] and not args.dry_run:
            with (HERE / f"{part}.csv").open("a", encoding="utf-8", newline="") as f:
                csv.DictWriter(f, fieldnames=HEADER, lineterminator="\r\n").writerows(added[part])
        print(f"{part}: +{len(added[part])} (now {len(existing[part]) + len(added[part])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
