package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.UnregisterBrokerResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.UnregisterBrokerRequest;
import org.apache.kafka.common.requests.UnregisterBrokerResponse;

/**
 * UnregisterBroker. The only registered broker is this one: Kafka's controller accepts unregistering it (a running
 * broker registers again at once, so nothing changes), and refuses any other id with BROKER_ID_NOT_REGISTERED.
 */
final class UnregisterBrokerApi implements KafkaApi {

    private final BrokerServices broker;

    UnregisterBrokerApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.UNREGISTER_BROKER;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        int brokerId = ((UnregisterBrokerRequest) request).data().brokerId();
        UnregisterBrokerResponseData response = new UnregisterBrokerResponseData().setThrottleTimeMs(0);
        if (brokerId == broker.cluster().brokerId()) {
            response.setErrorCode(Errors.NONE.code());
        } else {
            response.setErrorCode(Errors.BROKER_ID_NOT_REGISTERED.code())
                    .setErrorMessage("Broker ID " + brokerId + " is not currently registered");
        }
        return CompletableFuture.completedFuture(new UnregisterBrokerResponse(response));
    }
}
