# Monitor module: national-scale benchmark (import time, dashboard and series API p95).
# Size: BENCH_GEMEENTEN (342), BENCH_YEARS (20), BENCH_INDICATORS (10), BENCH_REQUESTS (200).
# Then the statistics scenario of issue 18 (342 gemeenten, 5 indicators, 10 years, with a population
# denominator: intervals, tests, trends, funnel): BENCH_STATS_INDICATORS (5), BENCH_STATS_YEARS (10).
.PHONY: bench-monitor
BENCH_TARGETS += bench-monitor

bench-monitor: install
	@mkdir -p var
	@echo "== bench-monitor: SQLite"
	env -u DATABASE_URL $(BIN)/python bench/monitor/bench_monitor.py --json var/bench-monitor-sqlite.json
	@if command -v pg_isready >/dev/null && pg_isready -h $${PGHOST:-127.0.0.1} -p $${PGPORT:-5432} -q; then \
		echo "== bench-monitor: PostgreSQL"; \
		DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@$${PGHOST:-127.0.0.1}:$${PGPORT:-5432}/jv_bench_monitor} \
			$(BIN)/python bench/monitor/bench_monitor.py --json var/bench-monitor-postgres.json; \
	else echo "== bench-monitor: PostgreSQL not reachable, skipped"; fi
	@echo "== bench-monitor: statistics (SQLite, population denominator)"
	env -u DATABASE_URL $(BIN)/python bench/monitor/bench_monitor.py --population \
		--indicators $${BENCH_STATS_INDICATORS:-5} --years $${BENCH_STATS_YEARS:-10} --json var/bench-monitor-stats.json
