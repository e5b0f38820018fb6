# Search module targets (included by the Makefile).
BENCH_TARGETS += bench-search
BENCH_DOCS ?= 100000
BENCH_QUERIES ?= 300
BENCH_QUESTIONS ?= 100

.PHONY: eval-search bench-search rebuild-search-index

## eval-search: score the development keywords and questions (lexical, semantic, hybrid; SQLite and PostgreSQL; PostgreSQL's own Dutch search)
eval-search: install
	$(BIN)/python bench/search/eval_search.py

## bench-search: synthetic Dutch corpus of $(BENCH_DOCS) documents: indexing throughput, keyword latency (words only and hybrid) and question latency (hybrid, $(BENCH_QUESTIONS) plain-Dutch questions); semantic side (embedding, matrix of $(BENCH_DOCS) vectors, worker memory)
bench-search: install
	$(BIN)/python bench/search/bench_search.py --docs $(BENCH_DOCS) --queries $(BENCH_QUERIES) --questions $(BENCH_QUESTIONS)
	$(BIN)/python bench/search/bench_semantic.py --rows $(BENCH_DOCS)

## rebuild-search-index: rebuild the search index from all content
rebuild-search-index: install
	$(BIN)/python manage.py rebuild_search_index
