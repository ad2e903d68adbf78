package dev.ferry.kernel.topic;

import dev.ferry.kernel.config.TopicConfigCatalog;
import dev.ferry.kernel.config.TopicConfigKey;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Checks topic configs as Kafka does, answering {@link BrokerError#INVALID_CONFIG} with Kafka's messages: every key
 * is Kafka's or one an installed cleanup policy declared, every value fits its key, and {@code cleanup.policy}
 * names installed policies only, which the storage engine can honour.
 */
public final class TopicConfigValidation {

    private TopicConfigValidation() {
    }

    /** Checks a topic's overrides, every key and value. */
    public static void validate(Map<String, String> configs, CleanupPolicies policies) {
        // the policy first: a missing policy plugin is also why its own keys are unknown
        String cleanupPolicy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (cleanupPolicy != null) {
            validateValue(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy, policies);
        }
        for (Map.Entry<String, String> config : configs.entrySet()) {
            String key = config.getKey();
            if (TopicConfigCatalog.key(key).isEmpty() && !policies.extraTopicConfigKeys().contains(key)) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Unknown topic config name: " + key);
            }
            validateValue(key, config.getValue(), policies);
        }
    }

    /**
     * Checks one value of a topic key, or of the broker key that sets its default; a key the catalog does not know
     * (a cleanup policy's own) is checked by the policies that declared it.
     *
     * @param name the key as the client wrote it, for the message
     */
    public static void validateValue(String name, String value, CleanupPolicies policies) {
        if (value == null) {
            throw new BrokerException(BrokerError.INVALID_CONFIG, "Null value not supported for topic config " + name);
        }
        TopicConfigKey key = TopicConfigCatalog.key(name).or(() -> TopicConfigCatalog.byBrokerKey(name)).orElse(null);
        if (key == null) {
            try {
                policies.checkTopicConfig(name, value);
            } catch (IllegalArgumentException e) {
                throw invalid(name, value, e.getMessage());
            }
            return;
        }
        if (key.name().equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            validateCleanupPolicy(name, value, policies);
        }
        try {
            key.rule().check(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, value, e.getMessage());
        }
    }

    private static void validateCleanupPolicy(String name, String value, CleanupPolicies policies) {
        List<String> unknown = policies.unknownNames(value);
        if (!unknown.isEmpty()) {
            throw invalid(name, value, "no installed cleanup policy is named " + unknown + "; installed: "
                    + policies.names() + ". Add the plugin that provides it to the broker's plugins folder.");
        }
        policies.refusal(value).ifPresent(reason -> {
            throw invalid(name, value, reason);
        });
    }

    private static BrokerException invalid(String name, String value, String reason) {
        return new BrokerException(BrokerError.INVALID_CONFIG,
                "Invalid value " + value + " for configuration " + name + ": " + reason);
    }
}
