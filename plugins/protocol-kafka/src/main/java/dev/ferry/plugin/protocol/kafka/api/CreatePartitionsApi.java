package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ControllerMutationQuota;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/**
 * CreatePartitions: grows each topic to the partition count asked for, or with {@code validateOnly} checks that it
 * could. A manual assignment may only place the single replica of each new partition on this broker. Runs off the
 * event loop, since creating partition logs touches the disk. The partitions added count towards the client's
 * {@code controller_mutation_rate}, strictly from v3 (KIP-599).
 */
final class CreatePartitionsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    CreatePartitionsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    /** The first version whose clients are refused mutations over their quota rather than only throttled. */
    private static final short STRICT_QUOTA_SINCE = 3;

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        CreatePartitionsRequest createPartitions = (CreatePartitionsRequest) request;
        return CompletableFuture.supplyAsync(() -> createAll(createPartitions,
                MutationQuotas.forRequest(broker, context, STRICT_QUOTA_SINCE)), admin);
    }

    private AbstractResponse createAll(CreatePartitionsRequest request, ControllerMutationQuota.Request quota) {
        boolean validateOnly = request.data().validateOnly();
        Map<String, Long> counts = request.data().topics().stream()
                .collect(Collectors.groupingBy(CreatePartitionsTopic::name, Collectors.counting()));
        Set<String> answered = new HashSet<>();
        List<CreatePartitionsTopicResult> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.data().topics()) {
            if (!answered.add(topic.name())) {
                continue;
            }
            ApiError error = counts.get(topic.name()) > 1
                    ? new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.")
                    : grow(topic, validateOnly, quota);
            results.add(new CreatePartitionsTopicResult()
                    .setName(topic.name())
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.isSuccess() ? null : error.messageWithFallback()));
        }
        return new CreatePartitionsResponse(new CreatePartitionsResponseData().setThrottleTimeMs(quota.throttleTimeMs())
                .setResults(results));
    }

    private ApiError grow(CreatePartitionsTopic topic, boolean validateOnly, ControllerMutationQuota.Request quota) {
        try {
            TopicDescription current = broker.topics().describe(topic.name())
                    .orElseThrow(() -> new UnknownTopicOrPartitionException(
                            "This server does not host this topic-partition."));
            if (topic.assignments() != null && topic.count() > current.partitions()) {
                checkAssignments(topic.assignments(), topic.count() - current.partitions());
            }
            // As Kafka's controller: the growth is checked, then the partitions added are counted, then made.
            broker.topics().createPartitions(topic.name(), topic.count(), true);
            if (!quota.record(topic.count() - current.partitions())) {
                return MutationQuotas.exceeded();
            }
            if (!validateOnly) {
                broker.topics().createPartitions(topic.name(), topic.count(), false);
            }
            return ApiError.NONE;
        } catch (RuntimeException e) {
            return KafkaErrors.toApiError(e);
        }
    }

    /** Kafka's checks of a manual assignment, where the only registered broker is this one. */
    private void checkAssignments(List<CreatePartitionsAssignment> assignments, int added) {
        if (assignments.size() != added) {
            throw new InvalidReplicaAssignmentException("Attempted to add " + added
                    + " additional partition(s), but only " + assignments.size() + " assignment(s) were specified.");
        }
        for (CreatePartitionsAssignment assignment : assignments) {
            Optional<String> problem = ManualAssignments.problem(assignment.brokerIds(), broker.cluster().brokerId());
            if (problem.isPresent()) {
                throw new InvalidReplicaAssignmentException(problem.get());
            }
        }
    }
}
