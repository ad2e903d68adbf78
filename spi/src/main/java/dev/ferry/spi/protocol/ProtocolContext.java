package dev.ferry.spi.protocol;

import dev.ferry.spi.settings.Settings;
import java.util.Map;
import java.util.Objects;

/**
 * What the broker gives a protocol handler at start: its settings, and the kernel's services by type.
 *
 * <p>A handler serves its clients through {@code dev.ferry.services.BrokerServices}, from the
 * {@code ferry-services} module (declared {@code provided}, like this one):
 * {@code context.service(BrokerServices.class)}. The SPI does not name that type, so that it stays the extension
 * points alone.
 */
public final class ProtocolContext {

    private final Map<Class<?>, Object> services;
    private final Settings settings;

    /**
     * @param services the kernel's services, each under the type a handler asks for it by
     * @param settings the broker's configuration, defaults included (the handler's own {@code reference.conf} too);
     *     a handler reads its own keys from it
     * @throws IllegalArgumentException if a service is not an instance of its type
     */
    public ProtocolContext(Map<Class<?>, ?> services, Settings settings) {
        services.forEach((type, service) -> {
            if (!type.isInstance(service)) {
                throw new IllegalArgumentException(service + " is not a " + type.getName());
            }
        });
        this.services = Map.copyOf(services);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The kernel's service of that type.
     *
     * @throws IllegalArgumentException if the kernel offers no service of that type
     */
    public <S> S service(Class<S> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalArgumentException("the broker offers no service of type " + type.getName());
        }
        return type.cast(service);
    }

    /** The broker's configuration, defaults included; a handler reads its own keys from it. */
    public Settings settings() {
        return settings;
    }
}
