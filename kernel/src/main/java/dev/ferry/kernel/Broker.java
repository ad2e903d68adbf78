package dev.ferry.kernel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferry.coordinator.group.GroupCoordinator;
import dev.ferry.coordinator.group.assignor.Assignors;
import dev.ferry.coordinator.runtime.InternalTopic;
import dev.ferry.coordinator.transaction.TransactionCoordinator;
import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.async.SharedThreads;
import dev.ferry.kernel.cleaner.LogCleaner;
import dev.ferry.kernel.cluster.LocalClusterInfo;
import dev.ferry.kernel.cluster.MetaProperties;
import dev.ferry.kernel.config.ConfigLayers;
import dev.ferry.kernel.config.ConfigReader;
import dev.ferry.kernel.config.ConfigSettings;
import dev.ferry.kernel.config.StartupProblem;
import dev.ferry.kernel.config.dynamic.LocalConfigs;
import dev.ferry.kernel.coordinator.PartitionCoordinatorLog;
import dev.ferry.kernel.features.LocalFeatures;
import dev.ferry.kernel.metadata.LocalMetadataQuorum;
import dev.ferry.kernel.metadata.LogMetadataStore;
import dev.ferry.kernel.network.NetworkServer;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.plugin.ExtensionChooser;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.kernel.plugin.PluginAssignor;
import dev.ferry.kernel.plugin.PluginHost;
import dev.ferry.kernel.plugin.PluginScheduler;
import dev.ferry.kernel.producer.ProducerExpiration;
import dev.ferry.kernel.producer.ProducerIdManager;
import dev.ferry.kernel.quota.LocalClientQuotas;
import dev.ferry.kernel.quota.QuotaWindow;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.kernel.retention.RetentionScheduler;
import dev.ferry.kernel.scram.LocalScramCredentials;
import dev.ferry.kernel.time.BackgroundScheduler;
import dev.ferry.kernel.topic.InternalTopicUpgrade;
import dev.ferry.kernel.topic.TopicDefaults;
import dev.ferry.kernel.topic.TopicRegistry;
import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.protocol.ProtocolContext;
import dev.ferry.spi.protocol.ProtocolHandler;
import dev.ferry.spi.retention.CompactionPolicy;
import dev.ferry.spi.retention.RetentionPolicy;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole broker wired in one place: configuration, plugins, storage, topics, partitions, groups and listeners,
 * started in that order and stopped in reverse.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    /** Resources to release, the last started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private NetworkServer network;
    private long shutdownTimeoutMs;

    private Broker() {
    }

    /** Starts a broker from a configuration file and the process's overrides; fails with a clear message. */
    public static Broker start(Path configFile, Properties systemProperties, Map<String, String> environment)
            throws IOException {
        Broker broker = new Broker();
        try {
            broker.boot(configFile, systemProperties, environment);
            return broker;
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private void boot(Path configFile, Properties systemProperties, Map<String, String> environment)
            throws IOException {
        Config kernelReference = ConfigFactory.defaultReference(Broker.class.getClassLoader());
        ConfigLayers.UserSettings userSettings = ConfigLayers.userSettings(configFile, systemProperties, environment);
        Path pluginsDir = BrokerConfig.pluginsDir(userSettings, kernelReference);
        PluginHost plugins = PluginHost.load(pluginsDir);
        started.push(plugins);
        BrokerConfig config = BrokerConfig.from(ConfigLayers.complete(userSettings, plugins.referenceConfig()));
        shutdownTimeoutMs = config.shutdownTimeoutMs();
        BackgroundScheduler scheduler = new BackgroundScheduler(config.backgroundThreads());
        started.push(scheduler);

        LoadedExtension<StorageEngine> storage = new ExtensionChooser("storage engine",
                BrokerConfig.STORAGE_ENGINE, "storage-segment", pluginsDir)
                .choose(plugins.extensions(StorageEngine.class), StorageEngine::name, config.storageEngine());
        LoadedExtension<ProtocolHandler> protocol = new ExtensionChooser("protocol handler",
                BrokerConfig.PROTOCOL_HANDLER, "protocol-kafka", pluginsDir)
                .choose(plugins.extensions(ProtocolHandler.class), ProtocolHandler::name, config.protocolHandler());
        LOG.info("Storage engine '{}': {}", storage.instance().name(), storage.describe());
        LOG.info("Protocol handler '{}': {}", protocol.instance().name(), protocol.describe());

        for (Path logDir : config.logDirs()) {
            Files.createDirectories(logDir);
        }
        Path firstLogDir = config.logDirs().get(0);
        MetaProperties meta = MetaProperties.loadOrCreate(firstLogDir, config.nodeId());
        startStorage(storage, new StorageContext(config.logDirs(), new ConfigSettings(config.raw()),
                new PluginScheduler(scheduler, storage)));
        LogMetadataStore metadata = LogMetadataStore.open(firstLogDir, config.nodeId(), new ConfigReader(config.raw())
                .longAtLeast(LogMetadataStore.SNAPSHOT_INTERVAL_BYTES, 1), scheduler.clock());
        started.push(metadata);
        LocalFeatures features = LocalFeatures.start(metadata, config.nodeId());

        CleanupPolicies cleanupPolicies = CleanupPolicies.of(plugins.extensions(RetentionPolicy.class),
                plugins.extensions(CompactionPolicy.class), storage.instance().name(),
                storage.call(() -> storage.instance().supportsRewrite()));
        validateDefaultCleanupPolicy(config, cleanupPolicies);
        PartitionManager partitions = new PartitionManager(storage, config.topicDefaults(), config.logDirs(),
                scheduler, SharedThreads.of("ferry-io", config.ioThreads()));
        started.push(partitions);
        TopicRegistry topics = TopicRegistry.load(metadata, partitions, new TopicDefaults(
                config.numPartitions(), config.defaultReplicationFactor(), config.autoCreateTopics()),
                cleanupPolicies);
        LocalConfigs configs = LocalConfigs.start(config.raw(), plugins.referenceConfig(), config.nodeId(), metadata,
                topics, partitions, config.topicDefaults(), cleanupPolicies);
        InternalTopicUpgrade.apply(topics, GroupCoordinator.TOPIC,
                InternalTopic.configs(config.groups().offsetsTopicSegmentBytes()));
        InternalTopicUpgrade.apply(topics, Topic.TRANSACTION_STATE_TOPIC_NAME,
                InternalTopic.configs(config.transactions().stateLogSegmentBytes()));
        InternalTopic offsetsTopic = GroupCoordinator.openTopic(topics, config.groups());
        ProducerIdManager producerIds = new ProducerIdManager(metadata, config.nodeId());
        started.push(producerIds);
        TransactionCoordinator transactions = startTransactions(config, topics, partitions, producerIds,
                offsetsTopic, scheduler);
        partitions.verifyTransactionsWith(transactions);
        GroupCoordinator groups = startGroups(config, plugins, topics, partitions, offsetsTopic, transactions,
                scheduler);
        started.push(ProducerExpiration.start(partitions, scheduler, config.producerExpiry().expirationMs(),
                config.producerExpiry().checkIntervalMs()));
        ConfigReader quotaConfig = new ConfigReader(config.raw());
        LocalClientQuotas clientQuotas = new LocalClientQuotas(metadata, QuotaWindow.from(quotaConfig),
                QuotaWindow.controllerFrom(quotaConfig));
        started.push(clientQuotas);
        started.push(RetentionScheduler.start(partitions, cleanupPolicies, scheduler,
                config.retentionCheckIntervalMs()));
        started.push(LogCleaner.start(partitions, cleanupPolicies, config.cleaner(), scheduler.clock()));
        LocalClusterInfo cluster = new LocalClusterInfo(meta.clusterId(), config.nodeId(), config.listeners(),
                config.advertisedListeners());

        protocol.call(() -> {
            BrokerServices services = new LocalBrokerServices(cluster, topics, partitions, groups, configs, features,
                    new LocalMetadataQuorum(metadata), clientQuotas, new LocalScramCredentials(metadata),
                    transactions);
            protocol.instance().start(new ProtocolContext(Map.of(BrokerServices.class, services),
                    new ConfigSettings(config.raw())));
            return null;
        });
        network = NetworkServer.start(config.listeners(), protocol, config.networkThreads());
        LOG.info("Broker {} started: node {} of cluster {}, logs in {}", version(), config.nodeId(),
                meta.clusterId(), config.logDirs());
    }

    private GroupCoordinator startGroups(BrokerConfig config, PluginHost plugins, TopicRegistry topics,
                                         PartitionManager partitions, InternalTopic offsetsTopic,
                                         TransactionVerifier transactions, BackgroundScheduler scheduler) {
        List<PartitionAssignor> assignors = resolveAssignors(config, plugins);
        ExecutorService threads = SharedThreads.of("ferry-group-coordinator", config.groupCoordinatorThreads());
        GroupCoordinator groups = GroupCoordinator.on(PartitionCoordinatorLog.on(partitions), config.groups(),
                offsetsTopic, topics, assignors, transactions, scheduler, threads, threads::shutdownNow);
        started.push(groups);
        // before the loads start, so that a marker appended during a load is replayed once it is done
        partitions.onTransactionMarker(groups::onTransactionMarker);
        groups.load();
        LOG.info("Group coordinator started on {} threads; consumer group assignors {}",
                config.groupCoordinatorThreads(), assignors.stream().map(PartitionAssignor::name).toList());
        return groups;
    }

    private TransactionCoordinator startTransactions(BrokerConfig config, TopicRegistry topics,
                                                     PartitionManager partitions, ProducerIdManager producerIds,
                                                     InternalTopic offsetsTopic, BackgroundScheduler scheduler) {
        // one thread, as the coordinator had before the runtime: transactional requests are few
        ExecutorService threads = Executors.newSingleThreadExecutor(
                DaemonThreads.named("ferry-transaction-coordinator"));
        TransactionCoordinator transactions = TransactionCoordinator.start(PartitionCoordinatorLog.on(partitions),
                topics, partitions, config.transactions(), scheduler, threads, threads::shutdownNow,
                producerIds::nextProducerId, offsetsTopic::partitionFor);
        started.push(transactions);
        return transactions;
    }

    private static List<PartitionAssignor> resolveAssignors(BrokerConfig config, PluginHost plugins) {
        try {
            return Assignors.resolve(config.groups().consumerAssignors(),
                    plugins.extensions(PartitionAssignor.class).stream().<PartitionAssignor>map(PluginAssignor::new)
                            .toList());
        } catch (IllegalArgumentException e) {
            throw new StartupProblem(BrokerConfig.GROUP_CONSUMER_ASSIGNORS + " = "
                    + config.groups().consumerAssignors() + " in "
                    + config.raw().getValue(BrokerConfig.GROUP_CONSUMER_ASSIGNORS).origin().description() + ": "
                    + e.getMessage());
        }
    }

    private static void validateDefaultCleanupPolicy(BrokerConfig config, CleanupPolicies policies) {
        String cleanupPolicy = config.topicDefaults().effective(Map.of()).get("cleanup.policy");
        String origin = "log.cleanup.policy = \"" + cleanupPolicy + "\" in "
                + config.raw().getValue("log.cleanup.policy").origin().description();
        if (!policies.unknownNames(cleanupPolicy).isEmpty()) {
            throw new StartupProblem(origin + " names no installed cleanup policy; installed: " + policies.names());
        }
        policies.refusal(cleanupPolicy).ifPresent(reason -> {
            throw new StartupProblem(origin + ": " + reason);
        });
    }

    private void startStorage(LoadedExtension<StorageEngine> storage, StorageContext context) {
        storage.call(() -> {
            try {
                storage.instance().start(context);
            } catch (IOException e) {
                throw new UncheckedIOException("Storage engine " + storage.instance().name() + " failed to start", e);
            }
            return null;
        });
        started.push(() -> storage.call(() -> {
            try {
                storage.instance().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    /**
     * Stops gracefully: no new connections, waiting fetches answered, connections closed once their queued
     * responses are written, then logs flushed and closed, then plugins stopped.
     */
    @Override
    public synchronized void close() {
        if (network != null) {
            network.stopAccepting();
        }
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.error("Shutdown step failed", e);
            }
            if (resource instanceof PartitionManager && network != null) {
                network.close(shutdownTimeoutMs);
                network = null;
            }
        }
        if (network != null) {
            network.close(shutdownTimeoutMs);
            network = null;
        }
    }

    static String version() {
        String version = Broker.class.getPackage().getImplementationVersion();
        return version == null ? "(development)" : version;
    }
}
