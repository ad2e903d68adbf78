package dev.ferry.services.group;

/**
 * One protocol a classic member can speak, for example the name of a client-side assignor.
 *
 * @param metadata opaque to the broker; handed to the group's leader
 */
public record GroupProtocol(String name, byte[] metadata) {
}
