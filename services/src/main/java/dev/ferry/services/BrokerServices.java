package dev.ferry.services;

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
