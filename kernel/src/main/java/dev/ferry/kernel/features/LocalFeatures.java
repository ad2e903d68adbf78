package dev.ferry.kernel.features;

import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Features;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The features of a one-node cluster, finalized in the metadata store. Updates are checked as Kafka's controller
 * checks them (its {@code FeatureControlManager}), with its messages; this node is the only controller and broker.
 */
public final class LocalFeatures implements Features {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFeatures.class);
    private static final VersionRange DISABLED = new VersionRange((short) 0, (short) 0);

    private final MetadataStore store;
    private final int nodeId;

    private LocalFeatures(MetadataStore store, int nodeId) {
        this.store = store;
        this.nodeId = nodeId;
    }

    /** The features in the store; a store without a metadata.version (a new cluster) is finalized first. */
    public static LocalFeatures start(MetadataStore store, int nodeId) throws IOException {
        if (!store.image().featureLevels().containsKey(FeatureCatalog.METADATA_VERSION)) {
            store.setFeatureLevels(FeatureCatalog.INITIAL_LEVELS);
            LOG.info("Finalized the features of a new cluster: {}", new TreeMap<>(FeatureCatalog.INITIAL_LEVELS));
        }
        return new LocalFeatures(store, nodeId);
    }

    @Override
    public Map<String, VersionRange> supported() {
        return FeatureCatalog.SUPPORTED;
    }

    @Override
    public synchronized Finalized finalized() {
        return new Finalized(store.image().featureLevels(), store.endOffset() - 1);
    }

    @Override
    public synchronized void update(Map<String, Update> updates, boolean validateOnly) {
        Map<String, Short> levels = new HashMap<>();
        new TreeMap<>(updates).forEach((feature, update) -> {
            String problem = problem(feature, update);
            if (problem != null) {
                throw new BrokerException(BrokerError.INVALID_UPDATE_VERSION, problem);
            }
            levels.put(feature, update.level());
        });
        if (validateOnly || levels.isEmpty()) {
            return;
        }
        try {
            store.setFeatureLevels(levels);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing feature levels " + levels + " to the metadata log failed", e);
        }
        LOG.info("Finalized feature levels {}", new TreeMap<>(levels));
    }

    /** Why Kafka's controller would refuse the update, or null. */
    private String problem(String feature, Update update) {
        short level = update.level();
        if (update.type() == UpgradeType.UNKNOWN) {
            return invalid(feature, level, "The controller does not support the given upgrade type.");
        }
        if (level < 0) {
            return invalid(feature, level, "A feature version cannot be less than 0.");
        }
        VersionRange range = FeatureCatalog.SUPPORTED.getOrDefault(feature, DISABLED);
        if (!range.contains(level)) {
            return invalid(feature, level, "Local controller " + nodeId
                    + (range.max() == 0 ? " does not support this feature." : " only supports versions " + range));
        }
        short current = store.image().featureLevels().getOrDefault(feature, (short) 0);
        if (level < current && update.type() == UpgradeType.UPGRADE) {
            return invalid(feature, level, "Can't downgrade the version of this feature without setting the "
                    + "upgrade type to either safe or unsafe downgrade.");
        }
        if (level > current && update.type() != UpgradeType.UPGRADE) {
            return invalid(feature, level, "Can't downgrade to a newer version.");
        }
        if (feature.equals(FeatureCatalog.METADATA_VERSION) && level < current
                && FeatureCatalog.metadataChangedBetween(level, current)) {
            return "Invalid metadata.version " + level + ". " + (update.type() == UpgradeType.UNSAFE_DOWNGRADE
                    ? "Unsafe metadata downgrade is not supported in this version."
                    : "Refusing to perform the requested downgrade because it might delete metadata information.");
        }
        if (!FeatureCatalog.SUPPORTED.containsKey(feature)) {
            return invalid(feature, level, "Feature " + feature + " not found.");
        }
        return null;
    }

    private static String invalid(String feature, short level, String reason) {
        return "Invalid update version " + level + " for feature " + feature + ". " + reason;
    }
}
