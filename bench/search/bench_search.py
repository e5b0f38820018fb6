"""Search benchmark on a synthetic Dutch corpus: indexing throughput and query latency.

    python bench/search/bench_search.py [--docs 100000] [--queries 300] [--questions 100] [--seed 1]
                                        [--json out.json]

For SQLite (always) and PostgreSQL (when reachable: DATABASE_URL if it is a postgres URL, else
postgres@127.0.0.1:5432), in a fresh temporary database:
1. generates ``--docs`` documents from Dutch words (the ``wordfreq`` list, Zipf-distributed, with
   generated compounds, 10% members-only, 0-2 themes each);
2. indexes them through the real pipeline (analyzer + bulk write), reporting documents/second
   for the analysis and for the whole run;
3. runs ``--queries`` queries (1-3 words; plain words, compounds, misspellings, rare and common
   words) through the full search service as an anonymous visitor (count, facets, top 10 with
   snippets: what the page and the API do) and reports p50/p95/p99/max latency in ms, by words
   only (as before the semantic index: comparable with earlier runs);
4. with the embedding model available (``SEARCH_SEMANTIC`` on): stores one passage vector per
   document (synthetic: real embeddings of a few generated passages, each with a little noise;
   embedding 100,000 passages would take hours, and the scale part needs the matrix, not the
   meaning), then runs the same keywords and ``--questions`` plain-Dutch questions of 6-14 words
   through the hybrid search as served (question embedding, the matrix of all passages, the word
   search and the fusion) and reports their p50/p95 in ms.
The corpus is generated, not real content: nothing here is fit for display.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THEMES = [
    "online-straatwereld",
    "wapens-en-jongeren",
    "school-en-veiligheid",
    "rivaliserende-jeugdgroepen",
    "lvb",
    "ouderbetrokkenheid",
]
DOMAIN = [
    "jongeren",
    "jeugd",
    "school",
    "veiligheid",
    "wapen",
    "messen",
    "politie",
    "gemeente",
    "ouders",
    "groep",
    "aanpak",
    "straat",
    "boete",
    "preventie",
    "interventie",
    "signaal",
    "uitbuiting",
    "criminaliteit",
    "netwerk",
    "jongerenwerk",
    "wijk",
    "buurt",
    "zorg",
    "hulp",
    "beleid",
    "convenant",
    "toolbox",
    "routekaart",
    "monitor",
]


def vocabulary(seed: int) -> tuple[list[str], list[float]]:
    from wordfreq import top_n_list

    words = [w for w in top_n_list("nl", 30000) if w.isalpha() and len(w) >= 3][:20000]
    words = list(dict.fromkeys(DOMAIN + words))
    rng = random.Random(seed)
    nouns = [w for w in words[200:6000] if len(w) >= 4]
    compounds = [rng.choice(nouns) + rng.choice(nouns) for _ in range(3000)]
    words += compounds
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    cumulative = list(itertools.accumulate(weights))
    return words, cumulative


def sentence(rng, words, cumulative, n) -> str:
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n))


def generate(n_docs: int, seed: int):
    from jv.core.searchable import SearchDocument

    rng = random.Random(seed)
    words, weights = vocabulary(seed)
    for slug in THEMES:
        yield SearchDocument(
            type="theme",
            key=f"bench-theme:{slug}",
            title=slug.replace("-", " ").title(),
            url=f"/themas/{slug}/",
            summary="Synthetisch thema.",
            themes=[slug],
            visibility="public",
        )
    for i in range(n_docs):
        title = sentence(rng, words, weights, rng.randint(3, 8)).capitalize()
        yield SearchDocument(
            type=rng.choice(["resource", "resource", "page", "intervention", "guide"]),
            key=f"bench:{i}",
            title=title,
            url=f"/bench/{i}/",
            summary=sentence(rng, words, weights, rng.randint(15, 30)),
            body=sentence(rng, words, weights, rng.randint(60, 150)),
            themes=rng.sample(THEMES, rng.randint(0, 2)),
            visibility="members" if rng.random() < 0.1 else "public",
        )


def make_queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    words, _weights = vocabulary(seed)
    common, middle, rare = words[:300], words[300:5000], words[5000:20000]
    compounds = words[-3000:]
    queries = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            queries.append(rng.choice(middle))
        elif kind == 1:
            queries.append(f"{rng.choice(middle)} {rng.choice(middle)}")
        elif kind == 2:
            queries.append(rng.choice(compounds))
        elif kind == 3:
            word = rng.choice(middle + compounds)
            pos = rng.randrange(1, len(word) - 1)
            queries.append(word[:pos] + word[pos + 1 :] if rng.random() < 0.5 else word[:pos] + word[pos] + word[pos:])
        elif kind == 4:
            queries.append(f"{rng.choice(common)} {rng.choice(middle)} {rng.choice(rare)}")
        else:
            queries.append(rng.choice(DOMAIN) + " " + rng.choice(common))
    return queries


QUESTION_FORMS = [
    "Wat moet ik doen als een jongere {a} en {b}?",
    "Hoe kunnen we als gemeente {a} rond {b} aanpakken?",
    "Waar vind ik informatie over {a} bij {c}?",
    "Een leerling vertelt over {a} en {c}, wie kan ik bellen?",
    "Welke aanpak werkt tegen {a} in de {b}?",
    "Mag de school gegevens over {a} met de {b} delen?",
    "Een jongen uit mijn wijk heeft {a} en {c}, wat kan dat betekenen?",
    "Hoe praat ik met ouders over {a} en {b} van hun kind?",
    "Wie beslist over {a} als er {c} speelt?",
    "Is er een training voor jongeren die {a} en {b} hebben?",
]


def make_questions(n: int, seed: int) -> list[str]:
    """Plain-Dutch questions of 6-14 words: a question form with domain words and words of the
    corpus (common, middle and rare), as a professional would type them. All different, so no
    answer is remembered from an earlier one."""
    rng = random.Random(seed + 2)
    words, _weights = vocabulary(seed)
    middle, rare = words[300:5000], words[5000:20000]
    questions: list[str] = []
    seen = set()
    while len(questions) < n:
        form = QUESTION_FORMS[len(questions) % len(QUESTION_FORMS)]
        question = form.format(a=rng.choice(DOMAIN), b=rng.choice(middle), c=rng.choice(middle + rare))
        if question not in seen:
            seen.add(question)
            questions.append(question)
    return questions


def store_vectors(seed: int, pool_size: int = 64) -> int:
    """One passage per indexed document, with a synthetic vector: the real embedding of one of
    ``pool_size`` generated passages plus a little noise (cosine about 0.97 to it), so the
    similarities lie where real ones do. Written as the semantic index writes them."""
    import numpy as np
    from django.db import connection, transaction

    from jv.search import semantic
    from jv.search.models import SearchEntry, SearchPassage

    rng = random.Random(seed + 3)
    words, weights = vocabulary(seed)
    texts = [sentence(rng, words, weights, 60) for _ in range(pool_size)]
    pool = np.frombuffer(b"".join(semantic.embed_passages(texts)), dtype=semantic.VECTOR_DTYPE)
    pool = pool.reshape(pool_size, semantic.DIM).astype(np.float32)
    nprng = np.random.default_rng(seed)
    table = SearchPassage._meta.db_table
    sql = (
        f"INSERT INTO {table} (entry_id, position, title, url, text, visibility, emergency, text_hash, vector) "
        "VALUES (%s, 0, %s, %s, '', %s, %s, %s, %s)"
    )
    entries = list(SearchEntry.objects.order_by("pk").values_list("pk", "title", "url", "visibility"))
    with transaction.atomic():
        for start in range(0, len(entries), 5000):
            chunk = entries[start : start + 5000]
            vectors = pool[nprng.integers(0, pool_size, len(chunk))]
            vectors = vectors + nprng.normal(0.0, 0.0128, vectors.shape).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            rows = [
                (pk, title[:500], url, level, False, f"bench-{pk}", vector.astype(semantic.VECTOR_DTYPE).tobytes())
                for (pk, title, url, level), vector in zip(chunk, vectors, strict=True)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        semantic.bump()
    return len(entries)


def timed(queries, user) -> tuple[list[float], list[float], list[int]]:
    from jv.search import service

    latencies, cpu, counts = [], [], []
    for text in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        found = service.search(text, user, limit=10)
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        counts.append(found.count)
    return latencies, cpu, counts


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def worker(n_docs: int, n_queries: int, seed: int, out: Path, n_questions: int = 100) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
    os.environ.setdefault("API_THROTTLE", "off")  # benchmarks measure the work, not the throttle
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, transaction

    from jv.search import analyzer, index, semantic, service

    call_command("migrate", verbosity=0, interactive=False)
    analyzer.resources()
    documents = list(generate(n_docs, seed))
    # The word index through the real pipeline; passages are stored afterwards (store_vectors).
    semantic_wanted = semantic.enabled()
    settings.JV_SEARCH_SEMANTIC = False

    started = time.perf_counter()
    prepared = [index.prepare("bench.doc", i, doc) for i, doc in enumerate(documents)]
    analysed = time.perf_counter()
    with transaction.atomic():
        written = index.bulk_write(prepared)
    finished = time.perf_counter()
    del prepared
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    queries = make_queries(n_queries, seed)
    user = AnonymousUser()
    for text in queries[:20]:  # warm-up: caches, vocabulary, prepared statements
        service.search(text, user, limit=10)
    service.forget_answers()  # the warm-up's answers are not remembered for the measured run
    latencies, cpu, counts = timed(queries, user)
    hybrid = {}
    settings.JV_SEARCH_SEMANTIC = semantic_wanted
    if semantic_wanted and semantic.available():
        t_store = time.perf_counter()
        passages = store_vectors(seed)
        stored = time.perf_counter() - t_store
        questions = make_questions(n_questions + 10, seed)
        for text in questions[:10]:  # warm-up: the matrix is read, the model runs once
            service.search(text, user, limit=10)
        service.forget_answers()
        k_lat, k_cpu, _k_counts = timed(queries, user)
        q_lat, q_cpu, q_counts = timed(questions[10:], user)
        hybrid = {
            "passages": passages,
            "passages_store_seconds": stored,
            "keyword_hybrid_p50_ms": percentile(k_lat, 50),
            "keyword_hybrid_p95_ms": percentile(k_lat, 95),
            "keyword_hybrid_cpu_p95_ms": percentile(k_cpu, 95),
            "questions": len(q_lat),
            "question_p50_ms": percentile(q_lat, 50),
            "question_p95_ms": percentile(q_lat, 95),
            "question_p99_ms": percentile(q_lat, 99),
            "question_cpu_p50_ms": percentile(q_cpu, 50),
            "question_cpu_p95_ms": percentile(q_cpu, 95),
            "question_median_result_count": statistics.median(q_counts),
            "load_average_1min_end": os.getloadavg()[0],
        }
    result = {
        "database": connection.vendor,
        "documents": written,
        "analysis_docs_per_s": len(documents) / (analysed - started),
        "write_docs_per_s": written / (finished - analysed),
        "total_docs_per_s": written / (finished - started),
        "index_seconds": finished - started,
        "queries": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "mean_ms": statistics.mean(latencies),
        # CPU time of this process (Python + SQLite, which runs in-process; for PostgreSQL the
        # server's work is not included): shows the cost apart from waiting on a busy machine.
        "cpu_p50_ms": percentile(cpu, 50),
        "cpu_p95_ms": percentile(cpu, 95),
        "load_average_1min": os.getloadavg()[0],
        "zero_result_queries": sum(1 for c in counts if c == 0),
        "median_result_count": statistics.median(counts),
        **hybrid,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


def run_worker(env_extra, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = {**os.environ, "VAR_DIR": tmp, "LOG_LEVEL": "WARNING", **env_extra}
        if "DATABASE_URL" not in env_extra:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            "--docs",
            str(args.docs),
            "--queries",
            str(args.queries),
            "--questions",
            str(args.questions),
            "--seed",
            str(args.seed),
            "--out",
            str(out),
        ]
        subprocess.run(cmd, env=env, check=True, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=int(os.environ.get("BENCH_DOCS", 100_000)))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--questions", type=int, default=100, help="Plain-Dutch questions (hybrid search).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.docs, args.queries, args.seed, args.out, args.questions)
        return 0
    sys.path.insert(0, str(Path(__file__).parent))
    from eval_search import _with_db, postgres_admin_url, postgres_reachable

    results = []
    print(f"SQLite: {args.docs} documenten indexeren en {args.queries} zoekvragen ...", flush=True)
    results.append(run_worker({}, args))
    admin = None if args.no_postgres else postgres_admin_url()
    if admin and postgres_reachable(admin):
        import psycopg

        name = f"jv_bench_{os.getpid()}"
        print(f"PostgreSQL ({name}): {args.docs} documenten indexeren en {args.queries} zoekvragen ...", flush=True)
        with psycopg.connect(_with_db(admin, "postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        try:
            results.append(run_worker({"DATABASE_URL": _with_db(admin, name)}, args))
        finally:
            with psycopg.connect(_with_db(admin, "postgres"), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
    else:
        print("PostgreSQL niet bereikbaar: alleen SQLite gemeten.")
    print()
    keys = [
        "documents",
        "analysis_docs_per_s",
        "write_docs_per_s",
        "total_docs_per_s",
        "index_seconds",
        "queries",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "mean_ms",
        "cpu_p50_ms",
        "cpu_p95_ms",
        "load_average_1min",
        "zero_result_queries",
        "median_result_count",
        # With the embedding model: the hybrid search as served (see the module docstring).
        "passages",
        "passages_store_seconds",
        "keyword_hybrid_p50_ms",
        "keyword_hybrid_p95_ms",
        "keyword_hybrid_cpu_p95_ms",
        "questions",
        "question_p50_ms",
        "question_p95_ms",
        "question_p99_ms",
        "question_cpu_p50_ms",
        "question_cpu_p95_ms",
        "question_median_result_count",
        "load_average_1min_end",
    ]
    print("metric".ljust(30) + "".join(r["database"].rjust(14) for r in results))
    for key in keys:
        if not any(key in r for r in results):
            continue
        cells = []
        for r in results:
            value = r.get(key, "-")
            cells.append(f"{value:14.1f}" if isinstance(value, float) else f"{value:>14}")
        print(key.ljust(30) + "".join(cells))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
