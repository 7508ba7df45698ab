/**
 * mirror-sync's {@code file:} tracker: {@link dev.mirrorsync.filetracker.FileIssueTracker}, an
 * {@link dev.mirrorsync.core.spi.IssueTracker} that keeps one JSON file per issue in a local directory, and its
 * {@link dev.mirrorsync.filetracker.FileIssueTrackerProvider} for {@code --tracker file:DIR} (found through
 * {@link java.util.ServiceLoader}). An embedder that wants issues on disk depends on this module alone.
 */
package dev.mirrorsync.filetracker;
