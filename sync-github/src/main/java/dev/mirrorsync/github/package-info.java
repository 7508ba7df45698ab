/**
 * mirror-sync's GitHub adapter: {@link dev.mirrorsync.github.GitHubIssueTracker}, an
 * {@link dev.mirrorsync.core.spi.IssueTracker} on {@code org.kohsuke:github-api}, and its
 * {@link dev.mirrorsync.github.GitHubIssueTrackerProvider} for {@code --tracker github:OWNER/REPO}.
 * No github-api type appears in a public signature.
 */
package dev.mirrorsync.github;
