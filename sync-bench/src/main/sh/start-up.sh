#!/usr/bin/env bash
# The CLI's start, from the shell: wall and CPU time (/usr/bin/time) of `mirror-sync --version` and of a `status` of two local repositories
# (warm cache), each with the JVM's class sharing off, with the JDK's own archive (the default), and with
# mirror-sync's archive (sync-cli-example/src/main/sh/cds.sh, what the launcher and the action use). Runs interleaved,
# medians printed as a Markdown table.
#
#   bash sync-bench/src/main/sh/start-up.sh [RUNS] [JAR]     (default 15 runs, the jar the build made)
#
# The jar is copied into a work directory and an archive made for it there, so the build's own files stay as they are.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
runs=${1:-15}
source_jar=${2:-}
if [ -z "$source_jar" ]; then
  for candidate in "$root"/sync-cli-example/target/sync-cli-example-*.jar; do
    case "$candidate" in *-sources.jar | *-javadoc.jar | *-tests.jar) ;; *) source_jar=$candidate ;; esac
  done
fi
[ -f "$source_jar" ] || { echo "no CLI jar: build it with mvn -B -ntp -DskipTests package" >&2; exit 2; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

work=$(mktemp -d "${TMPDIR:-/tmp}/mirror-sync-start-up.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cli"
jar="$work/cli/mirror-sync.jar"
cp "$source_jar" "$jar"
sh "$root/sync-cli-example/src/main/sh/cds.sh" create "$java" "$jar" >&2
# shellcheck source=/dev/null
. "$root/sync-cli-example/src/main/sh/cds.sh"
mirror_sync_cds "$java" "$jar"
[ -n "$MIRROR_SYNC_CDS" ] || { echo "no archive was made for $java" >&2; exit 1; }

export HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q --bare -b main "$work/private.git"
git init -q --bare -b main "$work/public.git"
git -C "$work" init -q -b main tree
git -C "$work/tree" -c user.name=bench -c user.email=bench@example.invalid commit -q --allow-empty -m first
git -C "$work/tree" push -q "$work/private.git" main
git -C "$work/tree" push -q "$work/public.git" main
status=(status --private "$work/private.git" --public "$work/public.git" --cache "$work/cache" --json)
"$java" -jar "$jar" "${status[@]}" >/dev/null # warms the cache

read -r -a cds_options <<<"$MIRROR_SYNC_CDS_OPTIONS"
declare -A times cpu
variants=(off default archive)
options() {
  case "$1" in
    off) printf '%s\n' -Xshare:off ;;
    default) ;;
    archive) printf '%s\n' "-XX:SharedArchiveFile=$MIRROR_SYNC_CDS" "${cds_options[@]}" ;;
  esac
}
for ((i = 0; i < runs; i++)); do
  for variant in "${variants[@]}"; do
    mapfile -t opts < <(options "$variant")
    for what in version status; do
      if [ "$what" = version ]; then args=(--version); else args=("${status[@]}"); fi
      /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$java" "${opts[@]}" -jar "$jar" "${args[@]}" >/dev/null
      read -r wall user sys <"$work/time.txt"
      times[$variant.$what]+="$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }') "
      cpu[$variant.$what]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }') "
    done
  done
done
median() {
  tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'
}
echo "| run ($runs each, medians: wall ms / CPU ms) | class sharing off | the JDK's archive (default) | mirror-sync's archive |"
echo "|---|---|---|---|"
tick='`'
for what in version status; do
  printf '| %s | %s / %s | %s / %s | %s / %s |\n' "${tick}$what${tick}" \
    "$(median "${times[off.$what]}")" "$(median "${cpu[off.$what]}")" \
    "$(median "${times[default.$what]}")" "$(median "${cpu[default.$what]}")" \
    "$(median "${times[archive.$what]}")" "$(median "${cpu[archive.$what]}")"
done
echo
echo "$("$java" -version 2>&1 | head -n 1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), archive $(wc -c <"$MIRROR_SYNC_CDS" | tr -d ' ') bytes, jar $(wc -c <"$jar" | tr -d ' ') bytes"
