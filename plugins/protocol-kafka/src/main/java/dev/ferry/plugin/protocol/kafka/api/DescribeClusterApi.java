package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.spi.protocol.Endpoint;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBrokerCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster: the cluster id, the controller, and this broker, the only one, at the address clients reach it
 * through the listener the request came in on. A broker describes brokers only: asking it for controllers is an
 * error, as in Kafka.
 */
final class DescribeClusterApi implements KafkaApi {

    private final BrokerServices broker;

    DescribeClusterApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeClusterRequest describeCluster = (DescribeClusterRequest) request;
        return CompletableFuture.completedFuture(new DescribeClusterResponse(describe(context, describeCluster)));
    }

    private DescribeClusterResponseData describe(RequestContext context, DescribeClusterRequest request) {
        EndpointType asked = EndpointType.fromId(request.data().endpointType());
        if (asked != EndpointType.BROKER) {
            // Version 0 predates the endpoint type errors.
            boolean v0 = context.apiVersion() == 0;
            return asked == EndpointType.UNKNOWN
                    ? failed(v0 ? Errors.INVALID_REQUEST : Errors.UNSUPPORTED_ENDPOINT_TYPE,
                            "Unsupported endpoint type " + request.data().endpointType())
                    : failed(v0 ? Errors.INVALID_REQUEST : Errors.MISMATCHED_ENDPOINT_TYPE,
                            "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type "
                                    + asked);
        }
        ClusterInfo cluster = broker.cluster();
        Endpoint endpoint = context.advertisedEndpoint(cluster);
        DescribeClusterBrokerCollection brokers = new DescribeClusterBrokerCollection();
        brokers.add(new DescribeClusterBroker()
                .setBrokerId(cluster.brokerId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(null)
                .setIsFenced(false));
        return new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setEndpointType(EndpointType.BROKER.id())
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setBrokers(brokers)
                .setClusterAuthorizedOperations(request.data().includeClusterAuthorizedOperations()
                        ? AuthorizedOperations.CLUSTER : AuthorizedOperations.NOT_REQUESTED);
    }

    private static DescribeClusterResponseData failed(Errors error, String message) {
        return new DescribeClusterResponseData().setErrorCode(error.code()).setErrorMessage(message);
    }
}
