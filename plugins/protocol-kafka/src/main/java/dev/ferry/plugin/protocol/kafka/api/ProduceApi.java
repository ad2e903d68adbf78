package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: appends each partition's batch and answers once every append is as durable as the producer asked.
 * With acks=0 nothing is answered. Idempotent and transactional batches are appended like any other: the broker
 * checks their producer's sequence and epoch, and that a transaction they open here is one its coordinator has
 * under way with this partition. A client over its {@code producer_byte_rate} is answered
 * at once with the time to wait in {@code throttle_time_ms} (KIP-219).
 */
final class ProduceApi implements KafkaApi {

    private static final Logger log = LoggerFactory.getLogger(ProduceApi.class);

    private final BrokerServices broker;

    ProduceApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short maxVersion() {
        return 13;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        short version = context.apiVersion();
        Acks acks = switch (produce.acks()) {
            case 0 -> Acks.NONE;
            case 1 -> Acks.LEADER;
            case -1 -> Acks.ALL;
            default -> null;
        };
        Optional<String> transactionalId = Optional.ofNullable(produce.transactionalId());
        ApiError refusal = acks == null
                ? new ApiError(Errors.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1: " + produce.acks())
                // as Kafka: transactional batches need the transactional id their coordinator knows them by
                : transactionalId.isEmpty() && RequestUtils.hasTransactionalRecords(produce)
                ? new ApiError(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                        "Transactional records need a transactional id")
                : null;

        ProduceResponseData.TopicProduceResponseCollection topics =
                new ProduceResponseData.TopicProduceResponseCollection();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            String name = version >= 13
                    ? broker.topics().describe(TopicIds.toBroker(topic.topicId())).map(TopicDescription::name)
                            .orElse(null)
                    : topic.name();
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (PartitionProduceData partition : topic.partitionData()) {
                PartitionProduceResponse response = new PartitionProduceResponse().setIndex(partition.index());
                topicResponse.partitionResponses().add(response);
                if (refusal != null) {
                    fail(response, refusal);
                } else if (name == null) {
                    fail(response, new ApiError(Errors.UNKNOWN_TOPIC_ID, null));
                } else if (partition.index() < 0) {
                    fail(response, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
                } else if (Topic.isInternal(name)) {
                    // as Kafka answers clients: only the broker writes its internal topics
                    fail(response, new ApiError(Errors.INVALID_TOPIC_EXCEPTION,
                            "Cannot append to internal topic " + name));
                } else {
                    ApiError invalid = validate(version, partition);
                    if (invalid != null) {
                        fail(response, invalid);
                    } else {
                        appends.add(append(new TopicPartition(name, partition.index()),
                                (MemoryRecords) partition.records(), acks, transactionalId, response));
                    }
                }
            }
            topics.add(topicResponse);
        }

        // without a quota there is nothing to count: spare every produce the sizing of its request
        boolean limited = broker.clientQuotas().produce().maxBytesInWindow(QuotaUser.of(context), context.clientId())
                != Long.MAX_VALUE;
        long requestBytes = limited ? produce.data().size(new ObjectSerializationCache(), version) : 0;
        if (acks == Acks.NONE) {
            // counted towards the client's rate; with no response to carry a throttle time, the next ones will
            throttleTimeMs(context, requestBytes);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                .thenApply(done -> new ProduceResponse(new ProduceResponseData()
                        .setThrottleTimeMs(throttleTimeMs(context, requestBytes))
                        .setResponses(topics)));
    }

    /** As Kafka: the request's bytes count towards the client's producer_byte_rate once its appends are done. */
    private int throttleTimeMs(RequestContext context, long requestBytes) {
        long throttle = broker.clientQuotas().produce().record(QuotaUser.of(context), context.clientId(),
                requestBytes, System.currentTimeMillis());
        return (int) Math.min(Integer.MAX_VALUE, throttle);
    }

    /** Kafka's own checks: records in the v2 format, exactly one batch per partition. */
    private static ApiError validate(short version, PartitionProduceData partition) {
        if (!(partition.records() instanceof MemoryRecords)) {
            return new ApiError(Errors.INVALID_RECORD, "a partition of a produce request has no records");
        }
        try {
            ProduceRequest.validateRecords(version, partition.records());
            return null;
        } catch (ApiException e) {
            return new ApiError(Errors.forException(e), e.getMessage());
        } catch (RuntimeException e) {
            return new ApiError(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
    }

    private CompletableFuture<Void> append(TopicPartition partition, MemoryRecords records, Acks acks,
                                           Optional<String> transactionalId, PartitionProduceResponse response) {
        return KafkaErrors.call(() -> broker.partitions().append(partition, records.buffer(), acks, transactionalId))
                .handle((result, failure) -> {
                    if (failure == null) {
                        response.setErrorCode(Errors.NONE.code())
                                .setBaseOffset(result.baseOffset())
                                .setLogAppendTimeMs(result.logAppendTime())
                                .setLogStartOffset(result.logStartOffset());
                    } else {
                        ApiError error = KafkaErrors.toApiError(failure);
                        if (acks == Acks.NONE) {
                            log.debug("Append to {} with acks=0 failed: {}", partition, error);
                        }
                        fail(response, error);
                    }
                    return null;
                });
    }

    private static void fail(PartitionProduceResponse response, ApiError error) {
        response.setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }
}
