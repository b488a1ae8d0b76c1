#!/usr/bin/env bash
# B1 before/after: builds the jar of two commits and runs B1 alternately on each, so drift of a shared machine hits
# both alike; prints one table row per run. The medians and spread are for the reader (see BENCHMARKS.md).
#
#   bench/b1-compare.sh <before-commit> [after-commit, default HEAD] [runs, default 3] [extra b1.sh options...]
#   e.g. bench/b1-compare.sh 07a37a3 HEAD 3 --clients 64 --import 0
#
# Each commit is checked out into a temporary git worktree (the working tree here is not touched) and built with
# `./mvnw -q -B -DskipTests package`; needs what bench/b1.sh needs (pgbench, psql; wrk for the light driver).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
before=${1:?"usage: bench/b1-compare.sh <before-commit> [after-commit] [runs] [b1.sh options...]"}
after=${2:-HEAD}
runs=${3:-3}
shift $(($# < 3 ? $# : 3))
options=("$@")
[[ ${#options[@]} -gt 0 ]] || options=(--clients 64 --import 0)
work=$(mktemp -d /tmp/fulcrum-b1-compare.XXXXXX)
declare -A jars
for name in before after; do
    commit=$([[ $name == before ]] && echo "$before" || echo "$after")
    git -C "$root" worktree add -q --detach "$work/$name" "$commit"
    echo "building $name ($(git -C "$work/$name" rev-parse --short HEAD))..." >&2
    (cd "$work/$name" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package >"$work/$name-build.log" 2>&1)
    jars[$name]=$(ls "$work/$name"/target/fulcrum-*.jar | grep -v plain | head -n 1)
done
cleanup() { for name in before after; do git -C "$root" worktree remove --force "$work/$name" 2>/dev/null || true; done; }
trap cleanup EXIT
for ((i = 1; i <= runs; i++)); do
    for name in before after; do
        echo "=== run $i $name $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
        (cd "$work/$name" && FULCRUM_JAR=${jars[$name]} bench/b1.sh "${options[@]}" --out "$work/run-$i-$name" 2>&1 |
            grep -E '^\| [0-9]')
    done
done
echo "output in $work"
