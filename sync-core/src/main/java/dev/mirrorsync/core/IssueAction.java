package dev.mirrorsync.core;

/** What a run did to the one issue for (pair, branch). */
public enum IssueAction {
    OPENED,
    UPDATED,
    CLOSED,
    NONE
}
