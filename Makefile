# Pacificsoft: the two commands of the README are `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory

.PHONY: deps build run test unit-test fuzz-test integration-test postgres-test cluster-test e2e-test check lint bench format clean

deps:
	@tools/install_deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD_DIR)/CMakeCache.txt
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@tools/build_ui.sh

run: build
	@HTTP_UI_DIR=$${HTTP_UI_DIR:-$(CURDIR)/ui/dist} $(BUILD_DIR)/pacificsoft --config config/pacificsoft.yml

test: build check lint unit-test fuzz-test integration-test postgres-test cluster-test e2e-test

unit-test:
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

fuzz-test:
	@tests/fuzz/run.sh

integration-test:
	@tests/integration/run_all.sh $(BUILD_DIR)/pacificsoft

postgres-test:
	@tests/postgres/run.sh $(BUILD_DIR)

cluster-test:
	@tests/cluster/run.sh $(BUILD_DIR)

e2e-test:
	@PACIFICSOFT_BIN=$(BUILD_DIR)/pacificsoft tests/e2e/run.sh

check:
	@tools/check_deps --self-test
	@tools/check_deps
	@tools/check_file_size

lint: build
	@tools/run_clang_tidy $(BUILD_DIR)

# Benchmarks and load runs in their own build dir (-DPACIFICSOFT_BENCH=ON), figures in BENCHMARKS.md.
BENCH_DIR ?= build-bench
bench: deps
	@cmake -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPACIFICSOFT_BENCH=ON >/dev/null
	@cmake --build $(BENCH_DIR) -j $(JOBS) --target benchmarks
	@python3 bench/run_bench.py --build-dir $(BENCH_DIR)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
