package dev.ferry.spi.broker;

import dev.ferry.spi.config.Configs;
import dev.ferry.spi.group.Groups;
import dev.ferry.spi.quota.ClientQuotas;
import dev.ferry.spi.security.ScramCredentials;

/** Everything the broker offers a protocol handler. */
public interface BrokerServices {

    ClusterInfo cluster();

    Topics topics();

    Partitions partitions();

    Groups groups();

    Configs configs();

    Features features();

    MetadataQuorum metadataQuorum();

    ClientQuotas clientQuotas();

    ScramCredentials scramCredentials();

    Transactions transactions();
}
