#!/usr/bin/env bash
# The logic of mirror-sync's GitHub Action (action.yml), one step per sub-command:
#
#   run.sh prepare   cache paths and keys                       -> cli-dir, cli-key, cache-dir, cache-key, cache-restore-key
#   run.sh fetch     the CLI for the action's own ref: a cached copy, else the release asset of that tag checked
#                    against its published SHA-256, else a build of the action's checkout; and a class-data-sharing
#                    archive of it for this JVM (sync-cli-example/src/main/sh/cds.sh) -> jar
#   run.sh run       masks the tokens, runs the CLI with --json, writes the job summary -> exit-code, needs-human, report
#
# It reads only what a runner gives a step (GITHUB_*, RUNNER_*) and the INPUT_*/MIRROR_SYNC_* variables action.yml
# sets, so tests run it without GitHub (sync-cli-example's ActionScriptIT). Tokens are read from the environment
# only and never put on a command line.
set -euo pipefail

# The class-data-sharing archive's one owner, and the JVM options' (jvm.sh), shared with the mirror-sync launcher.
CDS_SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/sync-cli-example/src/main/sh/cds.sh"
# shellcheck source=/dev/null # (checked on its own)
. "$CDS_SCRIPT"
# shellcheck source=/dev/null # (checked on its own)
. "$(dirname "$CDS_SCRIPT")/jvm.sh"

die() {
  # $1: exit code, $2: message. An ::error:: annotation is what a person sees first on the run's page.
  echo "::error title=mirror-sync::$2"
  echo "mirror-sync action: $2" >&2
  exit "$1"
}

need() {
  local name=$1
  if [ -z "${!name:-}" ]; then
    die 2 "$name is not set: run this script as a step of the mirror-sync action (action.yml)"
  fi
}

output() {
  # $1=$2 into the step's outputs; values here never contain a new line.
  printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# A short, stable name for the pair: the same repositories and name give the same cache across runs.
pair_key() {
  printf '%s\n%s\n%s\n' "${INPUT_NAME:-}" "$INPUT_PRIVATE" "$INPUT_PUBLIC" | sha256sum | cut -c1-16
}

# OWNER/REPO is a repository on this GitHub server; anything else is a URL or path git accepts, passed on as it is.
repository_url() {
  if [[ $1 =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
    printf '%s/%s.git' "${GITHUB_SERVER_URL:-https://github.com}" "$1"
  else
    printf '%s' "$1"
  fi
}

# The java a step runs, as a cache-key part: a checksum of its installation's release file (version and vendor).
jvm_key() {
  local java home
  java=$(command -v java 2>/dev/null) || { printf 'nojava'; return; }
  java=$(readlink -f "$java")
  home=${java%/bin/java}
  if [ -f "$home/release" ]; then
    cksum <"$home/release" | cut -d' ' -f1
  else
    printf 'norelease'
  fi
}

# The ref as a cache-key part: letters, digits and . _ - only.
key_part() {
  printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'
}

prepare() {
  need RUNNER_TEMP
  need GITHUB_OUTPUT
  need GITHUB_ACTION_PATH
  need INPUT_PRIVATE
  need INPUT_PUBLIC
  local ref=${MIRROR_SYNC_ACTION_REF:-local}
  local poms
  # Every pom of the checkout, in a fixed order: a change to any of them is a different build.
  poms=$(cd "$GITHUB_ACTION_PATH" && find . -name pom.xml -not -path '*/target/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
  local pair
  pair=$(pair_key)
  output cli-dir "$RUNNER_TEMP/mirror-sync-cli"
  # The JVM is part of the key: the class-data-sharing archive kept beside the jar fits one JVM only.
  output cli-key "mirror-sync-cli-${RUNNER_OS:-Linux}-$(key_part "$ref")-$poms-$(jvm_key)"
  output cache-dir "$RUNNER_TEMP/mirror-sync-cache/$pair"
  output cache-key "mirror-sync-cache-$pair-${GITHUB_RUN_ID:-0}-${GITHUB_RUN_ATTEMPT:-1}"
  output cache-restore-key "mirror-sync-cache-$pair-"
}

# The release asset of a tag: mirror-sync.jar and mirror-sync.jar.sha256 (what release.yml attaches).
# Returns 1 when the tag has no such asset; dies when the asset does not match its checksum.
download_release() {
  local ref=$1 dir=$2
  local base="${GITHUB_SERVER_URL:-https://github.com}/$MIRROR_SYNC_ACTION_REPOSITORY/releases/download/$ref"
  local partial="$dir/mirror-sync.jar.partial"
  rm -f "$partial" "$partial.sha256"
  if ! curl -fsSL --retry 3 -o "$partial.sha256" "$base/mirror-sync.jar.sha256" 2>/dev/null; then
    rm -f "$partial.sha256"
    return 1
  fi
  if ! curl -fsSL --retry 3 -o "$partial" "$base/mirror-sync.jar"; then
    rm -f "$partial" "$partial.sha256"
    return 1
  fi
  local expected actual
  expected=$(cut -d' ' -f1 <"$partial.sha256" | tr -d '\r\n')
  actual=$(sha256_of "$partial")
  if [ "$expected" != "$actual" ]; then
    rm -f "$partial" "$partial.sha256"
    die 1 "the release asset mirror-sync.jar of $ref does not match its published SHA-256 (expected $expected, got $actual): refusing to run it"
  fi
  mv "$partial" "$dir/mirror-sync.jar"
  rm -f "$partial.sha256"
  echo "mirror-sync: using the release asset of $ref (SHA-256 $actual)"
}

build_from_checkout() {
  local dir=$1
  echo "mirror-sync: building the CLI from the action's checkout ($GITHUB_ACTION_PATH)"
  # (no class-data-sharing archive for the build's jar: fetch makes one for the copy it runs)
  (cd "$GITHUB_ACTION_PATH" && mvn -B -ntp -DskipTests -Dmirror-sync.cds.skip=true -pl sync-cli-example -am package) >&2
  local jar=""
  for candidate in "$GITHUB_ACTION_PATH"/sync-cli-example/target/sync-cli-example-*.jar; do
    case "$candidate" in
      *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
      *) [ -f "$candidate" ] && jar=$candidate ;;
    esac
  done
  [ -n "$jar" ] || die 1 "the build of $GITHUB_ACTION_PATH made no sync-cli-example jar"
  cp "$jar" "$dir/mirror-sync.jar"
}

fetch() {
  need GITHUB_OUTPUT
  need GITHUB_ACTION_PATH
  need MIRROR_SYNC_CLI_DIR
  local dir=$MIRROR_SYNC_CLI_DIR ref=${MIRROR_SYNC_ACTION_REF:-}
  mkdir -p "$dir"
  if [ -f "$dir/mirror-sync.jar" ]; then
    echo "mirror-sync: using the CLI kept from an earlier run for ${ref:-this checkout}"
  elif [[ $ref =~ ^v[0-9] ]] && [ -n "${MIRROR_SYNC_ACTION_REPOSITORY:-}" ] && download_release "$ref" "$dir"; then
    :
  else
    build_from_checkout "$dir"
  fi
  # A class-data-sharing archive for this JVM beside the jar, kept with it in the CLI's cache; made once per key.
  mirror_sync_cds java "$dir/mirror-sync.jar"
  if [ -n "$MIRROR_SYNC_CDS" ]; then
    echo "mirror-sync: using the class-data-sharing archive kept from an earlier run"
  elif [ -z "${MIRROR_SYNC_NO_CDS:-}" ]; then
    sh "$CDS_SCRIPT" create java "$dir/mirror-sync.jar"
  fi
  output jar "$dir/mirror-sync.jar"
}

# Fills the array ARGS with the CLI's command line for INPUT_COMMAND.
command_line() {
  local command=${INPUT_COMMAND:-sync}
  ARGS=("$command" --private "$(repository_url "$INPUT_PRIVATE")" --public "$(repository_url "$INPUT_PUBLIC")")
  local branch
  # Word splitting on purpose: branches are separated by spaces or new lines, and a branch name has neither.
  for branch in ${INPUT_BRANCHES:-main}; do
    ARGS+=(--branch "$branch")
  done
  [ -z "${INPUT_NAME:-}" ] || ARGS+=(--name "$INPUT_NAME")
  case "$command" in
    sync)
      ARGS+=(--direction "${INPUT_DIRECTION:-both}" --on-divergence "${INPUT_ON_DIVERGENCE:-report}")
      ARGS+=(--tracker "${INPUT_TRACKER:-none}" --state "${INPUT_STATE:-ref}" --cache "$MIRROR_SYNC_CACHE_DIR")
      [ "${INPUT_DRY_RUN:-false}" != true ] || ARGS+=(--dry-run)
      ;;
    resolve)
      [ -n "${INPUT_STRATEGY:-}" ] || die 2 "command resolve needs the input strategy: merge, prefer-private or prefer-public"
      ARGS+=(--strategy "$INPUT_STRATEGY")
      ARGS+=(--tracker "${INPUT_TRACKER:-none}" --state "${INPUT_STATE:-ref}" --cache "$MIRROR_SYNC_CACHE_DIR")
      [ "${INPUT_DRY_RUN:-false}" != true ] || ARGS+=(--dry-run)
      ;;
    status)
      # what sync would find: with the same state store and cache, so it answers as sync --dry-run would
      ARGS+=(--state "${INPUT_STATE:-ref}" --cache "$MIRROR_SYNC_CACHE_DIR")
      ;;
    *) die 2 "the input command is '$command': use sync, status or resolve" ;;
  esac
  local extra
  # Word splitting on purpose, without globbing: the input args is one word per argument.
  set -f
  for extra in ${INPUT_ARGS:-}; do
    ARGS+=("$extra")
  done
  set +f
  ARGS+=(--json)
}

run() {
  need RUNNER_TEMP
  need GITHUB_OUTPUT
  need GITHUB_STEP_SUMMARY
  need MIRROR_SYNC_JAR
  need MIRROR_SYNC_CACHE_DIR
  need INPUT_PRIVATE
  need INPUT_PUBLIC
  local variable
  for variable in MIRROR_SYNC_PRIVATE_TOKEN MIRROR_SYNC_PUBLIC_TOKEN GITHUB_TOKEN; do
    if [ -n "${!variable:-}" ]; then
      echo "::add-mask::${!variable}"
    else
      # An empty token is no token: the CLI then reads the repository anonymously.
      unset "$variable"
    fi
  done
  local report="$RUNNER_TEMP/mirror-sync-report.json"
  output report "$report"
  local -a ARGS
  command_line
  mkdir -p "$MIRROR_SYNC_CACHE_DIR"
  local -a java_opts=()
  # The class-data-sharing archive beside the jar when it was made for this java and this jar (fetch made it).
  if [ -z "${MIRROR_SYNC_NO_CDS:-}" ]; then
    mirror_sync_cds java "$MIRROR_SYNC_JAR"
    if [ -n "$MIRROR_SYNC_CDS" ]; then
      # MIRROR_SYNC_CDS_OPTIONS: JVM options, one word each
      read -r -a java_opts <<<"$MIRROR_SYNC_CDS_OPTIONS"
      java_opts=("-XX:SharedArchiveFile=$MIRROR_SYNC_CDS" "${java_opts[@]}")
    fi
  fi
  local -a more_opts=()
  # A short run's JVM options unless it runs JGit (jvm.sh), then MIRROR_SYNC_JAVA_OPTS: one word each, as the
  # mirror-sync launcher takes them, the user's last so that they win.
  mirror_sync_jvm_options "${ARGS[@]}"
  read -r -a more_opts <<<"$MIRROR_SYNC_JVM_OPTIONS ${MIRROR_SYNC_JAVA_OPTS:-}"
  java_opts+=("${more_opts[@]}")
  local code=0
  java "${java_opts[@]}" -jar "$MIRROR_SYNC_JAR" "${ARGS[@]}" >"$report" || code=$?
  output exit-code "$code"
  if [ "$code" -eq 3 ]; then
    output needs-human true
  else
    output needs-human false
  fi
  if [ -s "$report" ]; then
    # The summary is rendered by the CLI itself from the JSON it printed: one reader of that format.
    java "${java_opts[@]}" -jar "$MIRROR_SYNC_JAR" summary --report "$report" --exit-code "$code" >>"$GITHUB_STEP_SUMMARY" ||
      echo "::warning title=mirror-sync::the job summary could not be written"
  fi
  case "$code" in
    0) ;;
    3) echo "::error title=mirror-sync needs a human::at least one branch diverged, was rewritten or is unrelated; see the job summary and the issue it links" ;;
    2) echo "::error title=mirror-sync::usage or configuration error (exit code 2); the message is above" ;;
    *) echo "::error title=mirror-sync::failed with exit code $code; the message is above" ;;
  esac
  exit "$code"
}

case "${1:-}" in
  prepare) prepare ;;
  fetch) fetch ;;
  run) run ;;
  *) die 2 "usage: run.sh prepare|fetch|run" ;;
esac
