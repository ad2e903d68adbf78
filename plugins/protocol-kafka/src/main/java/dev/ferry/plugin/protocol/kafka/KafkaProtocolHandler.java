package dev.ferry.plugin.protocol.kafka;

import dev.ferry.plugin.protocol.kafka.api.KafkaApis;
import dev.ferry.plugin.protocol.kafka.api.RequestTime;
import dev.ferry.plugin.protocol.kafka.network.KafkaConnections;
import dev.ferry.plugin.protocol.kafka.network.NetworkLimits;
import dev.ferry.services.BrokerServices;
import dev.ferry.services.quota.ClientQuotas;
import dev.ferry.spi.protocol.Listener;
import dev.ferry.spi.protocol.ProtocolContext;
import dev.ferry.spi.protocol.ProtocolHandler;
import io.netty.channel.Channel;
import org.pf4j.Extension;

/**
 * Speaks the Apache Kafka wire protocol: length-prefixed request frames, decoded and answered with kafka-clients'
 * message classes, each API mapped onto the broker's services.
 */
@Extension
public final class KafkaProtocolHandler implements ProtocolHandler {

    private volatile KafkaConnections connections;

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start(ProtocolContext context) {
        NetworkLimits limits = NetworkLimits.read(context.settings());
        BrokerServices broker = context.service(BrokerServices.class);
        ClientQuotas quotas = broker.clientQuotas();
        connections = new KafkaConnections(KafkaApis.create(broker), limits,
                quotas == null ? RequestTime.NO_QUOTA : quotas.requestTime(),
                quotas == null ? (address, nowMs) -> 0 : quotas.connectionCreation());
    }

    @Override
    public void initChannel(Channel channel, Listener listener) {
        if (connections == null) {
            throw new IllegalStateException("the Kafka protocol handler has not been started");
        }
        connections.initChannel(channel, listener);
    }
}
