package dev.ferry.services.group;

/**
 * A group as ListGroups shows it.
 *
 * @param protocolType the classic group's protocol type ({@code consumer} for consumers, {@code connect}...),
 *     {@code consumer} for a consumer-protocol group, {@code ""} for a group that only holds offsets
 * @param state Kafka's name of the state: {@code Empty}, {@code PreparingRebalance}, {@code CompletingRebalance},
 *     {@code Stable}, {@code Dead} for classic groups; {@code Empty}, {@code Assigning}, {@code Reconciling},
 *     {@code Stable}, {@code Dead} for consumer-protocol groups
 */
public record GroupListing(String groupId, GroupType type, String protocolType, String state) {
}
