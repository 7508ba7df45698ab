/**
 * Fakes, contracts and the property-test harness for mirror-sync.
 *
 * <p>To run the engine's scenarios against another {@link dev.mirrorsync.core.spi.GitBackend} (sync-jgit over
 * bare repositories, say), implement {@link dev.mirrorsync.testing.SyncWorld} for it and reuse the rest unchanged:
 * <ul>
 *   <li>{@link dev.mirrorsync.testing.ScenarioSpace#all()} and {@link dev.mirrorsync.testing.ScenarioSpace#run} for the
 *       finite space (state × watermark × direction × policy × disturbance × dry run);</li>
 *   <li>{@link dev.mirrorsync.testing.CommitGraphGenerator} and {@link dev.mirrorsync.testing.CommitGraph#build} for
 *       random graphs, then {@link dev.mirrorsync.testing.SyncHarness#syncAndCheck};</li>
 *   <li>{@link dev.mirrorsync.testing.ScenarioGenerator} and {@link dev.mirrorsync.testing.ScenarioRunner} (with
 *       shrinking) for random action sequences.</li>
 * </ul>
 * {@link dev.mirrorsync.testing.ScriptedGitBackend} adds faults, lost answers, races and protected refs around any
 * backend, and {@link dev.mirrorsync.testing.Invariants} checks the nine invariants of docs/design.md after every run.
 */
package dev.mirrorsync.testing;
