/**
 * The broker's protocol-neutral services, which a {@link dev.ferry.spi.protocol.ProtocolHandler} maps its
 * requests onto: {@link dev.ferry.spi.broker.BrokerServices} is the entry.
 *
 * <p>Failures a client should hear about are {@link dev.ferry.spi.broker.BrokerException}s carrying a
 * {@link dev.ferry.spi.broker.BrokerError}; a protocol translates the error into its own code.
 */
package dev.ferry.spi.broker;
