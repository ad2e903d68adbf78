package dev.ferry.services.broker;

import dev.ferry.spi.protocol.Endpoint;
import java.util.Optional;

/** Who this broker is and how clients reach it. */
public interface ClusterInfo {

    /** The cluster's id, as Kafka forms it: a base64 UUID, 22 characters. */
    String clusterId();

    /** This broker's id ({@code node.id}). */
    int brokerId();

    /** The id of the broker acting as controller; this broker while it runs alone. */
    int controllerId();

    /** The address clients should use for the listener of that name ({@code advertised.listeners}). */
    Optional<Endpoint> advertisedEndpoint(String listenerName);
}
