# shellcheck shell=sh
# mirror-sync's class-data-sharing archive (AppCDS): the classes a run loads, parsed and laid out once, so that a
# JVM maps them instead of loading them from the jar again. It takes a third or more off a short run's start.
#
# One archive is valid for one JVM (the same installation) and one jar (the same path, size and time); any other
# JVM or jar must not be given it: a JDK 17 refuses a mismatching archive but then starts with no class sharing at
# all, slower than with none given. So the archive has an identity file beside it, and an archive is only used when
# that identity is the current one; an archive the JVM still refuses (damaged, say) is ignored by -Xshare:auto, and
# its complaint is kept off stdout, where the CLI's results go.
#
#   sh cds.sh create JAVA JAR    writes mirror-sync.jsa and mirror-sync.jsa.id beside JAR, from training runs of
#                                JAR (--version, the demo, a status); never fails: without an archive a run is only
#                                slower. Run by the build (sync-cli-example, package) and by the GitHub Action.
#   . cds.sh; mirror_sync_cds JAVA JAR
#                                sets MIRROR_SYNC_CDS to the archive's path when it fits JAVA and JAR, else to "".
#                                Sourced by the mirror-sync launcher and the action's run.sh.
#
# POSIX sh: the launcher runs it with /bin/sh.

# The identity of JAVA and JAR, one line: the JVM's installation and its release file, the jar's path and size.
# Fails (status 1) when JAVA is not an installation with a release file (no archive is made or used for it).
mirror_sync_cds_identity() {
  mirror_sync_cds_java=$(command -v "$1" 2>/dev/null) || return 1
  mirror_sync_cds_java=$(readlink -f "$mirror_sync_cds_java" 2>/dev/null || printf '%s' "$mirror_sync_cds_java")
  mirror_sync_cds_home=${mirror_sync_cds_java%/bin/java}
  [ "$mirror_sync_cds_home" != "$mirror_sync_cds_java" ] && [ -f "$mirror_sync_cds_home/release" ] || return 1
  [ -f "$2" ] || return 1
  printf 'java %s %s jar %s %s\n' "$mirror_sync_cds_home" "$(cksum <"$mirror_sync_cds_home/release" | cut -d' ' -f1)" \
    "$2" "$(wc -c <"$2" | tr -d ' ')"
}

# Sets MIRROR_SYNC_CDS to the archive beside JAR when it was made for JAVA and this very JAR, otherwise to "".
mirror_sync_cds() {
  MIRROR_SYNC_CDS=""
  mirror_sync_cds_archive="$(dirname "$2")/mirror-sync.jsa"
  [ -s "$mirror_sync_cds_archive" ] && [ -f "$mirror_sync_cds_archive.id" ] || return 0
  # a jar newer than its archive was rebuilt or replaced since: the JVM would refuse the archive
  [ -z "$(find "$2" -newer "$mirror_sync_cds_archive" 2>/dev/null)" ] || return 0
  mirror_sync_cds_id=$(mirror_sync_cds_identity "$1" "$2") || return 0
  [ "$mirror_sync_cds_id" = "$(cat "$mirror_sync_cds_archive.id")" ] || return 0
  # shellcheck disable=SC2034 # read by the caller that sourced this file
  MIRROR_SYNC_CDS=$mirror_sync_cds_archive
}

# The JVM options that use the archive MIRROR_SYNC_CDS names; the caller passes "-XX:SharedArchiveFile=$MIRROR_SYNC_CDS"
# itself (quoted: the path may hold spaces) followed by these. -Xshare:auto: a refused archive never fails a run.
# shellcheck disable=SC2034 # read by the caller that sourced this file
MIRROR_SYNC_CDS_OPTIONS="-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"

mirror_sync_cds_create() {
  java=$1
  jar=$2
  archive="$(dirname "$jar")/mirror-sync.jsa"
  if ! id=$(mirror_sync_cds_identity "$java" "$jar"); then
    echo "mirror-sync: no class-data-sharing archive: $java is not a JDK or JRE installation with a release file" >&2
    return 0
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/mirror-sync-cds.XXXXXX") || return 0
  # Training: what a run loads. The version, then the demo (sync, divergence, issue, resolve on local repositories;
  # no network, no token), then a status of the demo's pair with the cache it left. The user's git configuration
  # and environment stay out of it.
  (
    cd "$work" || exit 1
    export HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null MIRROR_SYNC_LOG_LEVEL=warn
    unset MIRROR_SYNC_PRIVATE_TOKEN MIRROR_SYNC_PUBLIC_TOKEN GITHUB_TOKEN
    "$java" -XX:DumpLoadedClassList="$work/version.classes" -jar "$jar" --version &&
      "$java" -XX:DumpLoadedClassList="$work/demo.classes" -jar "$jar" demo --dir "$work/demo" &&
      "$java" -XX:DumpLoadedClassList="$work/status.classes" -jar "$jar" status --name demo \
        --private "$work/demo/private.git" --public "$work/demo/public.git" --cache "$work/demo/cache" --json
  ) >"$work/training.log" 2>&1
  training=$?
  # (status answers 0 or 3 for the demo's end state; only a crash or a missing class list is a failed training)
  case "$training" in 0 | 3) ;; *) rm -f "$work/demo.classes" ;; esac
  if [ ! -s "$work/demo.classes" ]; then
    echo "mirror-sync: no class-data-sharing archive: the training run failed ($training); its log:" >&2
    tail -n 20 "$work/training.log" >&2
    rm -rf "$work"
    return 0
  fi
  # each class once, in the order first loaded (a JDK 17 dump crashes on a lambda proxy listed twice)
  cat "$work"/*.classes | awk '!seen[$0]++' >"$work/all.classes"
  # -cp JAR: the class path a run has with -jar JAR. Written beside, then moved into place, so that a run started
  # meanwhile sees the old archive or the new one, never half of one.
  if "$java" -Xshare:dump -XX:SharedClassListFile="$work/all.classes" -XX:SharedArchiveFile="$work/mirror-sync.jsa" \
    -cp "$jar" >"$work/dump.log" 2>&1 && [ -s "$work/mirror-sync.jsa" ]; then
    rm -f "$archive.id"
    mv -f "$work/mirror-sync.jsa" "$archive"
    printf '%s\n' "$id" >"$archive.id.partial" && mv -f "$archive.id.partial" "$archive.id"
    echo "mirror-sync: class-data-sharing archive $archive ($(wc -c <"$archive" | tr -d ' ') bytes) for $id"
  else
    echo "mirror-sync: no class-data-sharing archive: the JVM could not write one; its log:" >&2
    tail -n 20 "$work/dump.log" >&2
  fi
  rm -rf "$work"
  return 0
}

# Run as a script (not sourced: then $0 is the caller's name, and its arguments are not ours).
if [ "${0##*/}" = cds.sh ]; then
  if [ $# -ne 3 ] || [ "$1" != create ]; then
    echo "usage: sh cds.sh create JAVA JAR" >&2
    exit 2
  fi
  mirror_sync_cds_create "$2" "$3"
fi
