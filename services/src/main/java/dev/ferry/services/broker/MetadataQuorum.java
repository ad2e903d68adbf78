package dev.ferry.services.broker;

/**
 * The quorum that keeps the metadata log (Kafka's KRaft quorum, {@code __cluster_metadata}). Alone, this broker is
 * its only voter and its leader.
 */
public interface MetadataQuorum {

    /** The offset the next metadata record gets: the log's end offset, and its high watermark on a single voter. */
    long endOffset();

    /** The epoch of the current leader. */
    int leaderEpoch();
}
