package dev.ferry.services.quota;

/**
 * {@code controller_mutation_rate} as Kafka enforces it (KIP-599): the partitions a client creates, adds or deletes,
 * counted per quota entity in a token bucket that refills at the quota and holds up to the quota times the quota
 * window. Thread-safe.
 */
public interface ControllerMutationQuota {

    /**
     * The quota of one CreateTopics, CreatePartitions or DeleteTopics request.
     *
     * @param strict Kafka's strict mode (CreateTopics v6+, CreatePartitions v3+, DeleteTopics v5+): a client whose
     *     bucket is empty has its mutations refused; otherwise every mutation is accepted and the client throttled
     */
    Request forRequest(String user, String clientId, boolean strict);

    /** The mutations of one request, used by one thread. */
    interface Request {

        /**
         * Counts a mutation of that many partitions.
         *
         * @return false in strict mode when the client's bucket is already empty: nothing was counted, and the
         *     caller answers {@code THROTTLING_QUOTA_EXCEEDED} for it
         */
        boolean record(int partitions);

        /** How long the client must wait since its last mutation over the quota; 0 when there was none. */
        int throttleTimeMs();
    }
}
