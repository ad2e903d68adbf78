package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/**
 * ElectLeaders. Alone, this broker is the preferred and only replica of every partition and already leads it, so
 * no election is ever needed: each partition named gets ELECTION_NOT_NEEDED, as Kafka's controller answers for a
 * partition led by its preferred replica, and a request for all partitions (no topics named) gets an empty answer,
 * since Kafka leaves those partitions out of it.
 */
final class ElectLeadersApi implements KafkaApi {

    private final BrokerServices broker;

    ElectLeadersApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ElectLeadersRequest electLeaders = (ElectLeadersRequest) request;
        byte electionType = electLeaders.data().electionType();
        if (context.apiVersion() >= 1 && electionType != ElectionType.PREFERRED.value
                && electionType != ElectionType.UNCLEAN.value) {
            return CompletableFuture.completedFuture(electLeaders.getErrorResponse(0,
                    new InvalidRequestException("Unknown election type " + electionType)));
        }
        List<ReplicaElectionResult> results = new ArrayList<>();
        if (electLeaders.data().topicPartitions() != null) {
            for (TopicPartitions topic : electLeaders.data().topicPartitions()) {
                results.add(elect(topic));
            }
        }
        return CompletableFuture.completedFuture(new ElectLeadersResponse(new ElectLeadersResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setReplicaElectionResults(results)));
    }

    private ReplicaElectionResult elect(TopicPartitions requested) {
        Optional<TopicDescription> topic = broker.topics().describe(requested.topic());
        ReplicaElectionResult result = new ReplicaElectionResult().setTopic(requested.topic());
        for (int partition : requested.partitions()) {
            ApiError error;
            if (topic.isEmpty()) {
                error = new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such topic as " + requested.topic());
            } else if (!topic.get().hasPartition(partition)) {
                error = new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "No such partition as " + requested.topic() + "-" + partition);
            } else {
                error = new ApiError(Errors.ELECTION_NOT_NEEDED);
            }
            result.partitionResult().add(new PartitionResult()
                    .setPartitionId(partition)
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.message()));
        }
        return result;
    }
}
