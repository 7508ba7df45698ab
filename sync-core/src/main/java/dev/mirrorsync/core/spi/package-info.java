/**
 * The service-provider interfaces that adapters implement: {@link dev.mirrorsync.core.spi.GitBackend},
 * {@link dev.mirrorsync.core.spi.IssueTracker} (found by the CLI through
 * {@link dev.mirrorsync.core.spi.IssueTrackerProvider}) and {@link dev.mirrorsync.core.spi.SyncStateStore}.
 * Each grows only by {@code default} methods.
 */
@MirrorStyle
package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.MirrorStyle;
