package dev.ferry.services.config;

import java.util.List;

/**
 * One config of a resource as Kafka's DescribeConfigs reports it.
 *
 * @param value the effective value; {@code null} when unset or sensitive
 * @param source where the effective value comes from
 * @param readOnly whether it cannot be changed while the broker runs
 * @param documentation Kafka's one-paragraph description of the key, or {@code null}
 * @param synonyms every place a value for this config is set, highest precedence first, the effective one included
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
                          ConfigType type, String documentation, List<ConfigSynonym> synonyms) {

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }
}
