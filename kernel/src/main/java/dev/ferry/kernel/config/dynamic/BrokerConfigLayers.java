package dev.ferry.kernel.config.dynamic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.ferry.kernel.config.ConfigLayers;
import dev.ferry.kernel.config.TopicConfigCatalog;
import dev.ferry.kernel.config.TopicConfigKey;
import dev.ferry.services.config.ConfigSource;
import dev.ferry.services.config.ConfigSynonym;
import dev.ferry.services.config.ConfigType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where each broker key gets its value, highest precedence first: this broker's dynamic configs, the cluster-wide
 * dynamic default, the operator's static configuration (file, system property or environment), the modules'
 * {@code reference.conf} (or Kafka's default, for a topic default this broker has no key for).
 */
final class BrokerConfigLayers {

    /** The broker resource name of the cluster-wide default. */
    static final String CLUSTER_DEFAULT = "";

    private final Config complete;
    private final Config reference;
    private final String nodeId;
    private final Map<String, Map<String, String>> dynamic = new HashMap<>();

    /**
     * @param complete the configuration the broker runs with
     * @param reference the modules' defaults, which the operator's settings are laid over
     * @param dynamic the stored dynamic configs by broker resource
     */
    BrokerConfigLayers(Config complete, Config reference, String nodeId, Map<String, Map<String, String>> dynamic) {
        this.complete = complete;
        this.reference = reference;
        this.nodeId = nodeId;
        this.dynamic.put(CLUSTER_DEFAULT, Map.copyOf(dynamic.getOrDefault(CLUSTER_DEFAULT, Map.of())));
        this.dynamic.put(nodeId, Map.copyOf(dynamic.getOrDefault(nodeId, Map.of())));
    }

    String nodeId() {
        return nodeId;
    }

    /** The dynamic configs of this broker ({@link #nodeId()}) or of the cluster default ({@link #CLUSTER_DEFAULT}). */
    synchronized Map<String, String> dynamic(String resource) {
        return dynamic.get(resource);
    }

    synchronized void setDynamic(String resource, Map<String, String> configs) {
        dynamic.put(resource, Map.copyOf(configs));
    }

    /** Whether the key may be set while the broker runs: Kafka's broker keys for topic defaults. */
    static boolean isDynamic(String key) {
        return TopicConfigCatalog.byBrokerKey(key).isPresent();
    }

    /** Whether this broker knows the key: from its configuration, or as one that may be set dynamically. */
    boolean isKnown(String key) {
        return isDynamic(key) || complete.hasPathOrNull(path(key));
    }

    /** Every key of this broker's configuration, and every dynamic key set, in order. */
    synchronized SortedSet<String> keys() {
        SortedSet<String> keys = new TreeSet<>();
        collectKeys(complete.root(), List.of(), keys);
        dynamic.values().forEach(configs -> keys.addAll(configs.keySet()));
        return keys;
    }

    /** Every value set for a broker key, highest precedence first; empty when it has none. */
    synchronized List<ConfigSynonym> synonyms(String key) {
        List<ConfigSynonym> synonyms = new ArrayList<>();
        Optional.ofNullable(dynamic.get(nodeId).get(key))
                .ifPresent(value -> synonyms.add(new ConfigSynonym(key, value, ConfigSource.DYNAMIC_BROKER_CONFIG)));
        Optional.ofNullable(dynamic.get(CLUSTER_DEFAULT).get(key)).ifPresent(value ->
                synonyms.add(new ConfigSynonym(key, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)));
        String path = path(key);
        if (complete.hasPathOrNull(path) && !fromReference(path)) {
            synonyms.add(new ConfigSynonym(key, text(complete, path), ConfigSource.STATIC_BROKER_CONFIG));
        }
        if (reference.hasPathOrNull(path)) {
            synonyms.add(new ConfigSynonym(key, text(reference, path), ConfigSource.DEFAULT_CONFIG));
        } else {
            TopicConfigCatalog.byBrokerKey(key).ifPresent(topicKey ->
                    synonyms.add(new ConfigSynonym(key, topicKey.defaultValue(), ConfigSource.DEFAULT_CONFIG)));
        }
        return synonyms;
    }

    /**
     * The topic defaults set while the broker runs, by topic key: this broker's dynamic configs over the cluster
     * default.
     */
    synchronized Map<String, String> dynamicTopicDefaults() {
        Map<String, String> byBrokerKey = new HashMap<>(dynamic.get(CLUSTER_DEFAULT));
        byBrokerKey.putAll(dynamic.get(nodeId));
        return byBrokerKey.entrySet().stream()
                .collect(Collectors.toMap(entry -> TopicConfigCatalog.byBrokerKey(entry.getKey()).orElseThrow().name(),
                        Map.Entry::getValue));
    }

    /** The key's one-line comment in its module's {@code reference.conf}, or Kafka's topic documentation. */
    String documentation(String key) {
        if (reference.hasPath(path(key))) {
            List<String> comments = reference.getValue(path(key)).origin().comments();
            if (!comments.isEmpty()) {
                return comments.stream().map(String::trim).collect(Collectors.joining(" "));
            }
        }
        return TopicConfigCatalog.byBrokerKey(key).map(TopicConfigKey::documentation).orElse(null);
    }

    ConfigType type(String key) {
        Optional<TopicConfigKey> topicKey = TopicConfigCatalog.byBrokerKey(key);
        if (topicKey.isPresent()) {
            return topicKey.get().type();
        }
        if (!complete.hasPath(path(key))) {
            return ConfigType.STRING;
        }
        ConfigValue value = complete.getValue(path(key));
        return switch (value.valueType()) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case LIST -> ConfigType.LIST;
            case NUMBER -> value.unwrapped() instanceof Integer ? ConfigType.INT
                    : value.unwrapped() instanceof Long ? ConfigType.LONG : ConfigType.DOUBLE;
            default -> ConfigType.STRING;
        };
    }

    /**
     * The HOCON path of a Kafka key: the key itself, or the key quoted where the configuration holds it as one
     * element ({@code "max.connections"}, whose unquoted path would be the parent of {@code max.connections.per.ip}).
     */
    private String path(String key) {
        return ConfigLayers.pathIn(complete, key);
    }

    /** Whether the complete configuration took the value at a path from the defaults: the operator did not set it. */
    private boolean fromReference(String key) {
        if (!reference.hasPathOrNull(key)) {
            return false;
        }
        if (complete.getIsNull(key) || reference.getIsNull(key)) {
            return complete.getIsNull(key) && reference.getIsNull(key);
        }
        return reference.getValue(key).origin().description().equals(complete.getValue(key).origin().description());
    }

    /** A value as Kafka writes it: lists comma-separated, null as null. */
    private static String text(Config config, String key) {
        if (config.getIsNull(key)) {
            return null;
        }
        ConfigValue value = config.getValue(key);
        if (value.unwrapped() instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value.unwrapped());
    }

    private static void collectKeys(ConfigObject object, List<String> path, SortedSet<String> keys) {
        object.forEach((name, value) -> {
            List<String> child = new ArrayList<>(path);
            child.add(name);
            if (value instanceof ConfigObject nested) {
                collectKeys(nested, child, keys);
            } else {
                keys.add(String.join(".", child));
            }
        });
    }
}
