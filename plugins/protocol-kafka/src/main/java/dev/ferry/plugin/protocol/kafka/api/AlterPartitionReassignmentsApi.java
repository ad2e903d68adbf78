package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterPartitionReassignments, answered as Kafka's controller answers on a one-broker cluster: moving a partition to
 * exactly this broker leaves its replica set unchanged, so it succeeds and nothing happens; naming another broker is
 * INVALID_REPLICA_ASSIGNMENT, since none is registered; cancelling finds no reassignment in progress.
 */
final class AlterPartitionReassignmentsApi implements KafkaApi {

    private final BrokerServices broker;

    AlterPartitionReassignmentsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterPartitionReassignmentsRequest alter = (AlterPartitionReassignmentsRequest) request;
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setThrottleTimeMs(0)
                .setAllowReplicationFactorChange(alter.data().allowReplicationFactorChange())
                .setErrorCode(Errors.NONE.code());
        for (ReassignableTopic topic : alter.data().topics()) {
            Optional<TopicDescription> described = broker.topics().describe(topic.name());
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(topic.name());
            for (ReassignablePartition partition : topic.partitions()) {
                ApiError error = reassign(topic.name(), described, partition);
                topicResponse.partitions().add(new ReassignablePartitionResponse()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.error() == Errors.NONE ? null : error.message()));
            }
            response.responses().add(topicResponse);
        }
        return CompletableFuture.completedFuture(new AlterPartitionReassignmentsResponse(response));
    }

    private ApiError reassign(String name, Optional<TopicDescription> topic, ReassignablePartition partition) {
        if (topic.isEmpty()) {
            return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find a topic named " + name + ".");
        }
        int index = partition.partitionIndex();
        if (!topic.get().hasPartition(index)) {
            return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    "Unable to find partition " + name + ":" + index + ".");
        }
        List<Integer> replicas = partition.replicas();
        if (replicas == null) {
            return new ApiError(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        }
        return ManualAssignments.problem(replicas, broker.cluster().brokerId())
                .map(problem -> new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, problem))
                .orElse(ApiError.NONE);
    }
}
