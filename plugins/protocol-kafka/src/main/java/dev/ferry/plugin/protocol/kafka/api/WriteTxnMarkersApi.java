package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest.TxnMarkerEntry;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * WriteTxnMarkers: ends a producer's transaction in partitions this broker leads, with the coordinator epoch the
 * request carries. Kafka's coordinators send it to partition leaders; Admin.abortTransaction sends it to abort a
 * hanging transaction, with the coordinator epoch DescribeProducers showed. As in Kafka, the answer is by producer id,
 * every marker of one producer together.
 */
final class WriteTxnMarkersApi implements KafkaApi {

    private final BrokerServices broker;

    WriteTxnMarkersApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.WRITE_TXN_MARKERS;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<WrittenMarker> written = new ArrayList<>();
        for (TxnMarkerEntry marker : ((WriteTxnMarkersRequest) request).markers()) {
            ProducerIdAndEpoch producer = new ProducerIdAndEpoch(marker.producerId(), marker.producerEpoch());
            boolean commit = marker.transactionResult() == TransactionResult.COMMIT;
            for (TopicPartition partition : marker.partitions()) {
                written.add(new WrittenMarker(marker.producerId(), partition, write(partition, producer, commit,
                        marker.coordinatorEpoch())));
            }
        }
        return CompletableFuture.allOf(written.stream().map(WrittenMarker::error).toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<Long, Map<TopicPartition, Errors>> errors = new LinkedHashMap<>();
                    written.forEach(marker -> errors.computeIfAbsent(marker.producerId(), id -> new HashMap<>())
                            .put(marker.partition(), marker.error().join()));
                    return new WriteTxnMarkersResponse(errors);
                });
    }

    private CompletableFuture<Errors> write(TopicPartition partition, ProducerIdAndEpoch producer, boolean commit,
                                            int coordinatorEpoch) {
        if (partition.partition() < 0) {
            return CompletableFuture.completedFuture(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        return KafkaErrors.call(() -> broker.partitions().writeTransactionMarker(
                        new dev.ferry.spi.TopicPartition(partition.topic(), partition.partition()), producer, commit,
                        coordinatorEpoch))
                .handle((done, failure) -> failure == null ? Errors.NONE : KafkaErrors.toApiError(failure).error());
    }

    /** A marker being written to one partition. */
    private record WrittenMarker(long producerId, TopicPartition partition, CompletableFuture<Errors> error) {
    }
}
