package org.silkroad.chaincode.shared;

import java.util.function.Consumer;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * Reads every key under a partial composite key, page by page, for queries (evaluate transactions) only.
 *
 * <p>A peer stops an unpaginated range query at {@code ledger.state.totalQueryLimit} (100,000 by default) without an
 * error, so a total computed from one would silently be wrong on a large ledger; pages have no such cap. Paginated
 * queries are refused by the peer in a transaction that is submitted, which is right: a submit transaction must not
 * range-read at all (phantom reads invalidate it).
 */
public final class StateScan {

    /** Keys fetched per page. */
    public static final int PAGE_SIZE = 1000;

    private StateScan() {}

    /**
     * Visits every key that starts with the partial composite key, in key order.
     *
     * @param stub the transaction's stub
     * @param each called once per key, in key order
     * @param objectType the composite key's object type
     * @param attributes the leading attributes, possibly none
     */
    public static void forEach(ChaincodeStub stub, Consumer<KeyValue> each, String objectType, String... attributes) {
        CompositeKey partial = stub.createCompositeKey(objectType, attributes);
        String bookmark = "";
        while (true) {
            int fetched = 0;
            QueryResponseMetadata metadata;
            try (QueryResultsIteratorWithMetadata<KeyValue> page =
                    stub.getStateByPartialCompositeKeyWithPagination(partial, PAGE_SIZE, bookmark)) {
                for (KeyValue kv : page) {
                    fetched++;
                    each.accept(kv);
                }
                metadata = page.getMetadata();
            }
            bookmark = metadata == null ? "" : metadata.getBookmark();
            if (fetched < PAGE_SIZE || bookmark.isEmpty()) {
                return;
            }
        }
    }
}
