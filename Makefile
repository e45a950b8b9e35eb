# casino-streams. The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
JAVA_HOME ?= $(shell bin/find-jdk)
export JAVA_HOME
MVN := ./mvnw -B -ntp

# everything the build reads; `make run` rebuilds only when one of these changed
BUILD_INPUTS := $(shell find . \( -name target -o -name .run -o -name .git -o -name node_modules \) -prune -o \
	-type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.sql' -o -name '*.proto' -o -path '*/src/main/resources/*' \) -print)

.PHONY: run run-cluster test build bench bench-enricher bench-materializer bench-wallet bench-reporting bench-drain bench-failover bench-tools lint-compose compose-check clean help

help:
	@echo "make run    - build if needed, start Kafka, Postgres and every service (Ctrl-C stops)" >&2
	@echo "make run-cluster - the same on three Kafka brokers (RUN_BROKERS=3), topics replicated 3x" >&2
	@echo "make test   - every unit and integration test (real in-process Kafka and Postgres)" >&2
	@echo "make bench  - benchmarks with figures against same-run baselines" >&2
	@echo "make compose-check - docker compose up --build for real (default and cluster profiles), then down" >&2

run: .run/build.stamp
	@bin/run-local

# the same with three Kafka brokers (each its own JVM) and every topic replicated 3 times, min.insync.replicas 2
run-cluster: .run/build.stamp
	@RUN_BROKERS=3 bin/run-local

build: .run/build.stamp

.run/build.stamp: $(BUILD_INPUTS)
	@mkdir -p .run
	@$(MVN) -q package -DskipTests >&2
	@touch $@

# three modules at a time once their dependencies are built (each module has its own broker): on 2 cores
# this finished CI in 564-610 s against 643-652 s with two, as the tests also wait on brokers, Postgres and JVM starts
test:
	$(MVN) -T 3 verify

bench: bench-tools
	$(MVN) -q install -DskipTests
	$(MVN) test -Pbench -Dsurefire.failIfNoSpecifiedTests=false

# one section: make bench-enricher, bench-materializer, bench-wallet, bench-reporting
bench-enricher bench-materializer bench-wallet: bench-tools
	$(MVN) -q install -DskipTests
	$(MVN) test -Pbench -pl $(@:bench-%=%) -Dsurefire.failIfNoSpecifiedTests=false

# the reporting section builds what it needs from this tree (-am), installs nothing, and needs no load tools; its
# output ends with the summary lines (CSV, lag under load, mirror vs bare JDBC batch: N.NNx)
bench-reporting:
	$(MVN) test -Pbench -pl reporting -am -Dtest=ReportingBench -Dsurefire.failIfNoSpecifiedTests=false

# issue 24 at scale: two wallet instances on three brokers (each its own JVM), 100,000 wallets, one instance killed with -9,
# without and with a standby; the state per wallet and a restore from an empty state directory (-Dbench.wallets, .repeats)
bench-failover:
	$(MVN) test -Pbench -pl faults -am -Dtest=InstanceFailoverBench -Dsurefire.failIfNoSpecifiedTests=false $(BENCH_ARGS)

# the enricher's rate and the materializer's drain rate in one run; the materializer prints the ratio
bench-drain:
	$(MVN) -q install -DskipTests
	$(MVN) test -Pbench -pl enricher,materializer -Dtest='EnricherBenchmarkTest,MaterializerBenchmark' \
		-Dbench.http=false -Dsurefire.failIfNoSpecifiedTests=false

# the wallet benchmark's load generators run in their own processes: wrk, and hey for seed 002's command, from the
# distribution's packages
bench-tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >&2 || sudo apt-get install -y -q wrk >&2; }
	@command -v hey >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q hey >&2 || sudo apt-get install -y -q hey >&2; }

# validates docker-compose.yml against the compose specification schema (style rules off)
lint-compose:
	npx --yes dclint@3.1.0 -c .dclintrc.yaml docker-compose.yml

# docker compose up --build for real, default profile then cluster, on local stand-ins of the base images
# (no image registry needed; installs Debian's docker.io, docker-compose and debootstrap if missing, as root)
compose-check:
	bin/compose-check

clean:
	$(MVN) -q clean
	rm -rf .run
