/**
 * The broker services API: what the kernel offers a protocol handler. {@link dev.ferry.services.BrokerServices}
 * gathers the cluster view, the topics and their partitions (produce, fetch, offsets), the groups, the
 * transactions, the configs, the client quotas and the SCRAM credentials, each a service of the sibling packages.
 *
 * <p>This is the contract between the kernel, which implements it, and the plugins that serve a protocol, which
 * call it; it is not an extension point. A handler gets it from its
 * {@link dev.ferry.spi.protocol.ProtocolContext}: {@code context.service(BrokerServices.class)}. Plugins depend on
 * this module as {@code provided}, like on {@code ferry-spi}: the broker shares its one copy with them.
 */
package dev.ferry.services;
