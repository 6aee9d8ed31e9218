package org.silkroad.gateway.shared;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link Ledger} for controller tests: each transaction's behaviour is scripted by the test, and every
 * call is recorded (who called what with which arguments). Unscripted transactions fail like a chaincode that does
 * not have the function.
 */
public final class FakeLedger implements Ledger {

    /** A scripted transaction: gets the call, returns the chaincode's result or throws a {@link LedgerException}. */
    @FunctionalInterface
    public interface Behaviour {
        String apply(Call call);
    }

    /** A call the gateway made. */
    public record Call(String mode, FabricIdentity as, String transaction, List<String> arguments,
                       String transactionId) {
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong nextTransaction = new AtomicLong(1);
    private final AtomicLong nextBlock = new AtomicLong(5);

    /** Scripts {@code contract:transaction}. */
    public FakeLedger on(String transaction, Behaviour behaviour) {
        behaviours.put(transaction, behaviour);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets scripts and calls; transaction and block numbers start again at tx0001 and block 5. */
    public void reset() {
        behaviours.clear();
        calls.clear();
        nextTransaction.set(1);
        nextBlock.set(5);
    }

    @Override
    public byte[] evaluate(FabricIdentity as, String contract, String transaction, String... arguments) {
        Call call = new Call("evaluate", as, contract + ":" + transaction, List.of(arguments), null);
        calls.add(call);
        return run(call).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Committed submit(FabricIdentity as, String contract, String transaction, String... arguments) {
        String transactionId = "tx%04d".formatted(nextTransaction.getAndIncrement());
        Call call = new Call("submit", as, contract + ":" + transaction, List.of(arguments), transactionId);
        calls.add(call);
        String result = run(call);
        return new Committed(result.getBytes(StandardCharsets.UTF_8), transactionId, nextBlock.getAndIncrement());
    }

    private String run(Call call) {
        Behaviour behaviour = behaviours.get(call.transaction());
        if (behaviour == null) {
            throw new LedgerException(LedgerException.Kind.CHAINCODE_FAILED, null,
                    "chaincode response 500, Undefined contract method called", call.transactionId(), null);
        }
        return behaviour.apply(call);
    }
}
