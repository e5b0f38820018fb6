# Time-proof tests (issue 14): the suite with the clock a year ahead, shifted inside the test
# processes by time-machine (`--clock-shift-days`, jv/quality/clock.py; every xdist worker too).
# PYTEST_ARGS narrows or spreads it, e.g. PYTEST_ARGS="jv/network jv/upkeep" or "-n 2 --dist loadgroup".
.PHONY: test-next-year

## test-next-year: the tests (without the browser tests) with the clock set one year ahead
test-next-year: install
	$(BIN)/python -m pytest -m "not browser" --clock-shift-days=365 $(PYTEST_ARGS)
