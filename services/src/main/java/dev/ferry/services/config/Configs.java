package dev.ferry.services.config;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.List;
import java.util.Map;

/**
 * The configs of topics and of this broker. Calls may block on disk: never make them on a network thread.
 *
 * <p>A broker resource is named as Kafka names it: this broker's id ({@code "1"}) for its own dynamic configs, or
 * the empty string for the cluster-wide default that every broker falls back to.
 */
public interface Configs {

    /**
     * Every config of a topic, in key order: its overrides and the broker's defaults for the rest.
     *
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    List<ConfigEntry> describeTopic(String topic);

    /**
     * Every config of a broker resource, in key order.
     *
     * @param broker this broker's id, or the empty string for the cluster-wide default
     * @throws BrokerException {@link BrokerError#INVALID_REQUEST} for another broker's id
     */
    List<ConfigEntry> describeBroker(String broker);

    /**
     * Applies changes to a topic's overrides (Kafka's IncrementalAlterConfigs), all or none.
     *
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}, {@link BrokerError#INVALID_CONFIG}
     *     for an unknown key or a bad value, {@link BrokerError#INVALID_REQUEST} (as Kafka) for a key named twice or
     *     an APPEND or SUBTRACT on a key that is not a list
     */
    void alterTopic(String topic, List<ConfigChange> changes, boolean validateOnly);

    /**
     * Replaces all of a topic's overrides (Kafka's AlterConfigs): keys not given return to the broker's default.
     *
     * @throws BrokerException as {@link #alterTopic}
     */
    void replaceTopic(String topic, Map<String, String> overrides, boolean validateOnly);

    /**
     * Applies changes to a broker resource's dynamic configs (Kafka's IncrementalAlterConfigs).
     *
     * @throws BrokerException {@link BrokerError#INVALID_REQUEST} for another broker's id or a key that cannot be
     *     changed while the broker runs, {@link BrokerError#INVALID_CONFIG} for an unknown key or a bad value
     */
    void alterBroker(String broker, List<ConfigChange> changes, boolean validateOnly);

    /**
     * Replaces all of a broker resource's dynamic configs (Kafka's AlterConfigs).
     *
     * @throws BrokerException as {@link #alterBroker}
     */
    void replaceBroker(String broker, Map<String, String> configs, boolean validateOnly);
}
