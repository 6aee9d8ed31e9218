package org.silkroad.gateway.shared;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link Ledger} for controller tests: each transaction's behaviour is scripted by the test, and every
 * call is recorded (who called what with which arguments). Unscripted transactions fail like a chaincode that does
 * not have the function.
 */
public final class FakeLedger implements Ledger {

    /** The member states a fake ledger's channel has until a test says otherwise. */
    public static final List<String> FOUNDING_STATES = List.of("CNMSP", "MYMSP", "RWMSP");

    /** A scripted transaction: gets the call, returns the chaincode's result or throws a {@link LedgerException}. */
    @FunctionalInterface
    public interface Behaviour {
        String apply(Call call);
    }

    /** A call the gateway made, with the transient data it sent and the endorsers it named (empty: the gateway's choice). */
    public record Call(String mode, FabricIdentity as, String transaction, List<String> arguments,
                       String transactionId, Map<String, byte[]> transientData, List<String> endorsingOrganizations) {
        public Call(String mode, FabricIdentity as, String transaction, List<String> arguments, String transactionId) {
            this(mode, as, transaction, arguments, transactionId, Map.of(), List.of());
        }
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong nextTransaction = new AtomicLong(1);
    private final AtomicLong nextBlock = new AtomicLong(5);
    private final List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile LedgerException eventFailure;
    private volatile List<String> memberStates = FOUNDING_STATES;

    /** Scripts {@code contract:transaction}. */
    public FakeLedger on(String transaction, Behaviour behaviour) {
        behaviours.put(transaction, behaviour);
        return this;
    }

    /** The channel's member states from now on, as a configuration block admitting a state would make them. */
    public FakeLedger memberStates(List<String> states) {
        memberStates = List.copyOf(states);
        return this;
    }

    @Override
    public List<String> memberStates(FabricIdentity as) {
        return memberStates;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets scripts, calls, events and subscriptions; transaction and block numbers start again at tx0001 and block 5. */
    public void reset() {
        behaviours.clear();
        calls.clear();
        events.clear();
        subscriptions.clear();
        eventFailure = null;
        memberStates = FOUNDING_STATES;
        nextTransaction.set(1);
        nextBlock.set(5);
    }

    @Override
    public byte[] evaluate(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                           String... arguments) {
        Call call = new Call("evaluate", as, contract + ":" + transaction, List.of(arguments), null,
                Map.copyOf(transientData), List.of());
        calls.add(call);
        return run(call).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Prepared prepare(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                            List<String> endorsingOrganizations, String... arguments) {
        List<String> endorsers = List.copyOf(endorsingOrganizations);
        Map<String, byte[]> transientCopy = Map.copyOf(transientData);
        String transactionId = "tx%04d".formatted(nextTransaction.getAndIncrement());
        List<String> args = List.of(arguments);
        AtomicBoolean submitted = new AtomicBoolean();
        return new Prepared() {
            @Override
            public String transactionId() {
                return transactionId;
            }

            @Override
            public Committed submit() {
                if (!submitted.compareAndSet(false, true)) {
                    throw new IllegalStateException("submitted twice: " + transactionId);
                }
                Call call = new Call("submit", as, contract + ":" + transaction, args, transactionId, transientCopy,
                        endorsers);
                calls.add(call);
                String result = run(call);
                return new Committed(result.getBytes(StandardCharsets.UTF_8), transactionId,
                        nextBlock.getAndIncrement());
            }
        };
    }

    /** Adds an event that event streams deliver (in the order added; give them ascending block numbers). */
    public FakeLedger emit(ChaincodeEvent event) {
        events.add(event);
        return this;
    }

    /** Makes every new event stream fail with this at its first {@code hasNext}. */
    public FakeLedger failEventsWith(LedgerException failure) {
        eventFailure = failure;
        return this;
    }

    /** The subscriptions made, in order. */
    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** An event subscription the gateway made. */
    public record Subscription(FabricIdentity as, EventPosition from) {
    }

    /**
     * The emitted events from the position on, then the end of the stream (as when the peer closes it): a finite
     * stream, so that a test's response completes.
     */
    @Override
    public EventStream chaincodeEvents(FabricIdentity as, EventPosition from) {
        subscriptions.add(new Subscription(as, from));
        LedgerException failure = eventFailure;
        Iterator<ChaincodeEvent> selected = events.stream().filter(event -> delivered(event, from)).toList().iterator();
        return new EventStream() {
            private volatile boolean closed;

            @Override
            public boolean hasNext() {
                if (failure != null && !closed) {
                    throw failure;
                }
                return !closed && selected.hasNext();
            }

            @Override
            public ChaincodeEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return selected.next();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private boolean delivered(ChaincodeEvent event, EventPosition from) {
        if (from.startBlock() == null) {
            return false;
        }
        if (event.blockNumber() < from.startBlock()) {
            return false;
        }
        if (from.afterTransactionId() != null && event.blockNumber() == from.startBlock()) {
            List<ChaincodeEvent> inBlock = events.stream().filter(e -> e.blockNumber() == from.startBlock()).toList();
            int after = -1;
            for (int i = 0; i < inBlock.size(); i++) {
                if (inBlock.get(i).transactionId().equals(from.afterTransactionId())) {
                    after = i;
                }
            }
            return inBlock.indexOf(event) > after;
        }
        return true;
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
