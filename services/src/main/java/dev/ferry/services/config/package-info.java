/**
 * Broker and topic configuration as a protocol handler sees it: {@link dev.ferry.services.config.Configs} describes the
 * configs of a topic or of the broker, with where each value comes from, and changes them. Keys are Kafka's own
 * names ({@code retention.ms}, {@code log.retention.ms}). Changes are durable before a call returns and apply to
 * running partitions at once.
 */
package dev.ferry.services.config;
