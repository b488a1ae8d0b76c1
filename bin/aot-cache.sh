#!/usr/bin/env bash
# Prepares the fast start of a built Fulcrum jar (docs/guide/running.md, ADR 0072): extracts the jar into a directory
# and records the JVM's ahead-of-time cache there, in a training start on a throw-away database.
#
#   bin/aot-cache.sh [fulcrum.jar] [destination]      (defaults: target/fulcrum-*.jar, ./app)
#
# Then start Fulcrum with the command it prints on standard output, for example
#
#   java -XX:AOTCache=/srv/fulcrum/app/fulcrum.aot -Xms64m -jar /srv/fulcrum/app/fulcrum.jar
#
# (-Xms64m: the heap starts small and grows under load, instead of starting at 1/64 of the machine's memory; it keeps
# the idle footprint near 300 MiB.)
# Run it again after every new jar or JDK: the JVM ignores (with a warning) a cache made from other classes or by
# another JDK, and starts the slow way. The training start uses a temporary embedded database, a free port and no
# outside connections, so it may run while the previous version is still serving. JDK 25 or newer records an AOT cache
# (classes loaded and linked, method profiles: JEP 483/514/515); JDK 21 to 24 a class data sharing archive.
set -euo pipefail

jar=${1:-}
destination=${2:-app}
if [[ -z "$jar" ]]; then
    jar=$(ls "$(dirname "$0")"/../target/fulcrum-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
fi
if [[ -z "$jar" || ! -f "$jar" ]]; then
    echo "usage: $0 [fulcrum.jar] [destination]   (no jar found; build one with ./mvnw -DskipTests package)" >&2
    exit 2
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar_tool=${JAVA_HOME:+$JAVA_HOME/bin/}jar
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
feature=${feature%%.*}

mkdir -p "$destination"
destination=$(cd "$destination" && pwd)
rm -rf "$destination/lib" "$destination/fulcrum.jar" "$destination/fulcrum.aot" "$destination/fulcrum.jsa"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$destination" --application-filename fulcrum.jar \
    --force >/dev/null

link=""
if ((feature >= 25)); then
    # The JDK 25 AOT cache cannot load linked classes of a sealed package (the JVM defines the package before it
    # reads the jar's manifest, then refuses to seal it). Only xz, used by the embedded PostgreSQL to unpack its
    # binaries, is sealed among Fulcrum's libraries; sealing only guards against split packages, so it is lifted.
    # Without the JDK's jar tool the cache is recorded without class linking instead (a little slower to start).
    for library in "$destination"/lib/*.jar; do
        if unzip -p "$library" META-INF/MANIFEST.MF 2>/dev/null | grep -qi '^Sealed: *true'; then
            if command -v "$jar_tool" >/dev/null 2>&1 || [[ -x "$jar_tool" ]]; then
                printf 'Sealed: false\n' >"$destination/unseal.mf"
                "$jar_tool" --update --file "$library" --manifest "$destination/unseal.mf" 2>/dev/null
                rm -f "$destination/unseal.mf"
            else
                link="-XX:-AOTClassLinking"
            fi
        fi
    done
    record=(-XX:AOTCacheOutput="$destination/fulcrum.aot" $link)
    use="-XX:AOTCache=$destination/fulcrum.aot"
else
    record=(-XX:ArchiveClassesAtExit="$destination/fulcrum.jsa")
    use="-XX:SharedArchiveFile=$destination/fulcrum.jsa"
fi

training=$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-aot-training.XXXXXX")
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$training"
}
trap cleanup EXIT
log="$destination/aot-training.log"
key=fk_aottrain_trainingtrainingtrainingtraining
echo "training start (a temporary database in $training; about half a minute)..." >&2
# The training start runs until Fulcrum is ready, answers a few requests, and is stopped (SIGTERM): the JVM writes
# the cache as it exits. It listens on a free port, runs no demo and connects to no Kafka or external database.
env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    -u FULCRUM_KAFKA_BOOTSTRAP_SERVERS FULCRUM_DATA_DIR="$training" FULCRUM_DEMO_ENABLED=false PORT=0 \
    FULCRUM_BOOTSTRAP_API_KEY="$key" FULCRUM_BOOTSTRAP_ADMIN_PASSWORD=training-only-password \
    "$java" "${record[@]}" -jar "$destination/fulcrum.jar" >"$log" 2>&1 &
pid=$!
port=""
for ((waited = 0; waited < 3000; waited++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "the training start failed; see $log" >&2
        exit 1
    fi
    port=$(sed -n 's|.*Fulcrum is ready\. Console: http://localhost:\([0-9]*\)/.*|\1|p' "$log" | head -n 1)
    [[ -n "$port" ]] && break
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "the training start was not ready after 5 minutes; see $log" >&2
    exit 1
fi
if command -v curl >/dev/null; then
    for path in /actuator/health/readiness /api/v1/orders /api/v1/events /login; do
        curl -s -o /dev/null -H "Authorization: Bearer $key" "http://localhost:$port$path" || true
    done
fi
postmaster=$(head -n 1 "$training/postgres/postmaster.pid" 2>/dev/null || true)
kill -TERM "$pid"
wait "$pid" || true
pid=""
# The embedded PostgreSQL finishes its shutdown a moment after the JVM; its data directory is removed only then.
for ((waited = 0; waited < 300; waited++)); do
    [[ -n "$postmaster" ]] && kill -0 "$postmaster" 2>/dev/null || break
    sleep 0.1
done
if [[ ! -s "$destination/fulcrum.aot" && ! -s "$destination/fulcrum.jsa" ]]; then
    echo "no cache was written; see $log" >&2
    exit 1
fi
echo "start Fulcrum with:" >&2
echo "java $use -Xms64m -jar $destination/fulcrum.jar"
