# kartoteka — the two commands: `make run` and `make test`. See README.md.
BUILD_DIR ?= build
DATA_DIR ?= ./data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Let ccache hit across clones in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
# Playwright drives Debian's Chromium; npm must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: all deps build server web run test test-cpp test-openapi test-web screenshots bench format clean fuzz-build fuzz-smoke test-fuzz

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

server: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: deps web/node_modules/.package-lock.json
	cd web && npm run build

build: server web

run: build
	$(BUILD_DIR)/kartoteka serve --data $(DATA_DIR) --listen $(LISTEN)

test: build test-cpp test-openapi test-web test-fuzz

test-cpp: server
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-openapi: deps web/node_modules/.package-lock.json
	cd web && npx --no-install redocly lint ../openapi/openapi.json

test-web: build
	cd web && KARTOTEKA_BINARY=$(abspath $(BUILD_DIR))/kartoteka npm run test:e2e

# Spreadsheet reader fuzzers (libFuzzer, clang++-14) in their own build dir; the main build stays g++.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 20
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
		-DKARTOTEKA_FUZZ=ON -DKARTOTEKA_BUILD_TESTS=OFF
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz_xlsx fuzz_ods fuzz_csv fuzz_xls

fuzz-smoke: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

# The short run in `make test`: 3 readers x 15 s. fuzz_xls is left out here because it soon hits a
# stack-buffer-underflow inside Debian's libfreexl 1.0.6 (fuzz/known-crashes/); `make fuzz-smoke` still runs it.
test-fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD_DIR) 15 xlsx ods csv

screenshots: build
	cd web && KARTOTEKA_BINARY=$(abspath $(BUILD_DIR))/kartoteka KARTOTEKA_SCREENSHOTS=1 npm run test:e2e

bench: build
	bench/run.sh

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) web/dist
