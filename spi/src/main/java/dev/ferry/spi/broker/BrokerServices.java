package dev.ferry.spi.broker;

/** Everything the broker offers a protocol handler. */
public interface BrokerServices {

    ClusterInfo cluster();

    Topics topics();

    Partitions partitions();
}
