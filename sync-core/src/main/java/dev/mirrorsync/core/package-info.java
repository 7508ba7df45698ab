/**
 * mirror-sync's core: the public values, the {@link dev.mirrorsync.core.MirrorSync} entry point, and the
 * engine that observes a (private, public) pair, plans per branch from the state table and carries the plan out
 * through the SPIs in {@link dev.mirrorsync.core.spi}. Depends on the JDK only. The state table, the invariants and
 * the module edges are described in {@code docs/design.md} in the source repository.
 */
@MirrorStyle
package dev.mirrorsync.core;
