# shellcheck shell=sh
# mirror-sync's JVM options for the run about to start, from the arguments it is given. Sourced by the mirror-sync
# launcher and the action's run.sh, which pass them before the user's MIRROR_SYNC_JAVA_OPTS (so that the user's win).
#
# A run with the git backend (the CLI's default when git is on the PATH) leaves the history's work to git: the JVM
# only starts, lists, plans and reads git's answers, for well under a second. For such a run the JIT's optimizing
# tier (C2) and G1's worker threads cost more than they give back: measured from the shell (BENCHMARKS.md, "Start-up"),
# -XX:TieredStopAtLevel=1 -XX:+UseSerialGC take a third off the wall time and two fifths off the CPU time of a
# "nothing changed" run. A run with JGit does the history's work in the JVM, where C2 pays for itself (a cold run of
# 40,000 commits took 30% longer without it), so it keeps the JVM's defaults: when the arguments say --backend jgit,
# or when no git is on the PATH (then "auto" is JGit).
#
#   . jvm.sh; mirror_sync_jvm_options ARGS...
#                                sets MIRROR_SYNC_JVM_OPTIONS to the options, one word each, or to "".
#
# A collector chosen elsewhere (-XX:+Use...GC in MIRROR_SYNC_JAVA_OPTS, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) keeps
# the serial one out: two collectors fail the start. Known limit: a git older than 2.38 on the PATH (auto then runs
# JGit) still gets a short run's options; that costs time on a heavy run, never correctness.
#
# POSIX sh: the launcher runs it with /bin/sh.

mirror_sync_jvm_options() {
  MIRROR_SYNC_JVM_OPTIONS=""
  command -v git >/dev/null 2>&1 || return 0
  mirror_sync_jvm_previous=""
  for mirror_sync_jvm_arg in "$@"; do
    if [ "$mirror_sync_jvm_arg" = --backend=jgit ] ||
      { [ "$mirror_sync_jvm_previous" = --backend ] && [ "$mirror_sync_jvm_arg" = jgit ]; }; then
      return 0
    fi
    mirror_sync_jvm_previous=$mirror_sync_jvm_arg
  done
  MIRROR_SYNC_JVM_OPTIONS="-XX:TieredStopAtLevel=1"
  case "${MIRROR_SYNC_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}" in
    *-XX:+Use*GC*) ;;
    *) MIRROR_SYNC_JVM_OPTIONS="$MIRROR_SYNC_JVM_OPTIONS -XX:+UseSerialGC" ;;
  esac
}
