package dev.ferry.spi.assignor;

/** An assignor could not compute an assignment. */
public class PartitionAssignorException extends RuntimeException {

    public PartitionAssignorException(String message) {
        super(message);
    }
}
