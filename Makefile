# tessera: top-level entry points. `make run` and `make test` each do the
# whole set-up (missing Debian packages, configure, build) first.

BUILD   ?= build
EXAMPLE ?= examples/resnet18.yaml
JOBS    ?= 2
SEEDS   ?= 200

.PHONY: all setup configure build run test regress bench lint synth clean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/CMakeCache.txt: | setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

configure: setup $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/tessera sim $(EXAMPLE)

test: build
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure

regress: build
	BUILD=$(BUILD) JOBS=$(JOBS) scripts/regress.sh $(SEEDS)

bench: build
	@mkdir -p $(BUILD)/bench
	$(BUILD)/bin/tessera bench model --out $(BUILD)/bench/model.json
	$(BUILD)/bin/tessera bench engine $(EXAMPLE) --out $(BUILD)/bench/engine.json
	cmake --build $(BUILD) -j $(JOBS) --target bench_dma
	TESSERA_BENCH_OUT=$(BUILD)/bench/dma.json $(BUILD)/bin/bench_dma "[.bench]"

lint: setup
	scripts/lint.sh

synth: setup
	node scripts/synth.mjs

clean:
	rm -rf $(BUILD)
