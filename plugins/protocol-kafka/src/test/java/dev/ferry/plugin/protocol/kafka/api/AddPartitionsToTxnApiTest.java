package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.services.broker.Transactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AddPartitionsToTxn over topics {@code orders} (2 partitions) and {@code __consumer_offsets}, and a coordinator
 * that records what it is asked and answers as set; it knows {@code payments}, producer 4000 epoch 2, with
 * {@code orders-0} in its ongoing transaction.
 */
class AddPartitionsToTxnApiTest {

    private static final ProducerIdAndEpoch PRODUCER = new ProducerIdAndEpoch(4000, (short) 2);

    private final List<String> asked = new ArrayList<>();
    private CompletableFuture<Map<dev.ferry.spi.TopicPartition, BrokerError>> answer;
    private final AddPartitionsToTxnApi api = new AddPartitionsToTxnApi(Fakes.broker(
            Fakes.topics(Map.of("orders", 2, "__consumer_offsets", 50)),
            Fakes.of(Transactions.class, new Object() {
                CompletableFuture<Map<dev.ferry.spi.TopicPartition, BrokerError>> addPartitions(
                        String transactionalId, ProducerIdAndEpoch producer,
                        Collection<dev.ferry.spi.TopicPartition> partitions) {
                    asked.add(transactionalId + " " + producer + " " + partitions);
                    return answer;
                }

                Optional<TransactionDescription> describe(String transactionalId) {
                    return Optional.of(new TransactionDescription("payments", TransactionState.ONGOING, PRODUCER,
                            60000, 1000, Set.of(new dev.ferry.spi.TopicPartition("orders", 0))))
                            .filter(transaction -> transaction.transactionalId().equals(transactionalId));
                }
            })));

    @Test
    void aClientsPartitionsJoinItsTransaction() {
        answer = CompletableFuture.completedFuture(Map.of(
                new dev.ferry.spi.TopicPartition("orders", 0), BrokerError.NONE,
                new dev.ferry.spi.TopicPartition("orders", 1), BrokerError.CONCURRENT_TRANSACTIONS));

        Map<TopicPartition, Errors> errors = addFromClient((short) 3, 0, 1);

        assertEquals(List.of("payments " + PRODUCER + " [orders-0, orders-1]"), asked);
        assertEquals(Map.of(new TopicPartition("orders", 0), Errors.NONE,
                new TopicPartition("orders", 1), Errors.CONCURRENT_TRANSACTIONS), errors);
    }

    @Test
    void anUnknownPartitionFailsTheWholeRequest() {
        Map<TopicPartition, Errors> errors = addFromClient((short) 3, 0, 2);

        assertEquals(List.of(), asked);
        assertEquals(Map.of(new TopicPartition("orders", 0), Errors.OPERATION_NOT_ATTEMPTED,
                new TopicPartition("orders", 2), Errors.UNKNOWN_TOPIC_OR_PARTITION), errors);
    }

    @Test
    void aClientMayNotAddAnInternalTopic() {
        Map<TopicPartition, Errors> errors = AddPartitionsToTxnResponse.errorsForTransaction(
                ((AddPartitionsToTxnResponse) Fakes.serve(api, v3Request("__consumer_offsets", 0), (short) 3))
                        .data().resultsByTopicV3AndBelow());

        assertEquals(List.of(), asked);
        assertEquals(Map.of(new TopicPartition("__consumer_offsets", 0), Errors.TOPIC_AUTHORIZATION_FAILED), errors);
    }

    @ParameterizedTest(name = "v{0}")
    @CsvSource({"1, INVALID_PRODUCER_EPOCH", "2, PRODUCER_FENCED"})
    void clientsOlderThanProducerFencedAreToldTheirEpochIsInvalid(short version, Errors expected) {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.PRODUCER_FENCED, "newer instance"));

        assertEquals(Map.of(new TopicPartition("orders", 0), expected), addFromClient(version, 0));
    }

    private Map<TopicPartition, Errors> addFromClient(short version, int... partitions) {
        AddPartitionsToTxnResponse response = (AddPartitionsToTxnResponse) Fakes.serve(api,
                v3Request("orders", partitions), version);
        return AddPartitionsToTxnResponse.errorsForTransaction(response.data().resultsByTopicV3AndBelow());
    }

    private static AddPartitionsToTxnRequestData v3Request(String topic, int... partitions) {
        return new AddPartitionsToTxnRequestData()
                .setV3AndBelowTransactionalId("payments")
                .setV3AndBelowProducerId(PRODUCER.producerId())
                .setV3AndBelowProducerEpoch(PRODUCER.epoch())
                .setV3AndBelowTopics(topics(topic, partitions));
    }

    private static AddPartitionsToTxnTopicCollection topics(String topic, int... partitions) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(topic)
                .setPartitions(Arrays.stream(partitions).boxed().toList()));
        return topics;
    }
}
