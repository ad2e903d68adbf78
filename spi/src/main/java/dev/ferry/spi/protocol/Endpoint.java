package dev.ferry.spi.protocol;

/** A host and port. */
public record Endpoint(String host, int port) {

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
