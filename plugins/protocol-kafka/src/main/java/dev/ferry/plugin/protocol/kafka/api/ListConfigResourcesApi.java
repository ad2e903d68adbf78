package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListConfigResourcesRequest;
import org.apache.kafka.common.requests.ListConfigResourcesResponse;

/**
 * ListConfigResources (Kafka 4.1's name for ListClientMetricsResources): v0 lists client metrics resources, of which
 * there are none; v1 lists the types asked for (all when none is named): groups with configs (none), client metrics
 * (none), this broker (for BROKER and BROKER_LOGGER) and every topic. A type v1 does not know gets UNSUPPORTED_VERSION,
 * as in Kafka.
 */
final class ListConfigResourcesApi implements KafkaApi {

    private final BrokerServices broker;

    ListConfigResourcesApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_CONFIG_RESOURCES;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListConfigResourcesRequest list = (ListConfigResourcesRequest) request;
        Set<Byte> supported = list.supportedResourceTypes();
        List<Byte> asked = list.data().resourceTypes().isEmpty()
                ? List.copyOf(supported) : list.data().resourceTypes();
        ListConfigResourcesResponseData response = new ListConfigResourcesResponseData().setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        if (!supported.containsAll(asked)) {
            return done(response.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
        }
        List<ListConfigResourcesResponseData.ConfigResource> resources = new ArrayList<>();
        String brokerId = String.valueOf(broker.cluster().brokerId());
        if (asked.contains(ConfigResource.Type.BROKER_LOGGER.id())) {
            resources.add(resource(brokerId, ConfigResource.Type.BROKER_LOGGER));
        }
        if (asked.contains(ConfigResource.Type.BROKER.id())) {
            resources.add(resource(brokerId, ConfigResource.Type.BROKER));
        }
        if (asked.contains(ConfigResource.Type.TOPIC.id())) {
            broker.topics().list().stream().map(TopicDescription::name).sorted()
                    .forEach(topic -> resources.add(resource(topic, ConfigResource.Type.TOPIC)));
        }
        return done(response.setConfigResources(resources));
    }

    private static ListConfigResourcesResponseData.ConfigResource resource(String name, ConfigResource.Type type) {
        return new ListConfigResourcesResponseData.ConfigResource().setResourceName(name).setResourceType(type.id());
    }

    private static CompletableFuture<AbstractResponse> done(ListConfigResourcesResponseData response) {
        return CompletableFuture.completedFuture(new ListConfigResourcesResponse(response));
    }
}
