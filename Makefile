# casedesk — build, run and test.
#
#   make run     install what is missing (as root), build in release mode, open the desk on screen
#                (? lists the keys; a first run offers to create the store)
#   make test    install what is missing (as root), run the whole test suite (the screens' end-to-end
#                tests drive the built binary in tmux; the store's tests also run on a PostgreSQL
#                cluster they start and stop themselves)
#
# Pass arguments to casedesk with ARGS, e.g. `make run ARGS="--db /tmp/desk.sqlite --theme light"`
# or `make run ARGS="due 2027-03-25 2"`.

# postgresql: the tests start a throwaway cluster of their own (initdb + pg_ctl in a temporary folder,
# on a Unix socket only, stopped when the tests end); libpq-dev: the PostgreSQL backend's client library;
# iproute2: ip(8), with which a test run as root puts two desk members on two network namespaces.
SYSTEM_PACKAGES := libncursesw5-dev libsqlite3-dev sqlite3 tmux postgresql libpq-dev iproute2
SWIFT ?= swift
ARGS ?=

.PHONY: run test build setup clean

setup:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing) || exit 1; \
	  else \
	    echo "casedesk needs these system packages. Install them, then run make again:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

# Swift's runtime and Foundation are linked into the binary: the dynamic loader then has a few
# libraries to bind instead of a dozen, and casedesk reaches its first frame about 9 ms sooner.
build: setup
	$(SWIFT) build -c release --static-swift-stdlib

run: build
	.build/release/casedesk $(ARGS)

test: setup
	$(SWIFT) test

clean:
	rm -rf .build
