package dev.ferry.plugin.protocol.kafka.network;

import dev.ferry.plugin.protocol.kafka.api.KafkaApis;
import dev.ferry.services.quota.ConnectionRateQuota;
import dev.ferry.services.quota.RequestTimeQuota;
import dev.ferry.spi.protocol.Listener;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Every connection of the Kafka protocol handler, under the limits they share: admits a newly accepted connection
 * (or closes it when over a connection limit or rate) and installs the handlers that serve it.
 */
public final class KafkaConnections {

    private final KafkaApis apis;
    private final NetworkLimits limits;
    private final ConnectionLimiter limiter;
    private final RequestGate gate;
    private final RequestTimeQuota requestTime;

    /**
     * @param requestTime the clients' {@code request_percentage} quotas
     * @param connectionRate the addresses' {@code connection_creation_rate} quotas
     */
    public KafkaConnections(KafkaApis apis, NetworkLimits limits, RequestTimeQuota requestTime,
                            ConnectionRateQuota connectionRate) {
        this.apis = apis;
        this.limits = limits;
        this.requestTime = requestTime;
        this.limiter = new ConnectionLimiter(limits, connectionRate);
        this.gate = new RequestGate(limits.queuedMaxRequests());
    }

    /** Serves a newly accepted connection, or closes it when it is over a connection limit. */
    public void initChannel(Channel channel, Listener listener) {
        if (!limiter.admit(channel)) {
            return;
        }
        if (limits.connectionsMaxIdleMs() > 0) {
            channel.pipeline().addLast("idleConnections",
                    new IdleStateHandler(0, 0, limits.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        }
        channel.pipeline()
                .addLast("kafkaFrameDecoder", new RequestFrameDecoder(limits.maxRequestBytes()))
                .addLast("kafkaRequestHandler", new KafkaRequestHandler(apis, listener, gate, requestTime));
    }
}
