package dev.ferry.spi.settings;

import java.util.Map;

/** {@link Settings#of}: values from a map, strings converted to the type asked for. */
final class MapSettings implements Settings {

    private final Map<String, ?> values;

    MapSettings(Map<String, ?> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String string(String key) {
        return String.valueOf(value(key));
    }

    @Override
    public int intValue(String key) {
        long value = longValue(key);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid(key, "must fit in 32 bits, was " + value);
        }
        return (int) value;
    }

    @Override
    public long longValue(String key) {
        String value = string(key).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, was '" + value + "'");
        }
    }

    @Override
    public boolean bool(String key) {
        String value = string(key).trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(key, "must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    @Override
    public long bytes(String key) {
        return longValue(key);
    }

    @Override
    public IllegalArgumentException invalid(String key, String reason) {
        return new IllegalArgumentException("Invalid value for '" + key + "': " + reason);
    }

    private Object value(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw invalid(key, "no value is set");
        }
        return value;
    }
}
