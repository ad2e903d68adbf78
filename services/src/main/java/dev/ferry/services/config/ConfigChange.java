package dev.ferry.services.config;

/**
 * One change of an IncrementalAlterConfigs request.
 *
 * @param value the value to set, append or subtract; ignored for {@link Operation#DELETE}
 */
public record ConfigChange(String name, Operation operation, String value) {

    /** Kafka's operations: APPEND and SUBTRACT work on list configs only. */
    public enum Operation {
        SET,
        DELETE,
        APPEND,
        SUBTRACT
    }
}
