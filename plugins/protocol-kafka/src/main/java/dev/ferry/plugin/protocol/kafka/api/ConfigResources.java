package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.requests.ApiError;

/** The config resources the config APIs serve, topics and brokers: the one place that tells them apart. */
final class ConfigResources {

    private ConfigResources() {
    }

    /**
     * Runs the call that fits the resource's type with the resource's name.
     *
     * @throws BrokerException {@link BrokerError#INVALID_REQUEST} for a type other than topic and broker
     */
    static <T> T call(byte resourceType, String resourceName, Function<String, T> topic, Function<String, T> broker) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        return switch (type) {
            case TOPIC -> topic.apply(resourceName);
            case BROKER -> broker.apply(resourceName);
            default -> throw new BrokerException(BrokerError.INVALID_REQUEST,
                    "Config resources of type " + type + " are not supported by this broker");
        };
    }

    /** Runs a change of a resource, as {@link #call}: {@link ApiError#NONE} or the error it failed with. */
    static ApiError change(byte resourceType, String resourceName, Consumer<String> topic, Consumer<String> broker) {
        try {
            call(resourceType, resourceName, name -> {
                topic.accept(name);
                return null;
            }, name -> {
                broker.accept(name);
                return null;
            });
            return ApiError.NONE;
        } catch (RuntimeException e) {
            return KafkaErrors.toApiError(e);
        }
    }
}
