package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.LoggerFactory;

/** Turns the broker's failures into the error codes Kafka clients understand. */
public final class KafkaErrors {

    private static final UnexpectedFailureLog unexpectedFailures =
            UnexpectedFailureLog.to(LoggerFactory.getLogger(KafkaErrors.class));

    private KafkaErrors() {
    }

    public static Errors toKafka(BrokerError error) {
        return switch (error) {
            case NONE -> Errors.NONE;
            case UNKNOWN_SERVER_ERROR -> Errors.UNKNOWN_SERVER_ERROR;
            case UNKNOWN_TOPIC_OR_PARTITION -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case UNKNOWN_TOPIC_ID -> Errors.UNKNOWN_TOPIC_ID;
            case TOPIC_ALREADY_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
            case INVALID_TOPIC -> Errors.INVALID_TOPIC_EXCEPTION;
            case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
            case INVALID_REPLICATION_FACTOR -> Errors.INVALID_REPLICATION_FACTOR;
            case INVALID_CONFIG -> Errors.INVALID_CONFIG;
            case CORRUPT_MESSAGE -> Errors.CORRUPT_MESSAGE;
            case MESSAGE_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
            case OFFSET_OUT_OF_RANGE -> Errors.OFFSET_OUT_OF_RANGE;
            case KAFKA_STORAGE_ERROR -> Errors.KAFKA_STORAGE_ERROR;
            case INVALID_REQUEST -> Errors.INVALID_REQUEST;
            case COORDINATOR_NOT_AVAILABLE -> Errors.COORDINATOR_NOT_AVAILABLE;
            case COORDINATOR_LOAD_IN_PROGRESS -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
            case NOT_COORDINATOR -> Errors.NOT_COORDINATOR;
            case INVALID_GROUP_ID -> Errors.INVALID_GROUP_ID;
            case GROUP_ID_NOT_FOUND -> Errors.GROUP_ID_NOT_FOUND;
            case INCONSISTENT_GROUP_PROTOCOL -> Errors.INCONSISTENT_GROUP_PROTOCOL;
            case UNKNOWN_MEMBER_ID -> Errors.UNKNOWN_MEMBER_ID;
            case MEMBER_ID_REQUIRED -> Errors.MEMBER_ID_REQUIRED;
            case ILLEGAL_GENERATION -> Errors.ILLEGAL_GENERATION;
            case REBALANCE_IN_PROGRESS -> Errors.REBALANCE_IN_PROGRESS;
            case INVALID_SESSION_TIMEOUT -> Errors.INVALID_SESSION_TIMEOUT;
            case GROUP_MAX_SIZE_REACHED -> Errors.GROUP_MAX_SIZE_REACHED;
            case FENCED_INSTANCE_ID -> Errors.FENCED_INSTANCE_ID;
            case UNRELEASED_INSTANCE_ID -> Errors.UNRELEASED_INSTANCE_ID;
            case FENCED_MEMBER_EPOCH -> Errors.FENCED_MEMBER_EPOCH;
            case STALE_MEMBER_EPOCH -> Errors.STALE_MEMBER_EPOCH;
            case UNSUPPORTED_ASSIGNOR -> Errors.UNSUPPORTED_ASSIGNOR;
            case NON_EMPTY_GROUP -> Errors.NON_EMPTY_GROUP;
            case GROUP_SUBSCRIBED_TO_TOPIC -> Errors.GROUP_SUBSCRIBED_TO_TOPIC;
            case OFFSET_METADATA_TOO_LARGE -> Errors.OFFSET_METADATA_TOO_LARGE;
            case POLICY_VIOLATION -> Errors.POLICY_VIOLATION;
            case INVALID_TIMESTAMP -> Errors.INVALID_TIMESTAMP;
            case INVALID_UPDATE_VERSION -> Errors.INVALID_UPDATE_VERSION;
            case UNSUPPORTED_VERSION -> Errors.UNSUPPORTED_VERSION;
            case UNSUPPORTED_SASL_MECHANISM -> Errors.UNSUPPORTED_SASL_MECHANISM;
            case UNACCEPTABLE_CREDENTIAL -> Errors.UNACCEPTABLE_CREDENTIAL;
            case RESOURCE_NOT_FOUND -> Errors.RESOURCE_NOT_FOUND;
            case DUPLICATE_RESOURCE -> Errors.DUPLICATE_RESOURCE;
            case INVALID_PRODUCER_EPOCH -> Errors.INVALID_PRODUCER_EPOCH;
            case PRODUCER_FENCED -> Errors.PRODUCER_FENCED;
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
            case INVALID_PRODUCER_ID_MAPPING -> Errors.INVALID_PRODUCER_ID_MAPPING;
            case INVALID_TXN_STATE -> Errors.INVALID_TXN_STATE;
            case CONCURRENT_TRANSACTIONS -> Errors.CONCURRENT_TRANSACTIONS;
            case INVALID_TRANSACTION_TIMEOUT -> Errors.INVALID_TRANSACTION_TIMEOUT;
            case TRANSACTIONAL_ID_NOT_FOUND -> Errors.TRANSACTIONAL_ID_NOT_FOUND;
            case TRANSACTION_COORDINATOR_FENCED -> Errors.TRANSACTION_COORDINATOR_FENCED;
            case INVALID_RECORD -> Errors.INVALID_RECORD;
            case UNSTABLE_OFFSET_COMMIT -> Errors.UNSTABLE_OFFSET_COMMIT;
            case INVALID_REGULAR_EXPRESSION -> Errors.INVALID_REGULAR_EXPRESSION;
        };
    }

    /**
     * The error and message a client should see for a failure. A failure that is neither a
     * {@link BrokerException} nor a Kafka {@link ApiException} is a bug: it is reported as
     * {@link Errors#UNKNOWN_SERVER_ERROR} and logged, the first of its type with its stack trace, then at a limited
     * rate.
     */
    public static ApiError toApiError(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BrokerException e) {
            Errors error = toKafka(e.error());
            return error == Errors.NONE ? unexpected(e) : new ApiError(error, e.getMessage());
        }
        if (cause instanceof ApiException e) {
            return new ApiError(Errors.forException(e), e.getMessage());
        }
        return unexpected(cause);
    }

    /**
     * As Kafka answers a client older than PRODUCER_FENCED (KIP-588): with INVALID_PRODUCER_EPOCH, which it handles
     * the same way.
     *
     * @param fencedSince the first version of the request whose clients know PRODUCER_FENCED
     */
    static Errors producerFenced(Errors error, short version, int fencedSince) {
        return error == Errors.PRODUCER_FENCED && version < fencedSince ? Errors.INVALID_PRODUCER_EPOCH : error;
    }

    /** {@link #producerFenced} for a failure, or {@link Errors#NONE} for none. */
    static Errors producerError(Throwable failure, short version, int fencedSince) {
        return failure == null ? Errors.NONE : producerFenced(toApiError(failure).error(), version, fencedSince);
    }

    /** A broker call that may fail before it returns its future: such a failure becomes the future's. */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public static ApiException toApiException(Throwable failure) {
        return toApiError(failure).exception();
    }

    private static ApiError unexpected(Throwable cause) {
        unexpectedFailures.failed("Unexpected failure serving a Kafka request", cause);
        return new ApiError(Errors.UNKNOWN_SERVER_ERROR, null);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
