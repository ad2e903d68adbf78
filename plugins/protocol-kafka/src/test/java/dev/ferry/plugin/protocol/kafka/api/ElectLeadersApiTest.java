package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitionsCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** What ElectLeaders answers before it asks the broker. No broker behind it. */
class ElectLeadersApiTest {

    private final ElectLeadersApi api = new ElectLeadersApi(null);

    @Test
    void anUnknownElectionTypeFailsTheWholeRequestAndEachPartition() {
        // Given
        TopicPartitionsCollection topics = new TopicPartitionsCollection();
        topics.add(new TopicPartitions().setTopic("orders").setPartitions(List.of(0, 1)));
        ElectLeadersRequestData data = new ElectLeadersRequestData().setElectionType((byte) 7)
                .setTopicPartitions(topics);

        // When
        ElectLeadersRequest request = ElectLeadersRequest.parse(MessageUtil.toByteBufferAccessor(data, (short) 2),
                (short) 2);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.ELECT_LEADERS, (short) 2, "c", 1),
                null, null);
        ElectLeadersResponse response = (ElectLeadersResponse) api.handle(context, request).join();

        // Then
        assertEquals(Errors.INVALID_REQUEST.code(), response.data().errorCode());
        assertEquals(List.of(Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code()),
                response.data().replicaElectionResults().get(0).partitionResult().stream()
                        .map(partition -> partition.errorCode()).toList());
    }
}
