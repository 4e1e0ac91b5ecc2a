"""The 50-item sample hand-checked for docs/policy.md (run from the repo root with PYTHONPATH=src)."""

import random

from axpartners.policy.extract import extract_file
from axpartners.policy.pipeline import analyse_extracted

files = [
    "tests/data/policy/real/gukjeong123_goal2-3_tasks38-71.txt",
    "tests/data/policy/real/gukjeong_results2026_tasks001-004.txt",
    "tests/data/policy/real/news/ai_supplementary_budget_2025.txt",
    "tests/data/policy/real/news/busan_ai_strategy_2025.txt",
    "tests/data/policy/real/news/ai_budget_2024_abcd.txt",
]
pool = []
for f in files:
    doc = analyse_extracted(extract_file(f), keywords=False)
    for ti in doc.items:
        if any(t.kind in ("ministry", "budget", "use_case") for t in ti.tags):
            pool.append((f.split("/")[-1][:12], ti))
rng = random.Random(13)
# every item with a budget or use-case tag (rarer) first, then ministry-only items at random
rare = [p for p in pool if any(t.kind in ("budget", "use_case") for t in p[1].tags)]
rest = [p for p in pool if p not in rare]
sample = rare[:30] + rng.sample(rest, 50 - min(30, len(rare)))
print(len(pool), len(rare))
for n, (f, ti) in enumerate(sample, 1):
    it = ti.item
    print(f"#{n} {f} {it.path[:30]} | {it.text[:150]!r}")
    for t in ti.tags:
        if t.kind in ("ministry", "budget", "use_case"):
            a = dict(t.attrs)
            print(
                f"    {t.kind}={t.value} ev={t.evidence.text!r} {a.get('eok', '')} {a.get('year', '')} {a.get('cue', '')} {'inh' if t.source else ''}"
            )
