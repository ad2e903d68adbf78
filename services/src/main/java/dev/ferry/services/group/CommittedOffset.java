package dev.ferry.services.group;

/**
 * An offset a group committed for a partition.
 *
 * @param offset the next offset the group will read
 * @param leaderEpoch the leader epoch of the last record read, or -1 when unknown
 * @param metadata the client's string, stored as given
 * @param commitTimestamp when the broker took the commit, in epoch milliseconds
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {

    /** An offset as a commit request carries it: metadata may be null, and the broker stamps the commit. */
    public static CommittedOffset requested(long offset, int leaderEpoch, String metadata) {
        return new CommittedOffset(offset, leaderEpoch, metadata == null ? "" : metadata, -1);
    }
}
