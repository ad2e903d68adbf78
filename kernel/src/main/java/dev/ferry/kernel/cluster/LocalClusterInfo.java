package dev.ferry.kernel.cluster;

import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** A cluster of one: this broker is every partition's leader and the controller. */
public final class LocalClusterInfo implements ClusterInfo {

    private final String clusterId;
    private final int brokerId;
    private final List<Listener> listeners;
    private final List<Listener> advertisedListeners;

    public LocalClusterInfo(String clusterId, int brokerId, List<Listener> listeners,
                            List<Listener> advertisedListeners) {
        this.clusterId = clusterId;
        this.brokerId = brokerId;
        this.listeners = List.copyOf(listeners);
        this.advertisedListeners = List.copyOf(advertisedListeners);
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public int brokerId() {
        return brokerId;
    }

    @Override
    public int controllerId() {
        return brokerId;
    }

    @Override
    public Optional<Endpoint> advertisedEndpoint(String listenerName) {
        Optional<Listener> advertised = advertisedListeners.stream()
                .filter(listener -> listener.name().equals(listenerName)).findFirst();
        if (advertised.isPresent()) {
            return Optional.of(advertised.get().endpoint());
        }
        return listeners.stream()
                .filter(listener -> listener.name().equals(listenerName))
                .findFirst()
                .map(listener -> withHost(listener.endpoint()));
    }

    /** A listener bound to every interface is advertised by this machine's name, as Kafka does. */
    private static Endpoint withHost(Endpoint bound) {
        if (!bound.host().isEmpty() && !bound.host().equals("0.0.0.0") && !bound.host().equals("::")) {
            return bound;
        }
        try {
            return new Endpoint(InetAddress.getLocalHost().getCanonicalHostName(), bound.port());
        } catch (UnknownHostException e) {
            return new Endpoint("localhost", bound.port());
        }
    }
}
