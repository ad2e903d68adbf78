/**
 * The plugin author's manual: the contracts a Ferry plugin implements. What the kernel offers a protocol handler is
 * not here but in the broker services API ({@code dev.ferry.services}, the {@code ferry-services} module).
 *
 * <p>Extension points are pf4j {@link org.pf4j.ExtensionPoint}s: {@link dev.ferry.spi.storage.StorageEngine}
 * and {@link dev.ferry.spi.protocol.ProtocolHandler}. The broker resolves each extension once at start and keeps
 * the instance for its whole life. See {@code spi/README.md} for how a plugin is packaged.
 */
package dev.ferry.spi;
