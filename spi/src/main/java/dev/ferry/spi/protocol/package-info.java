/**
 * The wire protocol extension point: a {@link dev.ferry.spi.protocol.ProtocolHandler} serves the connections of
 * a listener. The broker owns the sockets and event loops; the handler owns the bytes, and maps the requests onto
 * the broker's services: {@link dev.ferry.spi.protocol.BrokerServices}.
 */
package dev.ferry.spi.protocol;
