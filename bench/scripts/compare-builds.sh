#!/usr/bin/env bash
# compare-builds.sh: runs the same clusterbench invocation against the servers of several commits,
# interleaved (A B C A B C ...), so each optimisation's before/after shares the machine's moment.
# The bench itself (client, floor, table) is always this checkout's; only the servers differ.
#
#   bench/scripts/compare-builds.sh --rounds 2 --commits "9871083 HEAD" -- --clients 1,64 --duration 5s
#
# Each commit is checked out once into target/compare/<commit> (a detached git worktree) and its
# servers built there (tests skipped). Output: every clusterbench table row and JSON line, each
# JSON line prefixed with the commit: "<commit> {...}".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=1
COMMITS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --commits) COMMITS="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 --commits \"<c1> <c2> ...\" [--rounds N] -- <clusterbench flags>" >&2; exit 2 ;;
  esac
done
[ -n "$COMMITS" ] || { echo "$0: --commits is required" >&2; exit 2; }

# Worktrees left behind by an earlier run whose target/ was cleaned since are forgotten first.
git -C "$ROOT" worktree prune
"$ROOT/ios" build >/dev/null
BENCH_CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
declare -A SERVER_CP
for c in $COMMITS; do
  sha="$(git -C "$ROOT" rev-parse --short "$c")"
  dir="$ROOT/target/compare/$sha"
  if [ ! -d "$dir" ]; then
    git -C "$ROOT" worktree add --detach "$dir" "$sha" >/dev/null
  fi
  if [ ! -f "$dir/ios-server/target/classpath.txt" ]; then
    echo "compare-builds: building the servers of $sha" >&2
    (cd "$dir" && ./mvnw -B -q -DskipTests package -pl ios-server -am >&2)
  fi
  SERVER_CP[$c]="$dir/ios-server/target/classes:$(cat "$dir/ios-server/target/classpath.txt")"
done

for round in $(seq 1 "$ROUNDS"); do
  for c in $COMMITS; do
    echo "# round $round, servers of $c ($(git -C "$ROOT" log -1 --format='%h %s' "$c" | cut -c1-80))"
    java --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
      --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true \
      -Dios.home="$ROOT" -Dios.server.classpath="${SERVER_CP[$c]}" -cp "$BENCH_CP" \
      dev.ios.bench.clusterbench.ClusterBenchMain "$@" | sed "s/^{/$c {/"
  done
done
