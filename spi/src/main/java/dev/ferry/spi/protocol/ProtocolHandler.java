package dev.ferry.spi.protocol;

import io.netty.channel.Channel;
import org.pf4j.ExtensionPoint;

/**
 * Speaks a wire protocol on the connections of a listener. The broker picks one handler by {@link #name()} (the
 * HOCON key {@code protocol.handler}; when exactly one handler is installed it is picked without the key).
 *
 * <p>Lifecycle: {@link #start} once, then {@link #initChannel} for every accepted connection, on that
 * connection's event loop. A handler must never block an event loop: work that waits completes from futures.
 */
public interface ProtocolHandler extends ExtensionPoint {

    /** The name operators use to choose this handler, for example {@code kafka}. */
    String name();

    /** Receives the broker's services and configuration before the first connection is accepted. */
    void start(ProtocolContext context);

    /**
     * Installs the handlers that serve a newly accepted connection into its pipeline.
     *
     * @param channel the connection, not yet active
     * @param listener the listener that accepted it
     */
    void initChannel(Channel channel, Listener listener);
}
