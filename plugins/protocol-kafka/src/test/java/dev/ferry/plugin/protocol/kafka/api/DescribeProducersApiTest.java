package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.junit.jupiter.api.Test;

/** DescribeProducers over topic {@code orders} (2 partitions) whose partition 1 remembers one producer. */
class DescribeProducersApiTest {

    private final DescribeProducersApi api = new DescribeProducersApi(Fakes.broker(
            Fakes.topics(Map.of("orders", 2)),
            Fakes.of(Partitions.class, new Object() {
                List<ProducerState> producers(TopicPartition partition) {
                    return partition.partition() == 1
                            ? List.of(new ProducerState(4000, (short) 2, 41, 1700000000000L, 0, 120))
                            : List.of();
                }
            })));

    @Test
    void eachPartitionAnswersItsProducersOrWhyNot() {
        // When
        DescribeProducersResponse response = (DescribeProducersResponse) Fakes.serve(api,
                new DescribeProducersRequestData().setTopics(List.of(
                        new TopicRequest().setName("orders").setPartitionIndexes(List.of(0, 1, 2)))), (short) 0);

        // Then
        List<PartitionResponse> partitions = response.data().topics().get(0).partitions();
        assertEquals(new PartitionResponse().setPartitionIndex(0).setErrorCode(Errors.NONE.code()),
                partitions.get(0));
        assertEquals(new PartitionResponse().setPartitionIndex(1).setErrorCode(Errors.NONE.code())
                .setActiveProducers(List.of(new DescribeProducersResponseData.ProducerState()
                        .setProducerId(4000).setProducerEpoch(2).setLastSequence(41)
                        .setLastTimestamp(1700000000000L).setCoordinatorEpoch(0).setCurrentTxnStartOffset(120))),
                partitions.get(1));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), partitions.get(2).errorCode());
    }
}
