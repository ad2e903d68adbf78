package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.broker.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKeyCollection;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKeyCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ApiVersions: tells a client which APIs, and which versions of each, this broker serves, and from v3 the features
 * it supports and those finalized for the cluster with their epoch. As Kafka does, a v3 answer leaves out features
 * supported from level 0, which older clients cannot parse (KAFKA-17011).
 */
final class ApiVersionsApi implements KafkaApi {

    private static final Logger log = LoggerFactory.getLogger(ApiVersionsApi.class);

    private final List<KafkaApi> served = new ArrayList<>();
    private final Optional<Features> features;

    ApiVersionsApi(Optional<Features> features, List<KafkaApi> others) {
        this.features = features;
        served.add(this);
        served.addAll(others);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ApiVersionsRequest apiVersions = (ApiVersionsRequest) request;
        if (!apiVersions.isValid()) {
            return CompletableFuture.completedFuture(apiVersions.getErrorResponse(0,
                    Errors.INVALID_REQUEST.exception("invalid client software name or version")));
        }
        if (context.apiVersion() >= 3) {
            log.debug("Client {} at {} runs {} {}", context.header().clientId(), context.clientAddress(),
                    apiVersions.data().clientSoftwareName(), apiVersions.data().clientSoftwareVersion());
        }
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setThrottleTimeMs(0)
                .setApiKeys(advertised());
        if (context.apiVersion() >= 3) {
            features.ifPresent(known -> addFeatures(response, known, context.apiVersion() >= 4));
        }
        return CompletableFuture.completedFuture(new ApiVersionsResponse(response));
    }

    private static void addFeatures(ApiVersionsResponseData response, Features features, boolean levelZero) {
        SupportedFeatureKeyCollection supported = new SupportedFeatureKeyCollection();
        features.supported().entrySet().stream()
                .filter(feature -> levelZero || feature.getValue().min() != 0)
                .sorted(Map.Entry.comparingByKey())
                .forEach(feature -> supported.add(new SupportedFeatureKey()
                        .setName(feature.getKey())
                        .setMinVersion(feature.getValue().min())
                        .setMaxVersion(feature.getValue().max())));
        Features.Finalized finalized = features.finalized();
        FinalizedFeatureKeyCollection levels = new FinalizedFeatureKeyCollection();
        new TreeMap<>(finalized.levels()).forEach((name, level) -> levels.add(new FinalizedFeatureKey()
                .setName(name)
                .setMinVersionLevel(level)
                .setMaxVersionLevel(level)));
        response.setSupportedFeatures(supported)
                .setFinalizedFeatures(levels)
                .setFinalizedFeaturesEpoch(finalized.epoch());
    }

    AbstractResponse unsupportedVersionResponse() {
        return new ApiVersionsResponse(new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(advertised()));
    }

    /** A new collection each time: an element belongs to one collection only. */
    private ApiVersionCollection advertised() {
        ApiVersionCollection versions = new ApiVersionCollection();
        for (KafkaApi api : served) {
            versions.add(new ApiVersion()
                    .setApiKey(api.apiKey().id)
                    .setMinVersion(advertisedMinVersion(api))
                    .setMaxVersion(api.maxVersion()));
        }
        return versions;
    }

    /**
     * Kafka 4 advertises Produce from v0 although it serves v3 and up: librdkafka fails compressed produce unless
     * v0 is listed (KAFKA-18659). Older Produce versions still close the connection.
     */
    private static short advertisedMinVersion(KafkaApi api) {
        return api.apiKey() == ApiKeys.PRODUCE ? ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION : api.minVersion();
    }
}
