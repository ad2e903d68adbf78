package dev.ferry.kernel;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.services.broker.Features;
import dev.ferry.services.broker.MetadataQuorum;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.broker.Transactions;
import dev.ferry.services.config.Configs;
import dev.ferry.services.group.Groups;
import dev.ferry.services.quota.ClientQuotas;
import dev.ferry.services.security.ScramCredentials;

/** The kernel's services as a protocol handler sees them. */
record LocalBrokerServices(ClusterInfo cluster, Topics topics, Partitions partitions, Groups groups,
                           Configs configs, Features features, MetadataQuorum metadataQuorum,
                           ClientQuotas clientQuotas, ScramCredentials scramCredentials,
                           Transactions transactions)
        implements BrokerServices {
}
