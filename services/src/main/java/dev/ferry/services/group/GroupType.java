package dev.ferry.services.group;

/** The protocol a group's members speak. */
public enum GroupType {
    /** JoinGroup and SyncGroup; the assignment is computed by the group's leader, in the client. */
    CLASSIC,
    /** KIP-848 heartbeats; the assignment is computed by the broker. */
    CONSUMER
}
