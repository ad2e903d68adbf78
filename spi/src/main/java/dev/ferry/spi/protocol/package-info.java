/**
 * The wire protocol extension point: a {@link dev.ferry.spi.protocol.ProtocolHandler} serves the connections of
 * a listener. The broker owns the sockets and event loops; the handler owns the bytes, and maps the requests onto
 * the kernel's services, which it finds in its {@link dev.ferry.spi.protocol.ProtocolContext}
 * ({@code dev.ferry.services.BrokerServices}, from the {@code ferry-services} module).
 */
package dev.ferry.spi.protocol;
