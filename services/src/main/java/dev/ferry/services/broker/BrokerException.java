package dev.ferry.services.broker;

/** A failure the client should hear about, with the error that names it. */
public class BrokerException extends RuntimeException {

    private final BrokerError error;

    public BrokerException(BrokerError error, String message) {
        super(message);
        this.error = error;
    }

    public BrokerException(BrokerError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public BrokerError error() {
        return error;
    }
}
