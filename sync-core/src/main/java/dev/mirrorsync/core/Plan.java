package dev.mirrorsync.core;

/**
 * The planner's answer for one branch: its state, the action the state calls for, and whether this run's
 * direction permits carrying it out ({@code false}: the action is pending for a run in the other direction).
 */
record Plan(SyncState state, SyncAction action, boolean permitted) {}
