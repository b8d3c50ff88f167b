package dev.ios.consensus.lincheck;

import java.util.Optional;

/**
 * A single integer register starting at 0, the textbook model: shows the checker is generic
 * beyond {@link KvModel}. Writes answer 0; reads answer the value.
 */
final class RegisterModel implements Model<Integer, RegisterModel.Call, Integer> {

    /** An input: {@code write v} or {@code read}. */
    record Call(boolean write, int value) {
        static Call write(int value) {
            return new Call(true, value);
        }

        static Call read() {
            return new Call(false, 0);
        }

        @Override
        public String toString() {
            return write ? "write " + value : "read";
        }
    }

    @Override
    public Integer initialState() {
        return 0;
    }

    @Override
    public Optional<Integer> step(Integer state, Call input, Integer output) {
        if (input.write()) {
            return output == null || output == 0 ? Optional.of(input.value()) : Optional.empty();
        }
        return output == null || output.equals(state) ? Optional.of(state) : Optional.empty();
    }

    static Operation<Call, Integer> write(int client, long call, long ret, int value) {
        return new Operation<>(client, call, ret, Call.write(value), 0);
    }

    static Operation<Call, Integer> read(int client, long call, long ret, int value) {
        return new Operation<>(client, call, ret, Call.read(), value);
    }
}
