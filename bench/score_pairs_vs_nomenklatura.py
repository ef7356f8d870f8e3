#!/usr/bin/env python3
"""Score one labelled pair set with ce2 and with nomenklatura's logic-v2, side by side.

    pip install nomenklatura
    cargo build --release
    python3 bench/score_pairs_vs_nomenklatura.py [pairs.csv]

The pairs default to nomenklatura's own name_bench cases in ../shared/data. Both tools score
the same rows on this machine in one run; the script prints precision, recall and F1 at each
tool's default threshold and the pairs per second of each (one core each).
"""
import csv
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT = os.path.join(ROOT, "..", "shared", "data", "sanctions", "matching", "nomenklatura", "name_bench_cases.csv")


def confusion(rows, key):
    tp = fp = tn = fn = 0
    for truth, predicted in ((r["is_match"] == "true", r[key]) for r in rows):
        if truth and predicted:
            tp += 1
        elif truth:
            fn += 1
        elif predicted:
            fp += 1
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (TP {tp} FP {fp} TN {tn} FN {fn})"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    if not os.path.exists(path):
        print(f"notice: {path} is absent; nothing to measure")
        return
    rows = list(csv.DictReader(open(path, encoding="utf-8")))

    # ce2, through the command users run.
    out = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
    started = time.perf_counter()
    subprocess.run([os.path.join(ROOT, "target", "release", "ce2"), "score-pairs", "--input", path, "--output", out],
                   check=True, stderr=subprocess.DEVNULL)
    ce2_secs = time.perf_counter() - started
    scored = list(csv.DictReader(open(out, encoding="utf-8")))
    for r, s in zip(rows, scored):
        r["ce2"] = s["match"] == "true"

    # nomenklatura logic-v2, in process.
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()

    def entity(schema, name, id):
        e = model.make_entity(schema if model.get(schema) else "LegalEntity")
        e.id = id
        e.add("name", name)
        return e

    started = time.perf_counter()
    for i, r in enumerate(rows):
        # Ids must differ per entity: logic-v2 caches what it learns of an entity by its id.
        query = entity(r["schema"], r["name1"], f"query-{i}")
        score = algo.compare(query, entity(r["schema"], r["name2"], f"candidate-{i}"), config).score
        r["logic-v2"] = score >= 0.7
    lv2_secs = time.perf_counter() - started

    n = len(rows)
    print(f"{n} pairs from {os.path.relpath(path)}")
    print(f"  ce2 ce2-v1 (0.70)    {confusion(rows, 'ce2')}   {n / ce2_secs:,.0f} pairs/s (whole command, CSV in and out)")
    print(f"  nomenklatura logic-v2 (0.70)  {confusion(rows, 'logic-v2')}   {n / lv2_secs:,.0f} pairs/s (in process)")
    print(f"  speed ratio ce2 / logic-v2: {lv2_secs / ce2_secs:.0f}x")


if __name__ == "__main__":
    main()
