package dev.ferry.spi.assignor;

import org.pf4j.ExtensionPoint;

/**
 * Computes the target assignment of a consumer-protocol group (KIP-848). The broker calls it whenever the group's
 * members or subscriptions or the subscribed topics' partitions change, then moves each member towards its target
 * one step at a time: partitions are revoked from their old owner before the new one gets them.
 *
 * <p>The broker's list of assignors is {@code group.consumer.assignors} in its config; the first is the default,
 * and a client picks another with {@code group.remote.assignor}. {@code uniform} and {@code range} are built in.
 *
 * <p>An assignor must be a pure function of what it is given: quick, no I/O, no state between calls, and safe to
 * call from several threads. It runs while the group is locked, so a slow assignor delays that group's members.
 */
public interface PartitionAssignor extends ExtensionPoint {

    /** The name clients give in {@code group.remote.assignor}, for example {@code uniform}. */
    String name();

    /**
     * The target assignment.
     *
     * @return every partition of a subscribed topic assigned to at most one member that subscribes to its topic;
     *     a member left out of the result gets nothing
     * @throws PartitionAssignorException when no assignment can be made; the group keeps its previous target
     */
    GroupAssignment assign(GroupSpec group, SubscribedTopics topics);
}
