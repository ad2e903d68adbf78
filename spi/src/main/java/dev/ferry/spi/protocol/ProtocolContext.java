package dev.ferry.spi.protocol;

import dev.ferry.spi.settings.Settings;

/**
 * What the broker gives a protocol handler at start.
 *
 * @param settings the broker's configuration, defaults included (the handler's own {@code reference.conf} too); a
 *     handler reads its own keys from it
 */
public record ProtocolContext(BrokerServices broker, Settings settings) {
}
