"""Tune the hybrid ranking's weights on the development sets (keywords and questions).

    VAR_DIR=... python bench/search/tune_hybrid.py   # on an indexed database (starter content)

Runs every query of bench/search/search-dev.tsv and search-questions.tsv once through the word
search (top 50) and the semantic index (top 100 passages), then scores a grid of fusion weights
(jv.search.hybrid.Params) offline, per query kind (keywords / questions), and prints the best
settings with MRR@10 and top-3 for each set, and the current settings on each half of a set
(A: the 1st, 3rd, ... query; B: the 2nd, 4th, ...): choose on one half, check on the other. Every
setting is judged on a whole set or half, never on a single query; the keyword set must not get
worse than the word search alone. Questions added later ("# Added ..." blocks of the question
file) are hold-outs: the halves and the grid use only the first block; the others are reported
apart with the current settings.
"""

from __future__ import annotations

import itertools
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from eval_search import DEFAULT_QUERIES, DEFAULT_QUESTIONS, is_relevant, read_queries

    from jv.core.visibility import allowed_levels
    from jv.search import hybrid, semantic, service
    from jv.search import query as query_module
    from jv.search.backends import Filters, backend_for
    from jv.search.models import SearchEntry

    user = AnonymousUser()
    titles = dict(SearchEntry.objects.values_list("pk", "title"))
    synonyms = query_module.load_synonyms()
    backend = backend_for()
    filters = Filters(levels=[str(level) for level in allowed_levels(user)])
    data = {}
    only = sys.argv[1] if len(sys.argv) > 1 else None  # "keywords" or "questions"
    public = list(SearchEntry.objects.filter(visibility="public").values_list("title", flat=True))
    for name, path in (("keywords", DEFAULT_QUERIES), ("questions", DEFAULT_QUESTIONS)):
        if only and name != only:
            continue
        rows = []
        for item in read_queries(path):
            text = item["query"]
            parsed = query_module.parse(text, synonyms)
            if hybrid.is_question(text):
                stripped = query_module.parse(hybrid.strip_question(text), synonyms)
                parsed = stripped if not stripped.is_empty else parsed
            with backend.session():
                expr = parsed.expr
                count = backend.count(expr, filters)
                any_words = False
                # As the service does: some of the words when no item (a question: at most one) has all.
                few = service.QUESTION_ALL_WORDS_MIN if hybrid.is_question(text) else 1
                if count < few and len(parsed.clauses) > 1:
                    any_count = backend.count(parsed.any_expr, filters)
                    if any_count > count:
                        expr, count, any_words = parsed.any_expr, any_count, True
                exact = None if any_words else parsed.exact_expr
                typed = None if any_words else parsed.typed_expr
                # As the service does: a question with some of its words is ranked by BM25 alone.
                flat = any_words and hybrid.is_question(text)
                lexical = (
                    backend.search(expr, filters, limit=hybrid.LEXICAL_DEPTH, exact=exact, typed=typed, flat=flat)
                    if count
                    else []
                )
            hits = semantic.search(text, allowed_levels(user), k=hybrid.SEMANTIC_DEPTH)
            n_relevant = sum(1 for title in public if is_relevant(title, item["expected"]))
            rows.append({"item": item, "lexical": lexical, "count": count, "semantic": hits, "n": n_relevant})
        data[name] = rows

    def ndcg(ranked, row):
        gains = [1 if is_relevant(t, row["item"]["expected"]) else 0 for t in ranked[:10]]
        ideal = sum(1 / math.log2(i + 2) for i in range(min(row["n"], 10)))
        return sum(g / math.log2(i + 2) for i, g in enumerate(gains)) / ideal if ideal else 0.0

    def evaluate(rows, params, use_lexical=True):
        rr, top3, answered, right, gain = 0.0, 0, 0, 0, 0.0
        for row in rows:
            plan = hybrid.fuse(
                row["item"]["query"],
                row["semantic"],
                lambda n, row=row: row["lexical"][:n],
                row["count"] if use_lexical else 0,
                params=params,
            )
            ranked = [titles.get(entry_id, "") for entry_id, *_rest in plan.ranked][:10]
            first = next((i + 1 for i, t in enumerate(ranked) if is_relevant(t, row["item"]["expected"])), None)
            rr += 1 / first if first else 0.0
            top3 += 1 if first and first <= 3 else 0
            gain += ndcg(ranked, row)
            if plan.answer is not None:
                answered += 1
                right += is_relevant(titles.get(plan.answer.entry_id, ""), row["item"]["expected"])
        n = len(rows)
        evaluate.ndcg = gain / n
        return rr / n, top3 / n, answered, right

    def lexical_only(rows):
        rr, top3, gain = 0.0, 0, 0.0
        for row in rows:
            ranked = [titles.get(hit.entry_id, "") for hit in row["lexical"]][:10]
            first = next((i + 1 for i, t in enumerate(ranked) if is_relevant(t, row["item"]["expected"])), None)
            rr += 1 / first if first else 0.0
            top3 += 1 if first and first <= 3 else 0
            gain += ndcg(ranked, row)
        return rr / len(rows), top3 / len(rows), gain / len(rows)

    for name, rows in list(data.items()):
        for block in sorted({row["item"]["block"] for row in rows} - {0}):
            part = [row for row in rows if row["item"]["block"] == block]
            current = hybrid.PARAMS["question" if name == "questions" else "keyword"]
            mrr, top3, *_ = evaluate(part, current)
            print(f"{name}: hold-out block {block} ({len(part)}), current settings: MRR {mrr:.3f} top3 {top3:.3f}")
        data[name] = rows = [row for row in rows if row["item"]["block"] == 0]
        mrr, top3, gain = lexical_only(rows)
        print(f"{name}: lexical only MRR {mrr:.3f} top3 {top3:.3f} nDCG {gain:.3f}")
        mrr, top3, *_ = evaluate(rows, hybrid.SEMANTIC_ONLY, use_lexical=False)
        print(f"{name}: semantic only MRR {mrr:.3f} top3 {top3:.3f}")
        for prior in (0.02, 0.04, 0.06, 0.1):
            params = hybrid.Params(**{**hybrid.SEMANTIC_ONLY.__dict__, "type_prior": prior})
            mrr, top3, *_ = evaluate(rows, params, use_lexical=False)
            print(f"{name}: semantic only, type prior {prior}: MRR {mrr:.3f} top3 {top3:.3f}")
        current = hybrid.PARAMS["question" if name == "questions" else "keyword"]
        print(f"{name}: current {current} -> {evaluate(rows, current)} nDCG {evaluate.ndcg:.3f}")
        # Tune on one half, check on the other (A: 1st, 3rd, ... query; B: 2nd, 4th, ...).
        for half, part in (("A", rows[0::2]), ("B", rows[1::2])):
            mrr, top3, *_ = evaluate(part, current)
            print(f"{name}: current, half {half} ({len(part)}): MRR {mrr:.3f} top3 {top3:.3f}")

    grid = {
        "w_sem": [0.0, 0.05, 0.15] if only == "keywords" else [1.0],
        "w_lex": [0.0, 0.2, 0.4, 0.6, 1.0, 1.5, 2.0, 3.0, 5.0],
        "k": [1.0, 3.0, 5.0, 10.0],
        "delta": [0.03, 0.05],
        "passage_penalty": [0.0, 0.004, 0.01],
        "type_prior": [0.0, 0.02, 0.04, 0.06, 0.1],
    }
    for name, rows in data.items():
        base = hybrid.PARAMS["question" if name == "questions" else "keyword"]
        results = []
        for w_sem, w_lex, k, delta, penalty, prior in itertools.product(
            grid["w_sem"], grid["w_lex"], grid["k"], grid["delta"], grid["passage_penalty"], grid["type_prior"]
        ):
            params = hybrid.Params(
                **{
                    **base.__dict__,
                    "w_sem": w_sem,
                    "w_lex": w_lex,
                    "k": k,
                    "delta": delta,
                    "passage_penalty": penalty,
                    "type_prior": prior,
                }
            )
            mrr, top3, answered, right = evaluate(rows, params)
            results.append((mrr, evaluate.ndcg, top3, w_sem, w_lex, k, delta, penalty, prior))
        results.sort(reverse=True)
        print(f"\n{name}: best settings (MRR@10, nDCG@10, top-3, w_sem, w_lex, k, delta, passage_penalty, type_prior)")
        for line in results[:8]:
            print("  " + "  ".join(f"{v:.3f}" for v in line))
        for margin in (0.0, 0.005, 0.01, 0.015, 0.02, 0.03):
            params = hybrid.Params(**{**base.__dict__, "answer_margin": margin})
            mrr, top3, answered, right = evaluate(rows, params)
            print(f"  answer margin {margin}: shown {answered}/{len(rows)}, right {right}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
