package dev.ferry.kernel.config.dynamic;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.config.ConfigChange;
import dev.ferry.services.config.ConfigType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Applies Kafka's IncrementalAlterConfigs operations to a resource's configs, as Kafka does. */
final class ConfigChanges {

    private ConfigChanges() {
    }

    /**
     * The configs after the changes.
     *
     * @param keys the type and default of a key, empty for a key the resource does not know
     * @throws BrokerException {@link BrokerError#INVALID_REQUEST} for a key named twice, or APPEND or SUBTRACT on a key
     *     that is not a list
     */
    static Map<String, String> apply(Map<String, String> current, List<ConfigChange> changes,
                                     Function<String, Optional<TypedKey>> keys) {
        Set<String> names = new HashSet<>();
        for (ConfigChange change : changes) {
            if (!names.add(change.name())) {
                throw new BrokerException(BrokerError.INVALID_REQUEST, "Error due to duplicate config keys");
            }
        }
        Map<String, String> next = new HashMap<>(current);
        for (ConfigChange change : changes) {
            switch (change.operation()) {
                case SET -> next.put(change.name(), change.value());
                case DELETE -> next.remove(change.name());
                case APPEND, SUBTRACT -> next.put(change.name(), listChange(next, change, keys));
            }
        }
        return next;
    }

    private static String listChange(Map<String, String> configs, ConfigChange change,
                                     Function<String, Optional<TypedKey>> keys) {
        Optional<TypedKey> key = keys.apply(change.name()).filter(k -> k.type() == ConfigType.LIST);
        if (key.isEmpty()) {
            throw new BrokerException(BrokerError.INVALID_REQUEST, "Config value "
                    + change.operation().name().toLowerCase(java.util.Locale.ROOT)
                    + " is not allowed for config key: " + change.name());
        }
        Set<String> values = new LinkedHashSet<>(items(configs.getOrDefault(change.name(), key.get().defaultValue())));
        List<String> given = items(change.value());
        if (change.operation() == ConfigChange.Operation.APPEND) {
            values.addAll(given);
        } else {
            values.removeAll(given);
        }
        return String.join(",", values);
    }

    private static List<String> items(String list) {
        if (list == null) {
            return new ArrayList<>();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** A key's type, and the list its APPEND starts from when it has no value yet. */
    record TypedKey(ConfigType type, String defaultValue) {
    }
}
