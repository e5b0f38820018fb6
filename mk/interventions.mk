# Interventiewijzer (jv.interventions)
BENCH_TARGETS += bench-interventions

.PHONY: bench-interventions

## bench-interventions: time the catalogue, gesprekshulp, API and exports (BENCH_INTERVENTIONS=500, BENCH_REPEAT=20)
bench-interventions: install
	$(BIN)/python bench/interventions/bench.py
