package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.services.broker.Transactions;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.junit.jupiter.api.Test;

/** DescribeTransactions over a coordinator that knows {@code payments}, ongoing, and {@code expired}, Dead. */
class DescribeTransactionsApiTest {

    private static final Map<String, TransactionDescription> KNOWN = Map.of(
            "payments", new TransactionDescription("payments", TransactionState.ONGOING,
                    new ProducerIdAndEpoch(4000, (short) 2), 60000, 1700000000000L,
                    Set.of(new TopicPartition("orders", 1), new TopicPartition("orders", 0),
                            new TopicPartition("audit", 3))),
            "expired", new TransactionDescription("expired", TransactionState.DEAD,
                    new ProducerIdAndEpoch(4001, (short) 0), 60000, -1, Set.of()));

    private final DescribeTransactionsApi api = new DescribeTransactionsApi(Fakes.broker(Fakes.of(Transactions.class,
            new Object() {
                CompletableFuture<Optional<TransactionDescription>> describe(String transactionalId) {
                    return CompletableFuture.completedFuture(Optional.ofNullable(KNOWN.get(transactionalId)));
                }
            })));

    @Test
    void eachIdIsDescribedOrNotFound() {
        // When
        Map<String, DescribeTransactionsResponseData.TransactionState> states =
                describe("payments", "unknown", "expired", "");

        // Then
        DescribeTransactionsResponseData.TransactionState payments = states.get("payments");
        assertEquals(Errors.NONE.code(), payments.errorCode());
        assertEquals("Ongoing", payments.transactionState());
        assertEquals(4000, payments.producerId());
        assertEquals(2, payments.producerEpoch());
        assertEquals(60000, payments.transactionTimeoutMs());
        assertEquals(1700000000000L, payments.transactionStartTimeMs());
        assertEquals(List.of(new TopicData().setTopic("audit").setPartitions(List.of(3)),
                new TopicData().setTopic("orders").setPartitions(List.of(0, 1))), List.copyOf(payments.topics()));
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND.code(), states.get("unknown").errorCode());
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND.code(), states.get("expired").errorCode());
        assertEquals(Errors.INVALID_REQUEST.code(), states.get("").errorCode());
    }

    private Map<String, DescribeTransactionsResponseData.TransactionState> describe(String... ids) {
        DescribeTransactionsResponse response = (DescribeTransactionsResponse) Fakes.serve(api,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(ids)), (short) 0);
        return response.data().transactionStates().stream().collect(Collectors.toMap(
                DescribeTransactionsResponseData.TransactionState::transactionalId, Function.identity()));
    }
}
