package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.BrokerError;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat: keeps a classic member alive, and tells it when to join again. */
final class HeartbeatApi implements KafkaApi {

    private final BrokerServices broker;

    HeartbeatApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        HeartbeatRequestData data = ((HeartbeatRequest) request).data();
        return broker.groups().heartbeat(data.groupId(), data.memberId(),
                Optional.ofNullable(data.groupInstanceId()), data.generationId()).thenApply(HeartbeatApi::response);
    }

    private static AbstractResponse response(BrokerError error) {
        return new HeartbeatResponse(new HeartbeatResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(KafkaErrors.toKafka(error).code()));
    }
}
