package dev.ferry.spi.protocol;

import com.typesafe.config.Config;

/**
 * What the broker gives a protocol handler at start.
 *
 * @param config the broker's whole configuration, defaults included; a handler reads its own keys from it
 */
public record ProtocolContext(BrokerServices broker, Config config) {
}
