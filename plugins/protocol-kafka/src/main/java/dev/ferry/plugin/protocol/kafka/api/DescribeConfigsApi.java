package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.config.ConfigEntry;
import dev.ferry.services.config.ConfigSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs: the configs of topics and of this broker, with their sources, and synonyms and documentation
 * when the request asks; an error per resource. Runs off the event loop with the other admin requests.
 */
final class DescribeConfigsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    DescribeConfigsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeConfigsRequestData data = ((DescribeConfigsRequest) request).data();
        return CompletableFuture.supplyAsync(() -> new DescribeConfigsResponse(new DescribeConfigsResponseData()
                .setThrottleTimeMs(0)
                .setResults(data.resources().stream().map(resource -> describe(resource, data)).toList())), admin);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, DescribeConfigsRequestData request) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        List<ConfigEntry> entries;
        try {
            entries = ConfigResources.call(resource.resourceType(), resource.resourceName(),
                    broker.configs()::describeTopic, broker.configs()::describeBroker);
        } catch (RuntimeException e) {
            ApiError error = KafkaErrors.toApiError(e);
            return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
        Set<String> wanted = resource.configurationKeys() == null ? null : new HashSet<>(resource.configurationKeys());
        return result.setErrorCode(Errors.NONE.code()).setConfigs(entries.stream()
                .filter(entry -> wanted == null || wanted.contains(entry.name()))
                .map(entry -> toKafka(entry, request))
                .toList());
    }

    private static DescribeConfigsResourceResult toKafka(ConfigEntry entry, DescribeConfigsRequestData request) {
        return new DescribeConfigsResourceResult()
                .setName(entry.name())
                .setValue(entry.value())
                .setReadOnly(entry.readOnly())
                .setConfigSource(toKafka(entry.source()))
                .setIsSensitive(entry.sensitive())
                .setConfigType(DescribeConfigsResponse.ConfigType.valueOf(entry.type().name()).id())
                .setDocumentation(request.includeDocumentation() ? entry.documentation() : null)
                .setSynonyms(!request.includeSynonyms() ? List.of() : entry.synonyms().stream()
                        .map(synonym -> new DescribeConfigsSynonym()
                                .setName(synonym.name())
                                .setValue(synonym.value())
                                .setSource(toKafka(synonym.source())))
                        .toList());
    }

    private static byte toKafka(ConfigSource source) {
        return (switch (source) {
            case DYNAMIC_TOPIC_CONFIG -> DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG;
            case DYNAMIC_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.DYNAMIC_BROKER_CONFIG;
            case DYNAMIC_DEFAULT_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case STATIC_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT_CONFIG -> DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG;
        }).id();
    }
}
