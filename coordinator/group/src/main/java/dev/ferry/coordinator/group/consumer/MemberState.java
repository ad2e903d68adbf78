package dev.ferry.coordinator.group.consumer;

/** Where a member stands in reconciling its assignment with its target, as Kafka names it. */
enum MemberState {
    /** The member owns its target, or as much of it as the group epoch it is at gives it. */
    STABLE,
    /** The member must first give up partitions: it keeps its epoch until it no longer reports them as owned. */
    UNREVOKED_PARTITIONS,
    /** The member is at the target epoch but waits for partitions of its target that others still own. */
    UNRELEASED_PARTITIONS;

    /** The state's id in Kafka's records: 0, 1 and 2 in this order. */
    byte id() {
        return (byte) ordinal();
    }

    static MemberState ofId(byte id) {
        if (id < 0 || id >= values().length) {
            throw new IllegalArgumentException("Unknown member state " + id);
        }
        return values()[id];
    }
}
