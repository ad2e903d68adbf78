/**
 * The wire protocol extension point: a {@link dev.ferry.spi.protocol.ProtocolHandler} serves the connections of
 * a listener. The broker owns the sockets and event loops; the handler owns the bytes.
 */
package dev.ferry.spi.protocol;
