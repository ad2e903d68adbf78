package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import org.apache.kafka.common.requests.RequestHeader;

/** Where a request came from. */
public record RequestContext(RequestHeader header, Listener listener, SocketAddress clientAddress) {

    public short apiVersion() {
        return header.apiVersion();
    }

    /** The client's {@code client.id}; {@code ""} when it sent none. */
    public String clientId() {
        return Objects.requireNonNullElse(header.clientId(), "");
    }

    /** The client's address as Kafka shows it in group descriptions: {@code /127.0.0.1}. */
    public String clientHost() {
        if (clientAddress instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().toString();
        }
        return clientAddress == null ? "" : clientAddress.toString();
    }

    /** Where clients reach this broker through the listener the request came in on. */
    public Endpoint advertisedEndpoint(ClusterInfo cluster) {
        return cluster.advertisedEndpoint(listener.name()).orElse(listener.endpoint());
    }
}
