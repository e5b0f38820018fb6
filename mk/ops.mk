# Operations (jv/ops): sizing benchmark on one and two gunicorn instances (PostgreSQL + Redis).
.PHONY: bench-instances

## bench-instances: requests/s for home and a theme page on 1 and 2 instances (needs wrk, Redis)
bench-instances: install
	$(BIN)/python bench/ops/bench_instances.py

BENCH_TARGETS += bench-instances
