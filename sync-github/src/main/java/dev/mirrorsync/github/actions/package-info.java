/**
 * GitHub Actions support: {@link dev.mirrorsync.github.actions.ActionsTrigger} decides from the event that
 * started a job whether it should sync at all, and {@link dev.mirrorsync.github.actions.SyncWorkflows} writes the
 * three workflow files (and the set-up steps) that run mirror-sync for a pair of repositories. Nothing here
 * reads the process environment: callers pass it in.
 */
@MirrorStyle
package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.MirrorStyle;
