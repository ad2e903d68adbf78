package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.Partitions;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;

/**
 * Fetch's isolation levels, over partitions that record the queries: {@code orders-0} has its high watermark at 50,
 * an open transaction from 30 and an aborted one of producer 4000 from 12; {@code orders-1} is offline.
 */
class FetchApiTest {

    private final List<FetchQuery> queries = new ArrayList<>();
    private final FetchApi api = new FetchApi(Fakes.broker(Fakes.noQuotas(), Fakes.of(Partitions.class,
            new Object() {
                CompletableFuture<List<FetchedPartition>> fetch(FetchQuery query) {
                    queries.add(query);
                    TopicPartition orders0 = new TopicPartition("orders", 0);
                    List<AbortedTransaction> aborted = query.readCommitted()
                            ? List.of(new AbortedTransaction(4000, 12)) : List.of();
                    return CompletableFuture.completedFuture(List.of(
                            new FetchedPartition(orders0, BrokerError.NONE, 50, 30, 0, aborted, LogSlice.EMPTY),
                            FetchedPartition.failed(new TopicPartition("orders", 1),
                                    BrokerError.KAFKA_STORAGE_ERROR)));
                }
            })));

    @Test
    void readCommittedAnswersTheLastStableOffsetAndTheAbortedTransactions() {
        List<PartitionData> partitions = fetch(IsolationLevel.READ_COMMITTED);

        assertEquals(true, queries.get(0).readCommitted());
        assertEquals(50, partitions.get(0).highWatermark());
        assertEquals(30, partitions.get(0).lastStableOffset());
        assertEquals(List.of(new FetchResponseData.AbortedTransaction().setProducerId(4000).setFirstOffset(12)),
                partitions.get(0).abortedTransactions());
        assertEquals(Errors.KAFKA_STORAGE_ERROR.code(), partitions.get(1).errorCode());
        assertNull(partitions.get(1).abortedTransactions());
    }

    @Test
    void readUncommittedAnswersTheLastStableOffsetAndNoAbortedTransactions() {
        List<PartitionData> partitions = fetch(IsolationLevel.READ_UNCOMMITTED);

        assertEquals(false, queries.get(0).readCommitted());
        assertEquals(30, partitions.get(0).lastStableOffset());
        assertNull(partitions.get(0).abortedTransactions());
    }

    private List<PartitionData> fetch(IsolationLevel isolation) {
        FetchRequestData data = new FetchRequestData()
                .setReplicaId(-1)
                .setMaxWaitMs(0)
                .setMinBytes(1)
                .setMaxBytes(1 << 20)
                .setIsolationLevel(isolation.id())
                .setTopics(List.of(new FetchTopic().setTopic("orders").setPartitions(List.of(
                        new FetchPartition().setPartition(0).setFetchOffset(10).setPartitionMaxBytes(1 << 20),
                        new FetchPartition().setPartition(1).setFetchOffset(0).setPartitionMaxBytes(1 << 20)))));
        FetchResponse response = (FetchResponse) Fakes.serve(api, data, (short) 12);
        return response.data().responses().get(0).partitions();
    }
}
