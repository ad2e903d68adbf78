package dev.ferry.plugin.protocol.kafka.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

/**
 * ListPartitionReassignments: a single broker never moves a replica, so no reassignment is ever ongoing. Kafka's
 * controller answers an unknown topic the same way, by leaving it out.
 */
final class ListPartitionReassignmentsApi implements KafkaApi {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse(
                new ListPartitionReassignmentsResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code())));
    }
}
