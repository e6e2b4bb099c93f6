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

.PHONY: all deps build server web run test test-cpp test-openapi test-web screenshots bench format clean

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

test: build test-cpp test-openapi test-web

test-cpp: server
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-openapi: deps web/node_modules/.package-lock.json
	cd web && npx --no-install redocly lint ../openapi/openapi.json

test-web: build
	cd web && KARTOTEKA_BINARY=$(abspath $(BUILD_DIR))/kartoteka npm run test:e2e

screenshots: build
	cd web && KARTOTEKA_BINARY=$(abspath $(BUILD_DIR))/kartoteka KARTOTEKA_SCREENSHOTS=1 npm run test:e2e

bench: build
	bench/run.sh

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) web/dist
