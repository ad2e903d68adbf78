package dev.ferry.plugin.protocol.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferry.plugin.protocol.kafka.api.KafkaApis;
import dev.ferry.plugin.protocol.kafka.network.KafkaRequestHandler;
import dev.ferry.plugin.protocol.kafka.network.RequestFrameDecoder;
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

    static final String MAX_REQUEST_BYTES = "socket.request.max.bytes";

    private volatile KafkaApis apis;
    private volatile int maxRequestBytes;

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start(ProtocolContext context) {
        // The broker's config may not hold this plugin's reference.conf: it lives in the plugin's class loader.
        Config config = context.config().withFallback(ConfigFactory.defaultReference(getClass().getClassLoader()));
        long maxBytes = config.getBytes(MAX_REQUEST_BYTES);
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(MAX_REQUEST_BYTES + " must be between 1 and " + Integer.MAX_VALUE
                    + ": " + maxBytes);
        }
        maxRequestBytes = (int) maxBytes;
        apis = KafkaApis.create(context.broker());
    }

    @Override
    public void initChannel(Channel channel, Listener listener) {
        if (apis == null) {
            throw new IllegalStateException("the Kafka protocol handler has not been started");
        }
        channel.pipeline()
                .addLast("kafkaFrameDecoder", new RequestFrameDecoder(maxRequestBytes))
                .addLast("kafkaRequestHandler", new KafkaRequestHandler(apis, listener));
    }
}
