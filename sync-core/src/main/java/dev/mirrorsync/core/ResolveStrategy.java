package dev.mirrorsync.core;

/** How {@code resolve} ends a divergence. */
public enum ResolveStrategy {
    /** A three-way merge of both tips, computed in memory; pushed to both sides only when clean. */
    MERGE,
    /** Public becomes private's tip; public's old tip is kept at a backup ref on public first. */
    PREFER_PRIVATE,
    /** Private becomes public's tip; private's old tip is kept at a backup ref on private first. */
    PREFER_PUBLIC;
}
