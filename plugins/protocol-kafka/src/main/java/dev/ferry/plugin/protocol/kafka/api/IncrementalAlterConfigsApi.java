package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.config.ConfigChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT on the configs of each topic or broker resource, all of
 * a resource's changes or none, or with {@code validateOnly} only checked; an error per resource. Runs off the event
 * loop, since changes are stored.
 */
final class IncrementalAlterConfigsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    IncrementalAlterConfigsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        IncrementalAlterConfigsRequestData data = ((IncrementalAlterConfigsRequest) request).data();
        return CompletableFuture.supplyAsync(() -> new IncrementalAlterConfigsResponse(
                new IncrementalAlterConfigsResponseData()
                        .setThrottleTimeMs(0)
                        .setResponses(data.resources().stream().map(resource -> alter(resource, data.validateOnly()))
                                .toList())), admin);
    }

    private AlterConfigsResourceResponse alter(AlterConfigsResource resource, boolean validateOnly) {
        List<ConfigChange> changes = new ArrayList<>();
        ApiError error = ApiError.NONE;
        for (AlterableConfig config : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
            if (op == null) {
                error = new ApiError(Errors.INVALID_REQUEST, "Unknown alter config operation "
                        + config.configOperation() + " for config key: " + config.name());
                break;
            }
            changes.add(new ConfigChange(config.name(), ConfigChange.Operation.valueOf(op.name()), config.value()));
        }
        if (error.isSuccess()) {
            error = ConfigResources.change(resource.resourceType(), resource.resourceName(),
                    topic -> broker.configs().alterTopic(topic, changes, validateOnly),
                    brokerId -> broker.configs().alterBroker(brokerId, changes, validateOnly));
        }
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
