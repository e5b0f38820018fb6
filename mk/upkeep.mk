# Upkeep: link checker, review digest, backup and restore (docs/upkeep.md).
.PHONY: check-links review-digest export-content bench-upkeep

## check-links: check the links that are due (cron: daily; a full run with `manage.py check_links`)
check-links: install
	$(BIN)/python manage.py check_links --only-due

## review-digest: send the weekly review digest (idempotent per ISO week; cron: daily or weekly)
review-digest: install
	$(BIN)/python manage.py send_review_digest

## export-content: write all editorial content to var/exports/<date-time>/
export-content: install
	$(BIN)/python manage.py export_content var/exports/$$(date +%Y%m%d-%H%M%S)

## bench-upkeep: link checker against local servers (sizes: see bench/upkeep/linkcheck_bench.py --help)
bench-upkeep: install
	$(BIN)/python bench/upkeep/linkcheck_bench.py $(BENCH_UPKEEP_ARGS)

BENCH_TARGETS += bench-upkeep
