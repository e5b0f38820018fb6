# Time-proof tests (issue 14): the suite with the clock a year ahead (needs `faketime`, Debian
# package faketime). PYTEST_ARGS narrows it, e.g. PYTEST_ARGS="jv/network jv/upkeep".
.PHONY: test-next-year

## test-next-year: the tests with the clock set one year ahead (libfaketime)
test-next-year: install
	@command -v faketime >/dev/null || { echo "faketime is nodig (apt-get install faketime)"; exit 1; }
	faketime -f '+365d' $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)
