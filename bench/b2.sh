#!/usr/bin/env bash
# B2, event propagation: commit -> webhook subscriber on localhost, commit -> Kafka consumer, p50/p99 under load.
# Usage: bench/b2.sh [clients=8] [seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.fulcrum.bench.EventPropagationBenchmark "$@"
