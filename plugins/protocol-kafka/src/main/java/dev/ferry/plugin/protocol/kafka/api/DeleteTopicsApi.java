package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ControllerMutationQuota;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics, by name or (v6+) by topic id. Runs off the event loop, since closing and deleting logs touches the
 * disk. A deleted topic's partitions count towards the client's {@code controller_mutation_rate}, strictly from v5
 * (KIP-599).
 */
final class DeleteTopicsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    DeleteTopicsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    /** The first version whose clients are refused mutations over their quota rather than only throttled. */
    private static final short STRICT_QUOTA_SINCE = 5;

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DeleteTopicsRequest deleteTopics = (DeleteTopicsRequest) request;
        return CompletableFuture.supplyAsync(() -> deleteAll(deleteTopics,
                MutationQuotas.forRequest(broker, context, STRICT_QUOTA_SINCE)), admin);
    }

    private AbstractResponse deleteAll(DeleteTopicsRequest request, ControllerMutationQuota.Request quota) {
        DeletableTopicResultCollection results = new DeletableTopicResultCollection();
        for (DeleteTopicState topic : request.topics()) {
            results.add(delete(topic, quota));
        }
        return new DeleteTopicsResponse(new DeleteTopicsResponseData().setThrottleTimeMs(quota.throttleTimeMs())
                .setResponses(results));
    }

    private DeletableTopicResult delete(DeleteTopicState requested, ControllerMutationQuota.Request quota) {
        boolean byId = requested.topicId() != null && !Uuid.ZERO_UUID.equals(requested.topicId());
        Optional<TopicDescription> topic = byId
                ? broker.topics().describe(TopicIds.toBroker(requested.topicId()))
                : broker.topics().describe(requested.name());
        DeletableTopicResult result = new DeletableTopicResult()
                .setName(byId ? topic.map(TopicDescription::name).orElse(null) : requested.name())
                .setTopicId(byId ? requested.topicId()
                        : topic.map(found -> TopicIds.toKafka(found.topicId())).orElse(Uuid.ZERO_UUID));
        if (topic.isEmpty()) {
            Errors error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            return result.setErrorCode(error.code()).setErrorMessage(error.message());
        }
        if (!quota.record(topic.get().partitions())) {
            ApiError error = MutationQuotas.exceeded();
            return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
        try {
            broker.topics().delete(topic.get().name());
            return result.setErrorCode(Errors.NONE.code());
        } catch (RuntimeException e) {
            ApiError error = KafkaErrors.toApiError(e);
            return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
    }
}
