# Network module: benchmark of the dossier PDF, the agenda feed and list pages.
# Sizes: BENCH_NETWORK_EVENTS (500), BENCH_NETWORK_ORGS (200), BENCH_NETWORK_REPEAT (5).
.PHONY: bench-network
BENCH_TARGETS += bench-network

bench-network: install
	$(BIN)/python bench/network/bench_network.py
