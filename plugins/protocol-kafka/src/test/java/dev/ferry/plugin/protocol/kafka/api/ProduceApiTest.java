package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.Partitions;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

/** Produce of a transactional producer's batches, over partitions that record the appends. */
class ProduceApiTest {

    private final List<TopicPartition> appended = new ArrayList<>();
    private final ProduceApi api = new ProduceApi(Fakes.broker(Fakes.noQuotas(), Fakes.of(Partitions.class,
            new Object() {
                CompletableFuture<AppendResult> append(TopicPartition partition, ByteBuffer records, Acks acks,
                                                       Optional<String> transactionalId) {
                    appended.add(partition);
                    return CompletableFuture.completedFuture(new AppendResult(7, -1, 0));
                }
            })));

    @Test
    void aTransactionalBatchIsAppendedLikeAnyOther() {
        PartitionProduceResponse response = produce("orders");

        assertEquals(List.of(new TopicPartition("orders", 0)), appended);
        assertEquals(Errors.NONE.code(), response.errorCode());
        assertEquals(7, response.baseOffset());
    }

    @Test
    void noClientWritesAnInternalTopic() {
        PartitionProduceResponse response = produce("__transaction_state");

        assertEquals(List.of(), appended);
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(), response.errorCode());
    }

    private PartitionProduceResponse produce(String topic) {
        MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, 4000, (short) 2, 0,
                new SimpleRecord("key".getBytes(), "value".getBytes()));
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName(topic).setPartitionData(List.of(
                new PartitionProduceData().setIndex(0).setRecords(batch))));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000)
                .setTransactionalId("payments").setTopicData(topics);
        ProduceResponse response = (ProduceResponse) Fakes.serve(api, data, (short) 11);
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }
}
