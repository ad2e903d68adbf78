package dev.ferry.services.broker;

/**
 * A producer's id and epoch, as Kafka's idempotent and transactional producers carry them in every batch.
 *
 * @param producerId -1 for none
 * @param epoch -1 for none
 */
public record ProducerIdAndEpoch(long producerId, short epoch) {

    public static final ProducerIdAndEpoch NONE = new ProducerIdAndEpoch(-1, (short) -1);
}
