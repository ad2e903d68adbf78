package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.protocol.Listener;
import java.net.SocketAddress;
import org.apache.kafka.common.requests.RequestHeader;

/** Where a request came from. */
public record RequestContext(RequestHeader header, Listener listener, SocketAddress clientAddress) {

    public short apiVersion() {
        return header.apiVersion();
    }
}
