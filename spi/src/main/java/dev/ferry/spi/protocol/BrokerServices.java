package dev.ferry.spi.protocol;

import dev.ferry.spi.broker.ClusterInfo;
import dev.ferry.spi.broker.Features;
import dev.ferry.spi.broker.MetadataQuorum;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.broker.Transactions;
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
