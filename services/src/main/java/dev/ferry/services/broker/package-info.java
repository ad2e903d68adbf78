/**
 * The broker's protocol-neutral services, which a {@link dev.ferry.spi.protocol.ProtocolHandler} maps its
 * requests onto. The handler reaches them, with the group, config, quota and credential services of the sibling
 * packages, through {@link dev.ferry.services.BrokerServices}.
 *
 * <p>Failures a client should hear about are {@link dev.ferry.services.broker.BrokerException}s carrying a
 * {@link dev.ferry.services.broker.BrokerError}; a protocol translates the error into its own code.
 */
package dev.ferry.services.broker;
