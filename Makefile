# feedwatch: `make run` runs the daemon on ./feeds.yml, `make test` runs the test suite.
# Both install the Debian/Ubuntu packages they need first (scripts/install-deps.sh).

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
CONFIG ?= feeds.yml
BIN := .build/release/feedwatch

.PHONY: all deps test-deps build link-flags smoke run once check test install uninstall conformance clean clean-modules

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

# The Swift runtime and Foundation are linked statically: the installed binary keeps working when
# the toolchain in /opt is upgraded or removed (Swift has no stable ABI on Linux), and the daemon
# maps fewer shared pages (docs/performance.md, Daemon: 47 MB instead of 52 MB after a first pass).
#
# LINK_FLAGS keep the dynamic loader from reading tables feedwatch does not need (docs/performance.md,
# "Fetcher, session 6": 5,000 feeds peaked 2.5-4.5 MB lower, --version 24 -> 21 MB):
# - no exported symbols: the static Swift runtime's link exports all 17,000 of our objects' symbols,
#   for dlsym callers feedwatch does not have;
# - where the C library reads them (glibc 2.36 and later: Debian 12, Ubuntu 24.04), relative
#   relocations packed (RELR): 97,000 of them are 2.3 MB of table in the classic format, 18 KB packed.
#   gold cannot write them, so lld, which ships with Swift, links (when it is found).
LINK_FLAGS := -Xlinker --no-export-dynamic
GLIBC_HAS_RELR := $(shell getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ split($$2, v, "."); if (v[1] > 2 || (v[1] == 2 && v[2] >= 36)) print "yes" }')
HAVE_LLD := $(shell command -v ld.lld >/dev/null 2>&1 || test -x "$$(dirname "$$(command -v $(SWIFT))")/ld.lld" && echo yes)
ifeq ($(GLIBC_HAS_RELR)$(HAVE_LLD),yesyes)
LINK_FLAGS += -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs
endif

build: deps
	$(SWIFT) build -c release --product feedwatch --static-swift-stdlib $(LINK_FLAGS)

## The flags `build` links with (bench/fetch/run.sh builds the same binary).
link-flags:
	@echo $(LINK_FLAGS)

## Run the daemon in the foreground on $(CONFIG) (Ctrl-C stops it).
run: build
	$(BIN) run --config $(CONFIG)

## One pass over every feed, then exit.
once: build
	$(BIN) run --config $(CONFIG) --once

check: build
	$(BIN) check --config $(CONFIG)

## The installed binary, end to end: `make build`'s link, the parser's golden documents, two passes
## over a feed on 127.0.0.1 (the tests run the debug build; CI runs both).
smoke: build
	scripts/smoke-release.sh $(BIN)

## The whole test suite: unit tests per module and end-to-end tests on 127.0.0.1.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/check-unit.sh .build/debug/feedwatch

install: build
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/feedwatch
	install -D -m 0644 systemd/feedwatch.service $(DESTDIR)/etc/systemd/system/feedwatch.service
	sed -i 's|/usr/local/bin/feedwatch|$(PREFIX)/bin/feedwatch|' $(DESTDIR)/etc/systemd/system/feedwatch.service
	@if [ -e $(DESTDIR)/etc/feedwatch/feeds.yml ]; then \
	  echo "keeping existing $(DESTDIR)/etc/feedwatch/feeds.yml"; \
	else \
	  install -D -m 0644 feeds.yml $(DESTDIR)/etc/feedwatch/feeds.yml; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/feedwatch $(DESTDIR)/etc/systemd/system/feedwatch.service

## Parser agreement with the reference corpus (needs ../shared from the development checkout).
conformance: build
	python3 ../shared/tools/conformance.py --cmd "$(BIN) parse --json"

clean:
	rm -rf .build

## Our modules' objects only (the packages' stay): after a change to a struct's stored properties, an
## incremental build may leave other modules compiled against the old size (docs/performance.md,
## "Fetcher, session 7").
## Deleting the objects (not the directories: they hold generated sources the build plan expects)
## makes every file of our modules compile again.
clean-modules:
	find .build -type f \( -path '*/Feedwatch*.build/*' -o -path '*/feedwatch*.build/*' \) \
		\( -name '*.o' -o -name '*.swiftdeps' -o -name '*.priors' \) -delete

## The crash test with many more kills than CI runs (FEEDWATCH_CRASH_ITERATIONS).
crash-soak: test-deps
	FEEDWATCH_CRASH_ITERATIONS=300 $(SWIFT) test --filter CrashRecoveryTests
