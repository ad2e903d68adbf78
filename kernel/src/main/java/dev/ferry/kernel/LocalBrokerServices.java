package dev.ferry.kernel;

import dev.ferry.spi.broker.ClusterInfo;
import dev.ferry.spi.broker.Features;
import dev.ferry.spi.broker.MetadataQuorum;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.broker.Transactions;
import dev.ferry.spi.config.Configs;
import dev.ferry.spi.group.Groups;
import dev.ferry.spi.protocol.BrokerServices;
import dev.ferry.spi.quota.ClientQuotas;
import dev.ferry.spi.security.ScramCredentials;

/** The kernel's services as a protocol handler sees them. */
record LocalBrokerServices(ClusterInfo cluster, Topics topics, Partitions partitions, Groups groups,
                           Configs configs, Features features, MetadataQuorum metadataQuorum,
                           ClientQuotas clientQuotas, ScramCredentials scramCredentials,
                           Transactions transactions)
        implements BrokerServices {
}
