package dev.ferry.coordinator.group.consumer;

import static dev.ferry.services.group.ConsumerGroupHeartbeat.LEAVE_EPOCH;
import static dev.ferry.services.group.ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Kafka's checks of a ConsumerGroupHeartbeat request before it reaches the group, with Kafka's messages. */
final class HeartbeatValidator {

    private HeartbeatValidator() {
    }

    /** @throws BrokerException {@link BrokerError#INVALID_REQUEST} or {@link BrokerError#UNSUPPORTED_ASSIGNOR} */
    static void validate(ConsumerGroupHeartbeat request, Set<String> assignors) {
        int epoch = request.memberEpoch();
        if (epoch > 0 || epoch == LEAVE_EPOCH) {
            throwIfEmpty(request.memberId(), "MemberId can't be empty.");
        }
        throwIfEmpty(request.groupId(), "GroupId can't be empty.");
        request.groupInstanceId().ifPresent(id -> throwIfEmpty(id, "InstanceId can't be empty."));
        request.rackId().ifPresent(id -> throwIfEmpty(id, "RackId can't be empty."));
        if (epoch == 0) {
            validateJoin(request);
        } else if (epoch == LEAVE_STATIC_EPOCH && request.groupInstanceId().isEmpty()) {
            throw invalid("InstanceId can't be null.");
        } else if (epoch < LEAVE_STATIC_EPOCH) {
            throw invalid("MemberEpoch is invalid.");
        }
        Optional<String> assignor = request.serverAssignor();
        if (assignor.isPresent() && !assignors.contains(assignor.get())) {
            throw new BrokerException(BrokerError.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + assignor.get()
                    + " is not supported. Supported assignors: " + String.join(", ", assignors) + ".");
        }
        request.subscribedTopicRegex().filter(regex -> !regex.isEmpty()).ifPresent(HeartbeatValidator::compile);
    }

    private static void validateJoin(ConsumerGroupHeartbeat request) {
        if (request.rebalanceTimeoutMs() == -1) {
            throw invalid("RebalanceTimeoutMs must be provided in first request.");
        }
        if (request.ownedPartitions().isEmpty() || !request.ownedPartitions().get().isEmpty()) {
            throw invalid("TopicPartitions must be empty when (re-)joining.");
        }
        if (request.subscribedTopicNames().isEmpty() && request.subscribedTopicRegex().isEmpty()) {
            throw invalid("Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.");
        }
    }

    /** Kafka answers INVALID_REGULAR_EXPRESSION, which the SPI's errors do not have. */
    private static void compile(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw invalid("SubscribedTopicRegex `" + regex + "` is not a valid regular expression: "
                    + e.getDescription() + ".");
        }
    }

    private static void throwIfEmpty(String value, String message) {
        if (value == null || value.isEmpty()) {
            throw invalid(message);
        }
    }

    private static BrokerException invalid(String message) {
        return new BrokerException(BrokerError.INVALID_REQUEST, message);
    }
}
