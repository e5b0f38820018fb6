"""Benchmark of the semantic side of the search: embedding, the matrix search, worker memory.

    python bench/search/bench_semantic.py [--passages 100] [--questions 50] [--rows 100000]

1. Embeds ``--passages`` passages of about 80 Dutch words with the bundled model (what indexing
   does per passage) and reports the time per 1,000 passages.
2. Embeds ``--questions`` questions (p50/p95 ms): the model's share of every hybrid query.
3. Searches a matrix of ``--rows`` synthetic unit vectors (384 dimensions, 10% members-only) as
   an anonymous visitor with the real code (``semantic.search_matrix``: product, visibility mask,
   top 100) plus the fusion with 50 word-search hits (``hybrid.fuse``), p50/p95 ms.
4. Reports the peak memory (RSS) of this process: the model plus a 100,000-row matrix, i.e. one
   gunicorn worker's share for the semantic search.
No database: the scale part uses synthetic vectors; question and passage texts are generated.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WORDS = (
    "jongere school ouders politie gemeente wijk groep wapen mes veiligheid zorgen signaal melden bellen "
    "jongerenwerker mentor leerplicht verzuim straf hulp gezin thuis online bericht dreigen filmpje "
    "samenwerken afspraken aanpak preventie buurt vrienden geld uitbuiting risico bescherming training"
).split()
FILLER = "de het een en van in op met voor dat die is zijn wordt kan moet als er ook niet".split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS if rng.random() < 0.5 else FILLER) for _ in range(n)).capitalize() + "."


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
    import django

    django.setup()
    import numpy as np

    from jv.search import hybrid, semantic

    rng = random.Random(1)
    start = time.perf_counter()
    model = semantic.model()
    load_s = time.perf_counter() - start
    if model is None:
        print("Model not available:", semantic.status())
        return 1
    passages = [" ".join(sentence(rng, 10) for _ in range(8)) for _ in range(args.passages)]
    start, cpu = time.perf_counter(), time.process_time()
    semantic.embed_passages(passages)
    per_passage_ms = (time.perf_counter() - start) * 1000 / args.passages
    per_passage_cpu_ms = (time.process_time() - cpu) * 1000 / args.passages

    questions = [sentence(rng, rng.randint(6, 16))[:-1] + "?" for _ in range(args.questions)]
    times = []
    for question in questions:
        start = time.perf_counter()
        model.query(question)
        times.append((time.perf_counter() - start) * 1000)

    nprng = np.random.default_rng(1)
    vectors = nprng.standard_normal((args.rows, semantic.DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    entry_ids = np.arange(args.rows, dtype=np.int64) // 3  # about three passages per document
    levels = (nprng.random(args.rows) < 0.1).astype(np.int16)  # 0 public, 1 members
    matrix = semantic.Matrix(
        token="bench",
        ids=np.arange(args.rows, dtype=np.int64),
        entry_ids=entry_ids,
        levels=levels,
        level_names=["public", "members"],
        emergency=np.zeros(args.rows, dtype=bool),
        vectors=vectors,
        per_entry=semantic._per_entry(entry_ids),
    )

    class Hit:
        def __init__(self, entry_id):
            self.entry_id, self.exact, self.score = entry_id, True, 1.0

    search_times, hybrid_times, cpu_times = [], [], []
    for i in range(args.queries):
        question = questions[i % len(questions)]
        start, cpu = time.perf_counter(), time.process_time()
        vector = np.asarray(model.query(question), dtype=np.float32)
        hits = semantic.search_matrix(matrix, vector, ["public"], hybrid.SEMANTIC_DEPTH)
        search_times.append((time.perf_counter() - start) * 1000)
        lexical = [Hit(int(e)) for e in nprng.integers(0, args.rows // 3, hybrid.LEXICAL_DEPTH)]
        hybrid.fuse(question, hits, lambda n, lexical=lexical: lexical[:n], 500)
        hybrid_times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("model_load_s", f"{load_s:.2f}"),
        ("passage_embed_ms", f"{per_passage_ms:.1f}"),
        ("passage_embed_cpu_ms", f"{per_passage_cpu_ms:.1f}"),
        ("index_s_per_1000_passages", f"{per_passage_ms:.1f}"),
        ("question_embed_p50_ms", f"{statistics.median(times):.1f}"),
        ("question_embed_p95_ms", f"{pct(times, 95):.1f}"),
        ("matrix_rows", str(args.rows)),
        ("semantic_query_p50_ms", f"{statistics.median(search_times):.1f}"),
        ("semantic_query_p95_ms", f"{pct(search_times, 95):.1f}"),
        ("semantic_plus_fusion_p50_ms", f"{statistics.median(hybrid_times):.1f}"),
        ("semantic_plus_fusion_p95_ms", f"{pct(hybrid_times, 95):.1f}"),
        ("cpu_p50_ms", f"{statistics.median(cpu_times):.1f}"),
        ("cpu_p95_ms", f"{pct(cpu_times, 95):.1f}"),
        ("worker_peak_rss_mb", f"{rss_mb:.0f}"),
        ("load_average_1min", f"{os.getloadavg()[0]:.1f}"),
    ]
    for name, value in rows:
        print(f"{name:32s}{value:>12s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
