/**
 * Client quotas as Kafka keeps them: byte rates and other limits set for users, client ids and IP addresses (or
 * their defaults), stored durably, described by filters and enforced on the connections of the matching clients.
 */
package dev.ferry.services.quota;
