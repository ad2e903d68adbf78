package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** The cursors DescribeTopicPartitions refuses before it looks at a topic. No broker behind it. */
class DescribeTopicPartitionsApiTest {

    private final DescribeTopicPartitionsApi api = new DescribeTopicPartitionsApi(null);

    @Test
    void aCursorOnATopicNotAskedForIsAnInvalidRequest() {
        // When
        Throwable failure = describe(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("orders")))
                .setCursor(new Cursor().setTopicName("payments").setPartitionIndex(0)));

        // Then
        assertInstanceOf(InvalidRequestException.class, failure);
        assertEquals("DescribeTopicPartitionsRequest topic list should contain the cursor topic: payments",
                failure.getMessage());
    }

    @Test
    void aCursorOnANegativePartitionIsAnInvalidRequest() {
        // When
        Throwable failure = describe(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("orders")))
                .setCursor(new Cursor().setTopicName("orders").setPartitionIndex(-1)));

        // Then
        assertInstanceOf(InvalidRequestException.class, failure);
    }

    private Throwable describe(DescribeTopicPartitionsRequestData data) {
        DescribeTopicPartitionsRequest request = new DescribeTopicPartitionsRequest.Builder(data).build((short) 0);
        RequestContext context = new RequestContext(
                new RequestHeader(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0, "c", 1), null, null);
        return assertThrows(CompletionException.class, () -> api.handle(context, request).join()).getCause();
    }
}
