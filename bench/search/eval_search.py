"""Evaluate the search on a query set, side by side with PostgreSQL's built-in Dutch search.

    python bench/search/eval_search.py [--queries bench/search/search-dev.tsv] [--json out.json]

What it does:
1. Loads the starter content into a fresh temporary SQLite database (migrate +
   load_starter_content) and runs every query through our search as an anonymous visitor.
2. When PostgreSQL is reachable (DATABASE_URL if it is a postgres URL, else 127.0.0.1:5432 as
   user postgres), does the same in a temporary PostgreSQL database, and runs the baseline there:
   PostgreSQL's own `dutch` text search configuration (websearch_to_tsquery + ts_rank, title A,
   summary B, body C) over exactly the same documents (the public entries of our index).
3. Prints MRR@10, nDCG@10, recall@10, success@10 and the zero-result rate, overall and per query
   type, for every system side by side, plus the rank of the first relevant item per query.

Relevance: a result is relevant when its accent-folded, lower-cased title contains one of the
query's expected fragments. For questions, the systems "..., item or part" also count a result
whose linked part (a guide step, a page section, an explained term: "Onderdeel: ...") has such a
title: the answer a user sees is that part. Queries whose expected items do not exist in the content (yet) are
reported as "not answerable" and left out of the figures. Every registered type is included
automatically (the evaluation reads the index, which covers all registrations).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_QUERIES = Path(__file__).with_name("search-dev.tsv")
DEFAULT_QUESTIONS = Path(__file__).with_name("search-questions.tsv")
MODES = ("lexical", "semantic", "hybrid")
K = 10


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def read_queries(path: Path) -> list[dict]:
    """The queries of a set; ``block`` counts the "# Added ..." comments above a query (0: the
    first set, 1: the first questions added later, ...), so later additions are scored apart."""
    queries = []
    block = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# Added"):
            block += 1
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        queries.append(
            {
                "query": parts[0],
                "type": parts[1],
                "expected": [fold(p) for p in parts[2].split("|") if p.strip()],
                "block": block,
            }
        )
    return queries


# --- metrics -------------------------------------------------------------------------------


def is_relevant(title: str, expected: list[str]) -> bool:
    folded = fold(title)
    return any(fragment in folded for fragment in expected)


def score_query(ranked_titles: list[str], count: int, expected: list[str], n_relevant: int) -> dict:
    top = ranked_titles[:K]
    gains = [1 if is_relevant(title, expected) else 0 for title in top]
    first = next((i + 1 for i, g in enumerate(gains) if g), None)
    ideal = min(n_relevant, K)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return {
        "rank": first,
        "rr": 1 / first if first else 0.0,
        "ndcg": dcg / idcg if idcg else 0.0,
        "recall": sum(gains) / ideal if ideal else 0.0,
        "success": 1.0 if first else 0.0,
        "top3": 1.0 if first and first <= 3 else 0.0,
        "zero": 1.0 if count == 0 else 0.0,
    }


def summarise(per_query: list[dict]) -> dict:
    def mean(rows, key):
        return sum(r[key] for r in rows) / len(rows) if rows else float("nan")

    groups = defaultdict(list)
    for row in per_query:
        groups["ALL"].append(row)
        groups[row["type"]].append(row)
    return {
        name: {
            "n": len(rows),
            "MRR@10": mean(rows, "rr"),
            "nDCG@10": mean(rows, "ndcg"),
            "recall@10": mean(rows, "recall"),
            "success@10": mean(rows, "success"),
            "zero-result rate": mean(rows, "zero"),
        }
        for name, rows in groups.items()
    }


# --- worker: runs inside a configured Django environment ------------------------------------


def worker(queries_path: Path, out_path: Path, baseline: bool, questions_path: Path | None = None) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from jv.search import service
    from jv.search.models import SearchEntry

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_starter_content", verbosity=0, stdout=open(os.devnull, "w"))
    public_titles = list(SearchEntry.objects.filter(visibility="public").values_list("title", flat=True))
    types = sorted(set(SearchEntry.objects.values_list("type", flat=True)))
    from jv.search import semantic

    modes = MODES if semantic.available() else ("lexical",)
    systems: dict[str, list] = {}
    unanswerable = []
    answers = {}
    for set_name, path in (("keywords", queries_path), ("questions", questions_path)):
        if path is None or not path.exists():
            continue
        for item in read_queries(path):
            n_relevant = sum(1 for title in public_titles if is_relevant(title, item["expected"]))
            if n_relevant == 0:
                unanswerable.append(item["query"])
                continue
            for mode in modes:
                name = f"{set_name}: {mode} ({connection.vendor})"
                found = service.search(item["query"], AnonymousUser(), limit=K, mode=mode)
                titles = [r.title for r in found.results]
                row = score_query(titles, found.count, item["expected"], n_relevant)
                systems.setdefault(name, []).append(
                    {**row, "query": item["query"], "type": item["type"], "block": item["block"], "top": titles[:3]}
                )
                if set_name == "questions" and mode != "lexical":
                    # A result that links to the part that answers (a step, a section, a term):
                    # relevant when the item's title or that part's title holds an expected fragment.
                    parts = [f"{r.title} / {r.passage_title}" if r.passage_title else r.title for r in found.results]
                    row = score_query(parts, found.count, item["expected"], n_relevant)
                    systems.setdefault(f"{set_name}: {mode}, item or part ({connection.vendor})", []).append(
                        {**row, "query": item["query"], "type": item["type"], "block": item["block"], "top": parts[:3]}
                    )
                if mode == "hybrid" and set_name == "questions":
                    answer = found.answer
                    answers[item["query"]] = {
                        "title": answer.document_title if answer else None,
                        "passage": answer.title if answer else None,
                        "right": bool(answer and is_relevant(answer.document_title, item["expected"])),
                    }
            if baseline and connection.vendor == "postgresql" and set_name == "keywords":
                titles, count = baseline_search(connection, item["query"])
                row = score_query(titles, count, item["expected"], n_relevant)
                systems.setdefault("keywords: baseline PostgreSQL dutch", []).append(
                    {**row, "query": item["query"], "type": item["type"], "top": titles[:3]}
                )
    result = {
        "documents": len(public_titles),
        "types": types,
        "unanswerable": unanswerable,
        "systems": {name: {"summary": summarise(rows), "queries": rows} for name, rows in systems.items()},
        "answers": answers,
    }
    out_path.write_text(json.dumps(result, indent=1), encoding="utf-8")


BASELINE_VECTOR = (
    "setweight(to_tsvector('dutch', e.title), 'A') || setweight(to_tsvector('dutch', t.summary), 'B') || "
    "setweight(to_tsvector('dutch', t.body), 'C')"
)


def baseline_search(connection, text: str) -> tuple[list[str], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.title, ts_rank({BASELINE_VECTOR}, q) AS rank FROM search_searchentry e "
            "JOIN search_searchtext t ON t.entry_id = e.id, websearch_to_tsquery('dutch', %s) q "
            f"WHERE e.visibility = 'public' AND {BASELINE_VECTOR} @@ q ORDER BY rank DESC, e.id",
            [text],
        )
        rows = cursor.fetchall()
    return [row[0] for row in rows[:K]], len(rows)


# --- orchestration -------------------------------------------------------------------------


def postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(_with_db(url, "postgres"), connect_timeout=3):
            return True
    except Exception:
        return False


def _with_db(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def run_worker(env_extra: dict, queries: Path, baseline: bool, questions: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = {**os.environ, "VAR_DIR": tmp, "LOG_LEVEL": "WARNING", **env_extra}
        cmd = [sys.executable, __file__, "--worker", "--queries", str(queries), "--out", str(out)]
        if baseline:
            cmd.append("--baseline")
        if questions is not None:
            cmd += ["--questions", str(questions)]
        subprocess.run(cmd, env=env, check=True, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="Development questions (hybrid).")
    parser.add_argument("--json", type=Path, help="Also write all figures to this file.")
    parser.add_argument("--no-postgres", action="store_true", help="Skip PostgreSQL (ours and the baseline).")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.queries, args.out, args.baseline, args.questions)
        return 0

    runs = []
    print("Evaluatie op SQLite (tijdelijke database met de startinhoud) ...", flush=True)
    runs.append(
        run_worker(
            {"DATABASE_URL": "sqlite:///" + str(Path(tempfile.gettempdir()) / f"jv-eval-{os.getpid()}.sqlite3")},
            args.queries,
            False,
            args.questions,
        )
    )
    Path(tempfile.gettempdir(), f"jv-eval-{os.getpid()}.sqlite3").unlink(missing_ok=True)
    admin = None if args.no_postgres else postgres_admin_url()
    if admin and postgres_reachable(admin):
        import psycopg

        name = f"jv_eval_{os.getpid()}"
        print(f"Evaluatie op PostgreSQL (tijdelijke database {name}) ...", flush=True)
        with psycopg.connect(_with_db(admin, "postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        try:
            runs.append(run_worker({"DATABASE_URL": _with_db(admin, name)}, args.queries, True, args.questions))
        finally:
            with psycopg.connect(_with_db(admin, "postgres"), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
    else:
        print("PostgreSQL niet bereikbaar: geen baseline en geen PostgreSQL-meting.", flush=True)

    systems = {}
    for run in runs:
        systems.update(run["systems"])
    report(runs[0], systems)
    if args.json:
        args.json.write_text(json.dumps({"runs": runs}, indent=1), encoding="utf-8")
    return 0


def report(first_run: dict, systems: dict) -> None:
    names = list(systems)
    print()
    print(f"Documents (public): {first_run['documents']}; types in the index: {', '.join(first_run['types'])}")
    if first_run["unanswerable"]:
        print(f"Not answerable with the current content (left out): {', '.join(first_run['unanswerable'])}")
    metrics = ["MRR@10", "nDCG@10", "recall@10", "success@10", "zero-result rate"]
    groups = ["ALL"]
    width = max(len(n) for n in names) + 2
    for group in groups:
        print()
        print(f"[{group}]")
        print("  " + "system".ljust(width) + "n".rjust(4) + "".join(m.rjust(18) for m in metrics))
        for name in names:
            summary = systems[name]["summary"].get(group)
            if not summary:
                continue
            print("  " + name.ljust(width) + f"{summary['n']:4d}" + "".join(f"{summary[m]:18.3f}" for m in metrics))
    _by_block(names, systems)
    answers = first_run.get("answers") or {}
    if answers:
        shown = [a for a in answers.values() if a["title"]]
        right = sum(1 for a in shown if a["right"])
        print()
        print(
            f"Answer card (hybrid, questions): shown for {len(shown)} of {len(answers)} questions, "
            f"right item {right} of {len(shown)}"
        )
    for prefix in sorted({name.split(":")[0] for name in names}):
        _per_query(prefix, [n for n in names if n.startswith(prefix + ":")], systems)


def _by_block(names, systems) -> None:
    """Questions: MRR@10 / a right answer in the top 3, for the first set and each later addition
    apart (an addition written before a change was tried is a hold-out for it)."""
    names = [n for n in names if n.startswith("questions:")]
    rows = systems[names[0]]["queries"] if names else []
    blocks = sorted({row.get("block", 0) for row in rows})
    if len(blocks) < 2:
        return
    print()
    print("[questions by set] MRR@10 / right answer in the top 3")
    labels = [f"set {b} ({sum(1 for r in rows if r.get('block', 0) == b)})" for b in blocks] + [f"all ({len(rows)})"]
    width = max(len(n) for n in names) + 2
    print("  " + "system".ljust(width) + "".join(label.rjust(18) for label in labels))
    for name in names:
        cells = []
        for block in [*blocks, None]:
            part = [r for r in systems[name]["queries"] if block is None or r.get("block", 0) == block]
            mrr = sum(r["rr"] for r in part) / len(part)
            top3 = sum(r.get("top3", 0.0) for r in part) / len(part)
            cells.append(f"{mrr:.3f} / {100 * top3:.0f}%".rjust(18))
        print("  " + name.ljust(width) + "".join(cells))


def _per_query(prefix, names, systems) -> None:
    print()
    print(f"[{prefix}] rank of the first relevant result per query (- = not in the top 10), recall@10 in brackets:")
    header = (
        "  " + "query".ljust(34) + "type".ljust(14) + "".join(name.split(": ", 1)[-1][:22].rjust(24) for name in names)
    )
    print(header)
    for i, row in enumerate(systems[names[0]]["queries"]):
        cells = []
        for name in names:
            cell = systems[name]["queries"][i]
            rank = str(cell["rank"]) if cell["rank"] else "-"
            cells.append(f"{rank} ({cell['recall']:.2f})".rjust(24))
        print("  " + row["query"][:33].ljust(34) + row["type"][:13].ljust(14) + "".join(cells))


if __name__ == "__main__":
    sys.exit(main())
