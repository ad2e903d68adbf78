package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.junit.jupiter.api.Test;

/** WriteTxnMarkers over partitions that record the markers written; {@code gone-0} does not exist. */
class WriteTxnMarkersApiTest {

    private final List<String> written = new ArrayList<>();
    private final WriteTxnMarkersApi api = new WriteTxnMarkersApi(Fakes.broker(Fakes.of(Partitions.class,
            new Object() {
                CompletableFuture<Void> writeTransactionMarker(dev.ferry.spi.TopicPartition partition,
                                                               ProducerIdAndEpoch producer, boolean commit,
                                                               int coordinatorEpoch) {
                    if (partition.topic().equals("gone")) {
                        throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION, "no " + partition);
                    }
                    written.add(partition + " " + producer + " " + (commit ? "commit" : "abort") + " "
                            + coordinatorEpoch);
                    return CompletableFuture.completedFuture(null);
                }
            })));

    @Test
    void eachPartitionOfEachMarkerGetsItsMarkerAndItsError() {
        // Given the abort Admin.abortTransaction sends, and a commit of another producer
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData().setMarkers(List.of(
                marker(4000, false, 7, new WritableTxnMarkerTopic().setName("orders").setPartitionIndexes(List.of(1))),
                marker(4001, true, 0,
                        new WritableTxnMarkerTopic().setName("orders").setPartitionIndexes(List.of(0)),
                        new WritableTxnMarkerTopic().setName("gone").setPartitionIndexes(List.of(0)))));

        // When
        WriteTxnMarkersResponse response = (WriteTxnMarkersResponse) Fakes.serve(api, data, (short) 1);

        // Then
        assertEquals(List.of("orders-1 " + new ProducerIdAndEpoch(4000, (short) 3) + " abort 7",
                "orders-0 " + new ProducerIdAndEpoch(4001, (short) 3) + " commit 0"), written);
        assertEquals(Map.of(
                4000L, Map.of(new TopicPartition("orders", 1), Errors.NONE),
                4001L, Map.of(new TopicPartition("orders", 0), Errors.NONE,
                        new TopicPartition("gone", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION)),
                response.errorsByProducerId());
    }

    private static WritableTxnMarker marker(long producerId, boolean commit, int coordinatorEpoch,
                                            WritableTxnMarkerTopic... topics) {
        return new WritableTxnMarker().setProducerId(producerId).setProducerEpoch((short) 3)
                .setTransactionResult(commit).setCoordinatorEpoch(coordinatorEpoch).setTopics(List.of(topics));
    }
}
