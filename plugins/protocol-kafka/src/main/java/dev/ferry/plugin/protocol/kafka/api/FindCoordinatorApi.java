package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.spi.protocol.Endpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator: this broker coordinates every group and every transactional id, at the address of the listener
 * the request came in on. As in Kafka, any key is accepted, the empty one too. Share groups (KIP-932) have no
 * coordinator.
 */
final class FindCoordinatorApi implements KafkaApi {

    private final BrokerServices broker;

    FindCoordinatorApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        FindCoordinatorRequestData data = ((FindCoordinatorRequest) request).data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            Coordinator coordinator = find(context, data.keyType(), data.key());
            response.setErrorCode(coordinator.errorCode())
                    .setErrorMessage(coordinator.errorMessage())
                    .setNodeId(coordinator.nodeId())
                    .setHost(coordinator.host())
                    .setPort(coordinator.port());
        } else {
            List<Coordinator> coordinators = data.coordinatorKeys().stream()
                    .map(key -> find(context, data.keyType(), key))
                    .toList();
            response.setCoordinators(coordinators);
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(response));
    }

    private Coordinator find(RequestContext context, byte keyType, String key) {
        Coordinator coordinator = new Coordinator().setKey(key);
        if (keyType == CoordinatorType.GROUP.id() || keyType == CoordinatorType.TRANSACTION.id()) {
            Endpoint endpoint = context.advertisedEndpoint(broker.cluster());
            return coordinator
                    .setErrorCode(Errors.NONE.code())
                    .setErrorMessage(null)
                    .setNodeId(broker.cluster().brokerId())
                    .setHost(endpoint.host())
                    .setPort(endpoint.port());
        }
        if (keyType == CoordinatorType.SHARE.id()) {
            return failed(coordinator, new ApiError(Errors.INVALID_REQUEST, "Share groups are not supported"));
        }
        return failed(coordinator, new ApiError(Errors.INVALID_REQUEST,
                "Unknown coordinator type received: " + keyType));
    }

    /** As Kafka answers a key it has no coordinator for: no node (id -1, host "", port -1). */
    private static Coordinator failed(Coordinator coordinator, ApiError error) {
        return coordinator
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setNodeId(-1)
                .setHost("")
                .setPort(-1);
    }
}
