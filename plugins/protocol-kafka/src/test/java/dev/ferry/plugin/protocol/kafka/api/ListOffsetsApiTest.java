package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.services.broker.Partitions;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.TimestampOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ListOffsets answers before it asks the broker: the timestamps a version may use. And what each isolation
 * level may read of {@code orders-0}, whose high watermark is 50, with a transaction open from offset 30.
 */
class ListOffsetsApiTest {

    private final ListOffsetsApi api = new ListOffsetsApi(null);
    private final ListOffsetsApi withPartitions = new ListOffsetsApi(Fakes.broker(Fakes.of(Partitions.class,
            new Object() {
                PartitionOffsets offsets(TopicPartition partition) {
                    return new PartitionOffsets(0, 50, 30, 50);
                }

                CompletableFuture<Optional<TimestampOffset>> offsetForTimestamp(TopicPartition partition,
                                                                                long timestamp) {
                    return CompletableFuture.completedFuture(Optional.of(new TimestampOffset(timestamp,
                            timestamp / 1000)));
                }
            })));

    @ParameterizedTest(name = "timestamp {0} from v{1}")
    @CsvSource({"-1, 1", "-2, 1", "0, 1", "1700000000000, 1", "-3, 7", "-4, 8", "-5, 9", "-6, -1", "-7, -1",
        "-100, -1"})
    void eachTimestampHasTheOldestVersionKafkaAllows(long timestamp, int minVersion) {
        assertEquals(minVersion, ListOffsetsApi.minVersion(timestamp));
    }

    @ParameterizedTest(name = "timestamp {0} in v{1}")
    @CsvSource({"-3, 6", "-4, 7", "-5, 8", "-6, 10", "-42, 10"})
    void aTimestampTooNewForTheVersionIsUnsupportedVersion(long timestamp, short version) {
        ListOffsetsPartitionResponse response = answer(timestamp, version, 0);

        assertEquals(Errors.UNSUPPORTED_VERSION.code(), response.errorCode());
        assertEquals(ListOffsetsResponse.UNKNOWN_OFFSET, response.offset());
        assertEquals(ListOffsetsResponse.UNKNOWN_TIMESTAMP, response.timestamp());
        assertEquals(-1, response.leaderEpoch());
    }

    @ParameterizedTest(name = "timestamp {0}")
    @CsvSource({"-1", "-3", "1700000000000"})
    void aNegativePartitionIsUnknown(long timestamp) {
        ListOffsetsPartitionResponse response = answer(timestamp, (short) 10, -1);

        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), response.errorCode());
        assertEquals(ListOffsetsResponse.UNKNOWN_OFFSET, response.offset());
    }

    @ParameterizedTest(name = "{0}, timestamp {1}")
    @CsvSource({"READ_UNCOMMITTED, -1, 50", "READ_COMMITTED, -1, 30", "READ_UNCOMMITTED, 40000, 40",
        "READ_COMMITTED, 40000, -1", "READ_COMMITTED, 29000, 29"})
    void eachIsolationLevelFindsTheOffsetsItsConsumersCanRead(IsolationLevel isolation, long timestamp,
                                                              long offset) {
        assertEquals(offset, answer(withPartitions, timestamp, (short) 10, 0, isolation).offset());
    }

    private ListOffsetsPartitionResponse answer(long timestamp, short version, int partition) {
        return answer(api, timestamp, version, partition, IsolationLevel.READ_UNCOMMITTED);
    }

    private static ListOffsetsPartitionResponse answer(ListOffsetsApi api, long timestamp, short version,
                                                       int partition, IsolationLevel isolation) {
        ListOffsetsRequestData data = new ListOffsetsRequestData()
                .setReplicaId(ListOffsetsRequest.CONSUMER_REPLICA_ID)
                .setIsolationLevel(isolation.id())
                .setTopics(List.of(new ListOffsetsTopic().setName("orders").setPartitions(List.of(
                        new ListOffsetsPartition().setPartitionIndex(partition).setTimestamp(timestamp)))));
        ListOffsetsRequest request = ListOffsetsRequest.parse(MessageUtil.toByteBufferAccessor(data, version), version);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.LIST_OFFSETS, version, "c", 1), null,
                null);
        ListOffsetsResponse response = (ListOffsetsResponse) api.handle(context, request).join();
        return response.data().topics().get(0).partitions().get(0);
    }
}
