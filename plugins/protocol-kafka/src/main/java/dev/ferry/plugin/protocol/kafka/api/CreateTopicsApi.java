package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.NewTopic;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ControllerMutationQuota;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * CreateTopics: creates each topic, or with {@code validateOnly} checks it, and reports per topic. Runs off the
 * event loop, since creating partition logs touches the disk. A valid topic's partitions count towards the client's
 * {@code controller_mutation_rate}, strictly from v6 (KIP-599).
 */
final class CreateTopicsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    CreateTopicsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    /** The first version whose clients are refused mutations over their quota rather than only throttled. */
    private static final short STRICT_QUOTA_SINCE = 6;

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        CreateTopicsRequest createTopics = (CreateTopicsRequest) request;
        return CompletableFuture.supplyAsync(() -> createAll(createTopics,
                MutationQuotas.forRequest(broker, context, STRICT_QUOTA_SINCE)), admin);
    }

    private AbstractResponse createAll(CreateTopicsRequest request, ControllerMutationQuota.Request quota) {
        boolean validateOnly = request.data().validateOnly();
        Map<String, Long> counts = request.data().topics().stream()
                .collect(Collectors.groupingBy(CreatableTopic::name, Collectors.counting()));
        CreatableTopicResultCollection results = new CreatableTopicResultCollection();
        for (CreatableTopic topic : request.data().topics()) {
            if (results.find(topic.name()) != null) {
                continue;
            }
            results.add(counts.get(topic.name()) > 1
                    ? failed(topic.name(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."))
                    : create(topic, validateOnly, quota));
        }
        return new CreateTopicsResponse(new CreateTopicsResponseData().setThrottleTimeMs(quota.throttleTimeMs())
                .setTopics(results));
    }

    private CreatableTopicResult create(CreatableTopic topic, boolean validateOnly,
                                        ControllerMutationQuota.Request quota) {
        if (!topic.assignments().isEmpty()) {
            return failed(topic.name(), new ApiError(Errors.INVALID_REQUEST,
                    "Replica assignments are not supported; give a number of partitions instead"));
        }
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            if (config.value() == null) {
                return failed(topic.name(), new ApiError(Errors.INVALID_CONFIG,
                        "Null value not supported for topic config " + config.name()));
            }
            configs.put(config.name(), config.value());
        }
        NewTopic newTopic = new NewTopic(topic.name(), orDefault(topic.numPartitions()),
                orDefault(topic.replicationFactor()), configs);
        try {
            // As Kafka's controller: a topic is checked, then its partitions are counted, then it is created.
            TopicDescription valid = broker.topics().create(newTopic, true);
            if (!quota.record(valid.partitions())) {
                return failed(topic.name(), MutationQuotas.exceeded());
            }
            return created(validateOnly ? valid : broker.topics().create(newTopic, false));
        } catch (RuntimeException e) {
            return failed(topic.name(), KafkaErrors.toApiError(e));
        }
    }

    private static OptionalInt orDefault(int requested) {
        return requested == -1 ? OptionalInt.empty() : OptionalInt.of(requested);
    }

    private static CreatableTopicResult created(TopicDescription topic) {
        List<CreatableTopicConfigs> configs = topic.configs().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(config -> new CreatableTopicConfigs()
                        .setName(config.getKey())
                        .setValue(config.getValue())
                        .setReadOnly(false)
                        .setConfigSource(ConfigSource.TOPIC_CONFIG.id())
                        .setIsSensitive(false))
                .collect(Collectors.toList());
        return new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(TopicIds.toKafka(topic.topicId()))
                .setErrorCode(Errors.NONE.code())
                .setNumPartitions(topic.partitions())
                .setReplicationFactor((short) topic.replicationFactor())
                .setConfigs(configs);
    }

    private static CreatableTopicResult failed(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
