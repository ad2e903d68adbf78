package dev.ferry.kernel.quota;

import dev.ferry.kernel.config.ConfigReader;
import dev.ferry.kernel.config.StartupProblem;

/**
 * How client rates are measured, with Kafka's keys and defaults: over {@value #SAMPLES} windows (11) of
 * {@value #SIZE_SECONDS} seconds each (1); controller mutations over {@value #CONTROLLER_SAMPLES} (11) of
 * {@value #CONTROLLER_SIZE_SECONDS} (1).
 */
public record QuotaWindow(int samples, int sizeSeconds) {

    public static final String SAMPLES = "quota.window.num";
    public static final String SIZE_SECONDS = "quota.window.size.seconds";
    public static final String CONTROLLER_SAMPLES = "controller.quota.window.num";
    public static final String CONTROLLER_SIZE_SECONDS = "controller.quota.window.size.seconds";

    public QuotaWindow {
        if (samples < 1 || sizeSeconds < 1) {
            throw new IllegalArgumentException("A quota window needs at least one sample of at least one second");
        }
    }

    /** Reads both keys, stopping the start on a value below 1 or beyond an int, as Kafka validates them. */
    public static QuotaWindow from(ConfigReader config) {
        return new QuotaWindow(intAtLeastOne(config, SAMPLES), intAtLeastOne(config, SIZE_SECONDS));
    }

    /** The window of controller mutations, read and checked as {@link #from}. */
    public static QuotaWindow controllerFrom(ConfigReader config) {
        return new QuotaWindow(intAtLeastOne(config, CONTROLLER_SAMPLES), intAtLeastOne(config,
                CONTROLLER_SIZE_SECONDS));
    }

    private static int intAtLeastOne(ConfigReader config, String key) {
        long value = config.longAtLeast(key, 1);
        if (value > Integer.MAX_VALUE) {
            throw new StartupProblem(key + " must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }
}
