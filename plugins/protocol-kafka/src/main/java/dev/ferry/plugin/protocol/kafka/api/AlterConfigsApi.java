package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs (the legacy API): replaces all the configs of each topic or broker resource, or with
 * {@code validateOnly} checks them; an error per resource. Runs off the event loop, since changes are stored.
 */
final class AlterConfigsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    AlterConfigsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterConfigsRequestData data = ((AlterConfigsRequest) request).data();
        return CompletableFuture.supplyAsync(() -> new AlterConfigsResponse(new AlterConfigsResponseData()
                .setThrottleTimeMs(0)
                .setResponses(data.resources().stream().map(resource -> replace(resource, data.validateOnly()))
                        .toList())), admin);
    }

    private AlterConfigsResourceResponse replace(AlterConfigsResource resource, boolean validateOnly) {
        Map<String, String> configs = new HashMap<>();
        for (AlterableConfig config : resource.configs()) {
            configs.put(config.name(), config.value());
        }
        ApiError error = ConfigResources.change(resource.resourceType(), resource.resourceName(),
                topic -> broker.configs().replaceTopic(topic, configs, validateOnly),
                brokerId -> broker.configs().replaceBroker(brokerId, configs, validateOnly));
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
