package dev.ferry.services.broker;

/** How durable an append must be before the producer hears of it. */
public enum Acks {
    /** The producer waits for nothing: the broker still appends but answers nothing. */
    NONE,
    /** Appended to the leader's log. */
    LEADER,
    /** Appended to every in-sync replica's log. */
    ALL
}
