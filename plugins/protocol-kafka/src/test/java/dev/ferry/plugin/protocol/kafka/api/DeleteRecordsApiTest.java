package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** What DeleteRecords answers before it asks the broker. No broker behind it. */
class DeleteRecordsApiTest {

    private final DeleteRecordsApi api = new DeleteRecordsApi(null);

    @Test
    void anOffsetBelowMinusOneIsOutOfRangeAndAPartitionNamedTwiceIsAnsweredOnce() {
        // Given partition 0 twice and an impossible partition
        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(1000).setTopics(List.of(
                new DeleteRecordsTopic().setName("orders").setPartitions(List.of(
                        new DeleteRecordsPartition().setPartitionIndex(0).setOffset(-7),
                        new DeleteRecordsPartition().setPartitionIndex(0).setOffset(-2),
                        new DeleteRecordsPartition().setPartitionIndex(-1).setOffset(5)))));

        // When
        DeleteRecordsResponse response = delete(data, (short) 2);

        // Then
        DeleteRecordsTopicResult topic = response.data().topics().find("orders");
        assertEquals(2, topic.partitions().size());
        DeleteRecordsPartitionResult first = topic.partitions().find(0);
        assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), first.errorCode());
        assertEquals(DeleteRecordsResponse.INVALID_LOW_WATERMARK, first.lowWatermark());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), topic.partitions().find(-1).errorCode());
    }

    private DeleteRecordsResponse delete(DeleteRecordsRequestData data, short version) {
        DeleteRecordsRequest request = new DeleteRecordsRequest.Builder(data).build(version);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.DELETE_RECORDS, version, "c", 1), null,
                null);
        return (DeleteRecordsResponse) api.handle(context, request).join();
    }
}
